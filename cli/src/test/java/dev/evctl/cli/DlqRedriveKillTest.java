package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Kill test for DLQ redrive: `evctl dlq redrive` of one error class (20,000 of 40,000 records)
 * is SIGKILLed 3 times (-Devctl.replay.kills; 20 in the reliability profile) at random points and re-run (3 times
 * once more on a three-broker cluster);
 * every selected record must reach its original topic exactly once, and none of the others.
 */
@Tag("integration")
class DlqRedriveKillTest {

    private static final int RECORDS = KillHarness.scaled(20_000);

    @TempDir
    Path home;

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void killedAndReRunEachSelectedRecordArrivesOnce() throws Exception {
        killAndRerun(SharedBroker.bootstrapServers(), Integer.getInteger("evctl.replay.kills", 5));
    }

    /** The same on a three-broker cluster (replication factor 3, min.insync.replicas 2). */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void killedAndReRunEachSelectedRecordArrivesOnceOnThreeBrokers() throws Exception {
        killAndRerun(ThreeBrokers.shared().bootstrapServers(), 3);
    }

    private void killAndRerun(String broker, int kills) throws Exception {
        long seed = System.nanoTime();
        String orders = "kill-orders-" + System.nanoTime();
        String dlq = orders + "-dlq";
        Evctl evctl = new Evctl(home);
        evctl.ok("topics", "create", orders, "--partitions", "3", "-b", broker);
        evctl.ok("topics", "create", dlq, "--partitions", "3", "-b", broker);
        List<String> expected = deadLetters(broker, orders, dlq, RECORDS);

        KillHarness harness = new KillHarness(
                home,
                seed,
                "dlq",
                "redrive",
                dlq,
                "--error-class",
                "TimeoutException",
                "--keep-partition",
                "-b",
                broker,
                "--yes",
                "--rate",
                "8000",
                "-o",
                "json");
        int killed = harness.killRepeatedly(broker, orders, kills, 500, 2_000);
        assertEquals(kills, killed, "the redrive ended before every kill (seed " + seed + "): " + harness.log());
        String out = harness.runToEnd();
        assertTrue(out.contains("\"complete\":true"), out);

        List<String> arrived = new ArrayList<>();
        for (String line : TopicContents.read(broker, orders)) {
            String[] f = line.split("\\|"); // partition|timestamp|keyhex|valuehex|headers
            arrived.add(f[0] + "|" + hex(f[2]) + "|" + hex(f[3]));
        }
        arrived.sort(null);
        expected.sort(null);
        assertEquals(
                expected.size(),
                arrived.size(),
                "records lost or redriven twice after " + killed + " kills (seed " + seed + ")");
        assertEquals(expected, arrived, "seed " + seed);
    }

    /** {@code count} Connect dead letters of {@code orders} in {@code dlq}; every other one a TimeoutException. */
    private static List<String> deadLetters(String broker, String orders, String dlq, int count) {
        List<String> expected = new ArrayList<>();
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "20");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                boolean timeout = i % 2 == 0;
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                        dlq,
                        i % 3,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8));
                r.headers().add("__connect.errors.topic", orders.getBytes(StandardCharsets.UTF_8));
                r.headers()
                        .add(
                                "__connect.errors.partition",
                                Integer.toString(i % 3).getBytes(StandardCharsets.UTF_8));
                r.headers().add("__connect.errors.offset", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                r.headers()
                        .add(
                                "__connect.errors.exception.class.name",
                                (timeout
                                                ? "org.apache.kafka.common.errors.TimeoutException"
                                                : "java.lang.NullPointerException")
                                        .getBytes(StandardCharsets.UTF_8));
                producer.send(r);
                if (timeout) {
                    expected.add(i % 3 + "|k" + i + "|v" + i);
                }
            }
        }

        return expected;
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void aRedriveFencedByASecondStillPrintsItsJsonDocument() throws Exception {
        String broker = SharedBroker.bootstrapServers();
        String orders = "fenced-orders-" + System.nanoTime();
        String dlq = orders + "-dlq";
        Evctl evctl = new Evctl(home);
        evctl.ok("topics", "create", orders, "--partitions", "3", "-b", broker);
        evctl.ok("topics", "create", dlq, "--partitions", "3", "-b", broker);
        deadLetters(broker, orders, dlq, 3_000);
        KillHarness slow = new KillHarness(
                home,
                1,
                "dlq",
                "redrive",
                dlq,
                "--keep-partition",
                "-b",
                broker,
                "--yes",
                "--rate",
                "300",
                "-o",
                "json");
        Process first = slow.start("first");
        try (var watcher = KillHarness.watcher(broker)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (var info : watcher.partitionsFor(orders)) {
                tps.add(new TopicPartition(orders, info.partition()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (KillHarness.written(watcher, tps) < 300) {
                assertTrue(first.isAlive(), slow.output("first"));
                assertTrue(System.nanoTime() < deadline, "the first redrive sent nothing within 60 s");
                Thread.onSpinWait();
            }
        }
        evctl.ok("dlq", "redrive", dlq, "--keep-partition", "-b", broker, "--yes"); // fences the first
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the fenced redrive ended");
        assertEquals(5, first.exitValue(), slow.output("first"));
        JsonNode doc = new JsonMapper().readTree(Files.readString(home.resolve("first.out")));
        assertEquals(false, doc.get("complete").asBoolean(), doc.toString());
        assertEquals(dlq, doc.get("dlq").asText());
        assertTrue(doc.get("redriven").asLong() >= 0, doc.toString());
    }

    private static String hex(String h) {
        return new String(HexFormat.of().parseHex(h), StandardCharsets.UTF_8);
    }
}
