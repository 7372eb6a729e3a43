package dev.evctl.commands.schema;

import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.commands.Confirm;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The registry's everyday operations, each a thin command over {@link RegistryClient}. */
public final class SchemaSubcommands {

    private SchemaSubcommands() {}

    /** Shows one version of a subject. */
    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  evctl schema get orders-value", "  evctl schema get orders-value 2 -o json"},
            description = "Show a subject's version (default: latest): id and schema.")
    public static final class Get implements Callable<Integer> {
        private final Session session;

        @Mixin
        RegistryOptions registry;

        @Mixin
        OutputOptions output;

        @Parameters(index = "0", paramLabel = "SUBJECT")
        String subject;

        @Parameters(index = "1", paramLabel = "VERSION", defaultValue = "latest")
        String version;

        public Get(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            RegistryClient.SubjectVersion v =
                    RegistryCalls.call(() -> registry.client(session).version(subject, version));
            SchemaJson.Version shown = new SchemaJson.Version(
                    v.subject(),
                    v.version(),
                    v.id(),
                    v.schemaType() == null ? "AVRO" : v.schemaType(),
                    v.references(),
                    v.schema());
            output.show(
                    session.out(),
                    shown,
                    (s, out) ->
                            out.printf("# %s version %d, id %d%n%s%n", s.subject(), s.version(), s.id(), s.schema()));
            return ExitCodes.OK;
        }
    }

    /** Lists subjects. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  evctl schema list", "  evctl schema list --prefix orders"},
            description = "List subjects.")
    public static final class ListSubjects implements Callable<Integer> {
        private final Session session;

        @Mixin
        RegistryOptions registry;

        @Mixin
        OutputOptions output;

        @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only subjects starting with PREFIX.")
        String prefix;

        @Option(names = "--deleted", description = "Include soft-deleted subjects.")
        boolean deleted;

        public ListSubjects(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            List<String> subjects =
                    RegistryCalls.call(() -> registry.client(session).subjects(prefix, deleted));
            output.show(
                    session.out(),
                    subjects.stream().map(SchemaJson.Subject::new).toList(),
                    (all, out) -> all.forEach(s -> out.println(s.subject())));
            return ExitCodes.OK;
        }
    }

    /** Lists a subject's versions. */
    @Command(
            name = "versions",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  evctl schema versions orders-value"},
            description = "List a subject's version numbers.")
    public static final class Versions implements Callable<Integer> {
        private final Session session;

        @Mixin
        RegistryOptions registry;

        @Mixin
        OutputOptions output;

        @Parameters(paramLabel = "SUBJECT")
        String subject;

        @Option(names = "--deleted", description = "Include soft-deleted versions.")
        boolean deleted;

        public Versions(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            List<Integer> versions =
                    RegistryCalls.call(() -> registry.client(session).versions(subject, deleted));
            output.show(
                    session.out(),
                    new SchemaJson.Versions(subject, versions),
                    (v, out) -> v.versions().forEach(out::println));
            return ExitCodes.OK;
        }
    }

    /** Reads or sets a compatibility level. */
    @Command(
            name = "config",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  evctl schema config orders-value", "  evctl schema config orders-value --set FULL_TRANSITIVE"},
            description = {
                "Show the compatibility level of SUBJECT (its own, else the global"
                        + " one), or of the registry without SUBJECT; --set changes it."
            })
    public static final class Config implements Callable<Integer> {
        private final Session session;

        @Mixin
        RegistryOptions registry;

        @Parameters(paramLabel = "SUBJECT", arity = "0..1")
        String subject;

        @Option(names = "--set", paramLabel = "LEVEL", description = "${COMPLETION-CANDIDATES}")
        CompatibilityLevel set;

        public Config(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            RegistryClient client = registry.client(session);
            String level = set != null
                    ? RegistryCalls.call(() -> client.setCompatibilityLevel(subject, set.name()))
                    : RegistryCalls.call(() -> client.compatibilityLevel(subject));
            session.out().println(level);
            session.out().flush();
            return ExitCodes.OK;
        }
    }

    /** Deletes a version or a whole subject. */
    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {
                "  evctl schema delete orders-value 3 --yes",
                "  evctl schema delete orders-value --permanent --yes"
            },
            description = {
                "Soft-delete a subject, or one version of it;"
                        + " --permanent removes what was soft-deleted (asks on a terminal; --yes otherwise)."
            })
    public static final class Delete implements Callable<Integer> {
        private final Session session;

        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "SUBJECT")
        String subject;

        @Parameters(index = "1", paramLabel = "VERSION", arity = "0..1")
        String version;

        @Option(names = "--permanent", description = "Hard delete (only after a soft delete).")
        boolean permanent;

        @Option(
                names = {"-y", "--yes"},
                description = "Do not ask for confirmation.")
        boolean yes;

        public Delete(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            String what =
                    version == null ? "subject '" + subject + "'" : "version " + version + " of '" + subject + "'";
            if (!Confirm.ask(session, yes, (permanent ? "Permanently delete " : "Soft-delete ") + what + "?")) {
                session.err().println("nothing deleted");
                return ExitCodes.OK;
            }
            RegistryClient client = registry.client(session);
            Object deleted = version == null
                    ? RegistryCalls.call(() -> client.deleteSubject(subject, permanent))
                    : RegistryCalls.call(() -> client.deleteVersion(subject, version, permanent));
            session.err().println((permanent ? "permanently deleted " : "soft-deleted ") + what + ": " + deleted);
            session.err().flush();
            return ExitCodes.OK;
        }
    }
}
