package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** groups list/describe/reset with undo, and topics describe naming a topic's readers, on the shared broker. */
@Tag("integration")
class GroupsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Evctl evctl;
    private String broker;
    private String topic;
    private String group;

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home);
        broker = SharedBroker.bootstrapServers();
        evctl.ok("config", "set-context", "test", "-b", broker, "--use");
        topic = "groups-" + System.nanoTime();
        group = "billing-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "2");
        TopicContents.produceAwkward(broker, topic, 2, 200);
        commit(Map.of(0, 60L, 1, 90L));
    }

    private void commit(Map<Integer, Long> offsets) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker))) {
            Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>();
            offsets.forEach((p, off) -> o.put(new TopicPartition(topic, p), new OffsetAndMetadata(off)));
            admin.alterConsumerGroupOffsets(group, o).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<Long> committed() throws Exception {
        JsonNode d = JSON.readTree(
                evctl.ok("groups", "describe", group, "-o", "json").out());
        List<Long> out = new ArrayList<>();
        d.get("partitions").forEach(p -> out.add(p.get("committed").asLong()));
        return out;
    }

    /** A consumer in the group, holding its membership until closed. */
    private KafkaConsumer<byte[], byte[]> member() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("group.id", group);
        p.put("client.id", "billing-service");
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        c.subscribe(List.of(topic));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.assignment().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the consumer never joined");
            c.poll(Duration.ofMillis(100));
        }
        return c;
    }

    @Test
    void describeListAndTopicReaders() throws Exception {
        assertTrue(evctl.ok("groups", "list").out().lines().anyMatch(l -> l.startsWith(group + "\t")));
        JsonNode d = JSON.readTree(
                evctl.ok("groups", "describe", group, "-o", "json").out());
        assertEquals(
                (100 - 60) + (100 - 90),
                d.get("partitions").get(0).get("lag").asLong()
                        + d.get("partitions").get(1).get("lag").asLong());
        JsonNode described = JSON.readTree(
                evctl.ok("topics", "describe", topic, "-o", "json").out());
        JsonNode reader = described.get("consumerGroups").get(0);
        assertEquals(group, reader.get("group").asText());
        assertEquals(200 - 60 - 90, reader.get("lag").asLong());
        assertTrue(evctl.ok("topics", "describe", topic).out().contains(group));
        // -o yaml: the same document as -o json
        JsonNode yaml = new ObjectMapper(new YAMLFactory())
                .readTree(evctl.ok("groups", "describe", group, "-o", "yaml").out());
        assertEquals(d, yaml);
        assertTrue(evctl.expect(ExitCodes.NOT_FOUND, "groups", "describe", "no-such-group-" + System.nanoTime())
                .err()
                .contains("no such consumer group"));
    }

    @Test
    void tablesFitTheTerminalWidthWhilePipesGetWholeNames() {
        assertTrue(evctl.ok("groups", "describe", group).out().lines().anyMatch(l -> l.startsWith(topic + " ")));
        // TOPIC is the one elastic column: 2+9, 2+9, 2+3, 2+3 of the 45 go to the numbers
        String narrow = evctl.stdoutTerminal()
                .env("COLUMNS", "45")
                .env("NO_COLOR", "1")
                .ok("groups", "describe", group)
                .out();
        List<String> table =
                narrow.lines().dropWhile(l -> !l.startsWith("TOPIC")).toList();
        assertEquals(3, table.size(), narrow);
        table.forEach(l -> assertTrue(l.length() <= 45, "fits in 45 columns: '" + l + "'"));
        assertEquals(topic.substring(0, 12) + "…          0         60  100   40", table.get(1));
    }

    @Test
    void resetPlansSavesAnUndoSnapshotAndUndoRestores() throws Exception {
        JsonNode dry = JSON.readTree(evctl.ok(
                        "groups",
                        "reset",
                        group,
                        "--topic",
                        topic,
                        "--to",
                        "shift-by",
                        "-50",
                        "--dry-run",
                        "-o",
                        "json")
                .out());
        assertEquals(10, dry.get("partitions").get(0).get("target").asLong());
        // --to and --undo exclude each other, declared (picocli's check), one line with where to look
        Evctl.Result both =
                evctl.expect(ExitCodes.USAGE, "groups", "reset", group, "--topic", topic, "--to", "earliest", "--undo");
        assertEquals(
                List.of(
                        "evctl: error: --to=TARGET, --undo are mutually exclusive (specify only one)",
                        "see `evctl groups reset --help`"),
                both.err().lines().toList());
        List<String> keys = new ArrayList<>();
        dry.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of("group", "applied", "snapshot", "partitions"),
                keys,
                "the JSON contract (README \"JSON output\")");
        assertEquals(List.of(60L, 90L), committed(), "a dry run changes nothing");

        JsonNode done = JSON.readTree(
                evctl.ok("groups", "reset", group, "--topic", topic, "--to", "earliest", "--yes", "-o", "json")
                        .out());
        assertEquals(List.of(0L, 0L), committed());
        assertEquals(100, done.get("partitions").get(1).get("lagAfter").asLong());
        Path snapshot = Path.of(done.get("snapshot").asText());
        assertTrue(Files.isRegularFile(snapshot), snapshot.toString());

        evctl.ok("groups", "reset", group, "--topic", topic, "--partition", "1", "--to", "offset", "42", "--yes");
        assertEquals(List.of(0L, 42L), committed());
        // a partition the topic lacks is "not found" as in every command; an offset past the end is said
        assertTrue(evctl.expect(
                        ExitCodes.NOT_FOUND,
                        "groups",
                        "reset",
                        group,
                        "--topic",
                        topic,
                        "--partition",
                        "5",
                        "--to",
                        "earliest",
                        "--yes")
                .err()
                .contains("partition 5 does not exist"));
        String clamped = evctl.ok(
                        "groups",
                        "reset",
                        group,
                        "--topic",
                        topic,
                        "--partition",
                        "1",
                        "--to",
                        "offset",
                        "999999",
                        "--dry-run")
                .err();
        assertTrue(clamped.contains("offset 999999 is past the end (100): moved to the end instead"), clamped);

        evctl.ok("groups", "reset", group, "--undo", "--yes"); // the newest snapshot: before the offset 42 reset
        assertEquals(List.of(0L, 0L), committed());
        evctl.ok("groups", "reset", group, "--undo", snapshot.toString(), "--yes");
        assertEquals(List.of(60L, 90L), committed(), "back to before the first reset");
    }

    /** Undo is not a toggle: twice goes back two resets, and then there is nothing left to undo. */
    @Test
    void undoTwiceGoesBackTwoResetsNotForthAndBack() throws Exception {
        evctl.ok("groups", "reset", group, "--topic", topic, "--to", "earliest", "--yes");
        evctl.ok("groups", "reset", group, "--topic", topic, "--partition", "1", "--to", "offset", "42", "--yes");
        assertEquals(List.of(0L, 42L), committed());
        evctl.ok("groups", "reset", group, "--undo", "--yes");
        assertEquals(List.of(0L, 0L), committed(), "the last reset undone");
        evctl.ok("groups", "reset", group, "--undo", "--yes");
        assertEquals(List.of(60L, 90L), committed(), "the reset before it undone, not the undo reverted");
        Evctl.Result none = evctl.expect(ExitCodes.NOT_FOUND, "groups", "reset", group, "--undo", "--yes");
        assertTrue(none.err().contains("nothing left to undo"), none.err());
        assertEquals(List.of(60L, 90L), committed());
    }

    @Test
    void resetByTimeFindsTheFirstRecordAtOrAfterIt() throws Exception {
        // produceAwkward stamps record i with 1_600_000_000_000 + i s; partition 0 holds the even i
        evctl.ok("groups", "reset", group, "--topic", topic, "--to", "time", "1970-01-01T00:00:00Z", "--yes");
        assertEquals(List.of(0L, 0L), committed());
        evctl.ok(
                "groups",
                "reset",
                group,
                "--topic",
                topic,
                "--to",
                "time",
                Instant.ofEpochMilli(1_600_000_000_000L + 20_000).toString(),
                "--yes");
        assertEquals(List.of(10L, 10L), committed());
    }

    @Test
    void anActiveGroupIsRefusedListingItsMembers() throws Exception {
        try (KafkaConsumer<byte[], byte[]> member = member()) {
            Evctl.Result refused = evctl.expect(
                    ExitCodes.PARTIAL, "groups", "reset", group, "--topic", topic, "--to", "latest", "--yes");
            assertTrue(refused.err().contains("1 active member (billing-service@"), refused.err());
            Evctl.Result waited = evctl.expect(
                    ExitCodes.PARTIAL,
                    "groups",
                    "reset",
                    group,
                    "--topic",
                    topic,
                    "--to",
                    "latest",
                    "--yes",
                    "--wait-inactive",
                    "1s");
            assertTrue(waited.err().contains("waiting up to"), waited.err());
            assertEquals(List.of(60L, 90L), committed());
        }
        evctl.ok("groups", "reset", group, "--topic", topic, "--to", "latest", "--yes", "--wait-inactive", "30s");
        assertEquals(List.of(100L, 100L), committed());
    }

    @Test
    void snapshotsAreCheckedBeforeUse() throws Exception {
        Evctl.Result none = evctl.expect(ExitCodes.NOT_FOUND, "groups", "reset", group, "--undo", "--yes");
        assertTrue(none.err().contains("no undo snapshot for group '" + group + "'"), none.err());
        JsonNode done = JSON.readTree(
                evctl.ok("groups", "reset", group, "--topic", topic, "--to", "earliest", "--yes", "-o", "json")
                        .out());
        Evctl.Result other = evctl.expect(
                ExitCodes.BAD_INPUT,
                "groups",
                "reset",
                "other-group",
                "--undo",
                done.get("snapshot").asText(),
                "--yes");
        assertTrue(other.err().contains("is for group '" + group + "', not 'other-group'"), other.err());
        Evctl.Result missing = evctl.expect(
                ExitCodes.NOT_FOUND,
                "groups",
                "reset",
                group,
                "--undo",
                home.resolve("nope.json").toString(),
                "--yes");
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Evctl.Result unknown = evctl.expect(
                ExitCodes.NOT_FOUND,
                "groups",
                "reset",
                "no-such-" + System.nanoTime(),
                "--topic",
                topic,
                "--to",
                "earliest",
                "--yes");
        assertTrue(unknown.err().contains("no such consumer group"), unknown.err());
        evctl.expect(ExitCodes.USAGE, "groups", "reset", group, "--topic", topic, "--to", "sideways", "--yes");
    }
}
