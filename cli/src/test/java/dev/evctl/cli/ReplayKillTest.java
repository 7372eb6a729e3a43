package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Kill test: `evctl replay` runs as its own process on 100,000 records and is SIGKILLed at a
 * random point of the copy, then the same command is run again, several times over. The target,
 * read with read_committed, must hold exactly the source's records (key, value, headers,
 * timestamp, partition) — nothing lost, nothing twice. -Devctl.replay.kills=N (the reliability
 * profile: 20) sets the number of kills on the shared broker; once more, 3 kills, on three brokers.
 */
@Tag("integration")
class ReplayKillTest {

    private static final int RECORDS = KillHarness.scaled(40_000);

    @TempDir
    Path home;

    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void killedAndReRunTheCopyIsExact() throws Exception {
        killAndRerun(SharedBroker.bootstrapServers(), Integer.getInteger("evctl.replay.kills", 5));
    }

    /** The same on a three-broker cluster (replication factor 3, min.insync.replicas 2). */
    @Execution(ExecutionMode.CONCURRENT)
    @Test
    void killedAndReRunTheCopyIsExactOnThreeBrokers() throws Exception {
        killAndRerun(ThreeBrokers.shared().bootstrapServers(), 3);
    }

    private void killAndRerun(String broker, int kills) throws Exception {
        long seed = System.nanoTime();
        String source = "kill-src-" + System.nanoTime();
        String target = source.replace("src", "dst");
        Evctl evctl = new Evctl(home);
        evctl.ok("topics", "create", source, "--partitions", "3", "-b", broker);
        evctl.ok("topics", "create", target, "--partitions", "3", "-b", broker);
        TopicContents.produceAwkward(broker, source, 3, RECORDS);

        // the same command every time: its job id is derived from it, so each run resumes the last
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
        // kill once a run has written between 1,000 and 9,000 more records (committed or not)
        int killed = harness.killRepeatedly(broker, target, kills, 1_000, 8_000);
        assertEquals(kills, killed, "the copy ended before every kill (seed " + seed + "): " + harness.log());

        String out = harness.runToEnd();
        assertTrue(out.contains("\"complete\":true") && out.contains("\"copied\":" + RECORDS), out);
        List<String> expected = TopicContents.read(broker, source);
        List<String> actual = TopicContents.read(broker, target);
        assertEquals(RECORDS, expected.size());
        assertEquals(
                expected.size(),
                actual.size(),
                "records lost or duplicated after " + killed + " kills (seed " + seed + ")");
        assertEquals(expected, actual, "the target differs from the source (seed " + seed + ")");
    }
}
