package dev.evctl.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.topics.TopicService;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The copy engine on the real broker: exact copies, resume, and a finished job copying nothing. */
@Tag("integration")
class CopyEngineTest {

    private KafkaClients clients;
    private String sourceTopic;
    private String targetTopic;

    @BeforeEach
    void setUp() throws Exception {
        clients = new KafkaClients(new Connection(
                SharedBroker.bootstrapServers(),
                Map.of(),
                Duration.ofSeconds(30),
                "test",
                new SecretReferences(Map.of())));
        String run = UUID.randomUUID().toString().substring(0, 8);
        sourceTopic = "copy-src-" + run;
        targetTopic = "copy-dst-" + run;
        TopicService topics = new TopicService(clients);
        topics.create(sourceTopic, 3, Optional.empty(), Map.of(), false);
        topics.create(targetTopic, 3, Optional.empty(), Map.of(), false);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private void produce(int count) {
        try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of())) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                        sourceTopic,
                        i % 3,
                        1_700_000_000_000L + i,
                        i % 10 == 0 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) i, 0, (byte) 0xff});
                r.headers().add("h", ("a" + i).getBytes(StandardCharsets.UTF_8)).add("h", null);
                p.send(r);
            }
        }
    }

    /** Every record of the topic read with read_committed, as comparable text. */
    private List<String> read(String topic) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of("isolation.level", "read_committed"))) {
            List<TopicPartition> tps =
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Map<TopicPartition, Long> settled;
            try (KafkaConsumer<byte[], byte[]> all = clients.consumer(Map.of())) {
                // commit markers reach the partitions just after commitTransaction returns: wait until none is open
                while (!(settled = c.endOffsets(tps)).equals(all.endOffsets(tps)) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            Map<TopicPartition, Long> end = settled;
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    StringBuilder h = new StringBuilder();
                    r.headers()
                            .forEach(x -> h.append(x.key())
                                    .append('=')
                                    .append(x.value() == null ? "null" : new String(x.value()))
                                    .append(';'));
                    out.add(r.partition() + "|" + r.timestamp() + "|" + (r.key() == null ? "null" : new String(r.key()))
                            + "|" + HexFormat.of().formatHex(r.value()) + "|" + h);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private CopyJob job(String id, OffsetSpec from, OffsetSpec to, RecordMapper mapper) {
        return new CopyJob(id, sourceTopic, List.of(), from, to, mapper, 0, true);
    }

    private RecordMapper same() {
        return r -> {
            ProducerRecord<byte[], byte[]> out =
                    new ProducerRecord<>(targetTopic, r.partition(), r.timestamp(), r.key(), r.value(), r.headers());
            return out;
        };
    }

    @Test
    void copiesExactlyAndAFinishedJobCopiesNothing() {
        produce(3000);
        CopyEngine engine = new CopyEngine(clients, clients, m -> {}, Duration.ofSeconds(30));
        String id = "t-" + UUID.randomUUID();
        CopyPlan plan = engine.plan(job(id, new OffsetSpec.Beginning(), new OffsetSpec.End(), same()), targetTopic);
        assertFalse(plan.resumed());
        assertEquals(3000, plan.remainingRecords());
        assertTrue(plan.remainingBytes() > 0, "bytes estimated from the log size");
        List<long[]> updates = new ArrayList<>();
        CopyReport report = engine.run(plan, (c, f) -> updates.add(new long[] {c, f}));
        assertTrue(report.complete());
        assertEquals(3000, report.copied());
        assertEquals(3000, report.copiedThisRun());
        assertFalse(updates.isEmpty());
        assertEquals(read(sourceTopic), read(targetTopic));

        CopyEngine again = new CopyEngine(clients, clients, m -> {}, Duration.ofSeconds(30));
        CopyPlan second = again.plan(job(id, new OffsetSpec.Beginning(), new OffsetSpec.End(), same()), targetTopic);
        assertTrue(second.resumed());
        assertTrue(second.finished());
        CopyReport nothing = again.run(second, (c, f) -> {});
        assertEquals(0, nothing.copiedThisRun());
        assertEquals(3000, nothing.copied(), "the job's totals survive in its committed state");
        assertEquals(3000, read(targetTopic).size());
    }

    @Test
    void aRangeAndAFilterCopyOnlyWhatTheyName() {
        produce(300);
        CopyEngine engine = new CopyEngine(clients, clients, m -> {}, Duration.ofSeconds(30));
        RecordMapper evenKeys = r -> r.key() != null && (r.key()[r.key().length - 1] % 2 == 0) ? same().map(r) : null;
        CopyReport report = engine.run(
                engine.plan(
                        job(
                                "t-" + UUID.randomUUID(),
                                new OffsetSpec.Absolute(10),
                                new OffsetSpec.Absolute(19),
                                evenKeys),
                        targetTopic),
                (c, f) -> {});
        // offsets 10..19 in each of 3 partitions = 30 records; keys end in an even digit for half, minus null keys
        List<String> copied = read(targetTopic);
        assertEquals(report.copied(), copied.size());
        assertEquals(30, report.copied() + report.filtered());
        assertTrue(copied.stream().allMatch(s -> s.split("\\|")[2].matches("k\\d*[02468]")), copied.toString());
    }

    @Test
    void theStartOfTheRangeMustStillExist() throws Exception {
        produce(30);
        clients.admin()
                .deleteRecords(Map.of(new TopicPartition(sourceTopic, 0), RecordsToDelete.beforeOffset(5)))
                .all()
                .get(30, TimeUnit.SECONDS);
        CopyEngine engine = new CopyEngine(clients, clients, m -> {}, Duration.ofSeconds(30));
        var e = Assertions.assertThrows(
                EvctlException.class,
                () -> engine.plan(
                        job("t-" + UUID.randomUUID(), new OffsetSpec.Absolute(2), new OffsetSpec.End(), same()),
                        targetTopic));
        assertTrue(e.getMessage().contains("begins at 5"), e.getMessage());
    }

    /**
     * A throttled copy commits as it goes: one poll can return thousands of records, which at
     * --rate take far longer than a transaction may stay open (60 s; a worker's 15 s). Each
     * transaction ends within about 200 ms of its first record, and a stop ends the run promptly.
     */
    @Test
    void aThrottledCopyCommitsAsItGoesAndStopsPromptly() throws Exception {
        produce(3_000);
        CopyEngine engine = new CopyEngine(clients, clients, m -> {}, Duration.ofSeconds(30));
        RecordMapper same =
                r -> new ProducerRecord<>(targetTopic, r.partition(), r.timestamp(), r.key(), r.value(), r.headers());
        CopyPlan plan = engine.plan(
                new CopyJob(
                        "throttled-" + UUID.randomUUID().toString().substring(0, 8),
                        sourceTopic,
                        List.of(),
                        new OffsetSpec.Beginning(),
                        new OffsetSpec.End(),
                        same,
                        500,
                        true),
                targetTopic);
        List<Long> commits = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch some = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            var run = pool.submit(() -> engine.run(plan, (copied, filtered) -> {
                commits.add(copied);
                if (commits.size() >= 3) {
                    some.countDown();
                }
            }));
            assertTrue(some.await(30, TimeUnit.SECONDS), "fewer than 3 commits: " + commits);
            long asked = System.nanoTime();
            engine.stop(Duration.ofSeconds(10));
            CopyReport report = run.get(30, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertTrue(took < 2_000, "the stop took " + took + " ms");
            assertTrue(!report.complete() && report.copied() < 3_000, "copied " + report.copied());
            // one poll holds all 3,000 records (6 s at 500/s): without commits inside it, the first would come at 3,000
            assertTrue(commits.get(2) < 3_000, "commits at " + commits);
        } finally {
            pool.shutdownNow();
        }
    }
}
