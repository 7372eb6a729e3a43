package dev.evctl.commands.schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaDiff;
import dev.evctl.schema.SchemaType;
import dev.evctl.schema.StructuralDiff;
import dev.evctl.schema.protobuf.ProtoSchema;
import dev.evctl.schema.registry.RegistryClient;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What changed between two schemas, by field name. Exits 1 when they differ, like diff(1). */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Structural diff of two schemas: what was added, removed or changed.",
            "Avro fields by name, Protobuf fields by message and number, JSON Schema keywords by JSON pointer.",
            "Two files (--file OLD --file NEW), two versions of a subject (SUBJECT V1 V2), or a file against",
            "a subject's latest version (SUBJECT --file NEW). Exit 0 identical, 1 different."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl schema diff -f released/order.avsc -f schemas/order.avsc",
            "  evctl schema diff orders-value 3 4",
            "  evctl schema diff orders-value -f schemas/order.avsc"
        })
public final class DiffSchemaCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Session session;

    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..3", paramLabel = "SUBJECT [V1 [V2]]")
    List<String> args = new ArrayList<>();

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "A schema file (once with SUBJECT, twice alone).")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "avro, protobuf or json (default: the subject's, else from the first file: .proto is"
                    + " protobuf, .avsc avro, a .json with $schema or JSON Schema keywords json — a bare"
                    + " {\"type\": \"string\"} is valid Avro too).")
    String type;

    @Option(
            names = "--reference",
            paramLabel = "NAME=FILE|NAME=SUBJECT[:VERSION]",
            description = "A named type the files take from another schema (repeatable, dependencies first). With "
                    + "SUBJECT --file, the"
                    + " file takes the subject's latest references unless given.")
    List<String> references = new ArrayList<>();

    public DiffSchemaCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<SchemaDiff.Change> other = otherTypes();
        if (other != null) {
            return print(other);
        }
        Schema before;
        Schema after;
        List<SchemaCheck.Reference> refs =
                references.stream().map(ReferenceSpecs::local).toList();
        if (args.isEmpty() && files.size() == 2) {
            RegistryClient client = refs.stream().anyMatch(r -> r.subject() != null) ? registry.client(session) : null;
            List<String> referenced = referenced(files.get(0), refs, client);
            before = parse(files.get(0), RegisterSchemaCommand.readSchemaFile(files.get(0), false), referenced);
            after = parse(files.get(1), RegisterSchemaCommand.readSchemaFile(files.get(1), false), referenced);
        } else if (args.size() == 1 && files.size() == 1) {
            RegistryClient client = registry.client(session);
            RegistryClient.SubjectVersion latest = RegistryCalls.call(() -> client.version(args.get(0), "latest"));
            before = RegistryCalls.call(() -> parseVersion(client, latest));
            // the new file names the same types: the subject's own references, unless --reference says otherwise
            List<String> referenced = refs.isEmpty()
                    ? RegistryCalls.call(() -> SchemaCheck.referencedTexts(client, latest))
                    : referenced(files.get(0), refs, client);
            after = parse(files.get(0), RegisterSchemaCommand.readSchemaFile(files.get(0), false), referenced);
        } else if (args.size() == 3 && files.isEmpty()) {
            if (!refs.isEmpty()) {
                throw EvctlException.usage(
                        "--reference goes with --file: registered versions carry their own references");
            }
            RegistryClient client = registry.client(session);
            before = RegistryCalls.call(() -> parseVersion(client, client.version(args.get(0), args.get(1))));
            after = RegistryCalls.call(() -> parseVersion(client, client.version(args.get(0), args.get(2))));
        } else {
            throw EvctlException.usage("give two --file, SUBJECT V1 V2, or SUBJECT --file NEW");
        }
        return print(SchemaDiff.diff(before, after));
    }

    /**
     * Two texts of the type (of the files, or of the registry versions); null for Avro, which {@link #call} diffs
     * with references.
     */
    private List<SchemaDiff.Change> otherTypes() {
        List<String> texts = new ArrayList<>();
        SchemaType type;
        if (args.isEmpty() && files.size() == 2) {
            texts.add(RegisterSchemaCommand.readSchemaFile(files.get(0), false));
            texts.add(RegisterSchemaCommand.readSchemaFile(files.get(1), false));
            type = declaredType() != null ? declaredType() : SchemaType.infer(files.get(0), texts.get(0));
        } else if (args.size() == 1 && files.size() == 1) {
            RegistryClient client = registry.client(session);
            RegistryClient.SubjectVersion latest = RegistryCalls.call(() -> client.version(args.get(0), "latest"));
            type = SchemaType.ofRegistry(latest.schemaType());
            mismatch(type);
            texts.add(latest.schema());
            texts.add(RegisterSchemaCommand.readSchemaFile(files.get(0), false));
        } else if (args.size() == 3 && files.isEmpty()) {
            RegistryClient client = registry.client(session);
            RegistryClient.SubjectVersion v1 = RegistryCalls.call(() -> client.version(args.get(0), args.get(1)));
            type = SchemaType.ofRegistry(v1.schemaType());
            mismatch(type);
            texts.add(v1.schema());
            texts.add(RegistryCalls.call(() -> client.version(args.get(0), args.get(2)))
                    .schema());
        } else {
            return null;
        }
        try {
            return switch (type) {
                case AVRO -> null;
                case PROTOBUF ->
                    StructuralDiff.protobuf(ProtoSchema.parseFile(texts.get(0)), ProtoSchema.parseFile(texts.get(1)));
                case JSON -> StructuralDiff.jsonSchema(JSON.readTree(texts.get(0)), JSON.readTree(texts.get(1)));
            };
        } catch (InvalidSchemaException | JsonProcessingException e) {
            throw EvctlException.badInput("cannot diff: " + e.getMessage());
        }
    }

    private SchemaType declaredType() {
        try {
            return type == null ? null : SchemaType.parse(type);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage("--type: " + e.getMessage());
        }
    }

    /** A --type the subject's versions contradict is a usage error, not a diff read the wrong way. */
    private void mismatch(SchemaType held) {
        SchemaType declared = declaredType();
        if (declared != null && declared != held) {
            throw EvctlException.usage("--type " + type + ", but subject '" + args.get(0) + "' holds " + held.named()
                    + " schemas: leave --type out");
        }
    }

    /** What {@code schema diff -o json|yaml} prints, in this order. */
    record Json(boolean identical, List<SchemaDiff.Change> changes) {}

    private int print(List<SchemaDiff.Change> changes) {
        output.show(session.out(), new Json(changes.isEmpty(), changes), (json, out) -> {
            json.changes().forEach(out::println);
            out.flush();
            if (json.identical()) {
                session.err().println("no structural difference");
                session.err().flush();
            }
        });
        return changes.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private static Schema parse(Path file, String text, List<String> referenced) {
        try {
            return AvroSchemas.parse(text, referenced).schema();
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(file + ": " + e.getMessage()
                    + (referenced.isEmpty() && e.getMessage().contains("Undefined")
                            ? " — a type from another schema: pass it with --reference NAME=FILE or NAME=SUBJECT"
                            : ""));
        }
    }

    private static Schema parseVersion(RegistryClient client, RegistryClient.SubjectVersion version) {
        try {
            return SchemaCheck.parseVersion(client, version);
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(version.subject() + " version " + version.version() + ": " + e.getMessage());
        }
    }

    private static List<String> referenced(Path file, List<SchemaCheck.Reference> refs, RegistryClient client) {
        try {
            return RegistryCalls.call(
                    () -> SchemaCheck.referencedTexts(new SchemaCheck.Target("diff", file, refs), client));
        } catch (SchemaCheck.InvalidFile e) {
            throw EvctlException.badInput(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage(e.getMessage());
        }
    }
}
