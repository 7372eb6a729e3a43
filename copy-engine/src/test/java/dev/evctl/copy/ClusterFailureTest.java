package dev.evctl.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.topics.TopicService;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies across broker trouble: a restart in the middle of a copy, and a target on another cluster. */
@Tag("integration")
class ClusterFailureTest {

    private static final int RECORDS = 30_000;
    /** The records carry 2023 timestamps: no time-based retention may delete them mid-test. */
    private static final Map<String, String> KEEP_OLD_RECORDS = Map.of("log.retention.ms", "-1");

    @TempDir
    Path dir;

    private static KafkaClients clients(String bootstrap) {
        return new KafkaClients(
                new Connection(bootstrap, Map.of(), Duration.ofSeconds(10), "test", new SecretReferences(Map.of())));
    }

    @Test
    void aCopyOutlivesABrokerRestart() throws Exception {
        EmbeddedKafka broker =
                EmbeddedKafka.start(new BrokerSettings(dir, 0, 0, false, KEEP_OLD_RECORDS, BrokerSettings.NO_REGISTRY));
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (KafkaClients clients = clients(bootstrap)) {
            new TopicService(clients).create("src", 3, Optional.empty(), Map.of(), false);
            new TopicService(clients).create("dst", 3, Optional.empty(), Map.of(), false);
            try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of())) {
                for (int i = 0; i < RECORDS; i++) {
                    p.send(new ProducerRecord<>(
                            "src",
                            i % 3,
                            1_700_000_000_000L + i,
                            ("k" + i).getBytes(StandardCharsets.UTF_8),
                            ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            List<String> messages = Collections.synchronizedList(new ArrayList<>());
            CopyEngine engine = new CopyEngine(clients, clients, messages::add, Duration.ofMinutes(3));
            RecordMapper same =
                    r -> new ProducerRecord<>("dst", r.partition(), r.timestamp(), r.key(), r.value(), r.headers());
            CopyPlan plan = engine.plan(
                    new CopyJob(
                            "restart",
                            "src",
                            List.of(),
                            new OffsetSpec.Beginning(),
                            new OffsetSpec.End(),
                            same,
                            5_000,
                            true),
                    "dst");
            CountDownLatch started = new CountDownLatch(1);
            Future<CopyReport> copy = pool.submit(() -> engine.run(plan, (copied, filtered) -> {
                if (copied >= 3_000) {
                    started.countDown();
                }
            }));
            assertTrue(started.await(60, TimeUnit.SECONDS), "the copy did not start");

            assertFalse(copy.isDone(), "the broker must stop in the middle of the copy");
            broker.close();
            broker = EmbeddedKafka.start(
                    new BrokerSettings(dir, port, 0, false, KEEP_OLD_RECORDS, BrokerSettings.NO_REGISTRY));

            CopyReport report = copy.get(240, TimeUnit.SECONDS);
            assertTrue(report.complete(), messages.toString());
            assertEquals(RECORDS, report.copied(), messages.toString());
            assertEquals(
                    read(clients, "src"), read(clients, "dst"), "recoveries: " + report.recoveries() + ", " + messages);
        } finally {
            pool.shutdownNow();
            broker.close();
        }
    }

    @Test
    void aClusterThatStaysAwayOnceTheCopyHasBegunIsAStopToResumeNotACannotReach() throws Exception {
        EmbeddedKafka broker =
                EmbeddedKafka.start(new BrokerSettings(dir, 0, 0, false, KEEP_OLD_RECORDS, BrokerSettings.NO_REGISTRY));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (KafkaClients clients = new KafkaClients(new Connection(
                broker.bootstrapServers(), Map.of(), Duration.ofSeconds(2), "test", new SecretReferences(Map.of())))) {
            new TopicService(clients).create("src", 1, Optional.empty(), Map.of(), false);
            new TopicService(clients).create("dst", 1, Optional.empty(), Map.of(), false);
            try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of())) {
                for (int i = 0; i < RECORDS; i++) {
                    p.send(new ProducerRecord<>("src", 0, 1_700_000_000_000L + i, null, new byte[] {(byte) i}));
                }
            }
            CopyEngine engine = new CopyEngine(clients, clients, m -> {}, Duration.ofSeconds(5));
            CopyPlan plan = engine.plan(
                    new CopyJob(
                            "away",
                            "src",
                            List.of(),
                            new OffsetSpec.Beginning(),
                            new OffsetSpec.End(),
                            r -> new ProducerRecord<>("dst", 0, r.timestamp(), r.key(), r.value()),
                            2_000,
                            true),
                    "dst");
            CountDownLatch started = new CountDownLatch(1);
            Future<CopyReport> copy = pool.submit(() -> engine.run(plan, (copied, filtered) -> {
                if (copied >= 1_000) {
                    started.countDown();
                }
            }));
            assertTrue(started.await(60, TimeUnit.SECONDS), "the copy did not start");
            broker.close(); // and it stays away past the recovery window
            ExecutionException stopped = assertThrows(ExecutionException.class, () -> copy.get(120, TimeUnit.SECONDS));
            EvctlException e = (EvctlException) stopped.getCause();
            assertEquals(EvctlException.Kind.PARTIAL, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("re-run"), e.getMessage());
        } finally {
            pool.shutdownNow();
            broker.close();
        }
    }

    @Test
    void copiesToAnotherClusterWithProgressKeptThere() throws Exception {
        try (EmbeddedKafka other = EmbeddedKafka.start(
                        new BrokerSettings(dir, 0, 0, false, KEEP_OLD_RECORDS, BrokerSettings.NO_REGISTRY));
                KafkaClients source = clients(SharedBroker.bootstrapServers());
                KafkaClients target = clients(other.bootstrapServers())) {
            String topic = "xc-" + System.nanoTime();
            new TopicService(source).create(topic, 3, Optional.empty(), Map.of(), false);
            new TopicService(target).create("dst", 3, Optional.empty(), Map.of(), false);
            try (KafkaProducer<byte[], byte[]> p = source.producer(Map.of())) {
                for (int i = 0; i < 900; i++) {
                    p.send(new ProducerRecord<>(
                            topic,
                            i % 3,
                            1_700_000_000_000L + i,
                            ("k" + i).getBytes(StandardCharsets.UTF_8),
                            ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            RecordMapper same =
                    r -> new ProducerRecord<>("dst", r.partition(), r.timestamp(), r.key(), r.value(), r.headers());
            CopyJob job = new CopyJob(
                    "xc", topic, List.of(), new OffsetSpec.Beginning(), new OffsetSpec.End(), same, 0, true);
            CopyEngine engine = new CopyEngine(source, target, m -> {}, Duration.ofSeconds(30));
            CopyReport report = engine.run(engine.plan(job, "dst"), (c, f) -> {});
            assertEquals(900, report.copied());
            assertEquals(read(source, topic), read(target, "dst"));
            // the progress lives on the target cluster: the job is finished there, and unknown on the source
            assertTrue(engine.plan(job, "dst").finished());
            assertTrue(source.admin()
                    .listConsumerGroupOffsets(job.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .isEmpty());
        }
    }

    private static List<String> read(KafkaClients clients, String topic) {
        List<String> out = new ArrayList<>();
        List<TopicPartition> tps =
                List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of("isolation.level", "read_committed"));
                KafkaConsumer<byte[], byte[]> all = clients.consumer(Map.of())) {
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<TopicPartition, Long> settled;
            while (!(settled = c.endOffsets(tps)).equals(all.endOffsets(tps)) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Map<TopicPartition, Long> end = settled;
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.partition() + "|" + r.timestamp() + "|" + new String(r.key()) + "|"
                            + new String(r.value()));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
