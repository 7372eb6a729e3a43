package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * Replay and redrive when runs meet: a rerun at once after a kill, the same job started twice,
 * two redrives of one DLQ with overlapping selectors. Each run is its own process; the target is
 * read with an independent read_committed consumer and compared as a multiset. The reliability
 * profile runs more rounds (-Devctl.race.rounds, -Devctl.replay.kills).
 */
@Tag("integration")
class ExactlyOnceRaceTest {

    @TempDir
    Path home;

    private final String broker = SharedBroker.bootstrapServers();

    /**
     * A one-partition source: every partition of the job is mid-commit at a kill (all of them were dropped from the
     * admin's view).
     */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void killThenRerunAtOnceOnOnePartitionIsExact() throws Exception {
        int kills = Integer.getInteger("evctl.replay.kills", 6);
        long seed = System.nanoTime();
        String source = "race1-src-" + System.nanoTime();
        String target = source.replace("src", "dst");
        Evctl evctl = new Evctl(home);
        evctl.ok("topics", "create", source, "--partitions", "1", "-b", broker);
        evctl.ok("topics", "create", target, "--partitions", "1", "-b", broker);
        TopicContents.produceAwkward(broker, source, 1, KillHarness.scaled(20_000));
        KillHarness harness = new KillHarness(
                home,
                seed,
                "replay",
                source,
                "--to-topic",
                target,
                "-b",
                broker,
                "--yes",
                "--rate",
                "20000",
                "-o",
                "json");
        int killed = harness.killRepeatedly(broker, target, kills, 500, 4_000);
        String out = harness.runToEnd();
        assertTrue(out.contains("\"complete\":true"), out);
        assertEquals(
                TopicContents.read(broker, source),
                TopicContents.read(broker, target),
                "records lost or duplicated after " + killed + " kills, each rerun at once (seed " + seed + "): "
                        + harness.log());
    }

    /** The same job started twice: the second once the first has written none, an eighth and half of the records. */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void theSameJobStartedTwiceIsExact() throws Exception {
        int records = KillHarness.scaled(16_000);
        List<Integer> startAfter = Integer.getInteger("evctl.race.rounds", 3) > 3
                ? List.of(0, records / 40, records / 8, records / 2, records * 7 / 8)
                : List.of(0, records / 8, records / 2);
        for (int after : startAfter) {
            String source = "race2-src-" + System.nanoTime();
            String target = source.replace("src", "dst");
            Evctl evctl = new Evctl(home);
            evctl.ok("topics", "create", source, "--partitions", "3", "-b", broker);
            evctl.ok("topics", "create", target, "--partitions", "3", "-b", broker);
            TopicContents.produceAwkward(broker, source, 3, records);
            KillHarness harness = new KillHarness(
                    home,
                    1,
                    "replay",
                    source,
                    "--to-topic",
                    target,
                    "-b",
                    broker,
                    "--yes",
                    "--rate",
                    "20000",
                    "-o",
                    "json");
            Process first = harness.start("first-" + after);
            waitForWritten(target, after, first);
            Process second = harness.start("second-" + after);
            for (Process p : List.of(first, second)) {
                assertTrue(p.waitFor(180, TimeUnit.SECONDS), "a run did not finish");
            }
            for (String name : List.of("first-" + after, "second-" + after)) {
                int exit = (name.startsWith("first") ? first : second).exitValue();
                assertTrue(
                        exit == 0 || exit == ExitCodes.PARTIAL, name + " exited " + exit + ": " + harness.output(name));
            }
            harness.runToEnd(); // whichever was fenced: the job finishes
            assertEquals(
                    TopicContents.read(broker, source),
                    TopicContents.read(broker, target),
                    "the second run started after " + after + " records duplicated or lost some");
        }
    }

    /**
     * Two redrives of one DLQ, one selecting a subset of the other's records, started together: each record arrives
     * once.
     */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void overlappingRedrivesOfOneDlqSendEachRecordOnce() throws Exception {
        Evctl evctl = new Evctl(home);
        String dlq = "race3-dlt-" + System.nanoTime();
        String destination = dlq.replace("dlt", "dst");
        evctl.ok("topics", "create", dlq, "--partitions", "2", "-b", broker);
        evctl.ok("topics", "create", destination, "--partitions", "2", "-b", broker);
        connectStyleDeadLetters(dlq, destination, 20_000);
        KillHarness all = new KillHarness(
                home, 1, "dlq", "redrive", dlq, "--to-topic", destination, "-b", broker, "--yes", "--rate", "10000");
        KillHarness some = new KillHarness(
                home,
                1,
                "dlq",
                "redrive",
                dlq,
                "--to-topic",
                destination,
                "-b",
                broker,
                "--yes",
                "--rate",
                "10000",
                "--error-class",
                "TimeoutException");
        Process a = all.start("all");
        Process b = some.start("some");
        for (Process p : List.of(a, b)) {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "a redrive did not finish");
        }
        assertTrue(a.exitValue() == 0 || a.exitValue() == ExitCodes.PARTIAL, all.output("all"));
        assertTrue(b.exitValue() == 0 || b.exitValue() == ExitCodes.PARTIAL, some.output("some"));
        all.runToEnd();
        List<String> arrived = TopicContents.read(broker, destination);
        assertEquals(
                20_000, arrived.size(), "records redriven twice or lost: " + all.output("all") + some.output("some"));
        Set<String> distinct = new HashSet<>();
        for (String line : arrived) {
            String[] f = line.split("\\|"); // partition|timestamp|keyhex|valuehex|headers
            distinct.add(f[2] + "|" + f[3]);
        }
        assertEquals(20_000, distinct.size(), "every record once");
    }

    /**
     * Kafka Connect-style dead letters of {@code original}: every other one a TimeoutException, the rest
     * NullPointerExceptions.
     */
    private void connectStyleDeadLetters(String dlq, String original, int count) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "20");
        try (var producer = new KafkaProducer<byte[], byte[]>(p)) {
            for (int i = 0; i < count; i++) {
                var r = new ProducerRecord<byte[], byte[]>(
                        dlq,
                        i % 2,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8));
                r.headers().add("__connect.errors.topic", original.getBytes(StandardCharsets.UTF_8));
                r.headers()
                        .add(
                                "__connect.errors.partition",
                                Integer.toString(i % 2).getBytes(StandardCharsets.UTF_8));
                r.headers().add("__connect.errors.offset", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                r.headers()
                        .add(
                                "__connect.errors.exception.class.name",
                                (i % 2 == 0
                                                ? "org.apache.kafka.common.errors.TimeoutException"
                                                : "java.lang.NullPointerException")
                                        .getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
        }
    }

    private void waitForWritten(String topic, long records, Process running) {
        if (records == 0) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> watcher = KillHarness.watcher(broker)) {
            List<TopicPartition> tps = new ArrayList<>();
            watcher.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (KillHarness.written(watcher, tps) < records && running.isAlive()) {
                assertTrue(System.nanoTime() < deadline, "no progress within 120 s");
                Thread.onSpinWait();
            }
        }
    }

    /**
     * redrive (one error class) → SIGKILL → skip (another class) → redrive of everything, each
     * started at once after the last: the killed run's open transaction does not blind the later
     * commands (with one marker topic for all, the last redrive could not see the skip's markers
     * and sent the skipped records), and every record is sent at most once.
     */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void redriveKillSkipRedriveAtOnceNeverSendsASkippedRecord() throws Exception {
        Evctl evctl = new Evctl(home);
        String dlq = "race4-dlt-" + System.nanoTime();
        String destination = dlq.replace("dlt", "dst");
        evctl.ok("topics", "create", dlq, "--partitions", "2", "-b", broker);
        evctl.ok("topics", "create", destination, "--partitions", "2", "-b", broker);
        connectStyleDeadLetters(dlq, destination, 20_000);
        KillHarness timeouts = new KillHarness(
                home,
                7,
                "dlq",
                "redrive",
                dlq,
                "--to-topic",
                destination,
                "-b",
                broker,
                "--yes",
                "--rate",
                "8000",
                "--error-class",
                "TimeoutException",
                "-o",
                "json");
        assertEquals(
                1,
                timeouts.killRepeatedly(broker, destination, 1, 1_000, 2_000),
                timeouts.log().toString());
        Evctl.Result skipped = evctl.ok(
                "dlq",
                "skip",
                dlq,
                "-b",
                broker,
                "--yes",
                "--error-class",
                "NullPointerException",
                "--reason",
                "race test",
                "-o",
                "json");
        assertEquals(
                10_000,
                new ObjectMapper().readTree(skipped.out()).get("skipped").asLong(),
                skipped.err());
        KillHarness everything = new KillHarness(
                home, 7, "dlq", "redrive", dlq, "--to-topic", destination, "-b", broker, "--yes", "-o", "json");
        String out = everything.runToEnd();
        assertTrue(out.contains("\"complete\":true"), out);
        Map<String, Integer> times = new HashMap<>();
        int npe = 0;
        for (String line : TopicContents.read(broker, destination)) {
            String[] f = line.split("\\|");
            times.merge(f[2] + "|" + f[3], 1, Integer::sum);
            int i = Integer.parseInt(new String(HexFormat.of().parseHex(f[2]), StandardCharsets.UTF_8).substring(1));
            if (i % 2 == 1) {
                npe++;
            }
        }
        assertEquals(0, npe, "skipped records were redriven");
        assertTrue(times.values().stream().allMatch(n -> n == 1), "a record arrived twice");
        assertEquals(10_000, times.size(), "every TimeoutException record arrived once");
    }

    /**
     * Two cross-cluster jobs into one target cluster, both SIGKILLed, then one rerun at once: the
     * other's open transaction on the target does not make it resume too early.
     */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void crossClusterJobsKilledOnOneTargetResumeExactly() throws Exception {
        try (EmbeddedKafka other = EmbeddedKafka.start(
                new BrokerSettings(home.resolve("dr-broker"), 0, 0, false, Map.of("log.retention.ms", "-1")))) {
            Evctl evctl = new Evctl(home);
            evctl.ok("config", "set-context", "dr", "-b", other.bootstrapServers());
            List<String> sources = List.of("race5a-" + System.nanoTime(), "race5b-" + System.nanoTime());
            List<KillHarness> jobs = new ArrayList<>();
            for (String source : sources) {
                evctl.ok("topics", "create", source, "--partitions", "1", "-b", broker);
                evctl.ok("topics", "create", source, "--partitions", "1", "-b", other.bootstrapServers());
                TopicContents.produceAwkward(broker, source, 1, KillHarness.scaled(10_000));
                jobs.add(new KillHarness(
                        home,
                        3,
                        "replay",
                        source,
                        "--to-topic",
                        source,
                        "--target-context",
                        "dr",
                        "-b",
                        broker,
                        "--yes",
                        "--rate",
                        "15000",
                        "-o",
                        "json"));
            }
            assertEquals(1, jobs.get(1).killRepeatedly(other.bootstrapServers(), sources.get(1), 1, 1_000, 3_000));
            assertEquals(1, jobs.get(0).killRepeatedly(other.bootstrapServers(), sources.get(0), 1, 1_000, 3_000));
            for (int i = 0; i < 2; i++) {
                String out = jobs.get(i).runToEnd();
                assertTrue(out.contains("\"complete\":true"), out);
                assertEquals(
                        TopicContents.read(broker, sources.get(i)),
                        TopicContents.read(other.bootstrapServers(), sources.get(i)),
                        "job " + i + " copied records twice or lost some");
            }
        }
    }
}
