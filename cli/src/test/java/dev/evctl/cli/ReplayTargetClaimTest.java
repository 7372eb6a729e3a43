package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.evctl.copy.TargetClaim;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two jobs cannot both copy into one target: the claim on a target is atomic on the target's cluster, the first job
 * gets it, the second exits 2 naming it, and a killed job's claim lapses once its process is gone from its liveness
 * group (the killed job itself can resume at once). Every count is read back with librdkafka, read_committed.
 */
@Tag("integration")
class ReplayTargetClaimTest {

    private static final int RECORDS = 24_000;

    @TempDir
    Path home;

    private Evctl evctl;
    private final String broker = SharedBroker.bootstrapServers();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Python.hasConfluentKafka(), "python3-confluent-kafka is not installed");
        evctl = Evctl.onSharedBroker(home);
    }

    private String source() {
        String source = "claim-src-" + System.nanoTime();
        evctl.ok("topics", "create", source, "--partitions", "3", "--config", "retention.ms=-1");
        TopicContents.produceAwkward(broker, source, 3, RECORDS);
        evctl.ok("topics", "create", source.replace("src", "dst"), "--partitions", "3", "--config", "retention.ms=-1");
        return source;
    }

    private static int total(Map<Integer, List<String>> records) {
        return records.values().stream().mapToInt(List::size).sum();
    }

    private KillHarness replay(String source, String... more) {
        List<String> args = new ArrayList<>(
                List.of("replay", source, "--to-topic", source.replace("src", "dst"), "--yes", "--rate", "8000"));
        args.addAll(List.of(more));
        return new KillHarness(home, 1, args.toArray(String[]::new));
    }

    private void twoJobsAtOnceCopyOnce(String source, String[] first, String[] second) throws Exception {
        String target = source.replace("src", "dst");
        KillHarness a = replay(source, first);
        KillHarness b = replay(source, second);
        Process pa = a.start("a");
        Process pb = b.start("b");
        assertTrue(pa.waitFor(180, TimeUnit.SECONDS) && pb.waitFor(180, TimeUnit.SECONDS), "both ended");
        List<Integer> exits = List.of(pa.exitValue(), pb.exitValue());
        String outputs = a.output("a") + "\n=== b\n" + b.output("b");
        assertTrue(exits.contains(0) && exits.contains(2), exits + "\n" + outputs);
        String refused = pa.exitValue() == 2 ? a.output("a") : b.output("b");
        assertTrue(
                refused.contains("is being written by job ")
                        || refused.contains("already holds records")
                        || refused.contains("received records since"),
                refused);
        assertEquals(Python.readCommitted(broker, source), Python.readCommitted(broker, target), outputs);
        assertEquals(RECORDS, total(Python.readCommitted(broker, target)));
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void twoNewJobsWithTheirOwnIdsStartedTogetherCopyTheRangeOnce() throws Exception {
        String source = source();
        twoJobsAtOnceCopyOnce(
                source, new String[] {"--job-id", "first-" + source}, new String[] {"--job-id", "second-" + source});
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void fromBeginningBesideFromZeroStartedTogetherCopyTheRangeOnce() throws Exception {
        String source = source();
        twoJobsAtOnceCopyOnce(source, new String[] {"--from", "beginning"}, new String[] {"--from", "0"});
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void aKilledJobHoldsItsClaimUntilItsProcessIsGoneAndCanResumeAtOnce() throws Exception {
        String source = source();
        String target = source.replace("src", "dst");
        String job = "killed-" + source;
        KillHarness killed = killedOnce(source, job);

        // a new job, at once: the killed job's liveness group still has the dead process as a member
        KillHarness other = replay(source, "--job-id", "other-" + source, "--append");
        Process refused = other.start("other");
        assertTrue(refused.waitFor(120, TimeUnit.SECONDS));
        String said = other.output("other");
        assertEquals(2, refused.exitValue(), said);
        assertTrue(said.contains("is being written by job " + job), said);

        // the killed job itself resumes at once under its own id: the claim is its own
        killed.runToEnd();
        assertEquals(Python.readCommitted(broker, source), Python.readCommitted(broker, target));
    }

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void aDeadJobsClaimIsTakenOverOnceItsProcessLeftItsLivenessGroup() throws Exception {
        String source = source();
        String job = "dead-" + source;
        killedOnce(source, job);
        awaitNoMember(TargetClaim.livenessPrefix(job), TargetClaim.SESSION.plusSeconds(30));

        KillHarness other = replay(source, "--job-id", "after-" + source, "--append", "--from", "-10");
        Process run = other.start("after");
        assertTrue(run.waitFor(120, TimeUnit.SECONDS));
        String said = other.output("after");
        assertEquals(0, run.exitValue(), said);
        assertTrue(said.contains("job " + job) && said.contains("its claim is taken over"), said);
    }

    /** Job {@code job}'s replay of {@code source}, SIGKILLed once it has written a few thousand records. */
    private KillHarness killedOnce(String source, String job) throws Exception {
        KillHarness killed = replay(source, "--job-id", job);
        assertEquals(
                1,
                killed.killRepeatedly(broker, source.replace("src", "dst"), 1, 3000, 2000),
                killed.log().toString());
        return killed;
    }

    /** Polls the groups named with {@code prefix} until none has a member (the session timeout removed the killed). */
    private void awaitNoMember(String prefix, Duration within) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        long deadline = System.nanoTime() + within.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                List<String> groups = admin.listConsumerGroups().all().get().stream()
                        .map(g -> g.groupId())
                        .filter(g -> g.startsWith(prefix))
                        .toList();
                Map<String, ConsumerGroupDescription> described =
                        admin.describeConsumerGroups(groups).all().get();
                List<String> live = described.values().stream()
                        .filter(d -> !d.members().isEmpty())
                        .map(ConsumerGroupDescription::groupId)
                        .toList();
                if (live.isEmpty()) {
                    return;
                }
                assertTrue(System.nanoTime() < deadline, "still live: " + live);
                admin.describeCluster().nodes().get(); // one round trip between looks
            }
        }
    }
}
