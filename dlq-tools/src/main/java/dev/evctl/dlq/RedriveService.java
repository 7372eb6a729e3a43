package dev.evctl.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.evctl.copy.CopyEngine;
import dev.evctl.copy.CopyJob;
import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.core.EvctlException;
import dev.evctl.core.groups.GroupService;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Redrive and skip without a command line: a preview of what a selection would do (one read of
 * the DLQ), the job on the copy engine, and what is handled afterwards. The command parses, asks
 * and renders.
 */
public final class RedriveService {

    /** What a command does with the selected records. */
    public enum Action {
        REDRIVE,
        SKIP;

        /** The verb the command and its job ids use ("redrive", "skip"). */
        public String verb() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The outcome that counts as done for this action. */
        public Redrive.Outcome outcome() {
            return this == REDRIVE ? Redrive.Outcome.REDRIVE : Redrive.Outcome.SKIP;
        }
    }

    /** Counts per outcome, destination and error class: what a preview found or a run did. */
    public record Counts(Map<String, Long> outcomes, Map<String, Long> destinations, Map<String, Long> errorClasses) {

        /** The records the action takes. */
        public long selected() {
            return of(Redrive.Outcome.REDRIVE) + of(Redrive.Outcome.SKIP);
        }

        /** How many records had this outcome. */
        public long of(Redrive.Outcome outcome) {
            return outcomes.getOrDefault(outcome.name(), 0L);
        }

        /** A run's counts ({@link Redrive#counts}) in the preview's form. */
        public static Counts of(Map<String, Long> raw) {
            Map<String, Long> outcomes = new TreeMap<>();
            Map<String, Long> destinations = new TreeMap<>();
            Map<String, Long> classes = new TreeMap<>();
            raw.forEach((k, n) -> {
                if (k.startsWith("to:")) {
                    destinations.put(k.substring(3), n);
                } else if (k.startsWith("class:")) {
                    classes.put(k.substring(6), n);
                } else {
                    outcomes.put(k, n);
                }
            });
            return new Counts(outcomes, destinations, classes);
        }
    }

    /**
     * A redrive or skip job's id: what its re-run finds it by, derived from everything that decides what it does
     * ({@code DlqJobIdentityTest} pins it).
     */
    public static String jobId(String verb, String dlq, String selectors, Redrive.Options o) {
        return dev.evctl.copy.CopyJob.derivedId(
                verb,
                dlq,
                selectors,
                String.valueOf(o.toTopic()),
                Boolean.toString(o.keepPartition()),
                Boolean.toString(o.keepErrorHeaders()),
                Integer.toString(o.maxRedrives()),
                String.valueOf(o.reason()));
    }

    /** A job ready to run: the engine, its plan, and the decisions it will make. */
    public record Prepared(
            String dlq,
            String jobId,
            CopyEngine engine,
            CopyPlan plan,
            Redrive redrive,
            Map<Integer, NavigableSet<Long>> handled) {}

    /** What a run did; {@code raw} is {@link Redrive#counts} as it came ("REDRIVE", "to:TOPIC", "class:NAME"). */
    public record Result(CopyReport report, Counts counts, Map<String, Long> raw, List<String> heldBack) {}

    /**
     * Runs a plan: the command's progress bar and Ctrl-C handling around {@link CopyEngine#run(CopyPlan,
     * CopyEngine.Progress, Runnable)}.
     */
    @FunctionalInterface
    public interface Runner {
        CopyReport run(CopyEngine engine, CopyPlan plan, Runnable afterFence);
    }

    private final KafkaClients clients;
    private final Consumer<String> diagnostics;
    private final Duration timeout;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

    public RedriveService(KafkaClients clients, Consumer<String> diagnostics, Duration timeout) {
        this.clients = clients;
        this.diagnostics = diagnostics;
        this.timeout = timeout;
    }

    /** A destination's partition count, asked once per topic; null for a topic that does not exist. */
    private final Function<String, Integer> partitionsOf = this::partitionCount;

    private Integer partitionCount(String topic) {
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
    }

    /** A --to-topic that does not exist is said before the DLQ is read: every record would be unroutable. */
    private void requireToTopic(Redrive.Options options) {
        if (options.toTopic() != null && !options.skip() && partitionsOf.apply(options.toTopic()) == null) {
            throw EvctlException.notFound("--to-topic '" + options.toTopic() + "' does not exist: create it, or"
                    + " leave --to-topic out to send each record back to its original topic");
        }
    }

    /**
     * What the options would do to the range now, from one read of the DLQ against the markers committed now. Changes
     * nothing.
     */
    public Counts preview(Redrive.Options options, OffsetSpec from, OffsetSpec to) {
        clients.describeTopic(options.dlq());
        requireToTopic(options);
        Map<Integer, NavigableSet<Long>> handled = DlqState.handled(clients, options.dlq());
        Redrive planner = new Redrive(options, partitionsOf, handled);
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> destinations = new TreeMap<>();
        Map<String, Long> classes = new TreeMap<>();
        new DlqInspector(clients).scan(options.dlq(), from, to, options.forced(), false, handled, e -> {
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
        return new Counts(outcomes, destinations, classes);
    }

    /**
     * The job of these options over the range: every redrive and skip of the DLQ writes with its
     * one transactional id; its marker topic is created here (a preview creates nothing).
     *
     * @param followEnd a re-run takes in records that arrived since (no --until)
     */
    public Prepared prepare(
            Redrive.Options options, String jobId, OffsetSpec from, OffsetSpec to, boolean followEnd, double rate) {
        clients.describeTopic(options.dlq());
        requireToTopic(options);
        Map<Integer, NavigableSet<Long>> handled =
                new HashMap<>(); // read once this run holds the DLQ's transactional id
        Redrive redrive = new Redrive(options, partitionsOf, handled);
        CopyJob job = new CopyJob(
                jobId,
                options.dlq(),
                List.of(),
                from,
                to,
                redrive.mapper(jobId),
                rate,
                true,
                followEnd,
                DlqState.writerOf(options.dlq()),
                null); // a redrive or skip keeps no range to compare: its job id names its selection
        CopyEngine engine = new CopyEngine(
                clients, clients, diagnostics, Duration.ofMinutes(2).plus(timeout));
        DlqState.ensureTopic(clients, options.dlq()); // the markers are written in the same transaction as the records
        return new Prepared(options.dlq(), jobId, engine, engine.plan(job, options.dlq()), redrive, handled);
    }

    /**
     * Runs the job. Once the run holds the DLQ's transactional id no other redrive or skip of it
     * can commit: the markers read then are final, and each record is decided against them.
     * Afterwards the DLQ's group is moved to the first unhandled offset of each partition.
     */
    public Result run(Prepared p, Runner runner) {
        Map<Integer, NavigableSet<Long>> handled = p.handled();
        CopyReport report = runner.run(p.engine(), p.plan(), () -> {
            Map<Integer, NavigableSet<Long>> now = DlqState.handled(clients, p.dlq());
            handled.clear();
            handled.putAll(now);
        });
        // the markers now: those read after fencing and this run's, all committed when the run completed
        Map<Integer, NavigableSet<Long>> after;
        if (report.complete()) {
            after = new HashMap<>(handled);
            p.redrive()
                    .marked()
                    .forEach((partition, set) -> after.computeIfAbsent(partition, q -> new TreeSet<>())
                            .addAll(set));
        } else {
            after = DlqState.handled(clients, p.dlq());
        }
        refreshGroup(p.dlq(), after);
        Map<String, Long> raw = p.redrive().counts();
        return new Result(report, Counts.of(raw), raw, p.redrive().heldBack());
    }

    private void refreshGroup(String dlq, Map<Integer, NavigableSet<Long>> handled) {
        int partitions = clients.describeTopic(dlq).partitions().size();
        Map<Integer, Long> beginning = new TreeMap<>();
        Map<Integer, Long> end = new TreeMap<>();
        GroupService groups = new GroupService(clients);
        List<TopicPartition> tps = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            tps.add(new TopicPartition(dlq, partition));
        }
        groups.beginningOffsets(tps).forEach((tp, o) -> beginning.put(tp.partition(), o));
        groups.endOffsets(tps).forEach((tp, o) -> end.put(tp.partition(), o));
        DlqState.advanceGroup(clients, dlq, beginning, end, handled);
    }
}
