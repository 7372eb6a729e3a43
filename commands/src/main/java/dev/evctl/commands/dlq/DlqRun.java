package dev.evctl.commands.dlq;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.evctl.commands.Confirm;
import dev.evctl.commands.CopyRun;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.PlanOptions;
import dev.evctl.commands.RegistryUrlOption;
import dev.evctl.commands.Session;
import dev.evctl.commands.Table;
import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.dlq.DlqState;
import dev.evctl.dlq.Redrive;
import dev.evctl.dlq.RedriveService;
import dev.evctl.dlq.Selection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * redrive and skip: plan from one read of the DLQ (counts per outcome, destination and error
 * class), confirm, then run on the copy engine so the sent records and the handled markers
 * commit together; re-running resumes, and takes in records that arrived since.
 */
abstract class DlqRun implements Callable<Integer> {

    protected final Session session;

    @Parameters(paramLabel = "DLQ")
    String dlq;

    @Mixin
    DlqOptions select;

    @Mixin
    PlanOptions confirm;

    @Mixin
    RegistryUrlOption registryUrl;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    DlqRun(Session session) {
        this.session = session;
    }

    abstract Redrive.Options options(Selection selection);

    double rate() {
        return 0;
    }

    @Override
    public Integer call() {
        Redrive.Options options = options(select.selection(
                select.filter.where == null ? null : session.clients().avroDecoderIfChosen(registryUrl.url(), kafka)));
        RedriveService.Action action = action();
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            RedriveService service = new RedriveService(clients, this::diagnostic, kafka.timeout());
            // --yes reads the DLQ once: each record is decided as the run reads it, and the counts come with the
            // report; a plan to confirm or a dry run reads it first (the run then reads it again, against the markers
            // as they are then)
            boolean planFirst = confirm.dryRun || !confirm.yes;
            if (planFirst) {
                Integer stop = planAndConfirm(service, options, action);
                if (stop != null) {
                    return stop;
                }
            }
            String jobId = RedriveService.jobId(action.verb(), dlq, select.identity(), options);
            RedriveService.Prepared prepared =
                    service.prepare(options, jobId, select.from(), select.to(), select.until == null, rate());
            if (!planFirst) {
                announceSinglePass(action, prepared.plan());
            }
            RedriveService.Result result = run(service, prepared, action, jobId);
            if (!planFirst) {
                printPlan("done: ", result.counts());
            }
            return report(result, jobId);
        }
    }

    private void diagnostic(String line) {
        session.err().println("evctl: " + line);
        session.err().flush();
    }

    /** Reads the DLQ once to show the plan and ask; the exit code when it stops there (a dry run, a no), else null. */
    private Integer planAndConfirm(RedriveService service, Redrive.Options options, RedriveService.Action action) {
        RedriveService.Counts preview = service.preview(options, select.from(), select.to());
        printPlan("", preview);
        if (confirm.dryRun) {
            output.document(
                    session.out(),
                    new DlqJson.DryRun(dlq, true, preview.outcomes(), preview.destinations(), preview.errorClasses()));
            return ExitCodes.OK;
        }
        long selected = preview.selected();
        boolean skip = action == RedriveService.Action.SKIP;
        String question = (skip ? "Mark " : "Redrive ") + selected + " record" + (selected == 1 ? "" : "s") + " of "
                + dlq + (skip ? " handled without sending them?" : "?");
        return selected > 0 && !Confirm.proceed(session, confirm.yes, question, "nothing changed")
                ? ExitCodes.USAGE
                : null;
    }

    private void announceSinglePass(RedriveService.Action action, CopyPlan plan) {
        session.err()
                .printf(
                        "%s %s: reading offsets %s once (%d); each record is decided as it is read, against the"
                                + " markers committed before this run; the counts follow%n",
                        action.verb(),
                        dlq,
                        plan.partitions().stream()
                                .map(p -> p.state().partition() + ":"
                                        + p.state().next() + "-" + p.state().end())
                                .collect(Collectors.joining(" ")),
                        plan.remainingRecords());
        session.err().flush();
    }

    /** Runs the redrive; stopped part way (fenced, a cluster gone), a script still gets its JSON document. */
    private RedriveService.Result run(
            RedriveService service, RedriveService.Prepared prepared, RedriveService.Action action, String jobId) {
        try {
            return service.run(
                    prepared,
                    (engine, toRun, afterFence) -> CopyRun.run(session, engine, toRun, action.verb(), afterFence));
        } catch (EvctlException stopped) {
            if (stopped.kind() == EvctlException.Kind.PARTIAL) {
                Map<String, Long> raw = prepared.redrive().counts();
                printDocument(
                        jobId,
                        false,
                        raw,
                        RedriveService.Counts.of(raw),
                        prepared.redrive().heldBack());
            }
            throw stopped;
        }
    }

    /** REDRIVE or SKIP: what the subcommand does. */
    abstract RedriveService.Action action();

    private void printPlan(String prefix, RedriveService.Counts counts) {
        var err = session.err();
        RedriveService.Action action = action();
        err.printf(
                prefix
                        + "%s %s: %d to %s, %d handled before, %d not selected, %d held back (loop guard %d, "
                        + "unroutable %d)%n",
                action.verb(),
                dlq,
                counts.of(action.outcome()),
                action.verb(),
                counts.of(Redrive.Outcome.HANDLED_BEFORE),
                counts.of(Redrive.Outcome.NOT_SELECTED),
                counts.of(Redrive.Outcome.LOOP_GUARD) + counts.of(Redrive.Outcome.UNROUTABLE),
                counts.of(Redrive.Outcome.LOOP_GUARD),
                counts.of(Redrive.Outcome.UNROUTABLE));
        if (!counts.destinations().isEmpty()) {
            Table to = new Table(Table.Column.left("TO"), Table.Column.right("RECORDS")).indent("  ");
            counts.destinations().forEach(to::row);
            to.print(err, 0);
        }
        if (!counts.errorClasses().isEmpty()) {
            Table by = new Table(Table.Column.left("ERROR CLASS"), Table.Column.right("RECORDS")).indent("  ");
            counts.errorClasses().forEach(by::row);
            by.print(err, 0);
        }
        err.flush();
    }

    /** The run's JSON/YAML document: what the action did, by outcome, destination and error class. */
    private void printDocument(
            String jobId,
            boolean complete,
            Map<String, Long> raw,
            RedriveService.Counts counts,
            List<String> heldBack) {
        RedriveService.Action action = action();
        long done = counts.of(action.outcome());
        boolean skip = action == RedriveService.Action.SKIP;
        output.document(
                session.out(),
                new DlqJson.Run(
                        dlq,
                        jobId,
                        DlqState.groupOf(dlq),
                        skip ? done : null,
                        skip ? null : done,
                        complete,
                        raw,
                        counts.outcomes(),
                        counts.destinations(),
                        counts.errorClasses(),
                        heldBack));
    }

    private int report(RedriveService.Result result, String jobId) {
        RedriveService.Action action = action();
        CopyReport report = result.report();
        long done = result.counts().of(action.outcome());
        List<String> heldBack = result.heldBack();
        printDocument(jobId, report.complete(), result.raw(), result.counts(), heldBack);
        heldBack.stream().limit(20).forEach(h -> session.err().println("evctl: held back, still pending: " + h));
        session.err()
                .printf(
                        "evctl: %s %d record%s of %s (job %s)%s%s%n",
                        action == RedriveService.Action.SKIP ? "skipped" : "redrove",
                        done,
                        done == 1 ? "" : "s",
                        dlq,
                        jobId,
                        heldBack.isEmpty() ? "" : "; " + heldBack.size() + " held back",
                        report.complete() ? "" : " — stopped before the end; re-run to resume");
        session.err().flush();
        return report.complete() && heldBack.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
}
