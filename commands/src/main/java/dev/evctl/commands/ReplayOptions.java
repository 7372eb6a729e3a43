package dev.evctl.commands;

import java.util.ArrayList;
import java.util.List;

import dev.evctl.copy.ReplayService;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replay}'s options: what to copy, where, how, and how to run it. */
public final class ReplayOptions {

    @Parameters(paramLabel = "SOURCE", arity = "0..1", description = "The topic to copy from (required).")
    String sourceTopic;

    @Option(names = "--to-topic", paramLabel = "TARGET", description = "The topic to copy into.")
    String targetTopic;

    @Option(
            names = "--from",
            defaultValue = "beginning",
            paramLabel = "POSITION",
            description = "Start: beginning, an offset, -N, an ISO-8601 time or a duration ago (15m, 2h, 1d) "
                    + "(default: ${DEFAULT-VALUE}).")
    String from;

    @Option(
            names = "--to",
            defaultValue = "end",
            paramLabel = "POSITION",
            description = "Last record, inclusive for offsets; end is the end when the job starts, so it always "
                    + "terminates (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(
            names = {"-p", "--partition"},
            paramLabel = "P",
            description = "Only this source partition (repeatable).")
    List<Integer> partitions = new ArrayList<>();

    @Option(
            names = "--partition-mapping",
            defaultValue = "same",
            paramLabel = "MAPPING",
            description = "same: record stays in its partition number (the target needs as many); hash: by key "
                    + "(default: ${DEFAULT-VALUE}).")
    ReplayService.PartitionMapping mapping;

    @Option(
            names = "--target-context",
            paramLabel = "CONTEXT",
            description = "Copy to the cluster of this context (default: the source's).")
    String targetContext;

    @Option(
            names = "--create-target",
            description = "Create the target topic when missing, with the source's partition count and configs"
                    + " (and retention.ms=-1 when the range holds records older than that retention would keep).")
    boolean createTarget;

    @Option(
            names = "--append",
            description = "Let a new job copy its range into a target that already holds records (with --yes;"
                    + " without it such a plan is refused, so a second job cannot double a target unnoticed).")
    boolean append;

    @Option(
            names = "--onto-source",
            description = "Allow the target to be the source topic itself (each new job appends the range again).")
    boolean ontoSource;

    @Mixin
    FilterOptions filter;

    @Option(
            names = "--add-provenance",
            description =
                    "Add the header " + ReplayService.PROVENANCE_HEADER + ": SOURCE/PARTITION@OFFSET to each copy.")
    boolean provenance;

    @Option(
            names = "--rate",
            paramLabel = "N",
            converter = RateConverter.class,
            description = "At most N records per second (default: no limit).")
    double rate;

    @Option(
            names = "--job-id",
            paramLabel = "ID",
            description = "The job's name; default derived from source, target, range, partitions and filters. "
                    + "Re-running an id resumes it.")
    String jobId;

    @Option(
            names = "--no-transactions",
            description = "For clusters without transactions: idempotent producer and a checkpoint per batch — at "
                    + "least once (a crash may repeat one batch).")
    boolean noTransactions;

    @Option(
            names = "--join",
            description = "Run as one worker of the job: every process started so (any machine) shares its"
                    + " partitions through the job's consumer group, exactly once; the first fixes the "
                    + "plan. Same cluster only.")
    boolean join;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Run N workers of the job in this process (as --join; others may join).")
    Integer parallel;

    @Mixin
    PlanOptions confirm;

    @Mixin
    RegistryUrlOption registryUrl;

    /** Picocli cannot require them: it would ask for them beside {@code replay status JOB} too. */
    void requireSourceAndTarget(picocli.CommandLine.Model.CommandSpec spec) {
        List<String> missing = new ArrayList<>();
        if (targetTopic == null) {
            missing.add("'--to-topic=TARGET'");
        }
        if (sourceTopic == null) {
            missing.add("'SOURCE'");
        }
        if (!missing.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "Missing required "
                            + (missing.size() == 2
                                    ? "options and parameters: "
                                    : targetTopic == null ? "option: " : "parameter: ")
                            + String.join(", ", missing));
        }
    }
}
