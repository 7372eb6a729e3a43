package dev.evctl.commands.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.evctl.commands.Confirm;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The registry's everyday operations, each a thin command over {@link RegistryClient}. */
public final class SchemaSubcommands {

    private SchemaSubcommands() {
    }

    static String readSchemaFile(Path file) {
        return readSchemaFile(file, true);
    }

    /** The file's text; parsed first unless {@code parse} is false (a schema with references: the registry resolves them). */
    static String readSchemaFile(Path file, boolean parse) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw EvctlException.badInput("schema file " + file + " does not exist");
        } catch (IOException e) {
            throw EvctlException.badInput("cannot read schema file " + file + ": " + e.getMessage());
        }
        try {
            if (parse) {
                AvroSchemas.parse(text);
            }
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(file + ": " + e.getMessage());
        }
        return text;
    }

    /** Registers a schema file under a subject. */
    @Command(name = "register", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl schema register orders-value -f order.avsc --dry-run", "  evctl schema register invoices-value -f invoice.avsc --reference com.example.Customer=customers-value:1"}, description = "Register an Avro schema file under SUBJECT; prints its id.")
    public static final class Register implements Callable<Integer> {
        private final Session session;
        @Mixin RegistryOptions registry;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "SUBJECT") String subject;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE") Path file;
        @Option(names = "--normalize", description = "Ask the registry to normalize the schema first.") boolean normalize;
        @Option(names = "--reference", paramLabel = "NAME=SUBJECT:VERSION", description = "A referenced named type (repeatable).")
        List<String> references = new java.util.ArrayList<>();
        @Option(names = "--dry-run", description = "Only check compatibility; register nothing.") boolean dryRun;

        public Register(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            List<RegistryClient.Reference> refs = references.stream().map(Register::reference).toList();
            String schema = readSchemaFile(file, refs.isEmpty());
            if (refs.isEmpty()) {
                dev.evctl.schema.AvroSchemas.defaultWarnings(schema, List.of(), file.toString())
                        .forEach(w -> session.err().println("evctl: " + w));
                session.err().flush();
            }
            RegistryClient client = registry.client(session);
            if (dryRun) {
                RegistryClient.Verdict v = RegistryCalls.call(() -> client.testCompatibility(subject, null, schema, refs, true));
                if (v.compatible()) {
                    session.out().println("would register: compatible with " + subject);
                } else {
                    // the registry's verbose messages, one reason a line in evctl's words (not its raw blob)
                    session.out().println("would be refused by " + subject + ":");
                    List<dev.evctl.schema.Incompatibility> reasons = dev.evctl.schema.RegistryMessages.parse(v.messages());
                    if (reasons.isEmpty()) {
                        session.out().println("  the registry gives no reason (a registry without verbose messages)");
                    }
                    reasons.forEach(i -> session.out().println("  " + i.explain()));
                }
                session.out().flush();
                return v.compatible() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
            int id = RegistryCalls.call(() -> client.register(subject, schema, refs, normalize));
            if (output.structured()) {
                output.print(session.out(), Map.of("subject", subject, "id", id));
            } else {
                session.out().println(id);
                session.out().flush();
                session.err().println("evctl: registered " + file + " under " + subject + ": schema id " + id);
                session.err().flush();
            }
            return ExitCodes.OK;
        }

        private static RegistryClient.Reference reference(String spec) {
            int eq = spec.indexOf('=');
            int colon = spec.lastIndexOf(':');
            if (eq <= 0 || colon < eq) {
                throw EvctlException.usage("invalid --reference '" + spec + "': expected NAME=SUBJECT:VERSION");
            }
            try {
                return new RegistryClient.Reference(spec.substring(0, eq), spec.substring(eq + 1, colon),
                        Integer.parseInt(spec.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw EvctlException.usage("invalid --reference '" + spec + "': VERSION must be a number");
            }
        }
    }

    /** Shows one version of a subject. */
    @Command(name = "get", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl schema get orders-value", "  evctl schema get orders-value 2 -o json"}, description = "Show a subject's version (default: latest): id and schema.")
    public static final class Get implements Callable<Integer> {
        private final Session session;
        @Mixin RegistryOptions registry;
        @Mixin OutputOptions output;
        @Parameters(index = "0", paramLabel = "SUBJECT") String subject;
        @Parameters(index = "1", paramLabel = "VERSION", defaultValue = "latest") String version;

        public Get(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            RegistryClient.SubjectVersion v = RegistryCalls.call(() -> registry.client(session).version(subject, version));
            if (output.structured()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("subject", v.subject());
                json.put("version", v.version());
                json.put("id", v.id());
                json.put("schemaType", v.schemaType() == null ? "AVRO" : v.schemaType());
                json.put("references", v.references());
                json.put("schema", v.schema());
                output.print(session.out(), json);
            } else {
                session.out().printf("# %s version %d, id %d%n%s%n", v.subject(), v.version(), v.id(), v.schema());
                session.out().flush();
            }
            return ExitCodes.OK;
        }
    }

    /** Lists subjects. */
    @Command(name = "list", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl schema list", "  evctl schema list --prefix orders"}, description = "List subjects.")
    public static final class ListSubjects implements Callable<Integer> {
        private final Session session;
        @Mixin RegistryOptions registry;
        @Mixin OutputOptions output;
        @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only subjects starting with PREFIX.") String prefix;
        @Option(names = "--deleted", description = "Include soft-deleted subjects.") boolean deleted;

        public ListSubjects(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            List<String> subjects = RegistryCalls.call(() -> registry.client(session).subjects(prefix, deleted));
            if (output.structured()) {
                output.print(session.out(), subjects.stream().map(s -> Map.of("subject", s)).toList());
            } else {
                subjects.forEach(session.out()::println);
                session.out().flush();
            }
            return ExitCodes.OK;
        }
    }

    /** Lists a subject's versions. */
    @Command(name = "versions", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl schema versions orders-value"}, description = "List a subject's version numbers.")
    public static final class Versions implements Callable<Integer> {
        private final Session session;
        @Mixin RegistryOptions registry;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "SUBJECT") String subject;
        @Option(names = "--deleted", description = "Include soft-deleted versions.") boolean deleted;

        public Versions(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            List<Integer> versions = RegistryCalls.call(() -> registry.client(session).versions(subject, deleted));
            if (output.structured()) {
                output.print(session.out(), Map.of("subject", subject, "versions", versions));
            } else {
                versions.forEach(session.out()::println);
                session.out().flush();
            }
            return ExitCodes.OK;
        }
    }

    /** Reads or sets a compatibility level. */
    @Command(name = "config", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl schema config orders-value", "  evctl schema config orders-value --set FULL_TRANSITIVE"}, description = {"Show the compatibility level of SUBJECT (its own, else the global"
            + " one), or of the registry without SUBJECT; --set changes it."})
    public static final class Config implements Callable<Integer> {
        private final Session session;
        @Mixin RegistryOptions registry;
        @Parameters(paramLabel = "SUBJECT", arity = "0..1") String subject;
        @Option(names = "--set", paramLabel = "LEVEL", description = "${COMPLETION-CANDIDATES}") CompatibilityLevel set;

        public Config(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            RegistryClient client = registry.client(session);
            String level = set != null ? RegistryCalls.call(() -> client.setCompatibilityLevel(subject, set.name()))
                    : RegistryCalls.call(() -> client.compatibilityLevel(subject));
            session.out().println(level);
            session.out().flush();
            return ExitCodes.OK;
        }
    }

    /** Deletes a version or a whole subject. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl schema delete orders-value 3 --yes", "  evctl schema delete orders-value --permanent --yes"}, description = {"Soft-delete a subject, or one version of it;"
            + " --permanent removes what was soft-deleted (asks on a terminal; --yes otherwise)."})
    public static final class Delete implements Callable<Integer> {
        private final Session session;
        @Mixin RegistryOptions registry;
        @Parameters(index = "0", paramLabel = "SUBJECT") String subject;
        @Parameters(index = "1", paramLabel = "VERSION", arity = "0..1") String version;
        @Option(names = "--permanent", description = "Hard delete (only after a soft delete).") boolean permanent;
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.") boolean yes;

        public Delete(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            String what = version == null ? "subject '" + subject + "'" : "version " + version + " of '" + subject + "'";
            if (!Confirm.ask(session, yes, (permanent ? "Permanently delete " : "Soft-delete ") + what + "?")) {
                session.err().println("nothing deleted");
                return ExitCodes.OK;
            }
            RegistryClient client = registry.client(session);
            Object deleted = version == null ? RegistryCalls.call(() -> client.deleteSubject(subject, permanent))
                    : RegistryCalls.call(() -> client.deleteVersion(subject, version, permanent));
            session.err().println((permanent ? "permanently deleted " : "soft-deleted ") + what + ": " + deleted);
            session.err().flush();
            return ExitCodes.OK;
        }
    }
}
