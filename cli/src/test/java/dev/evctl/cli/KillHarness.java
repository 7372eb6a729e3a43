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

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Runs an evctl command as its own process (the test classpath's Main) and SIGKILLs it once it
 * has written a random number of records to a watched topic, then runs it again, over and over:
 * the kill tests of replay and DLQ redrive.
 */
class KillHarness {

    private final Path home;
    private final List<String> command;
    private final Random random;
    private final List<String> log = new ArrayList<>();

    /**
     * The reliability tests' data sizes and rates times {@code -Devctl.it.scale} (1 in CI; the
     * reliability profile runs them at 3): the same wall time per run, three times the records
     * moved.
     */
    static int scaled(int n) {
        return n * Integer.getInteger("evctl.it.scale", 1);
    }

    /** {@code args}: evctl's arguments; the same every run (a job's id comes from them). */
    KillHarness(Path home, long seed, String... args) {
        this.home = home;
        this.random = new Random(seed);
        command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // the packaged launcher's JVM options (bin/evctl): one C1 compiler thread, the serial collector
                "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1",
                "-XX:+UseSerialGC",
                "dev.evctl.cli.Main"));
        command.addAll(List.of(args));
    }

    /**
     * Kills a run {@code kills} times, each once it has written between {@code min} and
     * {@code min + spread} more records (committed or not) to {@code watched}; returns the kills
     * made (fewer when a run finished first).
     */
    int killRepeatedly(String bootstrap, String watched, int kills, int min, int spread) throws Exception {
        int killed = 0;
        try (KafkaConsumer<byte[], byte[]> watcher = watcher(bootstrap)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : watcher.partitionsFor(watched)) {
                tps.add(new TopicPartition(watched, p.partition()));
            }
            while (killed < kills) {
                long killAt = written(watcher, tps) + min + random.nextInt(spread);
                Process run = start("run-" + killed);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (run.isAlive() && written(watcher, tps) < killAt) {
                    assertTrue(System.nanoTime() < deadline, "no progress within 120 s: " + log);
                    Thread.onSpinWait();
                }
                if (!run.isAlive()) {
                    assertEquals(0, run.exitValue(), output("run-" + killed));
                    log.add("run " + killed + " finished before its kill point");
                    break;
                }
                run.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
                assertTrue(run.waitFor(30, TimeUnit.SECONDS));
                killed++;
                log.add("killed at ~" + written(watcher, tps) + " records written");
            }
        }
        return killed;
    }

    /** Runs the command to its end; returns its stdout. */
    String runToEnd() throws Exception {
        Process last = start("final");
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the final run did not finish");
        String out = output("final");
        assertEquals(0, last.exitValue(), out);
        return Files.readString(home.resolve("final.out"));
    }

    List<String> log() {
        return log;
    }

    /** Starts the command once more as its own process; its output goes to NAME.out and NAME.err. */
    Process start(String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        pb.environment().put("EVCTL_SANDBOX_DIR", home.resolve("sandbox").toString());
        pb.environment().put("EVCTL_STATE_DIR", home.resolve("state").toString());
        pb.redirectOutput(home.resolve(name + ".out").toFile());
        pb.redirectError(home.resolve(name + ".err").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    String output(String name) throws Exception {
        return Files.readString(home.resolve(name + ".out")) + "\n--- stderr\n"
                + Files.readString(home.resolve(name + ".err"));
    }

    static KafkaConsumer<byte[], byte[]> watcher(String broker) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** Records written to the topic so far, committed or not (read_uncommitted end offsets). */
    static long written(KafkaConsumer<byte[], byte[]> watcher, List<TopicPartition> tps) {
        Map<TopicPartition, Long> end = watcher.endOffsets(tps);
        return end.values().stream().mapToLong(Long::longValue).sum();
    }
}
