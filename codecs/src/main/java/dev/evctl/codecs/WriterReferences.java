package dev.evctl.codecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.SchemaText;
import dev.evctl.schema.protobuf.ProtoDescriptors;
import dev.evctl.schema.protobuf.ProtoSchema;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;

/**
 * The schemas a writer schema file uses from other schemas, and how they reach the registry. A
 * referenced schema is either a registered subject version, or a local file that is registered
 * first, under the subject named like the reference (the import path, the Avro type's full name)
 * with its own references — the way Confluent's serializers register a Protobuf file's imports.
 */
public final class WriterReferences {

    /**
     * One referenced schema.
     *
     * @param name    the reference name: a Protobuf import path, an Avro type's full name
     * @param subject the registered subject (null: a local file, registered under {@code name})
     * @param version the registered version (null with a local file)
     * @param needs   the names of the references it uses itself (a local file's)
     */
    public record Referenced(String name, String text, String subject, Integer version, List<String> needs) {}

    public static final WriterReferences NONE = new WriterReferences(List.of(), List.of());

    private final List<Referenced> all;
    private final List<String> direct;

    private WriterReferences(List<Referenced> all, List<String> direct) {
        this.all = List.copyOf(all);
        this.direct = List.copyOf(direct);
    }

    /** Every referenced schema, each after those it needs, as the schema parsers take them. */
    public List<SchemaFormat.Referenced> forParsing() {
        return all.stream()
                .map(r -> new SchemaFormat.Referenced(r.name(), r.text(), r.subject(), r.version()))
                .toList();
    }

    /**
     * The writer schema's own references as the registry takes them: the local files registered first (or, with
     * {@code autoRegister} off, found), each with its own references.
     */
    public List<RegistryClient.Reference> resolve(RegistryClient registry, String schemaType, boolean autoRegister) {
        Map<String, RegistryClient.Reference> done = new LinkedHashMap<>();
        for (Referenced r : all) {
            if (r.subject() != null) {
                done.put(r.name(), new RegistryClient.Reference(r.name(), r.subject(), r.version()));
                continue;
            }
            List<RegistryClient.Reference> refs =
                    r.needs().stream().map(done::get).toList();
            SchemaIds.registerOrFind(registry, r.name(), schemaType, r.text(), refs, autoRegister);
            try {
                int version = registry.lookup(r.name(), schemaType, r.text(), refs, false)
                        .version();
                done.put(r.name(), new RegistryClient.Reference(r.name(), r.name(), version));
            } catch (RegistryException e) {
                throw RegistryErrors.translate(e);
            }
        }
        return direct.stream().map(done::get).toList();
    }

    /**
     * Avro: the {@code --reference} types in the order given (dependencies first), each a file (registered under the
     * type's name, with references to the ones before it) or a registered subject version (latest when none).
     */
    public static WriterReferences avro(List<SchemaCheck.Reference> given, RegistryClient registry) {
        List<Referenced> all = new ArrayList<>();
        List<String> direct = new ArrayList<>();
        for (SchemaCheck.Reference r : given) {
            if (r.file() != null) {
                all.add(new Referenced(
                        r.name(), read(r.file(), "--reference " + r.name()), null, null, List.copyOf(direct)));
            } else {
                addRegistered(r.name(), r.subject(), r.version(), registry, all);
            }
            direct.add(r.name());
        }
        return new WriterReferences(all, direct);
    }

    /**
     * Protobuf: the file's imports, found beside the importing file first (a convenience protoc does not have),
     * then in each {@code protoPath} directory in order (as protoc's {@code -I}); a {@code --reference} with the
     * import's path names a registered subject (or a file) for it instead. Well-known types are built in.
     */
    public static WriterReferences protobuf(
            Path file, String text, List<Path> protoPath, List<SchemaCheck.Reference> given, RegistryClient registry) {
        Map<String, SchemaCheck.Reference> byName = new LinkedHashMap<>();
        given.forEach(r -> byName.put(r.name(), r));
        List<Referenced> all = new ArrayList<>();
        List<String> direct = new ProtoImports(protoPath, byName, registry, all).resolve(file, text, new HashSet<>());
        return new WriterReferences(all, direct);
    }

    /** Finds a Protobuf file's imports, depth first, adding each after the ones it imports. */
    private record ProtoImports(
            List<Path> protoPath,
            Map<String, SchemaCheck.Reference> given,
            RegistryClient registry,
            List<Referenced> all) {

        /** The non-built-in imports of the file (its references), each resolved with its own. */
        List<String> resolve(Path file, String text, Set<String> inProgress) {
            ProtoFileElement parsed;
            try {
                parsed = ProtoSchema.parseFile(text);
            } catch (ProtoSchema.InvalidProto e) {
                throw EvctlException.badInput(file + (e.line() > 0 ? ":" + e.line() + ":" + e.column() : "")
                        + ": invalid schema: " + e.reason());
            } catch (InvalidSchemaException e) {
                throw EvctlException.badInput(file + ": invalid schema: " + e.getMessage());
            }
            List<String> imports = new ArrayList<>(parsed.getImports());
            imports.addAll(parsed.getPublicImports());
            List<String> direct = new ArrayList<>();
            for (String name : imports) {
                if (ProtoDescriptors.wellKnown(name)) {
                    continue;
                }
                direct.add(name);
                if (all.stream().anyMatch(r -> r.name().equals(name))) {
                    continue;
                }
                if (!inProgress.add(name)) {
                    throw EvctlException.badInput(file + ": import \"" + name + "\" imports itself (a cycle)");
                }
                SchemaCheck.Reference r = given.get(name);
                if (r != null && r.file() == null) {
                    addRegistered(name, r.subject(), r.version(), registry, all);
                } else {
                    Path found = r != null ? r.file() : find(file, text, name);
                    String imported = read(found, "import \"" + name + "\"");
                    List<String> needs = resolve(found, imported, inProgress);
                    all.add(new Referenced(name, imported, null, null, needs));
                }
                inProgress.remove(name);
            }
            return direct;
        }

        private Path find(Path importing, String text, String name) {
            List<Path> dirs = new ArrayList<>();
            Path beside = importing.toAbsolutePath().getParent();
            dirs.add(beside);
            protoPath.forEach(p -> dirs.add(p.toAbsolutePath()));
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            int line = 0;
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("\"" + name + "\"")) {
                    line = i + 1;
                    break;
                }
            }
            throw EvctlException.badInput(importing + (line > 0 ? ":" + line : "") + ": import \"" + name
                    + "\" is neither beside the file nor in a --proto-path directory (looked in "
                    + String.join(", ", dirs.stream().map(Path::toString).toList())
                    + "): add --proto-path DIR, or --reference " + name + "=SUBJECT for a registered one");
        }
    }

    /** A registered subject version (latest when null) and, before it, the schemas it references. */
    private static void addRegistered(
            String name, String subject, Integer version, RegistryClient registry, List<Referenced> all) {
        if (registry == null) {
            throw EvctlException.usage("--reference " + name + "=" + subject + " names a registry subject: it needs"
                    + " a registry (--registry-url)");
        }
        try {
            RegistryClient.SubjectVersion v =
                    registry.version(subject, version == null ? "latest" : version.toString());
            for (SchemaFormat.Referenced dep : SchemaCheck.registered(registry, v.references())) {
                if (all.stream().noneMatch(r -> r.name().equals(dep.name()))) {
                    all.add(new Referenced(dep.name(), dep.text(), dep.subject(), dep.version(), List.of()));
                }
            }
            all.add(new Referenced(name, v.schema(), v.subject(), v.version(), List.of()));
        } catch (RegistryException e) {
            throw RegistryErrors.translate(e);
        }
    }

    private static String read(Path file, String what) {
        try {
            return SchemaText.decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw EvctlException.badInput(what + ": " + file + " does not exist");
        } catch (IOException e) {
            throw EvctlException.badInput(what + ": cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw EvctlException.badInput(what + ": " + file + ": " + e.getMessage());
        }
    }
}
