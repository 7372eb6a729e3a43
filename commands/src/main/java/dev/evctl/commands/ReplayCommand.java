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
import dev.evctl.copy.TargetClaim;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
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
        opts.requireSourceAndTarget(spec);
        if (opts.rate < 0) {
            throw EvctlException.usage("--rate must be positive, got " + opts.rate);
        }
        if (opts.parallel != null && (opts.parallel < 1 || opts.parallel > 256)) {
            throw EvctlException.usage("--parallel must be between 1 and 256, got " + opts.parallel);
        }
        int workers = opts.parallel != null ? opts.parallel : opts.join ? 1 : 0;
        Instant now = Instant.now();
        OffsetSpec fromSpec = OffsetSpec.parse(opts.from, "--from", now);
        OffsetSpec.parse(opts.to, "--to", now); // a bad range is a usage error before any connection
        RecordMatcher matcher = new RecordMatcher(
                opts.filter.keyMatch,
                opts.filter.headerMatch,
                opts.filter.where,
                opts.filter.where == null ? null : session.clients().avroDecoderIfChosen(opts.registryUrl, kafka));
        try (KafkaClients source = session.clients().kafka(kafka);
                KafkaClients target = opts.targetContext == null
                        ? null
                        : session.clients().kafka(opts.targetContext, kafka.timeout)) {
            ReplayService service = new ReplayService(
                    source,
                    target,
                    line -> {
                        session.err().println("evctl: " + line);
                        session.err().flush();
                    },
                    kafka.timeout);
            ReplayService.Prepared prepared = service.prepare(new ReplayService.Request(
                    opts.sourceTopic,
                    opts.targetTopic,
                    opts.partitions,
                    opts.from,
                    opts.to,
                    opts.mapping,
                    matcher.matchesAll() ? null : matcher,
                    opts.filter.identity(),
                    opts.provenance,
                    opts.rate,
                    !opts.noTransactions,
                    opts.jobId,
                    opts.createTarget,
                    opts.ontoSource,
                    opts.confirm.dryRun));
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
            String mode = opts.noTransactions
                    ? "at least once (--no-transactions)"
                    : "exactly once"
                            + (workers > 0
                                    ? ", " + workers + " worker" + (workers == 1 ? "" : "s") + " here (--join)"
                                    : "");
            if (opts.confirm.dryRun || !output.structured()) {
                ReplayReports.plan(session.err(), plan, notes, mode, opts.mapping.name());
            }
            if (!opts.confirm.dryRun
                    && heldByTarget > 0
                    && opts.confirm.yes
                    && !opts.append
                    && !(opts.ontoSource && opts.targetTopic.equals(opts.sourceTopic))) {
                throw EvctlException.usage("target '" + opts.targetTopic + "' already holds records (offsets: "
                        + heldByTarget + ") and job "
                        + plan.job().id()
                        + " is new: to resume the job that wrote them pass its --job-id; to copy this range beside"
                        + " them pass --append");
            }
            if (opts.confirm.dryRun) {
                if (output.structured()) {
                    output.print(
                            session.out(),
                            new ReplayJson.DryRun(
                                    true,
                                    ReplayJson.Plan.of(
                                            plan,
                                            opts.sourceTopic,
                                            opts.targetTopic,
                                            !opts.noTransactions,
                                            opts.mapping.name(),
                                            notes)));
                }
                return ExitCodes.OK;
            }
            if (plan.finished() && !plan.resumed()) {
                session.err()
                        .printf(
                                "evctl: job %s: the range is empty; nothing to copy%n",
                                plan.job().id());
                session.err().flush();
            } else if (plan.finished()) {
                long copied = plan.partitions().stream()
                        .mapToLong(p -> p.state().copied())
                        .sum();
                session.err()
                        .printf(
                                "evctl: job %s already finished (%d record%s copied); nothing to do%n",
                                plan.job().id(), copied, copied == 1 ? "" : "s");
                session.err().flush();
            } else if (!Confirm.proceed(
                    session,
                    opts.confirm.yes,
                    "Copy " + plan.remainingRecords() + " records from " + opts.sourceTopic + " to " + opts.targetTopic
                            + (heldByTarget > 0 ? ", beside the records it holds" : "") + "?",
                    "nothing copied")) {
                return ExitCodes.USAGE;
            }
            CopyReport report;
            // the target is claimed for this job until the run ends: a second job started at the same moment is
            // refused, naming this one
            try (TargetClaim claim = plan.finished() ? null : service.claimTarget(prepared, opts.append)) {
                service.createTargetIfMissing(prepared);
                if (jobWorkers != null && !plan.finished()) {
                    plan = jobWorkers.fixPlan(plan, definition);
                    report = CopyRun.run(session, jobWorkers, plan, definition, workers);
                } else {
                    report = CopyRun.run(session, prepared.engine(), plan, "replay");
                }
            }
            if (report.logAppendTimeSeen()) {
                notes.add("source records with LogAppendTime were written with that time as CreateTime");
            }
            if (output.structured()) {
                output.print(
                        session.out(),
                        ReplayJson.Result.of(
                                plan, report, opts.sourceTopic, opts.targetTopic, !opts.noTransactions, notes));
            }
            ReplayReports.report(
                    session.err(),
                    plan,
                    report,
                    !output.structured(),
                    workers > 0 ? " by " + workers + " worker" + (workers == 1 ? "" : "s") + " here" : "");
            return report.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }
}
