package dev.evctl.commands.dlq;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import dev.evctl.commands.Table;
import dev.evctl.commands.Confirm;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.copy.CopyEngine;
import dev.evctl.copy.CopyJob;
import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.dlq.DlqInspector;
import dev.evctl.dlq.DlqState;
import dev.evctl.dlq.Redrive;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    DlqRun(Session session) {
        this.session = session;
    }

    abstract Redrive.Options options(dev.evctl.dlq.Selection selection);

    /** "redrive" or "skip". */
    abstract String verb();

    double rate() {
        return 0;
    }

    @Override
    public Integer call() {
        Redrive.Options options = options(select.selection(select.filter.where == null ? null
                : session.avroDecoderIfChosen(registryUrl, kafka)));
        try (KafkaClients clients = session.kafka(kafka)) {
            clients.describeTopic(dlq);
            Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
            // a destination's partition count, asked once per topic; null for a topic that does not exist
            java.util.function.Function<String, Integer> partitionsOf = topic -> {
                int count = partitionCounts.computeIfAbsent(topic, t -> {
                    try {
                        return clients.describeTopic(t).partitions().size();
                    } catch (EvctlException e) {
                        if (e.kind() == EvctlException.Kind.NOT_FOUND) {
                            return -1;
                        }
                        throw e;
                    }
                });
                return count < 0 ? null : count;
            };
            // --yes reads the DLQ once: each record is decided as the run reads it, and the counts come with the report;
            // a plan to confirm or a dry run reads it first (the run then reads it again, against the markers as they are then)
            boolean planFirst = dryRun || !yes;
            Map<Integer, NavigableSet<Long>> handled = planFirst ? DlqState.handled(clients, dlq) : new java.util.HashMap<>();
            if (planFirst) {
                Redrive planner = new Redrive(options, partitionsOf, handled);
                Map<String, Long> outcomes = new TreeMap<>();
                Map<String, Long> destinations = new TreeMap<>();
                Map<String, Long> classes = new TreeMap<>();
                new DlqInspector(clients).scan(dlq, select.from(), select.to(), options.forced(), false, handled, e -> {
                    Redrive.Decision d = planner.decide(e.record());
                    outcomes.merge(d.outcome().name(), 1L, Long::sum);
                    if (d.outcome() == Redrive.Outcome.REDRIVE || d.outcome() == Redrive.Outcome.SKIP) {
                        classes.merge(d.errorClass(), 1L, Long::sum);
                        if (d.destination() != null) {
                            destinations.merge(d.destination(), 1L, Long::sum);
                        }
                    }
                    return true;
                });
                long selected = outcomes.getOrDefault("REDRIVE", 0L) + outcomes.getOrDefault("SKIP", 0L);
                printPlan("", outcomes, destinations, classes);
                if (dryRun) {
                    if (output.json()) {
                        output.print(session.out(), Map.of("dlq", dlq, "dryRun", true, "outcomes", outcomes, "destinations", destinations,
                                "errorClasses", classes));
                    }
                    return ExitCodes.OK;
                }
                if (selected > 0 && !Confirm.proceed(session, yes, (verb().equals("skip") ? "Mark " : "Redrive ") + selected + " record"
                        + (selected == 1 ? "" : "s") + " of " + dlq + (verb().equals("skip") ? " handled without sending them?" : "?"), "nothing changed")) {
                    return ExitCodes.USAGE;
                }
            }
            String jobId = jobId(options);
            Redrive redrive = new Redrive(options, partitionsOf, handled);
            CopyJob job = new CopyJob(jobId, dlq, List.of(), select.from(), select.to(), redrive.mapper(jobId), rate(), true,
                    select.until == null, DlqState.writerOf(dlq));
            CopyEngine engine = new CopyEngine(clients, clients, line -> {
                session.err().println("evctl: " + line);
                session.err().flush();
            }, Duration.ofMinutes(2).plus(kafka.timeout()));
            DlqState.ensureTopic(clients, dlq); // the markers are written in the same transaction as the records; a dry run creates nothing
            CopyPlan plan = engine.plan(job, dlq);
            if (!planFirst) {
                session.err().printf("%s %s: reading offsets %s once (%d); each record is decided as it is read, against the"
                        + " markers committed before this run; the counts follow%n", verb(), dlq, plan.partitions().stream()
                        .map(p -> p.state().partition() + ":" + p.state().next() + "-" + p.state().end())
                        .collect(java.util.stream.Collectors.joining(" ")), plan.remainingRecords());
                session.err().flush();
            }
            // once this command holds the DLQ's transactional id, no other redrive or skip of it can commit:
            // the markers read then are final, and the run decides each record against them
            CopyReport report = dev.evctl.commands.CopyRun.run(session, engine, plan, verb(), () -> {
                Map<Integer, NavigableSet<Long>> now = DlqState.handled(clients, dlq);
                handled.clear();
                handled.putAll(now);
            });
            if (!planFirst) {
                Map<String, Map<String, Long>> c = split(redrive.counts());
                printPlan("done: ", c.get("outcomes"), c.get("destinations"), c.get("errorClasses"));
            }
            // the markers now: those read after fencing and this run's, all committed when the run completed
            Map<Integer, NavigableSet<Long>> after;
            if (report.complete()) {
                after = new java.util.HashMap<>(handled);
                redrive.marked().forEach((p, set) -> after.computeIfAbsent(p, q -> new java.util.TreeSet<>()).addAll(set));
            } else {
                after = DlqState.handled(clients, dlq);
            }
            refreshGroup(clients, after);
            return report(redrive, report, jobId);
        }
    }

    private void refreshGroup(KafkaClients clients, Map<Integer, NavigableSet<Long>> handled) {
        int partitions = clients.describeTopic(dlq).partitions().size();
        Map<Integer, Long> beginning = new TreeMap<>();
        Map<Integer, Long> end = new TreeMap<>();
        var groups = new dev.evctl.core.groups.GroupService(clients);
        List<TopicPartition> tps = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(dlq, p));
        }
        groups.beginningOffsets(tps).forEach((tp, o) -> beginning.put(tp.partition(), o));
        groups.endOffsets(tps).forEach((tp, o) -> end.put(tp.partition(), o));
        DlqState.advanceGroup(clients, dlq, beginning, end, handled);
    }

    private void printPlan(String prefix, Map<String, Long> outcomes, Map<String, Long> destinations, Map<String, Long> classes) {
        var err = session.err();
        err.printf(prefix + "%s %s: %d to %s, %d handled before, %d not selected, %d held back (loop guard %d, unroutable %d)%n", verb(), dlq,
                outcomes.getOrDefault(verb().equals("skip") ? "SKIP" : "REDRIVE", 0L), verb(), outcomes.getOrDefault("HANDLED_BEFORE", 0L),
                outcomes.getOrDefault("NOT_SELECTED", 0L), outcomes.getOrDefault("LOOP_GUARD", 0L) + outcomes.getOrDefault("UNROUTABLE", 0L),
                outcomes.getOrDefault("LOOP_GUARD", 0L), outcomes.getOrDefault("UNROUTABLE", 0L));
        if (!destinations.isEmpty()) {
            Table to = new Table(Table.Column.left("TO"),
                    Table.Column.right("RECORDS")).indent("  ");
            destinations.forEach(to::row);
            to.print(err, 0);
        }
        if (!classes.isEmpty()) {
            Table by = new Table(Table.Column.left("ERROR CLASS"),
                    Table.Column.right("RECORDS")).indent("  ");
            classes.forEach(by::row);
            by.print(err, 0);
        }
        err.flush();
    }

    /** A run's counts as the plan gives them: "outcomes", "destinations" and "errorClasses". */
    private static Map<String, Map<String, Long>> split(Map<String, Long> counts) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        out.put("outcomes", new TreeMap<>());
        out.put("destinations", new TreeMap<>());
        out.put("errorClasses", new TreeMap<>());
        counts.forEach((k, n) -> {
            if (k.startsWith("to:")) {
                out.get("destinations").put(k.substring(3), n);
            } else if (k.startsWith("class:")) {
                out.get("errorClasses").put(k.substring(6), n);
            } else {
                out.get("outcomes").put(k, n);
            }
        });
        return out;
    }

    private int report(Redrive redrive, CopyReport report, String jobId) {
        Map<String, Long> counts = redrive.counts();
        long done = counts.getOrDefault(verb().equals("skip") ? "SKIP" : "REDRIVE", 0L);
        List<String> heldBack = redrive.heldBack();
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dlq", dlq);
            json.put("job", jobId);
            json.put("group", DlqState.groupOf(dlq));
            json.put(verb().equals("skip") ? "skipped" : "redriven", done);
            json.put("complete", report.complete());
            json.put("counts", counts);
            json.putAll(split(counts));
            json.put("heldBack", heldBack);
            output.print(session.out(), json);
        }
        heldBack.stream().limit(20).forEach(h -> session.err().println("evctl: held back, still pending: " + h));
        session.err().printf("evctl: %s %d record%s of %s (job %s)%s%s%n", verb().equals("skip") ? "skipped" : "redrove", done, done == 1 ? "" : "s",
                dlq, jobId, heldBack.isEmpty() ? "" : "; " + heldBack.size() + " held back", report.complete() ? ""
                        : " — stopped before the end; re-run to resume");
        session.err().flush();
        return report.complete() && heldBack.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    private String jobId(Redrive.Options o) {
        return jobId(verb(), dlq, select.identity(), o);
    }

    /** A redrive or skip job's id: what its re-run finds it by (JobIdentityTest pins it). */
    static String jobId(String verb, String dlq, String selectors, Redrive.Options o) {
        return CopyJob.derivedId(verb, dlq, selectors, String.valueOf(o.toTopic()), Boolean.toString(o.keepPartition()),
                Boolean.toString(o.keepErrorHeaders()), Integer.toString(o.maxRedrives()), String.valueOf(o.reason()));
    }
}
