package dev.evctl.copy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * A replay job run by any number of workers — threads of this process and other evctl processes
 * on any machine — with no coordinator of evctl's own: the workers join the job's consumer group
 * ({@code evctl-job-ID}), Kafka's group coordinator assigns them the source partitions, and each
 * worker copies its partitions in transactions that commit the source offsets with the group's
 * generation (KIP-447: {@code sendOffsetsToTransaction(offsets, consumer.groupMetadata())}). A
 * worker that lost its partitions in a rebalance — paused, cut off, or replaced after its session
 * timed out — can no longer commit: the coordinator refuses its generation, its transaction is
 * aborted, and the partition's new owner goes on from the last commit, which it reads stable
 * (it waits for a pending transactional commit to end).
 *
 * <p>The plan (the range per partition) is fixed once, by the first worker, as the group's
 * committed offsets before any worker joins: written in a transaction of the job's own
 * transactional id, which fences every earlier planner, and read back stable by every later one.
 * Every commit carries the job's {@link JobDefinition}, so a worker started with other options is
 * refused, and {@code replay status} reads the job from any machine.
 */
public final class JobWorkers {

    /** How long a killed worker holds its partitions before the group gives them to another. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    /** How long a killed worker's open transaction holds its partitions' last commit back. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long DONE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final KafkaClients clients;
    private final Consumer<String> diagnostics;
    private final Duration recoveryWindow;
    private volatile boolean stopRequested;
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final List<Thread> running = new CopyOnWriteArrayList<>();
    /** Opens every producer of the job (planner and workers): {@link KafkaClients#producer}; a test fails commits. */
    Function<Map<String, String>, KafkaProducer<byte[], byte[]>> producers;

    /** {@code clients}: the one cluster holding source and target (offsets and records commit in one transaction). */
    public JobWorkers(KafkaClients clients, Consumer<String> diagnostics, Duration recoveryWindow) {
        this.clients = clients;
        this.diagnostics = diagnostics;
        this.recoveryWindow = recoveryWindow;
        this.producers = clients::producer;
    }

    /** Asks the workers to commit what they copied, leave the group and end; waits up to {@code wait}. */
    public void stop(Duration wait) {
        stopRequested = true;
        long until = System.nanoTime() + wait.toNanos();
        for (Thread t : running) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ plan

    /**
     * The job's plan as every worker must run it: {@code proposed} when this is the first worker
     * (then committed as the group's offsets before anyone joins), else the plan the first worker
     * fixed, with its progress. Refuses a worker whose definition differs from the job's.
     */
    public CopyPlan fixPlan(CopyPlan proposed, JobDefinition definition) {
        long deadline = System.nanoTime() + recoveryWindow.toNanos();
        Random jitter = new Random();
        while (true) {
            try {
                return fixPlanOnce(proposed, definition, deadline);
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                // workers started together: another planner took the job's transactional id between this one's fence
                // and
                // its commit; try again after a random pause, and the plan one of them committed is read
                if (System.nanoTime() > deadline) {
                    throw KafkaErrors.translate(
                            e,
                            clients.connection(),
                            "fixing the plan of job '" + proposed.job().id() + "'");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50 + jitter.nextInt(450)));
            }
        }
    }

    private CopyPlan fixPlanOnce(CopyPlan proposed, JobDefinition definition, long deadline) {
        CopyJob job = proposed.job();
        List<TopicPartition> tps = proposed.partitions().stream()
                .map(p -> new TopicPartition(job.sourceTopic(), p.state().partition()))
                .toList();
        KafkaProducer<byte[], byte[]> planner = null;
        try {
            // the job's own transactional id: a planner (or a single-process run of the job) before this one is fenced,
            // and its plan, if it committed one, is complete before it is read below
            planner = openProducer(job.transactionalId(), deadline);
            Map<TopicPartition, OffsetAndMetadata> saved = stableCommitted(job, tps);
            if (saved.isEmpty()) {
                if (hasMembers(job)) {
                    throw EvctlException.badInput("job '" + job.id() + "' has workers in its group " + job.groupId()
                            + " but no plan: stop them (evctl replay status " + job.id()
                            + " lists them), then start again");
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                long now = System.currentTimeMillis();
                for (CopyPlan.Partition p : proposed.partitions()) {
                    offsets.put(
                            new TopicPartition(job.sourceTopic(), p.state().partition()),
                            new OffsetAndMetadata(p.state().next(), p.state().metadata(definition, now)));
                }
                planner.beginTransaction();
                planner.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(job.groupId()));
                planner.commitTransaction();
                return proposed;
            }
            JobDefinition fixed = saved.values().stream()
                    .map(om -> JobDefinition.parse(om.metadata()))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            requireSame(job, fixed, definition);
            if (!saved.keySet().equals(Set.copyOf(tps))) {
                throw EvctlException.usage("job '" + job.id() + "' was planned for partitions "
                        + new TreeSet<>(saved.keySet().stream()
                                .map(TopicPartition::partition)
                                .toList()) + " of "
                        + job.sourceTopic() + ", not "
                        + tps.stream().map(TopicPartition::partition).toList()
                        + " — use another --job-id for a new job");
            }
            List<CopyPlan.Partition> partitions = new ArrayList<>();
            for (CopyPlan.Partition p : proposed.partitions()) {
                TopicPartition tp =
                        new TopicPartition(job.sourceTopic(), p.state().partition());
                OffsetAndMetadata om = saved.get(tp);
                PartitionState s = PartitionState.parse(tp.partition(), om.offset(), om.metadata());
                partitions.add(s == null ? p : new CopyPlan.Partition(s, p.bytes(), -1));
            }
            return new CopyPlan(job, proposed.targetTopic(), true, partitions, proposed.notes());
        } catch (EvctlException | ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, clients.connection(), "fixing the plan of job '" + job.id() + "'");
        } finally {
            if (planner != null) {
                planner.close(Duration.ZERO);
            }
        }
    }

    /**
     * Refuses a worker whose definition differs from the one the job's plan was fixed with (a
     * job that has no plan yet, or ran without workers, takes any). Read without waiting: a plan
     * is checked again, stable, when it is fixed.
     */
    public void requireSameDefinition(CopyJob job, JobDefinition wanted) {
        JobDefinition fixed = committedNow(job.groupId()).values().stream()
                .map(om -> om == null ? null : JobDefinition.parse(om.metadata()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        requireSame(job, fixed, wanted);
    }

    private static void requireSame(CopyJob job, JobDefinition fixed, JobDefinition wanted) {
        if (fixed != null && !fixed.identity().equals(wanted.identity())) {
            throw EvctlException.usage("job '" + job.id() + "' is planned as " + fixed.describe()
                    + "; this worker asks for "
                    + wanted.source() + " → " + wanted.target() + ", --from " + wanted.from() + " --to " + wanted.to()
                    + " — start it with the job's options, or use another --job-id");
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> stableCommitted(CopyJob job, Collection<TopicPartition> tps) {
        try (KafkaConsumer<byte[], byte[]> reader = clients.committedOffsetsReader(job.groupId())) {
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            reader.committed(Set.copyOf(tps), clients.connection().timeout().plus(TRANSACTION_TIMEOUT))
                    .forEach((tp, om) -> {
                        if (om != null && PartitionState.parse(tp.partition(), om.offset(), om.metadata()) != null) {
                            out.put(tp, om);
                        }
                    });
            return out;
        }
    }

    /**
     * The group's committed offsets now, not waiting for a pending transactional commit (it is left at its last
     * commit).
     */
    private Map<TopicPartition, OffsetAndMetadata> committedNow(String groupId) {
        return committedNow(clients, groupId);
    }

    /**
     * A group's committed offsets now, not waiting for a pending transactional commit (shared with {@link
     * JobStatus}).
     */
    static Map<TopicPartition, OffsetAndMetadata> committedNow(KafkaClients clients, String groupId) {
        try {
            return clients.admin()
                    .listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().requireStable(false))
                    .partitionsToOffsetAndMetadata()
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), "reading the progress of group " + groupId);
        }
    }

    /** A group's description; null when the group does not exist (shared with {@link JobStatus}). */
    static ConsumerGroupDescription group(KafkaClients clients, String groupId) {
        try {
            return clients.admin()
                    .describeConsumerGroups(List.of(groupId))
                    .all()
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .get(groupId);
        } catch (Exception e) {
            if (KafkaErrors.unwrap(e) instanceof GroupIdNotFoundException) {
                return null;
            }
            throw KafkaErrors.translate(e, clients.connection(), "describing group " + groupId);
        }
    }

    /** True when the job's group has members: workers are running it. */
    public boolean hasMembers(CopyJob job) {
        ConsumerGroupDescription g = group(clients, job.groupId());
        return g != null && !g.members().isEmpty();
    }

    // ------------------------------------------------------------------ run

    /**
     * Runs {@code workers} workers of the job in this process until every partition of the plan is
     * done (whoever copied it) or {@link #stop} is asked; returns the job's report.
     */
    public CopyReport run(CopyPlan plan, JobDefinition definition, int workers, CopyEngine.Progress progress) {
        long started = System.nanoTime();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Worker> all = new ArrayList<>();
        String process = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < workers; i++) {
            Worker w = new Worker(plan, definition, process + "-" + i, progress);
            all.add(w);
            Thread t = new Thread(
                    () -> {
                        try {
                            w.run();
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            stopRequested = true;
                        }
                    },
                    "evctl-worker-" + i);
            running.add(t);
        }
        running.forEach(Thread::start);
        for (Thread t : List.copyOf(running)) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        CopyJob job = plan.job();
        Map<TopicPartition, OffsetAndMetadata> committed = committedNow(job.groupId());
        List<PartitionState> states = new ArrayList<>();
        for (CopyPlan.Partition p : plan.partitions()) {
            OffsetAndMetadata om = committed.get(
                    new TopicPartition(job.sourceTopic(), p.state().partition()));
            PartitionState s =
                    om == null ? null : PartitionState.parse(p.state().partition(), om.offset(), om.metadata());
            states.add(s == null ? p.state() : s);
        }
        boolean complete = states.stream().allMatch(PartitionState::done);
        boolean logAppendTime = all.stream().anyMatch(w -> w.pending != null && w.pending.logAppendTime());
        int recoveries = all.stream().mapToInt(w -> w.recoveries).sum();
        return new CopyReport(
                states,
                copied.get(),
                filtered.get(),
                complete,
                logAppendTime,
                recoveries,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private KafkaProducer<byte[], byte[]> openProducer(String transactionalId, long deadline) {
        Map<String, String> extra = Map.of(
                "client.id",
                "evctl-worker",
                "transactional.id",
                transactionalId,
                "transaction.timeout.ms",
                Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        while (true) {
            KafkaProducer<byte[], byte[]> p = producers.apply(extra);
            try {
                p.initTransactions();
                return p;
            } catch (KafkaException e) {
                p.close(Duration.ZERO);
                if (e instanceof AuthorizationException) {
                    throw EvctlException.connection("not allowed to use transactional id '" + transactionalId + "' on "
                            + clients.connection().bootstrapServers()
                            + ": grant the job's transactional ids (prefix evctl-job-)");
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                diagnostics.accept("waiting for the transaction coordinator: " + e.getMessage());
            }
        }
    }

    /** One worker: a member of the job's group copying the partitions the group gives it. */
    private final class Worker implements ConsumerRebalanceListener {
        private final CopyJob job;
        private final JobDefinition definition;
        private final Set<Integer> planned;
        private final String transactionalId;
        private final CopyEngine.Progress progress;
        private final Map<TopicPartition, PartitionState> owned = new HashMap<>();
        private KafkaConsumer<byte[], byte[]> consumer;
        private KafkaProducer<byte[], byte[]> producer;
        private Uncommitted pending;
        int recoveries;

        Worker(CopyPlan plan, JobDefinition definition, String name, CopyEngine.Progress progress) {
            this.job = plan.job();
            this.definition = definition;
            this.planned =
                    plan.partitions().stream().map(p -> p.state().partition()).collect(Collectors.toSet());
            this.transactionalId = job.groupId() + "-worker-" + name;
            this.progress = progress;
        }

        void run() {
            // --rate is the process's, shared by its workers
            pending = new Uncommitted(job, new Throttle(job.rate() / Math.max(1, running.size())));
            long deadline = deadline();
            try {
                producer = openProducer(transactionalId, deadline);
                consumer = joinGroup();
                long nextDoneCheck = 0;
                while (!stopRequested) {
                    try {
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                        for (TopicPartition tp : records.partitions()) {
                            PartitionState committed = owned.get(tp);
                            if (committed != null) {
                                pending.copy(tp, committed, records.records(tp), producer, consumer, stopRequested);
                            }
                        }
                        boolean moved = notePositions();
                        if (pending.due(records.isEmpty(), moved)) {
                            commit();
                        }
                        deadline = deadline();
                        if (System.nanoTime() >= nextDoneCheck
                                && pending.isEmpty()
                                && owned.values().stream().allMatch(PartitionState::done)) {
                            if (jobDone()) {
                                break;
                            }
                            nextDoneCheck = System.nanoTime() + DONE_CHECK_NANOS;
                        }
                    } catch (CommitFailedException | RebalanceInProgressException | FencedInstanceIdException e) {
                        // the group moved on without this worker: what it did not commit is aborted, the partitions'
                        // owner
                        // (this worker again after it rejoins, or another) goes on from the last commit
                        diagnostics.accept("worker " + transactionalId + ": "
                                + e.getClass().getSimpleName()
                                + " — its uncommitted records are dropped, the group's next owner "
                                + "resumes from the last commit");
                        resumeFromCommitted(deadline);
                    } catch (ProducerFencedException | InvalidProducerEpochException e) {
                        resumeFromCommitted(deadline);
                    } catch (EvctlException e) {
                        throw e;
                    } catch (KafkaException e) {
                        if (e instanceof AuthorizationException || System.nanoTime() > deadline) {
                            throw e;
                        }
                        recoveries++;
                        diagnostics.accept("recovering from: " + e.getMessage() + " — resuming from the last commit");
                        resumeFromCommitted(deadline);
                    }
                }
                if (!pending.isEmpty()) {
                    commit(); // stopped: keep what was written
                }
            } catch (EvctlException e) {
                throw e;
            } catch (RuntimeException e) {
                throw KafkaErrors.translate(
                        e,
                        clients.connection(),
                        "copying " + job.sourceTopic() + " (job '" + job.id()
                                + "'; re-run the same command to resume)");
            } finally {
                closeClients();
            }
        }

        /** A member of the job's group, subscribed to its source with this worker listening to its assignments. */
        private KafkaConsumer<byte[], byte[]> joinGroup() {
            KafkaConsumer<byte[], byte[]> member = clients.groupMember(
                    job.groupId(),
                    Map.of(
                            "client.id",
                            "evctl-worker",
                            "session.timeout.ms",
                            Long.toString(SESSION_TIMEOUT.toMillis()),
                            "heartbeat.interval.ms",
                            "1000",
                            "partition.assignment.strategy",
                            RangeAssignor.class.getName()));
            member.subscribe(List.of(job.sourceTopic()), this);
            return member;
        }

        private void closeClients() {
            if (consumer != null) {
                try {
                    consumer.close(
                            CloseOptions.timeout(Duration.ofSeconds(5))); // leaves the group: a rebalance at once
                } catch (RuntimeException ignored) {
                    // what was committed stands
                }
            }
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
        }

        private long deadline() {
            return System.nanoTime() + recoveryWindow.toNanos();
        }

        /** Every partition of the plan is done, by whichever worker: read from the group's committed offsets. */
        private boolean jobDone() {
            Map<TopicPartition, OffsetAndMetadata> committed = committedNow(job.groupId());
            for (int p : planned) {
                OffsetAndMetadata om = committed.get(new TopicPartition(job.sourceTopic(), p));
                PartitionState s = om == null ? null : PartitionState.parse(p, om.offset(), om.metadata());
                if (s == null || !s.done()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // still the owner (the generation is valid until this member rejoins): commit what was copied
            try {
                if (!pending.isEmpty()) {
                    commit();
                } else if (pending.inTransaction()) {
                    abort();
                }
            } catch (KafkaException e) {
                diagnostics.accept("worker " + transactionalId + ": could not commit before the rebalance ("
                        + e.getMessage() + ") — the partitions' next owner resumes from the last commit");
                abort();
            }
            partitions.forEach(owned::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            abort(); // another member may own them already: nothing of this transaction may commit
            partitions.forEach(owned::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> mine = new ArrayList<>();
            List<TopicPartition> idle = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                (planned.contains(tp.partition()) ? mine : idle).add(tp);
            }
            if (!idle.isEmpty()) {
                // outside the plan (--partition): assigned to someone, copied by no one; at their end, so they need no
                // offset
                consumer.seekToEnd(idle);
                consumer.pause(idle);
            }
            if (!mine.isEmpty()) {
                takeOver(mine);
            }
        }

        /** Reads the partitions' last commit (stable: a killed owner's open transaction ends first) and seeks there. */
        private void takeOver(Collection<TopicPartition> tps) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(
                    Set.copyOf(tps),
                    clients.connection().timeout().plus(TRANSACTION_TIMEOUT).plus(TRANSACTION_TIMEOUT));
            for (TopicPartition tp : tps) {
                OffsetAndMetadata om = committed.get(tp);
                PartitionState s = om == null ? null : PartitionState.parse(tp.partition(), om.offset(), om.metadata());
                if (s == null) {
                    throw EvctlException.badInput(
                            "job '" + job.id() + "' has no plan for " + tp + " in group " + job.groupId()
                                    + " (its offsets were deleted or reset): start the job again under another "
                                    + "--job-id");
                }
                owned.put(tp, s);
                if (s.done()) {
                    consumer.pause(List.of(tp));
                } else {
                    consumer.resume(List.of(tp));
                    consumer.seek(tp, s.next());
                }
            }
        }

        /** After an error: abort what is open and go on from what the partitions this worker holds last committed. */
        private void resumeFromCommitted(long deadline) {
            abort();
            while (true) {
                try {
                    Set<TopicPartition> mine = new HashSet<>(owned.keySet());
                    mine.retainAll(consumer.assignment());
                    owned.keySet().retainAll(mine);
                    if (!mine.isEmpty()) {
                        takeOver(mine);
                    }
                    return;
                } catch (EvctlException e) {
                    throw e;
                } catch (KafkaException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    diagnostics.accept("waiting for the cluster: " + e.getMessage());
                }
            }
        }

        /**
         * Ends an open transaction without committing it; a producer that cannot abort (a commit of it timed out, and
         * may yet land) is replaced.
         */
        private void abort() {
            if (!pending.clear()) {
                return;
            }
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException e) {
                // IllegalStateException: a commit that timed out may only be retried, never aborted; a new producer
                // under the same transactional id ends it either way (completed if the coordinator had it, aborted if
                // not), and the partitions' committed offsets, read next, say which
                producer.close(Duration.ZERO);
                producer = openProducer(transactionalId, deadline()); // fences and ends the transaction it left open
            }
        }

        private boolean notePositions() {
            boolean moved = false;
            for (Map.Entry<TopicPartition, PartitionState> e : owned.entrySet()) {
                if (!e.getValue().done()) {
                    moved |= pending.notePosition(
                            e.getKey(), e.getValue(), consumer.position(e.getKey(), Duration.ofMillis(0)));
                }
            }
            return moved;
        }

        private void commit() {
            long now = System.currentTimeMillis();
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            pending.partitions()
                    .forEach((tp, s) -> offsets.put(tp, new OffsetAndMetadata(s.next(), s.metadata(definition, now))));
            pending.beginForCommit(producer);
            // the group's generation goes with the offsets: a worker the group replaced is refused here
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            pending.committed();
            owned.putAll(pending.partitions());
            consumer.pause(pending.finished());
            long c = copied.addAndGet(pending.copied());
            long f = filtered.addAndGet(pending.filtered());
            pending.clear();
            synchronized (progress) {
                progress.update(c, f);
            }
        }
    }
}
