package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * One replay job run by several evctl processes ({@code --join}) on a real three-broker cluster
 * (replication factor 3, min.insync.replicas 2): a worker SIGKILLed mid-run and started again at
 * once, a worker added
 * mid-run, a worker with another range (the leader's broker stopped mid-run: ReplayWorkersBrokerStopTest). Each
 * time the target, read with read_committed by a plain consumer, must equal the source's range as
 * a multiset of (partition, timestamp, key, value, headers).
 */
@Tag("integration")
class ReplayWorkersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each worker process's output, for a failure's message. */
    private static final Map<Process, Supplier<String>> OUTPUTS = new ConcurrentHashMap<>();

    static ThreeBrokers cluster;
    static String bootstrap;

    @TempDir
    Path home;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ThreeBrokers.shared();
        bootstrap = cluster.bootstrapServers();
    }

    static String[] topics(Path home, String name, int records) {
        String source = name + "-src-" + System.nanoTime();
        String target = source.replace("-src-", "-dst-");
        Evctl evctl = new Evctl(home);
        evctl.ok("topics", "create", source, "--partitions", "12", "-b", bootstrap);
        evctl.ok("topics", "create", target, "--partitions", "12", "-b", bootstrap);
        TopicContents.produceAwkward(bootstrap, source, 12, records);
        return new String[] {source, target};
    }

    static KillHarness workers(Path home, String source, String target, String job, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "replay",
                source,
                "--to-topic",
                target,
                "--job-id",
                job,
                "--join",
                "--yes",
                "-b",
                bootstrap,
                "-o",
                "json"));
        args.addAll(List.of(more));
        return new KillHarness(home, 0, args.toArray(String[]::new)) {
            @Override
            Process start(String name) throws Exception {
                Process p = super.start(name);
                OUTPUTS.put(p, () -> {
                    try {
                        return output(name);
                    } catch (Exception e) {
                        return e.toString();
                    }
                });
                return p;
            }
        };
    }

    static void awaitWritten(String topic, long records, Process... alive) {
        try (KafkaConsumer<byte[], byte[]> watcher = KillHarness.watcher(bootstrap)) {
            List<TopicPartition> tps = new ArrayList<>();
            watcher.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            await(
                    () -> KillHarness.written(watcher, tps) >= records,
                    "no " + records + " records written to " + topic,
                    alive);
        }
    }

    private static void await(BooleanSupplier condition, String what, Process... alive) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 120 s");
            for (Process p : alive) {
                if (!p.isAlive()) {
                    throw new AssertionError(what + ": a worker ended first (exit " + p.exitValue() + "):\n"
                            + OUTPUTS.get(p).get());
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Waits for the worker to end; asserts exit 0 and a complete job; returns its JSON report. */
    static JsonNode finished(KillHarness h, Process p, String name) throws Exception {
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), name + " did not finish: " + h.output(name));
        assertEquals(0, p.exitValue(), h.output(name));
        JsonNode report =
                JSON.readTree(h.output(name).substring(0, h.output(name).indexOf("\n--- stderr")));
        assertTrue(report.path("complete").asBoolean(), h.output(name));
        return report;
    }

    private JsonNode status(String job) throws Exception {
        Evctl.Result r = new Evctl(home).ok("replay", "status", job, "-b", bootstrap, "-o", "json");
        return JSON.readTree(r.out());
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void threeWorkersOneKilledTheJobEndsExactAndStatusShowsIt() throws Exception {
        int records = KillHarness.scaled(40_000);
        String[] t = topics(home, "w3", records);
        String job = "three-" + System.nanoTime();
        KillHarness h = workers(home, t[0], t[1], job, "--rate", Integer.toString(KillHarness.scaled(1_000)));
        Process w1 = h.start("w1");
        Process w2 = h.start("w2");
        Process w3 = h.start("w3");

        // a fourth process sees the job: its plan, and three workers holding four partitions each
        await(
                () -> workersHolding(job, 3, 4),
                "replay status did not show three workers with four partitions each",
                w1,
                w2,
                w3);
        JsonNode running = status(job);
        assertEquals(t[0], running.path("source").asText());
        assertEquals(t[1], running.path("target").asText());
        assertEquals(
                records,
                running.path("partitions").findValues("to").stream()
                        .mapToLong(JsonNode::asLong)
                        .sum());

        awaitWritten(t[1], records / 3, w1, w2, w3);
        w2.destroyForcibly(); // SIGKILL: its transaction stays open, its partitions stay assigned until its
        // session ends
        assertTrue(w2.waitFor(30, TimeUnit.SECONDS));
        Process again = h.start("again"); // and the same command again at once, as a supervisor would

        JsonNode r1 = finished(h, w1, "w1");
        JsonNode r3 = finished(h, w3, "w3");
        JsonNode r2 = finished(h, again, "again");
        assertEquals(records, r2.path("copied").asLong(), r2.toString());
        assertEquals(records, r1.path("copied").asLong(), r1.toString());
        assertEquals(records, r3.path("copied").asLong(), r3.toString());
        assertTrue(
                r1.path("copiedThisRun").asLong() > 0
                        && r3.path("copiedThisRun").asLong() > 0,
                r1 + "\n" + r3);
        // the killed worker had committed a share before it died: the other two copied the rest, and only the rest
        long survivors = r1.path("copiedThisRun").asLong()
                + r3.path("copiedThisRun").asLong()
                + r2.path("copiedThisRun").asLong();
        assertTrue(survivors < records, "the killed worker had copied nothing: " + r1 + "\n" + r3);

        JsonNode done = status(job);
        assertTrue(done.path("complete").asBoolean(), done.toString());
        assertEquals(0, done.path("left").asLong());
        assertEquals(records, done.path("copied").asLong());
        assertExact(t[0], t[1], records);
    }

    /**
     * The zombie: a worker frozen (SIGSTOP) mid-transaction until the group has given its
     * partitions to the other, then woken (SIGCONT) before its transaction times out. It still
     * believes it holds them and tries to commit; only the group's generation, sent with its
     * offsets, stops it (a commit without it would be accepted, and the records copied twice).
     */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void aWorkerFrozenPastItsSessionCannotCommitWhenItWakes() throws Exception {
        int records = KillHarness.scaled(20_000);
        String[] t = topics(home, "zombie", records);
        String job = "zombie-" + System.nanoTime();
        KillHarness h = workers(home, t[0], t[1], job, "--rate", Integer.toString(KillHarness.scaled(900)));
        Process w1 = h.start("w1");
        Process w2 = h.start("w2");
        await(() -> workersHolding(job, 2), "two workers never shared the job", w1, w2);
        awaitWritten(t[1], records / 6, w1, w2);
        signal("STOP", w2);
        try {
            await(() -> workersHolding(job, 1), "the frozen worker's partitions were not taken over", w1);
        } finally {
            signal("CONT", w2);
        }
        JsonNode r1 = finished(h, w1, "w1");
        JsonNode r2 = finished(h, w2, "w2");
        assertEquals(records, r1.path("copied").asLong(), r1.toString());
        assertEquals(records, r2.path("copied").asLong(), r2.toString());
        assertExact(t[0], t[1], records);
    }

    /** True when exactly {@code n} workers are in the job's group and they hold all 12 partitions between them. */
    private boolean workersHolding(String job, int n) {
        return workersHolding(job, n, 12 / n);
    }

    /** True when exactly {@code n} workers are in the job's group, each holding {@code each} of the 12 partitions. */
    private boolean workersHolding(String job, int n, int each) {
        Evctl.Result r = new Evctl(home).run("replay", "status", job, "-b", bootstrap, "-o", "json");
        if (r.exit() != 0) {
            return false;
        }
        try {
            JsonNode s = JSON.readTree(r.out());
            return s.path("workers").size() == n
                    && StreamSupport.stream(s.path("workers").spliterator(), false)
                            .allMatch(w -> w.path("partitions").size() == each);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void signal(String name, Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid()))
                .inheritIO()
                .start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " failed");
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void aWorkerAddedMidRunTakesAShareAndTheCopyIsExact() throws Exception {
        int records = KillHarness.scaled(20_000);
        String[] t = topics(home, "add", records);
        String job = "added-" + System.nanoTime();
        KillHarness h = workers(home, t[0], t[1], job, "--rate", Integer.toString(KillHarness.scaled(500)));
        Process first = h.start("first");
        awaitWritten(t[1], records / 6, first);
        // at 500 records/s the first has about 33 s of copying left: time for the second to start and join even
        // with the other tests of this class running beside it (at 1,000/s a loaded machine once let it finish first)
        Process second = h.start("second");
        JsonNode a = finished(h, first, "first");
        JsonNode b = finished(h, second, "second");
        assertTrue(b.path("copiedThisRun").asLong() > 0, "the added worker copied nothing: " + b);
        assertEquals(
                records,
                a.path("copiedThisRun").asLong() + b.path("copiedThisRun").asLong(),
                a + "\n" + b);
        assertExact(t[0], t[1], records);
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void aWorkerWithAnotherRangeIsRefusedWithTheJobsPlanNamed() throws Exception {
        int records = KillHarness.scaled(10_000);
        String[] t = topics(home, "range", records);
        String job = "range-" + System.nanoTime();
        KillHarness h = workers(home, t[0], t[1], job, "--rate", Integer.toString(KillHarness.scaled(1_000)));
        Process first = h.start("first");
        Evctl evctl = new Evctl(home);
        await(
                () -> evctl.run("replay", "status", job, "-b", bootstrap).exit() == 0,
                "the first worker fixed no plan",
                first);

        Evctl.Result refused = evctl.expect(
                2,
                "replay",
                t[0],
                "--to-topic",
                t[1],
                "--job-id",
                job,
                "--join",
                "--yes",
                "-b",
                bootstrap,
                "--to",
                "100");
        assertTrue(
                refused.err()
                        .contains("job '" + job + "' is planned as " + t[0] + " → " + t[1]
                                + ", --from beginning --to end"),
                refused.err());
        assertTrue(
                refused.err().contains("this worker asks for " + t[0] + " → " + t[1] + ", --from beginning --to 100"),
                refused.err());
        finished(h, first, "first");
        assertExact(t[0], t[1], records);
    }

    /**
     * What workers cannot do exactly is refused before anything is copied: without transactions,
     * onto another cluster, and a run without --join beside the job's workers.
     */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void whatWorkersCannotDoExactlyIsRefused() throws Exception {
        int records = KillHarness.scaled(10_000);
        String[] t = topics(home, "refuse", records);
        String job = "refuse-" + System.nanoTime();
        Evctl evctl = new Evctl(home);
        Evctl.Result noTxn = evctl.expect(
                2,
                "replay",
                t[0],
                "--to-topic",
                t[1],
                "--job-id",
                job,
                "--join",
                "--yes",
                "-b",
                bootstrap,
                "--no-transactions");
        assertTrue(noTxn.err().contains("--join and --parallel need transactions"), noTxn.err());
        evctl.ok("config", "set-context", "other", "-b", bootstrap);
        Evctl.Result elsewhere = evctl.expect(
                2,
                "replay",
                t[0],
                "--to-topic",
                t[1],
                "--job-id",
                job,
                "--parallel",
                "2",
                "--yes",
                "-b",
                bootstrap,
                "--target-context",
                "other");
        assertTrue(elsewhere.err().contains("need the target on the source's cluster"), elsewhere.err());
        try (var admin = cluster.admin()) {
            var names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names.stream().noneMatch(n -> n.contains(job)), "a refused run created " + names);
        }

        KillHarness h = workers(home, t[0], t[1], job, "--rate", Integer.toString(KillHarness.scaled(1_000)));
        Process worker = h.start("worker");
        await(() -> workersHolding(job, 1), "the worker never held the job", worker);
        Evctl.Result beside =
                evctl.expect(2, "replay", t[0], "--to-topic", t[1], "--job-id", job, "--yes", "-b", bootstrap);
        assertTrue(beside.err().contains("job '" + job + "' is being run by workers (--join)"), beside.err());
        finished(h, worker, "worker");
        assertExact(t[0], t[1], records);
    }

    static void assertExact(String source, String target, int records) {
        List<String> expected = TopicContents.read(bootstrap, source);
        List<String> actual = TopicContents.read(bootstrap, target);
        assertEquals(records, expected.size());
        assertEquals(expected.size(), actual.size(), "records lost or duplicated");
        assertEquals(expected, actual, "the target differs from the source");
    }
}
