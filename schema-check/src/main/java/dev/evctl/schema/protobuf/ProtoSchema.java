package dev.evctl.schema.protobuf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;
import dev.evctl.schema.InvalidSchemaException;

/**
 * A Protobuf schema as the registry holds it: the parsed {@code .proto} text and the files it
 * imports, each imported file known by its import path and, when it comes from a registry subject,
 * by that subject and version (a reference). Parsed with Square's wire-schema, the parser the
 * registry itself uses; refused where the registry refuses (syntax, an unknown type, editions).
 *
 * @param text         the schema text as given
 * @param file         its parse
 * @param dependencies every imported file, direct or not, by import path
 */
public record ProtoSchema(String text, ProtoFileElement file, Map<String, Dependency> dependencies) {

    /**
     * A file this schema imports.
     *
     * @param subject the registry subject it comes from (null for a well-known type or a local file)
     * @param version that subject's version (0 when none)
     */
    public record Dependency(String importPath, ProtoFileElement file, String subject, int version) {}

    /** A schema the registry would refuse, with where: the line and column of the file (0 when unknown). */
    public static final class InvalidProto extends InvalidSchemaException {
        private final int line;
        private final int column;
        private final String reason;

        InvalidProto(String registryMessage, String reason, int line, int column, Throwable cause) {
            super(registryMessage, cause);
            this.reason = reason;
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** What is wrong, without the place. */
        public String reason() {
            return reason;
        }
    }

    private static final Pattern SYNTAX_ERROR =
            Pattern.compile("Syntax error in [^:]*:(\\d+):(\\d+): (.*)", Pattern.DOTALL);

    /** Packages whose types the registry knows without a reference (and without an import). */
    private static final List<String> BUILT_IN_PACKAGES = List.of("google.protobuf.", "google.type.", "confluent.");

    public ProtoSchema {
        dependencies = Map.copyOf(dependencies);
    }

    /** Parses a file that imports nothing from other subjects. */
    public static ProtoSchema parse(String text) {
        return parse(text, Map.of());
    }

    /** Parses a file; {@code dependencies} are the files its imports name (already parsed). */
    public static ProtoSchema parse(String text, Map<String, Dependency> dependencies) {
        ProtoFileElement file = parseFile(text);
        ProtoSchema schema = new ProtoSchema(text, file, new LinkedHashMap<>(dependencies));
        schema.resolveAll();
        return schema;
    }

    /** The parse of one file's text, or the registry's refusal as an {@link InvalidSchemaException}. */
    public static ProtoFileElement parseFile(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("Empty schema", null);
        }
        String fromDescriptor = DescriptorText.fromBase64(text);
        if (fromDescriptor != null) {
            text = fromDescriptor; // a base64 FileDescriptorProto, as Confluent's Python and Go clients register
        }
        try {
            ProtoFileElement file = ProtoParser.Companion.parse(Location.get(""), text);
            if (file.getSyntax() != null && file.getSyntax().toString().startsWith("edition")) {
                throw new InvalidSchemaException("edition is not currently supported", null);
            }
            return file;
        } catch (IllegalStateException | IllegalArgumentException e) {
            // wire says "Syntax error in :6:3: …" (the registry's own words, after its "Could not parse Protobuf - ")
            String message = String.valueOf(e.getMessage());
            Matcher m = SYNTAX_ERROR.matcher(message);
            if (m.matches()) {
                throw new InvalidProto(
                        message,
                        m.group(3).lines().findFirst().orElse(""),
                        Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)),
                        e);
            }
            throw new InvalidProto(message, message, 0, 0, e);
        }
    }

    /** The canonical text the registry stores and compares: comments and layout dropped, declarations in order. */
    public String canonical() {
        return ProtoText.of(file);
    }

    /**
     * The registry's normalized text ({@code normalize=true}): sorted imports, options, fields and enum values; full
     * type names.
     */
    public String normalized() {
        return ProtoText.normalized(file, new HashSet<>(typesByFullName().keySet()));
    }

    /** The messages and enums of the main file, then of its dependencies, by full name. */
    Map<String, TypeElement> typesByFullName() {
        Map<String, TypeElement> out = new LinkedHashMap<>();
        collect(packagePrefix(file), file.getTypes(), out);
        for (Dependency d : dependencies.values()) {
            collect(packagePrefix(d.file()), d.file().getTypes(), out);
        }
        return out;
    }

    private static void collect(String prefix, List<TypeElement> types, Map<String, TypeElement> out) {
        for (TypeElement t : types) {
            out.putIfAbsent(prefix + t.getName(), t);
            collect(prefix + t.getName() + ".", t.getNestedTypes(), out);
        }
    }

    static String packagePrefix(ProtoFileElement file) {
        return file.getPackageName() == null || file.getPackageName().isEmpty() ? "" : file.getPackageName() + ".";
    }

    /** Every field type names a scalar, a map, or a message/enum that can be found (protoc's scoping). */
    private void resolveAll() {
        Set<String> known = new HashSet<>(typesByFullName().keySet());
        String prefix = packagePrefix(file);
        List<FieldElement> missing = new ArrayList<>();
        walk(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), file.getTypes(), known, missing);
        if (!missing.isEmpty()) {
            FieldElement f = missing.get(0);
            String type = unresolved(f, known);
            throw new InvalidProto(
                    "Could not resolve type: " + type,
                    "unknown type " + type + " (field " + f.getName() + ")",
                    f.getLocation().getLine(),
                    f.getLocation().getColumn(),
                    null);
        }
    }

    private static String unresolved(FieldElement f, Set<String> known) {
        ProtoType type = ProtoType.get(f.getType());
        return type.isMap() && !ProtoType.get(type.getKeyType().toString()).isScalar()
                ? type.getKeyType().toString()
                : type.isMap() ? type.getValueType().toString() : f.getType();
    }

    private static void walk(String scope, List<TypeElement> types, Set<String> known, List<FieldElement> missing) {
        for (TypeElement t : types) {
            if (t instanceof EnumElement) {
                continue;
            }
            MessageElement m = (MessageElement) t;
            String inner = scope.isEmpty() ? m.getName() : scope + "." + m.getName();
            List<FieldElement> fields = new ArrayList<>(m.getFields());
            for (OneOfElement o : m.getOneOfs()) {
                fields.addAll(o.getFields());
            }
            for (FieldElement f : fields) {
                ProtoType type = ProtoType.get(f.getType());
                boolean ok = type.isMap()
                        ? resolvable(type.getKeyType().toString(), inner, known)
                                && resolvable(type.getValueType().toString(), inner, known)
                        : resolvable(f.getType(), inner, known);
                if (!ok) {
                    missing.add(f);
                }
            }
            walk(inner, m.getNestedTypes(), known, missing);
        }
    }

    private static boolean resolvable(String name, String scope, Set<String> known) {
        if (ProtoType.get(name).isScalar() || resolve(name, scope, known) != null) {
            return true;
        }
        String bare = name.startsWith(".") ? name.substring(1) : name;
        return BUILT_IN_PACKAGES.stream().anyMatch(bare::startsWith);
    }

    /** protoc's scoping: the innermost enclosing scope first, then outwards; a leading dot is a full name. */
    static String resolve(String name, String scope, Set<String> known) {
        if (name.startsWith(".")) {
            return known.contains(name.substring(1)) ? name.substring(1) : null;
        }
        String s = scope;
        while (true) {
            String candidate = s.isEmpty() ? name : s + "." + name;
            if (known.contains(candidate)) {
                return candidate;
            }
            if (s.isEmpty()) {
                return null;
            }
            int dot = s.lastIndexOf('.');
            s = dot < 0 ? "" : s.substring(0, dot);
        }
    }
}
