package dev.evctl.copy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.kafka.StateTopics;
import dev.evctl.core.tail.OffsetRange;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.topics.TopicService;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Copies a bounded range of a source topic exactly once, resumably.
 *
 * <p>Each batch of records is written in a Kafka transaction that also commits, for every source
 * partition, the next offset to copy (with the planned range and running counts in the offset's
 * metadata) under the job's consumer group on the target cluster. Readers with
 * {@code read_committed} see a batch's records exactly when the job's progress includes them, so a
 * run killed at any moment, re-run, neither loses nor duplicates a record: the new run's
 * producer, with the same transactional id, aborts the dead run's open transaction and the copy
 * resumes from the last commit. Broker and network errors are handled the same way within a run.
 */
public final class CopyEngine {

    /** Told after every commit: records written and filtered out by this run so far. */
    @FunctionalInterface
    public interface Progress {
        void update(long copiedThisRun, long filteredThisRun);
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClients source;
    private final KafkaClients target;
    private final Consumer<String> diagnostics;
    private final Duration recoveryWindow;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    /**
     * Progress kept as offsets of the job's group (one cluster) or as records of {@link #STATE_TOPIC} (two clusters).
     */
    private final boolean stateInTopic;

    /**
     * Where a job copying between two clusters keeps its progress on the target cluster: a
     * compacted topic written in the same transaction as the records (the target's group
     * coordinator refuses offsets for topics it does not have).
     */
    public static final String STATE_TOPIC = "evctl-job-state";

    /**
     * @param recoveryWindow how long a run keeps retrying after a broker or network error before it gives up
     *                       (it can always be resumed later)
     */
    public CopyEngine(KafkaClients source, KafkaClients target, Consumer<String> diagnostics, Duration recoveryWindow) {
        this.source = source;
        this.target = target;
        this.diagnostics = diagnostics;
        this.recoveryWindow = recoveryWindow;
        this.stateInTopic = source != target;
    }

    /** Asks a running copy to stop after committing its current batch, and waits up to {@code wait}. */
    public void stop(Duration wait) {
        stopRequested = true;
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ plan

    /**
     * The job's plan: its saved range and progress when it ran before, else the range resolved
     * against the source topic now. Changes nothing.
     */
    public CopyPlan plan(CopyJob job, String targetTopic) {
        int count = source.describeTopic(job.sourceTopic()).partitions().size();
        List<Integer> numbers = requestedPartitions(job, count);
        List<TopicPartition> tps = numbers.stream()
                .map(p -> new TopicPartition(job.sourceTopic(), p))
                .toList();
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            all.add(p);
        }
        Map<Integer, PartitionState> saved = loadState(job, all, false);
        List<String> notes = new ArrayList<>();
        Map<Integer, Long> counted = new HashMap<>();
        List<PartitionState> states;
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            states = saved.isEmpty() ? fresh(job, tps, c, notes, counted) : resumed(job, saved, numbers, tps, c);
        } catch (EvctlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, source.connection(), "planning the copy of " + job.sourceTopic());
        }
        Map<Integer, Long> bytes = estimateBytes(job.sourceTopic(), states);
        List<CopyPlan.Partition> partitions = states.stream()
                .map(s -> new CopyPlan.Partition(
                        s, bytes.getOrDefault(s.partition(), -1L), counted.getOrDefault(s.partition(), -1L)))
                .toList();
        return new CopyPlan(job, targetTopic, !saved.isEmpty(), partitions, notes);
    }

    /** The partitions a job names (all of the topic's when it names none), each checked to exist. */
    private static List<Integer> requestedPartitions(CopyJob job, int count) {
        List<Integer> numbers = new ArrayList<>();
        if (job.partitions().isEmpty()) {
            for (int p = 0; p < count; p++) {
                numbers.add(p);
            }
            return numbers;
        }
        for (int p : job.partitions()) {
            if (p < 0 || p >= count) {
                throw EvctlException.notFound("partition " + p + " does not exist: topic '" + job.sourceTopic()
                        + "' has " + count + " partition" + (count == 1 ? " (0)" : "s (0-" + (count - 1) + ")"));
            }
            numbers.add(p);
        }
        return numbers;
    }

    /**
     * A job that has run before: its saved ranges (a following job's end moved to the end now), refused when this
     * run asks for another range or other partitions, or when retention deleted records it has still to copy.
     */
    private List<PartitionState> resumed(
            CopyJob job,
            Map<Integer, PartitionState> saved,
            List<Integer> numbers,
            List<TopicPartition> tps,
            KafkaConsumer<byte[], byte[]> c) {
        String planned = job.range() == null ? null : storedRange(job);
        if (planned != null && !planned.equals(job.range())) {
            throw EvctlException.usage("job '" + job.id() + "' was planned as " + planned + "; this run asks"
                    + " for " + job.range() + " — run it with the job's range to resume it, or use another"
                    + " --job-id for a new job");
        }
        if (!saved.keySet().equals(new TreeSet<>(numbers))) {
            throw EvctlException.usage("job '" + job.id() + "' was planned for partitions "
                    + new TreeSet<>(saved.keySet()) + " of " + job.sourceTopic() + ", not " + numbers
                    + " — use another --job-id for a new job");
        }
        Map<TopicPartition, Long> beginning =
                c.beginningOffsets(tps, source.connection().timeout());
        Map<TopicPartition, Long> endNow =
                job.followEnd() ? c.endOffsets(tps, source.connection().timeout()) : Map.of();
        List<PartitionState> states = new ArrayList<>();
        for (TopicPartition tp : tps) {
            PartitionState s = saved.get(tp.partition());
            if (job.followEnd() && endNow.get(tp) > s.end()) {
                s = new PartitionState(s.partition(), s.start(), endNow.get(tp), s.next(), s.copied(), s.filtered());
            }
            if (!s.done() && s.next() < beginning.get(tp)) {
                throw EvctlException.badInput("job '" + job.id() + "' cannot resume: " + tp
                        + " now begins at offset " + beginning.get(tp) + " and the records from " + s.next()
                        + " were deleted by retention");
            }
            states.add(s);
        }
        return states;
    }

    /**
     * A new job: its range resolved on each partition now (a {@code --to} past the end stops at the end, with a
     * note); {@code counted} gets the exact record count where the range knows it.
     */
    private List<PartitionState> fresh(
            CopyJob job,
            List<TopicPartition> tps,
            KafkaConsumer<byte[], byte[]> c,
            List<String> notes,
            Map<Integer, Long> counted) {
        OffsetRange range = OffsetRange.resolve(
                c, tps, job.from(), job.to(), false, source.connection().timeout());
        List<PartitionState> states = new ArrayList<>();
        for (TopicPartition tp : tps) {
            long b = range.beginning().get(tp);
            if (job.from() instanceof OffsetSpec.Absolute a && a.offset() < b) {
                throw EvctlException.badInput("the range starts at offset " + a.offset() + " but " + tp + " begins at "
                        + b + ": the records before were deleted by retention (use --from "
                        + "beginning or a later offset)");
            }
            long start = range.start().get(tp);
            long end =
                    Math.max(start, Math.min(range.stop().get(tp), range.end().get(tp)));
            if (range.stop().get(tp) > range.end().get(tp) && job.to() instanceof OffsetSpec.Absolute) {
                notes.add(tp + ": --to is past the end; the range stops at the end seen now ("
                        + range.end().get(tp) + ")");
            }
            states.add(new PartitionState(tp.partition(), start, end, start, 0, 0));
            Long records = range.records().get(tp);
            if (records != null && end == range.end().get(tp)) {
                counted.put(tp.partition(), records);
            }
        }
        return states;
    }

    /**
     * The job's saved state per source partition; empty for a new job. Read only after this run's
     * producer fenced every earlier holder of the job's transactional id (or for a plan, which a
     * run reads again after fencing): then no transaction of the job is open and what is read is
     * everything the job ever committed.
     *
     * <p>One cluster: the group's committed offsets, through a consumer asking for stable offsets
     * (it waits while a transactional offset commit is pending; the admin client would leave that
     * partition out, and a job would look new). Two clusters: the job's own state topic on the
     * target, read with read_committed to its end; only this job's transactional id writes there,
     * so no other job's open transaction can hold its stable end back.
     */
    private Map<Integer, PartitionState> loadState(CopyJob job, Collection<Integer> sourcePartitions, boolean fenced) {
        if (stateInTopic) {
            return loadStateTopic(job);
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        Set<TopicPartition> tps = new HashSet<>();
        for (int p : sourcePartitions) {
            tps.add(new TopicPartition(job.sourceTopic(), p));
        }
        try {
            if (fenced) {
                try (KafkaConsumer<byte[], byte[]> reader = target.committedOffsetsReader(job.groupId())) {
                    committed = reader.committed(tps, target.connection().timeout());
                }
            } else {
                // a plan's view: what is committed now, not waiting for a transaction a killed run left open (it
                // would wait until the transaction times out); the run reads again once it has fenced that run
                committed = target.admin()
                        .listConsumerGroupOffsets(
                                job.groupId(), new ListConsumerGroupOffsetsOptions().requireStable(false))
                        .partitionsToOffsetAndMetadata()
                        .get(target.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            throw KafkaErrors.translate(e, target.connection(), "reading the progress of job '" + job.id() + "'");
        }
        Map<Integer, PartitionState> out = new TreeMap<>();
        committed.forEach((tp, om) -> {
            if (om != null && tp.topic().equals(job.sourceTopic())) {
                PartitionState s = PartitionState.parse(tp.partition(), om.offset(), om.metadata());
                if (s != null) {
                    out.put(tp.partition(), s);
                }
            }
        });
        return out;
    }

    /** The range as written that the job's progress keeps (a job begun before it was kept: null). */
    private String storedRange(CopyJob job) {
        try {
            if (stateInTopic) {
                String[] found = {null};
                for (String topic : List.of(job.stateTopic(), STATE_TOPIC)) {
                    StateTopics.readCommitted(target, topic, target.connection().timeout(), r -> {
                        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                        if (r.value() != null && key.startsWith(job.id() + "/" + job.sourceTopic() + "/")) {
                            String range = PartitionState.rangeOf(new String(r.value(), StandardCharsets.UTF_8));
                            found[0] = range != null ? range : found[0];
                        }
                    });
                    if (found[0] != null) {
                        return found[0];
                    }
                }
                return null;
            }
            return target
                    .admin()
                    .listConsumerGroupOffsets(job.groupId(), new ListConsumerGroupOffsetsOptions().requireStable(false))
                    .partitionsToOffsetAndMetadata()
                    .get(target.connection().timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .values()
                    .stream()
                    .filter(Objects::nonNull)
                    .map(om -> PartitionState.rangeOf(om.metadata()))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        } catch (Exception e) {
            throw KafkaErrors.translate(e, target.connection(), "reading the plan of job '" + job.id() + "'");
        }
    }

    /**
     * The job's latest committed state records: from its own state topic, or, for a job begun
     * before jobs had one, from the shared {@link #STATE_TOPIC}. Creates nothing.
     */
    private Map<Integer, PartitionState> loadStateTopic(CopyJob job) {
        Map<Integer, PartitionState> own = readStateTopic(job, job.stateTopic());
        return own != null ? own : Objects.requireNonNullElse(readStateTopic(job, STATE_TOPIC), new TreeMap<>());
    }

    /** The job's state records in {@code topic}; null when the topic does not exist. */
    private Map<Integer, PartitionState> readStateTopic(CopyJob job, String topic) {
        Map<Integer, PartitionState> out = new TreeMap<>();
        String prefix = job.id() + "/";
        try {
            boolean exists =
                    StateTopics.readCommitted(target, topic, target.connection().timeout(), r -> {
                        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                        if (!key.startsWith(prefix)
                                || !key.substring(prefix.length()).startsWith(job.sourceTopic() + "/")) {
                            return;
                        }
                        int partition = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
                        PartitionState s = r.value() == null
                                ? null
                                : PartitionState.parseRecord(partition, new String(r.value(), StandardCharsets.UTF_8));
                        if (s != null) {
                            out.put(partition, s);
                        }
                    });
            return exists ? out : null;
        } catch (Exception e) {
            throw KafkaErrors.translate(
                    e, target.connection(), "reading the progress of job '" + job.id() + "' from " + topic);
        }
    }

    /** Bytes left per partition: the partition's size on disk times the share of its records left to copy. */
    private Map<Integer, Long> estimateBytes(String topic, List<PartitionState> states) {
        Map<Integer, Long> out = new HashMap<>();
        try {
            var admin = source.admin();
            List<Integer> brokers = admin
                    .describeCluster()
                    .nodes()
                    .get(source.connection().timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .stream()
                    .map(n -> n.id())
                    .toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers)
                    .allDescriptions()
                    .get(source.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> sizes = new HashMap<>();
            dirs.values()
                    .forEach(byDir -> byDir.values()
                            .forEach(d -> d.replicaInfos().forEach((tp, info) -> {
                                if (tp.topic().equals(topic) && !info.isFuture()) {
                                    sizes.merge(tp.partition(), info.size(), Math::max);
                                }
                            })));
            try (KafkaConsumer<byte[], byte[]> c = consumer()) {
                List<TopicPartition> tps = states.stream()
                        .map(s -> new TopicPartition(topic, s.partition()))
                        .toList();
                Map<TopicPartition, Long> b =
                        c.beginningOffsets(tps, source.connection().timeout());
                Map<TopicPartition, Long> e =
                        c.endOffsets(tps, source.connection().timeout());
                for (PartitionState s : states) {
                    TopicPartition tp = new TopicPartition(topic, s.partition());
                    long records = e.get(tp) - b.get(tp);
                    Long size = sizes.get(s.partition());
                    if (size != null) {
                        out.put(s.partition(), records <= 0 ? 0 : Math.round((double) size * s.remaining() / records));
                    }
                }
            }
        } catch (Exception e) {
            // no DescribeLogDirs permission, say: the estimate is unknown, the plan still stands
        }
        return out;
    }

    // ------------------------------------------------------------------ run

    /** Runs the plan to the end of its range (or until {@link #stop}); re-running a finished plan copies nothing. */
    public CopyReport run(CopyPlan plan, Progress progress) {
        return run(plan, progress, () -> {});
    }

    /**
     * As {@link #run(CopyPlan, Progress)}; {@code afterFence} runs once this run holds the job's
     * transactional id (every earlier writer fenced, its open transaction ended) and before the
     * first record is read: state the mapper keeps beside the job's own (a DLQ's handled
     * markers) is read there, when no other writer can change it any more.
     */
    public CopyReport run(CopyPlan plan, Progress progress, Runnable afterFence) {
        long started = System.nanoTime();
        try {
            return new Run(plan, progress, afterFence).execute(started);
        } finally {
            finished.countDown();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return source.consumer(
                Map.of("isolation.level", "read_committed", "max.poll.records", "10000", "client.id", "evctl-copy"));
    }

    /** One run of a plan: the consumer, the producer and the progress not yet committed. */
    private final class Run {
        private final CopyPlan plan;
        private final CopyJob job;
        private final Progress progress;
        private final Map<TopicPartition, PartitionState> state = new LinkedHashMap<>();
        private final ConsumerGroupMetadata group;
        private KafkaConsumer<byte[], byte[]> consumer;
        private KafkaProducer<byte[], byte[]> producer;
        private long copiedThisRun;
        private long filteredThisRun;
        private Uncommitted pending;
        private int recoveries;
        /** The run held the job's transactional id: from here a cluster that goes away is a stop, not "cannot reach". */
        private boolean begun;

        private final Runnable afterFence;

        Run(CopyPlan plan, Progress progress, Runnable afterFence) {
            this.plan = plan;
            this.job = plan.job();
            this.progress = progress;
            this.afterFence = afterFence;
            this.group = new ConsumerGroupMetadata(job.groupId());
            for (CopyPlan.Partition p : plan.partitions()) {
                state.put(new TopicPartition(job.sourceTopic(), p.state().partition()), p.state());
            }
        }

        CopyReport execute(long started) {
            pending = new Uncommitted(job, new Throttle(job.rate()));
            try {
                consumer = consumer();
                if (!plan.finished()) {
                    // Fence first, read second: the plan's view of the progress was read before this run held the
                    // transactional id, and another run of the job may have committed since (or was killed mid-commit).
                    producer = openProducer(deadline());
                    begun = true;
                    if (stateInTopic) {
                        new TopicService(target)
                                .create(
                                        job.stateTopic(),
                                        1,
                                        Optional.empty(),
                                        Map.of("cleanup.policy", "compact"),
                                        true);
                    }
                    Map<Integer, PartitionState> saved = loadState(job, partitionsOfPlan(), true);
                    adopt(saved);
                    afterFence.run();
                    if (saved.isEmpty()) {
                        saveInitialPlan();
                    }
                    seekToState();
                    loop();
                }
            } catch (EvctlException e) {
                throw resumable(e);
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw fenced();
            } catch (RuntimeException e) {
                throw resumable(KafkaErrors.translate(
                        e,
                        target.connection(),
                        "copying " + job.sourceTopic() + " (job '" + job.id()
                                + "'; re-run the same command to resume)"));
            } finally {
                if (producer != null) {
                    producer.close(Duration.ZERO);
                }
                if (consumer != null) {
                    consumer.close(CloseOptions.timeout(Duration.ZERO));
                }
            }
            boolean complete = state.values().stream().allMatch(PartitionState::done);
            return new CopyReport(
                    new ArrayList<>(state.values()),
                    copiedThisRun,
                    filteredThisRun,
                    complete,
                    pending.logAppendTime(),
                    recoveries,
                    Duration.ofNanos(System.nanoTime() - started));
        }

        private EvctlException fenced() {
            return new EvctlException(
                    EvctlException.Kind.PARTIAL,
                    "job '" + job.id() + "' was taken over by another run that writes as "
                            + job.transactionalId()
                            + " (it fenced this one); what this run committed stands — let that run finish,"
                            + " or re-run to resume");
        }

        /**
         * A cluster that stays away past the recovery window once the copy has begun is a stop,
         * not a failure to start: what was committed stands and a re-run resumes (exit 5, as
         * documented), where a cluster unreachable from the start is a connection error (exit 3).
         */
        private EvctlException resumable(EvctlException e) {
            if (!begun || e.kind() != EvctlException.Kind.CONNECTION) {
                return e; // (a recovery that could not open a new producer has begun all the same)
            }
            String message = e.getMessage().contains("re-run")
                    ? e.getMessage()
                    : e.getMessage() + " — re-run the same command to resume";
            return new EvctlException(EvctlException.Kind.PARTIAL, message, e);
        }

        private List<Integer> partitionsOfPlan() {
            return state.keySet().stream().map(TopicPartition::partition).toList();
        }

        /**
         * Takes the progress read after fencing as this run's starting point: the same plan (its
         * range was fixed by the first run), further along when another run committed since.
         */
        private void adopt(Map<Integer, PartitionState> saved) {
            if (saved.isEmpty()) {
                return;
            }
            if (!saved.keySet().equals(new TreeSet<>(partitionsOfPlan()))) {
                throw EvctlException.usage("job '" + job.id() + "' was planned for partitions "
                        + new TreeSet<>(saved.keySet()) + " of " + job.sourceTopic() + ", not "
                        + partitionsOfPlan() + " — use another --job-id for a new job");
            }
            saved.forEach((p, s) -> {
                TopicPartition tp = new TopicPartition(job.sourceTopic(), p);
                PartitionState planned = state.get(tp);
                if (job.followEnd() && planned.end() > s.end()) {
                    s = new PartitionState(s.partition(), s.start(), planned.end(), s.next(), s.copied(), s.filtered());
                }
                state.put(tp, s);
            });
        }

        private long deadline() {
            return System.nanoTime() + recoveryWindow.toNanos();
        }

        private KafkaProducer<byte[], byte[]> openProducer(long deadline) {
            Map<String, String> extra = new HashMap<>(Map.of("client.id", "evctl-copy"));
            if (job.transactional()) {
                extra.put("transactional.id", job.transactionalId());
                extra.put("transaction.timeout.ms", "60000");
            }
            while (true) {
                KafkaProducer<byte[], byte[]> p = target.producer(extra);
                if (!job.transactional()) {
                    return p;
                }
                try {
                    // aborts (or completes) whatever an earlier run of this job left open
                    p.initTransactions();
                    return p;
                } catch (TransactionalIdAuthorizationException e) {
                    p.close(Duration.ZERO);
                    throw EvctlException.connection("not allowed to use transactional id '" + job.transactionalId()
                            + "' on " + target.connection().bootstrapServers()
                            + "; grant it, or run with --no-transactions (at least once)");
                } catch (KafkaException e) {
                    p.close(Duration.ZERO);
                    if (e instanceof AuthorizationException || System.nanoTime() > deadline) {
                        throw e;
                    }
                    diagnostics.accept("waiting for the transaction coordinator: " + e.getMessage());
                }
            }
        }

        /** Commits the planned ranges before the first record, so every later run resumes the same plan. */
        private void saveInitialPlan() {
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            state.forEach((tp, s) -> offsets.put(tp, new OffsetAndMetadata(s.next(), s.metadata(job.range()))));
            commitOffsets(offsets);
        }

        private void seekToState() {
            List<TopicPartition> active = state.entrySet().stream()
                    .filter(e -> !e.getValue().done())
                    .map(Map.Entry::getKey)
                    .toList();
            consumer.assign(active);
            for (TopicPartition tp : active) {
                consumer.seek(tp, state.get(tp).next());
            }
        }

        private void loop() {
            long deadline = deadline();
            while (!stopRequested && state.values().stream().anyMatch(s -> !s.done())) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    for (TopicPartition tp : records.partitions()) {
                        pending.copy(tp, state.get(tp), records.records(tp), producer, consumer, stopRequested);
                    }
                    boolean moved = notePositions();
                    if (pending.due(records.isEmpty(), moved)) {
                        commit();
                        deadline = deadline();
                    }
                } catch (ProducerFencedException | InvalidProducerEpochException | EvctlException e) {
                    throw e;
                } catch (KafkaException e) {
                    if (e instanceof AuthorizationException || System.nanoTime() > deadline) {
                        throw e;
                    }
                    recover(e, deadline);
                }
            }
            if (!pending.isEmpty()) {
                commit(); // stopped: keep what was written
            }
        }

        /** Records where each partition's position now is (past transaction markers too); true when any moved. */
        private boolean notePositions() {
            boolean moved = false;
            for (TopicPartition tp : consumer.assignment()) {
                moved |= pending.notePosition(tp, state.get(tp), consumer.position(tp, Duration.ofMillis(0)));
            }
            return moved;
        }

        private void commit() {
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            pending.partitions()
                    .forEach((tp, s) -> offsets.put(tp, new OffsetAndMetadata(s.next(), s.metadata(job.range()))));
            commitOffsets(offsets);
            state.putAll(pending.partitions());
            consumer.pause(pending.finished());
            copiedThisRun += pending.copied();
            filteredThisRun += pending.filtered();
            pending.clear();
            progress.update(copiedThisRun, filteredThisRun);
        }

        /** Records sent since the last commit and the new offsets become visible together, or not at all. */
        private void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (job.transactional()) {
                pending.beginForCommit(producer);
                if (stateInTopic) {
                    sendStateRecords(offsets);
                } else {
                    producer.sendOffsetsToTransaction(offsets, group);
                }
                producer.commitTransaction();
                pending.committed();
            } else if (stateInTopic) {
                sendStateRecords(offsets);
                producer.flush();
                pending.committed();
            } else {
                producer.flush();
                pending.committed();
                try {
                    target.admin()
                            .alterConsumerGroupOffsets(job.groupId(), offsets)
                            .all()
                            .get(target.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    Throwable cause = KafkaErrors.unwrap(e);
                    throw cause instanceof KafkaException ke ? ke : new KafkaException(cause);
                }
            }
        }

        private void sendStateRecords(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.forEach((tp, om) -> {
                PartitionState s = PartitionState.parse(tp.partition(), om.offset(), om.metadata());
                producer.send(
                        new ProducerRecord<>(
                                job.stateTopic(),
                                0,
                                (job.id() + "/" + tp.topic() + "/" + tp.partition()).getBytes(StandardCharsets.UTF_8),
                                s.record(job.range()).getBytes(StandardCharsets.UTF_8)),
                        pending.onFailure());
            });
        }

        /**
         * After a broker or network error: drop the producer (a new one with the same
         * transactional id aborts whatever was open), read the last committed progress back and
         * continue from there.
         */
        private void recover(KafkaException cause, long deadline) {
            recoveries++;
            diagnostics.accept("recovering from: " + cause.getMessage() + " — resuming from the last commit");
            producer.close(Duration.ZERO);
            producer = null;
            pending.clear();
            producer = openProducer(deadline);
            while (true) {
                try {
                    Map<Integer, PartitionState> saved = loadState(job, partitionsOfPlan(), true);
                    if (saved.isEmpty()) {
                        // the plan's first commit never landed: the run starts over
                        saveInitialPlan();
                    } else {
                        adopt(saved);
                    }
                    break;
                } catch (EvctlException | KafkaException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    diagnostics.accept("waiting for the cluster: " + e.getMessage());
                }
            }
            seekToState();
        }
    }
}
