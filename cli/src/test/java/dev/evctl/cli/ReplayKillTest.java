package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill test: `evctl replay` runs as its own process on 100,000 records and is SIGKILLed at a
 * random point of the copy, then the same command is run again, several times over. The target,
 * read with read_committed, must hold exactly the source's records (key, value, headers,
 * timestamp, partition) — nothing lost, nothing twice. -Devctl.replay.kills=N (the reliability
 * profile: 20) sets the number of kills.
 */
class ReplayKillTest {

    private static final int RECORDS = 100_000;

    @TempDir
    Path home;

    @Test
    void killedAndReRunTheCopyIsExact() throws Exception {
        int kills = Integer.getInteger("evctl.replay.kills", 5);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String broker = SharedBroker.bootstrapServers();
        String source = "kill-src-" + System.nanoTime();
        String target = source.replace("src", "dst");
        Evctl evctl = new Evctl(home);
        evctl.ok("topics", "create", source, "--partitions", "3", "-b", broker);
        evctl.ok("topics", "create", target, "--partitions", "3", "-b", broker);
        TopicContents.produceAwkward(broker, source, 3, RECORDS);

        // the same command every time: its job id is derived from it, so each run resumes the last
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.evctl.cli.Main",
                "replay", source, "--to-topic", target, "-b", broker, "--yes", "--rate", "20000", "-o", "json"));
        int killed = 0;
        List<String> log = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> watcher = watcher(broker)) {
            List<TopicPartition> tps = List.of(new TopicPartition(target, 0), new TopicPartition(target, 1), new TopicPartition(target, 2));
            while (killed < kills) {
                long written = written(watcher, tps);
                // kill once this run has written between 1,000 and 9,000 more records (committed or not)
                long killAt = written + 1_000 + random.nextInt(8_000);
                Process run = start(command, "run-" + killed);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (run.isAlive() && written(watcher, tps) < killAt) {
                    assertTrue(System.nanoTime() < deadline, "no progress within 120 s (seed " + seed + ")");
                    Thread.onSpinWait();
                }
                if (!run.isAlive()) {
                    assertEquals(0, run.exitValue(), output(run, "run-" + killed));
                    log.add("run " + killed + " finished before its kill point");
                    break;
                }
                run.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
                assertTrue(run.waitFor(30, TimeUnit.SECONDS));
                killed++;
                log.add("killed at ~" + written(watcher, tps) + " records written");
            }
        }
        assertEquals(kills, killed, "the copy ended before every kill (seed " + seed + "): " + log);

        Process last = start(command, "final");
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the final run did not finish");
        String out = output(last, "final");
        assertEquals(0, last.exitValue(), out);
        assertTrue(out.contains("\"complete\":true") && out.contains("\"copied\":" + RECORDS), out);
        List<String> expected = TopicContents.read(broker, source);
        List<String> actual = TopicContents.read(broker, target);
        assertEquals(RECORDS, expected.size());
        assertEquals(expected.size(), actual.size(), "records lost or duplicated after " + killed + " kills (seed " + seed + ")");
        assertEquals(expected, actual, "the target differs from the source (seed " + seed + ")");
    }

    private Process start(List<String> command, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        pb.environment().put("EVCTL_SANDBOX_DIR", home.resolve("sandbox").toString());
        pb.redirectOutput(home.resolve(name + ".out").toFile());
        pb.redirectError(home.resolve(name + ".err").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    private String output(Process p, String name) throws Exception {
        return Files.readString(home.resolve(name + ".out")) + "\n--- stderr\n" + Files.readString(home.resolve(name + ".err"));
    }

    private static KafkaConsumer<byte[], byte[]> watcher(String broker) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** Records written to the target so far, committed or not (read_uncommitted end offsets). */
    private static long written(KafkaConsumer<byte[], byte[]> watcher, List<TopicPartition> tps) {
        Map<TopicPartition, Long> end = watcher.endOffsets(tps);
        return end.values().stream().mapToLong(Long::longValue).sum();
    }
}
