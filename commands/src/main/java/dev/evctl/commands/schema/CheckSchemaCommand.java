package dev.evctl.commands.schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.OfflineBaseline;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.registry.RegistryClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The CI gate: is this schema file compatible with its earlier versions? */
@Command(
        name = "check",
        header = "Check a schema file against its earlier versions: the CI compatibility gate.",
        mixinStandardHelpOptions = true,
        description = {
            "Check an Avro, Protobuf or JSON Schema file against its earlier versions and list every "
                    + "incompatibility with file, line,",
            "path and the version it breaks. Exit 0 compatible, 1 incompatible (or no baseline with "
                    + "--require-baseline),",
            "2 usage, 3 registry unreachable or not answering as one, 4 invalid schema file."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl schema check --file schemas/order.avsc --against git:origin/main --level FULL_TRANSITIVE",
            "  evctl schema check --file order.avsc --subject orders-value --against dir:released/ -o github",
            "  evctl schema check --file order.avsc --against git:HEAD -o junit --report build/schema-check.xml",
            "  evctl schema check --file proto/payment.proto --subject payments-value --against git:origin/main"
        })
public final class CheckSchemaCommand implements Callable<Integer> {

    /** Output forms of the gate. */
    public enum Format {
        text,
        json,
        yaml,
        junit,
        github
    }

    private final Session session;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "The .avsc, .proto or .json file to check (repeatable). Without it, the subjects of "
                    + "evctl-schemas.yaml (or --schemas).")
    List<Path> files;

    @Option(
            names = "--schemas",
            paramLabel = "FILE",
            description = "Mapping of subjects to schema files (default: ./evctl-schemas.yaml).")
    Path mapping;

    @Option(
            names = {"-s", "--subject"},
            paramLabel = "SUBJECT",
            description = "Subject name for reports (default: the file name without .avsc, .proto or .json).")
    String subject;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "avro, protobuf or json (default: from the file: .proto is"
                    + " protobuf, .avsc avro, a .json with $schema or JSON Schema keywords json).")
    String type;

    @Option(
            names = "--reference",
            paramLabel = "NAME=FILE|NAME=SUBJECT[:VERSION]",
            description = "A schema the --file takes from another (Avro: the named type; Protobuf: the import path; "
                    + "JSON Schema:"
                    + " the $ref): a local"
                    + " file (offline checks) or a registry subject's version (default: latest). "
                    + "Repeatable, dependencies first.")
    List<String> references = new ArrayList<>();

    /** What the file is checked against: the registry decides (--remote), or evctl decides at a level. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    CheckBaseline baseline = new CheckBaseline();

    @Mixin
    RegistryOptions registryOptions;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "With -o junit: write the XML report here (default: stdout).")
    Path report;

    @Option(
            names = "--require-baseline",
            description = "Fail (exit 1) for a subject with no earlier version to check against,"
                    + " instead of passing it as new.")
    boolean requireBaseline;

    /** How long each subject's check took, for JUnit's time attribute. */
    private final Map<String, Double> seconds = new ConcurrentHashMap<>();

    public CheckSchemaCommand(Session session) {
        this.session = session;
    }

    private String against() {
        return baseline == null || baseline.local == null ? null : baseline.local.against;
    }

    private CompatibilityLevel level() {
        return baseline == null || baseline.local == null ? null : baseline.local.level;
    }

    private boolean remote() {
        return baseline != null && baseline.remote;
    }

    @Override
    public Integer call() throws Exception {
        List<SchemaCheck.Target> targets = CheckTargets.of(files, mapping, subject, type, references);
        if (subject != null && targets.size() > 1) {
            throw EvctlException.usage("--subject names one file; with several files each subject is its file name");
        }
        if (report != null && format != Format.junit) {
            throw EvctlException.usage("--report goes with -o junit");
        }
        Function<SchemaCheck.Target, SchemaCheck.Report> check = against() != null ? offline(targets) : online();
        CheckRun.Outcome outcome = CheckRun.run(targets, this::offlineLevel, seconds, check::apply);
        CheckReports out = new CheckReports(session, requireBaseline, report, seconds);
        switch (format) {
            case text -> out.text(outcome.reports());
            case json -> out.document(outcome.reports(), OutputOptions.Format.json);
            case yaml -> out.document(outcome.reports(), OutputOptions.Format.yaml);
            case github -> out.github(outcome.reports());
            case junit -> out.junit(outcome.reports());
        }
        for (SchemaCheck.Target target : targets) {
            SchemaCheck.warnings(target).forEach(w -> session.err().println("evctl: " + w));
        }
        CheckSummary.print(session, targets, outcome.reports(), against() == null && level() == null, requireBaseline);
        outcome.worstError().ifPresent(worst -> {
            outcome.errors().stream()
                    .filter(e -> e != worst)
                    .forEach(e -> session.err().println("evctl: error: " + e.getMessage()));
            session.err().flush();
            throw worst;
        });
        return outcome.reports().stream().allMatch(out::passed) ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** The check against git or a directory: the history read ahead for every target. */
    private Function<SchemaCheck.Target, SchemaCheck.Report> offline(List<SchemaCheck.Target> targets) {
        // the tree a dir: baseline mirrors: the mapping file's directory, else each file's repository root
        Path mappingFile = files == null || files.isEmpty() ? CheckTargets.mappingFile(mapping) : null;
        // the strictest level asked for (--level, else each subject's in the mapping): transitive needs every version
        CompatibilityLevel strictest = targets.stream()
                .map(this::offlineLevel)
                .filter(CompatibilityLevel::transitive)
                .findFirst()
                .orElse(level() == null ? CompatibilityLevel.BACKWARD : level());
        OfflineBaseline baseline;
        try {
            baseline = OfflineBaseline.open(
                    against(),
                    Path.of("").toAbsolutePath(),
                    mappingFile == null ? null : mappingFile.toAbsolutePath().getParent(),
                    mappingFile,
                    targets,
                    strictest);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage(e.getMessage());
        }
        baseline.warning().ifPresent(w -> {
            session.err().println("evctl: warning: " + w);
            session.err().flush();
        });
        return target -> baseline.check().check(target, offlineLevel(target));
    }

    /** The check against the registry: evaluated here at the subject's level, or by the registry (--remote). */
    private Function<SchemaCheck.Target, SchemaCheck.Report> online() {
        RegistryClient client = registryOptions.client(session);
        CompatibilityLevel level = level();
        return remote()
                ? target -> SchemaCheck.checkRemote(target, client)
                : target -> SchemaCheck.checkAgainstRegistry(target, client, level);
    }

    /**
     * An offline check's level: --level, else the mapping's for the subject, else BACKWARD (the registry's default).
     */
    private CompatibilityLevel offlineLevel(SchemaCheck.Target target) {
        return level() != null ? level() : target.level() != null ? target.level() : CompatibilityLevel.BACKWARD;
    }
}
