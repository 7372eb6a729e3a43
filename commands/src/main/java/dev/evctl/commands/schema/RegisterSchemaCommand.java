package dev.evctl.commands.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.RegistryMessages;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormats;
import dev.evctl.schema.SchemaType;
import dev.evctl.schema.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Registers a schema file under a subject. */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl schema register orders-value -f order.avsc --dry-run",
            "  evctl schema register invoices-value -f invoice.avsc --reference com.example.Customer=customers-value:1",
            "  evctl schema register payments-value -f payment.proto --reference customer.proto=customers-value:1"
        },
        description = "Register an Avro, Protobuf or JSON Schema file under SUBJECT; prints its id.")
public final class RegisterSchemaCommand implements Callable<Integer> {
    private final Session session;

    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "SUBJECT")
    String subject;

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE")
    Path file;

    @Option(names = "--normalize", description = "Ask the registry to normalize the schema first.")
    boolean normalize;

    @Option(
            names = "--reference",
            paramLabel = "NAME=SUBJECT:VERSION",
            description = "A referenced schema: an Avro named type or a Protobuf import path (repeatable).")
    List<String> references = new ArrayList<>();

    @Option(names = "--dry-run", description = "Only check compatibility; register nothing.")
    boolean dryRun;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "avro, protobuf or json (default: from the file: .proto is protobuf, .avsc avro, a .json"
                    + " with $schema or JSON Schema keywords json).")
    String type;

    public RegisterSchemaCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<RegistryClient.Reference> refs =
                references.stream().map(ReferenceSpecs::registry).toList();
        SchemaType schemaType = schemaType();
        String schema = readSchemaFile(file, refs.isEmpty(), schemaType);
        if (refs.isEmpty() && schemaType == SchemaType.AVRO) {
            AvroSchemas.defaultWarnings(schema, List.of(), file.toString())
                    .forEach(w -> session.err().println("evctl: " + w));
            session.err().flush();
        }
        RegistryClient client = registry.client(session);
        if (dryRun) {
            RegistryClient.Verdict v = RegistryCalls.call(
                    () -> client.testCompatibility(subject, null, schemaType.name(), schema, refs, true));
            if (v.compatible()) {
                session.out().println("would register: compatible with " + subject);
            } else {
                // the registry's verbose messages, one reason a line in evctl's words (not its raw blob)
                session.out().println("would be refused by " + subject + ":");
                List<Incompatibility> reasons = RegistryMessages.parse(v.messages());
                if (reasons.isEmpty()) {
                    session.out().println("  the registry gives no reason (a registry without verbose messages)");
                }
                reasons.forEach(i -> session.out().println("  " + i.explain()));
            }
            session.out().flush();
            return v.compatible() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
        int id = RegistryCalls.call(() -> client.register(subject, schemaType.name(), schema, refs, normalize));
        output.show(session.out(), new SchemaJson.Registered(subject, id), (registered, out) -> {
            out.println(registered.id());
            out.flush();
            session.err().println("evctl: registered " + file + " under " + subject + ": schema id " + id);
            session.err().flush();
        });
        return ExitCodes.OK;
    }

    private SchemaType schemaType() {
        try {
            if (type != null) {
                return SchemaType.parse(type);
            }
            return SchemaType.infer(file, Files.exists(file) ? Files.readString(file) : "");
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage("--type: " + e.getMessage());
        } catch (IOException e) {
            throw EvctlException.badInput("cannot read schema file " + file + ": " + e.getMessage());
        }
    }

    static String readSchemaFile(Path file) {
        return readSchemaFile(file, true);
    }

    static String readSchemaFile(Path file, boolean parse) {
        return readSchemaFile(file, parse, SchemaType.AVRO);
    }

    /**
     * The file's text; parsed first unless {@code parse} is false (a schema with references: the registry resolves
     * them).
     */
    static String readSchemaFile(Path file, boolean parse, SchemaType type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw EvctlException.badInput("schema file " + file + " does not exist");
        } catch (IOException e) {
            throw EvctlException.badInput("cannot read schema file " + file + ": " + e.getMessage());
        }
        if (!parse) {
            return text;
        }
        // checked here first: a file the registry would refuse is named with what is wrong, and nothing is sent
        try {
            if (type == SchemaType.AVRO) {
                AvroSchemas.parse(text);
            } else {
                SchemaFormats.of(type).parseFile(file, text, List.of());
            }
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(file + ": " + e.getMessage());
        } catch (SchemaCheck.InvalidFile e) {
            throw EvctlException.badInput(e.getMessage());
        }
        return text;
    }
}
