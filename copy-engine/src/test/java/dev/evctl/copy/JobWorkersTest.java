package dev.evctl.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.topics.TopicService;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A job's workers without a command line: one plan for all, only the planned partitions, a stop and a resume. */
@Tag("integration")
class JobWorkersTest {

    private KafkaClients clients;
    private ReplayService service;
    private String source;
    private String target;

    @BeforeEach
    void setUp() {
        clients = new KafkaClients(new Connection(
                SharedBroker.bootstrapServers(),
                Map.of(),
                Duration.ofSeconds(30),
                "test",
                new SecretReferences(Map.of())));
        service = new ReplayService(clients, null, m -> {}, Duration.ofSeconds(30));
        source = "workers-src-" + UUID.randomUUID().toString().substring(0, 8);
        target = source.replace("-src-", "-dst-");
        new TopicService(clients).create(source, 3, Optional.empty(), Map.of(), false);
        new TopicService(clients).create(target, 3, Optional.empty(), Map.of(), false);
        produce(0, 3_000);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private void produce(int from, int to) {
        try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of())) {
            for (int i = from; i < to; i++) {
                p.send(new ProducerRecord<>(
                        source,
                        i % 3,
                        1_600_000_000_000L + i,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private ReplayService.Request request(String job, List<Integer> partitions, String to, double rate) {
        return new ReplayService.Request(
                source,
                target,
                partitions,
                ReplayService.Range.parse("beginning", to),
                ReplayService.PartitionMapping.same,
                null,
                "none",
                false,
                rate,
                true,
                job,
                false,
                false,
                false);
    }

    /** The target's committed records as "partition|key|value", sorted. */
    private List<String> targetRecords() {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of("isolation.level", "read_committed"))) {
            List<TopicPartition> tps = List.of(
                    new TopicPartition(target, 0), new TopicPartition(target, 1), new TopicPartition(target, 2));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.partition() + "|" + new String(r.key(), StandardCharsets.UTF_8) + "|"
                            + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> expected(int from, int to, List<Integer> partitions) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (partitions.contains(i % 3)) {
                out.add(i % 3 + "|k" + i + "|v" + i);
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void workersStartedTogetherAllRunThePlanTheFirstFixedEvenAsTheSourceGrows() throws Exception {
        String job = "together-" + UUID.randomUUID().toString().substring(0, 8);
        // four workers plan at different moments of a growing source: their own plans differ
        List<ReplayService.Prepared> plans = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            plans.add(service.prepare(request(job, List.of(), "end", 0)));
            produce(3_000 + i * 300, 3_300 + i * 300);
        }
        assertTrue(plans.get(3).plan().remainingRecords() > plans.get(0).plan().remainingRecords());
        JobDefinition definition = ReplayService.definition(plans.get(0).request());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CopyPlan>> fixed = new ArrayList<>();
            for (ReplayService.Prepared p : plans) {
                fixed.add(pool.submit(() -> {
                    go.await();
                    return service.workers(p).fixPlan(p.plan(), definition);
                }));
            }
            go.countDown();
            List<Long> ends = new ArrayList<>();
            for (Future<CopyPlan> f : fixed) {
                ends.add(f.get(60, TimeUnit.SECONDS).partitions().stream()
                        .mapToLong(p -> p.state().end())
                        .sum());
            }
            assertEquals(1, ends.stream().distinct().count(), "the workers disagree on the plan: " + ends);
            long planned = ends.get(0);
            assertTrue(
                    plans.stream().anyMatch(p -> p.plan().remainingRecords() == planned),
                    "no worker's own plan won: " + ends);

            CopyPlan plan = service.workers(plans.get(0)).fixPlan(plans.get(0).plan(), definition);
            CopyReport report = service.workers(plans.get(0)).run(plan, definition, 2, (c, f) -> {});
            assertTrue(report.complete());
            assertEquals(planned, report.copied());
            assertEquals(
                    expected(0, (int) planned, List.of(0, 1, 2)).size(),
                    targetRecords().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyThePlannedPartitionsAreCopiedAndAnotherRangeIsRefused() {
        String job = "subset-" + UUID.randomUUID().toString().substring(0, 8);
        ReplayService.Prepared p = service.prepare(request(job, List.of(0, 2), "end", 0));
        JobDefinition definition = ReplayService.definition(p.request());
        JobWorkers workers = service.workers(p);
        CopyPlan plan = workers.fixPlan(p.plan(), definition);
        CopyReport report = workers.run(plan, definition, 3, (c, f) -> {});
        assertTrue(report.complete());
        assertEquals(2_000, report.copied());
        assertEquals(expected(0, 3_000, List.of(0, 2)), targetRecords());

        ReplayService.Prepared other = service.prepare(request(job, List.of(0, 2), "100", 0));
        EvctlException refused = assertThrows(
                EvctlException.class,
                () -> service.workers(other)
                        .requireSameDefinition(other.plan().job(), ReplayService.definition(other.request())));
        assertEquals(EvctlException.Kind.USAGE, refused.kind());
        assertTrue(
                refused.getMessage().contains("--from beginning --to end")
                        && refused.getMessage().contains("--to 100"),
                refused.getMessage());
    }

    @Test
    void stoppedWorkersLeaveTheirCommitsAndTheNextRunFinishesExactly() throws Exception {
        String job = "stop-" + UUID.randomUUID().toString().substring(0, 8);
        ReplayService.Prepared p = service.prepare(request(job, List.of(), "end", 600));
        JobDefinition definition = ReplayService.definition(p.request());
        JobWorkers workers = service.workers(p);
        CopyPlan plan = workers.fixPlan(p.plan(), definition);
        CountDownLatch someCopied = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CopyReport> run = pool.submit(() -> workers.run(plan, definition, 2, (copied, filtered) -> {
                if (copied >= 500) {
                    someCopied.countDown();
                }
            }));
            assertTrue(someCopied.await(60, TimeUnit.SECONDS));
            workers.stop(Duration.ofSeconds(30));
            CopyReport stopped = run.get(60, TimeUnit.SECONDS);
            assertFalse(
                    stopped.complete(),
                    "copied " + stopped.copied() + " this run " + stopped.copiedThisRun() + " in " + stopped.elapsed());
            assertTrue(stopped.copied() >= 500 && stopped.copied() < 3_000, "copied " + stopped.copied());
        } finally {
            pool.shutdownNow();
        }
        ReplayService.Prepared again = service.prepare(request(job, List.of(), "end", 0));
        assertTrue(again.plan().resumed());
        JobWorkers next = service.workers(again);
        CopyReport finished = next.run(next.fixPlan(again.plan(), definition), definition, 2, (c, f) -> {});
        assertTrue(finished.complete());
        assertEquals(3_000, finished.copied());
        assertEquals(expected(0, 3_000, List.of(0, 1, 2)), targetRecords());
    }

    /**
     * A commit that times out (EndTxn unanswered within max.block.ms: seen in CI when a frozen worker woke) leaves the
     * client able only to retry it, never to abort: the worker replaces its producer, whose new epoch ends the
     * transaction as the coordinator has it, and goes on from the committed offsets. Both ways it can end: the commit
     * landed (its records must not be copied again) or it did not (they must be).
     */
    @ParameterizedTest(name = "the timed-out commit landed: {0}")
    @ValueSource(booleans = {true, false})
    void aCommitThatTimesOutIsSettledByTheCoordinatorNeitherLostNorCopiedTwice(boolean landed) throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        ReplayService watched = new ReplayService(clients, null, said::add, Duration.ofSeconds(30));
        String job = "timeout-" + UUID.randomUUID().toString().substring(0, 8);
        ReplayService.Prepared p = watched.prepare(request(job, List.of(), "end", 1_500));
        JobDefinition definition = ReplayService.definition(p.request());
        JobWorkers workers = watched.workers(p);
        AtomicInteger commits = new AtomicInteger();
        workers.producers = extra -> new CommitTimesOut(extra, commits, landed);
        CopyReport report = workers.run(workers.fixPlan(p.plan(), definition), definition, 2, (c, f) -> {});
        assertTrue(commits.get() > CommitTimesOut.FAILING, "only " + commits.get() + " commits: none timed out");
        assertTrue(said.stream().anyMatch(m -> m.contains("EndTxn")), String.join("\n", said));
        assertTrue(report.complete());
        assertEquals(3_000, report.copied());
        assertEquals(expected(0, 3_000, List.of(0, 1, 2)), targetRecords());
    }

    /**
     * A real producer whose third commit (the planner's is the first) times out as the client does: the commit
     * landed or not, and the client refuses to abort afterwards.
     */
    private static final class CommitTimesOut extends KafkaProducer<byte[], byte[]> {
        static final int FAILING = 3;
        private final AtomicInteger commits;
        private final boolean landed;
        private boolean timedOut;

        CommitTimesOut(Map<String, String> extra, AtomicInteger commits, boolean landed) {
            super(properties(extra));
            this.commits = commits;
            this.landed = landed;
        }

        private static Properties properties(Map<String, String> extra) {
            Properties p = new Properties();
            p.put("bootstrap.servers", SharedBroker.bootstrapServers());
            p.put("key.serializer", ByteArraySerializer.class.getName());
            p.put("value.serializer", ByteArraySerializer.class.getName());
            p.put("enable.idempotence", "true");
            p.put("acks", "all");
            p.putAll(extra);
            return p;
        }

        @Override
        public void commitTransaction() {
            if (commits.incrementAndGet() == FAILING) {
                if (landed) {
                    super.commitTransaction();
                }
                timedOut = true;
                throw new TimeoutException("Timeout expired after 10000ms while awaiting EndTxn(true)");
            }
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            if (timedOut) {
                throw new IllegalStateException("Cannot attempt operation `abortTransaction` because the previous "
                        + "call to `commitTransaction` timed out and must be retried");
            }
            super.abortTransaction();
        }
    }
}
