package dev.evctl.commands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.copy.JobDefinition;
import dev.evctl.copy.JobWorkers;
import dev.evctl.copy.ReplayService;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.tail.RecordMatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Copies a bounded range of a topic into another topic exactly once, resumably. */
@Command(name = "replay", subcommands = ReplayStatusCommand.class,
        customSynopsis = {"evctl replay SOURCE --to-topic=TARGET [OPTIONS]", "       evctl replay status JOB [OPTIONS]"}, header = "Copy a range of a topic into another exactly once, resumable.", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Copy a range of SOURCE into --to-topic exactly: key and value bytes, headers (order and duplicates), timestamps and",
        "partitions kept. Exactly once with transactions; killed or failed, the same command resumes where it stopped, and a",
        "finished job copies nothing. Prints the plan and asks first on a terminal (--yes in scripts; --dry-run only plans).",
        "With --join, every process started with the same command (on any machine) is a worker of one job: Kafka's group",
        "coordinator shares the partitions out, a killed worker's partitions are taken over, and the job stays exactly once.",
        "Exit codes: 0 done, 2 usage, 3 connection, 4 bad input (range deleted, target too small), 5 stopped before the end, 6 not found."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  evctl replay orders --from 2026-11-21T00:00:00Z --to 2026-11-21T06:00:00Z --to-topic orders-rebuild --dry-run",
                "  evctl replay orders --from -1000 --to-topic orders-rebuild --yes -o json",
                "  evctl replay orders --from 2h --to-topic orders --target-context dr --create-target --where \"status == 'FAILED'\"",
                "  evctl replay orders --to-topic orders-rebuild --job-id rebuild-1 --join --yes     # on each machine",
                "  evctl replay status rebuild-1"})
public final class ReplayCommand implements Callable<Integer> {

    /** The header --add-provenance writes: source topic, partition and offset. */
    public static final String PROVENANCE_HEADER = ReplayService.PROVENANCE_HEADER;

    private final Session session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    // not required=true: picocli would then ask for them beside `replay status JOB` too (call() checks them)
    @Parameters(paramLabel = "SOURCE", arity = "0..1", description = "The topic to copy from (required).")
    String sourceTopic;

    @Option(names = "--to-topic", paramLabel = "TARGET", description = "The topic to copy into.")
    String targetTopic;

    @Option(names = "--from", defaultValue = "beginning", paramLabel = "POSITION",
            description = "Start: beginning, an offset, -N, an ISO-8601 time or a duration ago (15m, 2h, 1d) (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "end", paramLabel = "POSITION",
            description = "Last record, inclusive for offsets; end is the end when the job starts, so it always terminates (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = {"-p", "--partition"}, paramLabel = "P", description = "Only this source partition (repeatable).")
    List<Integer> partitions = new ArrayList<>();

    @Option(names = "--partition-mapping", defaultValue = "same", paramLabel = "MAPPING",
            description = "same: record stays in its partition number (the target needs as many); hash: by key (default: ${DEFAULT-VALUE}).")
    ReplayService.PartitionMapping mapping;

    @Option(names = "--target-context", paramLabel = "CONTEXT", description = "Copy to the cluster of this context (default: the source's).")
    String targetContext;

    @Option(names = "--create-target", description = "Create the target topic when missing, with the source's partition count and configs"
            + " (and retention.ms=-1 when the range holds records older than that retention would keep).")
    boolean createTarget;

    @Option(names = "--append", description = "Let a new job copy its range into a target that already holds records (with --yes;"
            + " without it such a plan is refused, so a second job cannot double a target unnoticed).")
    boolean append;

    @Option(names = "--onto-source", description = "Allow the target to be the source topic itself (each new job appends the range again).")
    boolean ontoSource;

    @Mixin
    FilterOptions filter;

    @Option(names = "--add-provenance", description = "Add the header " + PROVENANCE_HEADER + ": SOURCE/PARTITION@OFFSET to each copy.")
    boolean provenance;

    @Option(names = "--rate", paramLabel = "N", description = "At most N records per second.")
    double rate;

    @Option(names = "--job-id", paramLabel = "ID",
            description = "The job's name; default derived from source, target, range, partitions and filters. Re-running an id resumes it.")
    String jobId;

    @Option(names = "--no-transactions",
            description = "For clusters without transactions: idempotent producer and a checkpoint per batch — at least once (a crash may repeat one batch).")
    boolean noTransactions;

    @Option(names = "--join", description = "Run as one worker of the job: every process started so (any machine) shares its"
            + " partitions through the job's consumer group, exactly once; the first fixes the plan. Same cluster only.")
    boolean join;

    @Option(names = "--parallel", paramLabel = "N", description = "Run N workers of the job in this process (as --join; others may join).")
    int parallel;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry to decode Avro values for --where.")
    String registryUrl;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public ReplayCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        requireSourceAndTarget();
        if (rate < 0) {
            throw EvctlException.usage("--rate must be positive, got " + rate);
        }
        if (parallel < 0 || parallel > 256) {
            throw EvctlException.usage("--parallel must be between 1 and 256, got " + parallel);
        }
        int workers = parallel > 0 ? parallel : join ? 1 : 0;
        Instant now = Instant.now();
        OffsetSpec fromSpec = OffsetSpec.parse(from, "--from", now);
        OffsetSpec.parse(to, "--to", now); // a bad range is a usage error before any connection
        RecordMatcher matcher = new RecordMatcher(filter.keyMatch, filter.headerMatch, filter.where,
                filter.where == null ? null : session.clients().avroDecoderIfChosen(registryUrl, kafka));
        try (KafkaClients source = session.clients().kafka(kafka);
             KafkaClients target = targetContext == null ? null : session.clients().kafka(targetContext, kafka.timeout)) {
            ReplayService service = new ReplayService(source, target, line -> {
                session.err().println("evctl: " + line);
                session.err().flush();
            }, kafka.timeout);
            ReplayService.Prepared prepared = service.prepare(new ReplayService.Request(sourceTopic, targetTopic, partitions, from, to,
                    mapping, matcher.matchesAll() ? null : matcher, filter.identity(), provenance, rate, !noTransactions, jobId,
                    createTarget, ontoSource, dryRun));
            CopyPlan plan = prepared.plan();
            JobWorkers jobWorkers = workers > 0 ? service.workers(prepared) : null;
            JobDefinition definition = ReplayService.definition(prepared.request());
            if (jobWorkers == null) {
                service.refuseBesideWorkers(prepared);
            } else {
                jobWorkers.requireSameDefinition(plan.job(), definition);
            }
            List<String> notes = new ArrayList<>(prepared.notes());
            long heldByTarget = prepared.heldByTarget();
            String mode = noTransactions ? "at least once (--no-transactions)"
                    : "exactly once" + (workers > 0 ? ", " + workers + " worker" + (workers == 1 ? "" : "s") + " here (--join)" : "");
            if (dryRun || !output.structured()) {
                ReplayReports.plan(session.err(), plan, notes, mode, mapping.name());
            }
            if (!dryRun && heldByTarget > 0 && yes && !append && !(ontoSource && targetTopic.equals(sourceTopic))) {
                throw EvctlException.usage("target '" + targetTopic + "' already holds records (offsets: " + heldByTarget + ") and job "
                        + plan.job().id() + " is new: to resume the job that wrote them pass its --job-id; to copy this range beside"
                        + " them pass --append");
            }
            if (dryRun) {
                if (output.structured()) {
                    output.print(session.out(), new ReplayJson.DryRun(true, ReplayJson.Plan.of(plan, sourceTopic, targetTopic,
                            !noTransactions, mapping.name(), notes)));
                }
                return ExitCodes.OK;
            }
            if (plan.finished()) {
                long copied = plan.partitions().stream().mapToLong(p -> p.state().copied()).sum();
                session.err().printf("evctl: job %s already finished (%d record%s copied); nothing to do%n", plan.job().id(), copied,
                        copied == 1 ? "" : "s");
                session.err().flush();
            } else if (!Confirm.proceed(session, yes, "Copy " + plan.remainingRecords() + " records from " + sourceTopic + " to "
                    + targetTopic + (heldByTarget > 0 ? ", beside the records it holds" : "") + "?", "nothing copied")) {
                return ExitCodes.USAGE;
            }
            service.createTargetIfMissing(prepared);
            CopyReport report;
            if (jobWorkers != null && !plan.finished()) {
                plan = jobWorkers.fixPlan(plan, definition);
                report = CopyRun.run(session, jobWorkers, plan, definition, workers);
            } else {
                report = CopyRun.run(session, prepared.engine(), plan, "replay");
            }
            if (report.logAppendTimeSeen()) {
                notes.add("source records with LogAppendTime were written with that time as CreateTime");
            }
            if (output.structured()) {
                output.print(session.out(), ReplayJson.Result.of(plan, report, sourceTopic, targetTopic, !noTransactions, notes));
            }
            ReplayReports.report(session.err(), plan, report, !output.structured(), workers > 0 ? " by " + workers + " worker"
                    + (workers == 1 ? "" : "s") + " here" : "");
            return report.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }

    private void requireSourceAndTarget() {
        List<String> missing = new ArrayList<>();
        if (targetTopic == null) {
            missing.add("'--to-topic=TARGET'");
        }
        if (sourceTopic == null) {
            missing.add("'SOURCE'");
        }
        if (!missing.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required "
                    + (missing.size() == 2 ? "options and parameters: " : targetTopic == null ? "option: " : "parameter: ")
                    + String.join(", ", missing));
        }
    }
}
