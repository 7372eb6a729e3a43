package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `evctl replay` as scripts run it, on the shared broker. */
@Tag("integration")
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Evctl evctl;
    private String broker;
    private String source;

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home);
        broker = SharedBroker.bootstrapServers();
        evctl.ok("config", "set-context", "test", "-b", broker, "--use");
        source = topic(3);
        TopicContents.produceAwkward(broker, source, 3, 600);
    }

    private String topic(int partitions) {
        String topic = "replay-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", Integer.toString(partitions));
        return topic;
    }

    @Test
    void copiesEveryByteHeaderTimestampAndPartitionAndAFinishedJobCopiesNothing() throws Exception {
        String target = topic(3);
        JsonNode report = JSON.readTree(evctl.ok("replay", source, "--to-topic", target, "--yes", "-o", "json")
                .out());
        assertTrue(report.get("complete").asBoolean());
        assertEquals(600, report.get("copied").asInt());
        assertEquals(TopicContents.read(broker, source), TopicContents.read(broker, target));

        Evctl.Result again = evctl.ok("replay", source, "--to-topic", target, "--yes");
        assertTrue(again.err().contains("already finished (600 records copied); nothing to do"), again.err());
        assertEquals(600, TopicContents.read(broker, target).size());
    }

    @Test
    void dryRunPlansPerPartitionAndChangesNothing() throws Exception {
        String target = topic(3);
        JsonNode plan = JSON.readTree(evctl.ok(
                                "replay",
                                source,
                                "--to-topic",
                                target,
                                "--from",
                                "10",
                                "--to",
                                "59",
                                "--dry-run",
                                "-o",
                                "json")
                        .out())
                .get("plan");
        assertEquals(150, plan.get("records").asInt());
        assertEquals("new", plan.get("state").asText());
        for (JsonNode p : plan.get("partitions")) {
            assertEquals(10, p.get("from").asInt());
            assertEquals(60, p.get("to").asInt());
            assertTrue(p.get("bytes").asLong() > 0, p.toString());
        }
        assertEquals(List.of(), TopicContents.read(broker, target));
        // the dry run saved nothing: the real run is a new job, not a resumed one
        Evctl.Result run = evctl.ok("replay", source, "--to-topic", target, "--from", "10", "--to", "59", "--yes");
        assertTrue(run.err().contains("(new)"), run.err());
        assertEquals(150, TopicContents.read(broker, target).size(), run.err());
    }

    @Test
    void filtersAndProvenance() throws Exception {
        String target = topic(3);
        JsonNode report = JSON.readTree(evctl.ok(
                        "replay",
                        source,
                        "--to-topic",
                        target,
                        "--partition",
                        "1",
                        "--key-match",
                        "^key-1",
                        "--add-provenance",
                        "--yes",
                        "-o",
                        "json")
                .out());
        List<String> copied = TopicContents.read(broker, target);
        assertEquals(report.get("copied").asInt(), copied.size());
        assertEquals(
                200, report.get("copied").asInt() + report.get("filtered").asInt(), "partition 1 holds 200 records");
        assertTrue(copied.stream().allMatch(l -> l.startsWith("1|")), "partition kept");
        String provenance = HexFormat.of().formatHex((source + "/1@").getBytes());
        assertTrue(copied.stream().allMatch(l -> l.contains("evctl-source=" + provenance)), copied.get(0));
    }

    @Test
    void hashMappingFitsASmallerTargetAndSameRefusesIt() throws Exception {
        String small = topic(2);
        Evctl.Result refused = evctl.expect(ExitCodes.BAD_INPUT, "replay", source, "--to-topic", small, "--yes");
        assertTrue(
                refused.err().contains("has 2 partitions but source partition 2 has records to copy"), refused.err());
        assertEquals(List.of(), TopicContents.read(broker, small));
        evctl.ok("replay", source, "--to-topic", small, "--partition-mapping", "hash", "--yes");
        assertEquals(600, TopicContents.read(broker, small).size());
    }

    @Test
    void badInputsHaveClearErrors() throws Exception {
        Evctl.Result missing = evctl.expect(
                ExitCodes.NOT_FOUND, "replay", source, "--to-topic", "no-such-" + System.nanoTime(), "--yes");
        assertTrue(missing.err().contains("--create-target"), missing.err());

        Evctl.Result backwards =
                evctl.expect(ExitCodes.USAGE, "replay", source, "--to-topic", source, "--from", "50", "--to", "10");
        assertTrue(backwards.err().contains("--to 10 is before --from 50"), backwards.err());

        for (String n : List.of("0", "-1", "257")) {
            Evctl.Result parallel =
                    evctl.expect(ExitCodes.USAGE, "replay", source, "--to-topic", source + "-x", "--parallel", n);
            assertTrue(parallel.err().contains("--parallel must be between 1 and 256, got " + n), parallel.err());
        }
        Evctl.Result unconfirmed = evctl.expect(ExitCodes.USAGE, "replay", source, "--to-topic", topic(3));
        assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.err());
        String notCreated = "replay-unconfirmed-" + System.nanoTime();
        evctl.expect(ExitCodes.USAGE, "replay", source, "--to-topic", notCreated, "--create-target");
        evctl.expect(ExitCodes.NOT_FOUND, "topics", "describe", notCreated);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker))) {
            admin.deleteRecords(Map.of(new TopicPartition(source, 0), RecordsToDelete.beforeOffset(20)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Evctl.Result deleted =
                evctl.expect(ExitCodes.BAD_INPUT, "replay", source, "--to-topic", topic(3), "--from", "5", "--yes");
        assertTrue(deleted.err().contains("begins at 20: the records before were deleted by retention"), deleted.err());
        assertFalse(deleted.err().contains("Exception"), deleted.err());
    }

    @Test
    void createTargetCopiesPartitionsAndConfigs() throws Exception {
        String target = "replay-created-" + System.nanoTime();
        evctl.ok("topics", "create", source + "-cfg", "--partitions", "2", "--config", "retention.ms=86400000");
        TopicContents.produceAwkward(broker, source + "-cfg", 2, 50);
        evctl.ok("replay", source + "-cfg", "--to-topic", target, "--create-target", "--yes");
        JsonNode described = JSON.readTree(
                evctl.ok("topics", "describe", target, "-o", "json").out());
        assertEquals(2, described.get("partitions").size());
        assertEquals("86400000", described.get("configs").get("retention.ms").asText());
        assertEquals(TopicContents.read(broker, source + "-cfg"), TopicContents.read(broker, target));
    }
}
