package dev.evctl.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.copy.JobDefinition;
import dev.evctl.copy.JobWorkers;
import dev.evctl.copy.ReplayService;
import dev.evctl.copy.TargetClaim;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.RecordMatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Copies a bounded range of a topic into another topic exactly once, resumably. */
@Command(
        name = "replay",
        subcommands = ReplayStatusCommand.class,
        customSynopsis = {"evctl replay SOURCE --to-topic=TARGET [OPTIONS]", "       evctl replay status JOB [OPTIONS]"
        },
        header = "Copy a range of a topic into another exactly once, resumable.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Copy a range of SOURCE into --to-topic exactly: key and value bytes, headers (order and "
                    + "duplicates), timestamps and",
            "partitions kept. Exactly once with transactions; killed or failed, the same command resumes where "
                    + "it stopped, and a",
            "finished job copies nothing. Prints the plan and asks first on a terminal (--yes in scripts; "
                    + "--dry-run only plans).",
            "With --join, every process started with the same command (on any machine) is a worker of one job: "
                    + "Kafka's group",
            "coordinator shares the partitions out, a killed worker's partitions are taken over, and the job "
                    + "stays exactly once.",
            "Exit codes: 0 done, 2 usage, 3 connection, 4 bad input (range deleted, target too small), 5 "
                    + "stopped before the end, 6 not found."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl replay orders --from 2026-11-21T00:00:00Z --to 2026-11-21T06:00:00Z --to-topic "
                    + "orders-rebuild --dry-run",
            "  evctl replay orders --from -1000 --to-topic orders-rebuild --yes -o json",
            "  evctl replay orders --from 2h --to-topic orders --target-context dr --create-target --where "
                    + "\"status == 'FAILED'\"",
            "  evctl replay orders --to-topic orders-rebuild --job-id rebuild-1 --join --yes     # on each machine",
            "  evctl replay status rebuild-1"
        })
public final class ReplayCommand implements Callable<Integer> {

    /** The header --add-provenance writes: source topic, partition and offset. */
    public static final String PROVENANCE_HEADER = ReplayService.PROVENANCE_HEADER;

    private final Session session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    // not required=true: picocli would then ask for them beside `replay status JOB` too (call() checks them)
    @Mixin
    ReplayOptions opts;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public ReplayCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        int workers = checkedOptions();
        ReplayService.Request request = request();
        try (KafkaClients source = session.clients().kafka(kafka);
                KafkaClients target = opts.targetContext == null
                        ? null
                        : session.clients().kafka(opts.targetContext, kafka.timeout)) {
            ReplayService service = new ReplayService(source, target, this::diagnostic, kafka.timeout);
            ReplayService.Prepared prepared = service.prepare(request, workers);
            List<String> notes = new ArrayList<>(prepared.notes());
            if (opts.confirm.dryRun || !output.structured()) {
                ReplayReports.plan(session.err(), prepared.plan(), notes, mode(workers), opts.mapping.name());
            }
            ReplayService.refuseNewJobIntoHeldTarget(prepared, opts.confirm.yes, opts.append);
            if (opts.confirm.dryRun) {
                output.document(session.out(), new ReplayJson.DryRun(true, plan(prepared.plan(), notes)));
                return ExitCodes.OK;
            }
            if (!proceed(prepared)) {
                return ExitCodes.USAGE;
            }
            Ran ran = run(service, prepared, workers);
            return result(ran.plan(), ran.report(), notes, workers);
        }
    }

    /** Options checked before any connection (a bad range or rate is a usage error); the workers to run here. */
    private int checkedOptions() {
        opts.requireSourceAndTarget(spec);
        if (opts.parallel != null && (opts.parallel < 1 || opts.parallel > 256)) {
            throw EvctlException.usage("--parallel must be between 1 and 256, got " + opts.parallel);
        }
        return opts.parallel != null ? opts.parallel : opts.join ? 1 : 0;
    }

    /** The request, checked before anything connects: the range parsed (once), the rate, the filter. */
    private ReplayService.Request request() {
        ReplayService.Range range = ReplayService.Range.parse(opts.from, opts.to);
        RecordMatcher matcher = new RecordMatcher(
                opts.filter.keyMatch,
                opts.filter.headerMatch,
                opts.filter.where,
                opts.filter.where == null
                        ? null
                        : session.clients().avroDecoderIfChosen(opts.registryUrl.url(), kafka));
        return new ReplayService.Request(
                opts.sourceTopic,
                opts.targetTopic,
                opts.partitions,
                range,
                opts.mapping,
                matcher.matchesAll() ? null : matcher,
                opts.filter.identity(),
                opts.provenance,
                opts.rate,
                !opts.noTransactions,
                opts.jobId,
                opts.createTarget,
                opts.ontoSource,
                opts.confirm.dryRun);
    }

    private void diagnostic(String line) {
        session.err().println("evctl: " + line);
        session.err().flush();
    }

    private String mode(int workers) {
        return opts.noTransactions
                ? "at least once (--no-transactions)"
                : "exactly once" + (workers > 0 ? ", " + workers(workers) + " here (--join)" : "");
    }

    private static String workers(int n) {
        return n + " worker" + (n == 1 ? "" : "s");
    }

    private ReplayJson.Plan plan(CopyPlan plan, List<String> notes) {
        return ReplayJson.Plan.of(
                plan, opts.sourceTopic, opts.targetTopic, !opts.noTransactions, opts.mapping.name(), notes);
    }

    /** Says when there is nothing to do; otherwise asks on a terminal (--yes in scripts). */
    private boolean proceed(ReplayService.Prepared prepared) {
        CopyPlan plan = prepared.plan();
        if (plan.finished()) {
            long copied = plan.partitions().stream()
                    .mapToLong(p -> p.state().copied())
                    .sum();
            session.err()
                    .println(
                            plan.resumed()
                                    ? String.format(
                                            "evctl: job %s already finished (%d record%s copied); nothing to do",
                                            plan.job().id(), copied, copied == 1 ? "" : "s")
                                    : "evctl: job " + plan.job().id() + ": the range is empty; nothing to copy");
            session.err().flush();
            return true;
        }
        return Confirm.proceed(
                session,
                opts.confirm.yes,
                "Copy " + plan.remainingRecords() + " records from " + opts.sourceTopic + " to " + opts.targetTopic
                        + (prepared.heldByTarget() > 0 ? ", beside the records it holds" : "") + "?",
                "nothing copied");
    }

    /**
     * Runs the job: the target claimed for it until the run ends (a second job started at the same moment is refused,
     * naming this one), created when asked, copied by the workers here or by this process.
     */
    private Ran run(ReplayService service, ReplayService.Prepared prepared, int workers) {
        CopyPlan plan = prepared.plan();
        JobWorkers jobWorkers = prepared.workers();
        JobDefinition definition = prepared.definition();
        try (TargetClaim claim = plan.finished() ? null : service.claimTarget(prepared, opts.append)) {
            service.createTargetIfMissing(prepared);
            if (jobWorkers != null && !plan.finished()) {
                CopyPlan fixed = jobWorkers.fixPlan(plan, definition);
                return new Ran(fixed, CopyRun.run(session, jobWorkers, fixed, definition, workers));
            }
            return new Ran(plan, CopyRun.run(session, prepared.engine(), plan, "replay"));
        }
    }

    /** The plan a run followed (the workers fix it when they start) and what it did. */
    private record Ran(CopyPlan plan, CopyReport report) {}

    private int result(CopyPlan plan, CopyReport report, List<String> notes, int workers) {
        if (report.logAppendTimeSeen()) {
            notes.add("source records with LogAppendTime were written with that time as CreateTime");
        }
        output.document(
                session.out(),
                ReplayJson.Result.of(plan, report, opts.sourceTopic, opts.targetTopic, !opts.noTransactions, notes));
        ReplayReports.report(
                session.err(),
                plan,
                report,
                !output.structured(),
                workers > 0 ? " by " + workers(workers) + " here" : "");
        return report.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
}
