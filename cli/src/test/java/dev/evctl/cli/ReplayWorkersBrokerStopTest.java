package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay job's worker on the three-broker cluster while the broker leading a target partition
 * is stopped and restarted mid-run: the copy goes on and is exact. A class of its own, so that no
 * other test runs on the cluster while one of its brokers is down (ReplayWorkersTest's tests run
 * side by side).
 */
@Tag("integration")
class ReplayWorkersBrokerStopTest {

    @TempDir
    Path home;

    @BeforeAll
    static void startCluster() throws Exception {
        ReplayWorkersTest.startCluster();
    }

    @Test
    void theLeadersBrokerStoppedAndRestartedMidRunTheCopyIsExact() throws Exception {
        int records = KillHarness.scaled(20_000);
        String[] t = ReplayWorkersTest.topics(home, "leader", records);
        String job = "leader-" + System.nanoTime();
        KillHarness h = ReplayWorkersTest.workers(
                home, t[0], t[1], job, "--parallel", "2", "--rate", Integer.toString(KillHarness.scaled(1_400)));
        Process run = h.start("run");
        ReplayWorkersTest.awaitWritten(t[1], records / 6, run);
        int leader = ReplayWorkersTest.cluster.leaderOf(new TopicPartition(t[1], 0));
        ReplayWorkersTest.cluster.stopBroker(leader);
        try {
            ReplayWorkersTest.awaitWritten(t[1], records * 5 / 12, run); // the copy goes on without that broker
        } finally {
            ReplayWorkersTest.cluster.startBroker(leader);
        }
        JsonNode report = ReplayWorkersTest.finished(h, run, "run");
        assertEquals(records, report.path("copiedThisRun").asLong(), report.toString());
        ReplayWorkersTest.assertExact(t[0], t[1], records);
    }
}
