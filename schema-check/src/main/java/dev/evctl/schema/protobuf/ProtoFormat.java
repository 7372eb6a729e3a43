package dev.evctl.schema.protobuf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import dev.evctl.schema.CompatibilityChecker;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.SchemaType;

/** Protobuf for the gate: imports from referenced files, the registry's rules, lines from the parser's locations. */
public final class ProtoFormat implements SchemaFormat<ProtoSchema> {

    public static final ProtoFormat INSTANCE = new ProtoFormat();

    private ProtoFormat() {}

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public ProtoSchema parseFile(Path file, String text, List<Referenced> referenced) {
        try {
            return parse(text, referenced);
        } catch (ProtoSchema.InvalidProto e) {
            throw new SchemaCheck.InvalidFile(file, e.line(), e.column(), "invalid schema: " + e.reason());
        } catch (InvalidSchemaException e) {
            throw new SchemaCheck.InvalidFile(file, 1, "invalid schema: " + e.getMessage());
        }
    }

    /**
     * Parses a schema with the files it imports, directly or through them — and only those: given
     * files another version imports (two files defining the same message differently, say), each
     * version sees the types of its own imports.
     */
    @Override
    public ProtoSchema parse(String text, List<Referenced> referenced) {
        Map<String, Referenced> byName = new LinkedHashMap<>();
        referenced.forEach(r -> byName.putIfAbsent(r.name(), r));
        Map<String, ProtoSchema.Dependency> deps = new LinkedHashMap<>();
        for (Referenced r : referenced) {
            if (deps.containsKey(r.name())) {
                continue;
            }
            ProtoFileElement file = ProtoSchema.parseFile(r.text());
            ProtoSchema dependency = ProtoSchema.parse(r.text(), imported(file, deps));
            deps.put(
                    r.name(),
                    new ProtoSchema.Dependency(
                            r.name(), dependency.file(), r.subject(), r.version() == null ? 0 : r.version()));
        }
        return ProtoSchema.parse(text, imported(ProtoSchema.parseFile(text), deps));
    }

    /** The given files a file imports, directly or through them, by import path. */
    private static Map<String, ProtoSchema.Dependency> imported(
            ProtoFileElement file, Map<String, ProtoSchema.Dependency> given) {
        Map<String, ProtoSchema.Dependency> out = new LinkedHashMap<>();
        java.util.ArrayDeque<ProtoFileElement> todo = new java.util.ArrayDeque<>(List.of(file));
        while (!todo.isEmpty()) {
            ProtoFileElement next = todo.pop();
            List<String> imports = new ArrayList<>(next.getImports());
            imports.addAll(next.getPublicImports());
            for (String name : imports) {
                ProtoSchema.Dependency d = given.get(name);
                if (d != null && out.putIfAbsent(name, d) == null) {
                    todo.push(d.file());
                }
            }
        }
        return out;
    }

    @Override
    public String identity(ProtoSchema schema) {
        return ProtoCompatibility.identity(schema);
    }

    @Override
    public CompatibilityResult checkEvery(
            ProtoSchema candidate,
            List<CompatibilityChecker.Versioned<ProtoSchema>> history,
            CompatibilityLevel level) {
        return ProtoCompatibility.check(candidate, history, level, true);
    }

    /**
     * Paths name messages, oneofs and field numbers ({@code #/Rec/payload/4}), the same in both
     * schemas: the deepest element of the path the new file has gives the line.
     */
    @Override
    public int line(String text, ProtoSchema candidate, Incompatibility problem, String oldText) {
        String path = problem.path();
        if (path == null || !path.startsWith("#/")) {
            return 1;
        }
        int line = 1;
        List<TypeElement> types = candidate.file().getTypes();
        MessageElement message = null;
        for (String part : path.substring(2).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (message != null && part.chars().allMatch(Character::isDigit)) {
                int tag = Integer.parseInt(part);
                // the field where the new file has it: in the oneof, or moved out of it
                for (FieldElement f : allFields(message)) {
                    if (f.getTag() == tag) {
                        return at(f.getLocation(), line);
                    }
                }
                return line;
            }
            if (message != null) {
                OneOfElement found = message.getOneOfs().stream()
                        .filter(o -> o.getName().equals(part))
                        .findFirst()
                        .orElse(null);
                if (found != null) {
                    line = at(found.getLocation(), line);
                    continue;
                }
            }
            TypeElement next = types.stream()
                    .filter(t -> t.getName().equals(part))
                    .findFirst()
                    .orElse(null);
            if (next == null) {
                return line;
            }
            line = at(next.getLocation(), line);
            types = next.getNestedTypes();
            message = next instanceof MessageElement m ? m : null;
        }
        return line;
    }

    private static List<FieldElement> allFields(MessageElement m) {
        List<FieldElement> out = new ArrayList<>(m.getFields());
        m.getOneOfs().forEach(o -> out.addAll(o.getFields()));
        return out;
    }

    private static int at(Location location, int fallback) {
        return location == null || location.getLine() <= 0 ? fallback : location.getLine();
    }
}
