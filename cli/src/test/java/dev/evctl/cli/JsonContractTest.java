package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON documents scripts read are a contract (README "JSON output"): their field names, in
 * order, are pinned here. A rename or a dropped field fails this test; a new field is added to
 * the list on purpose.
 */
@Tag("integration")
class JsonContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Evctl evctl;

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
    }

    @Test
    void replayDocuments() throws Exception {
        String source = "contract-" + System.nanoTime();
        evctl.ok("topics", "create", source, "--partitions", "2");
        TopicContents.produceAwkward(SharedBroker.bootstrapServers(), source, 2, 10);
        JsonNode dry = JSON.readTree(
                evctl.ok("replay", source, "--to-topic", source + "-copy", "--create-target", "--dry-run", "-o", "json")
                        .out());
        assertEquals(List.of("dryRun", "plan"), Evctl.fields(dry));
        assertEquals(
                List.of(
                        "job",
                        "source",
                        "target",
                        "state",
                        "exactlyOnce",
                        "partitionMapping",
                        "records",
                        "bytes",
                        "partitions",
                        "notes"),
                Evctl.fields(dry.get("plan")));
        assertEquals(
                List.of("partition", "from", "to", "next", "records", "bytes"),
                Evctl.fields(dry.get("plan").get("partitions").get(0)));

        JsonNode run = JSON.readTree(
                evctl.ok("replay", source, "--to-topic", source + "-copy", "--create-target", "--yes", "-o", "json")
                        .out());
        assertEquals(
                List.of(
                        "job",
                        "source",
                        "target",
                        "complete",
                        "copied",
                        "filtered",
                        "copiedThisRun",
                        "seconds",
                        "exactlyOnce",
                        "recoveries",
                        "partitions",
                        "notes"),
                Evctl.fields(run));
        assertEquals(
                List.of("partition", "from", "to", "next", "copied", "filtered"),
                Evctl.fields(run.get("partitions").get(0)));
        assertEquals(10, run.get("copied").asInt());
        assertEquals(dry.get("plan").get("job"), run.get("job"));
    }

    @Test
    void replayStatusDocument() throws Exception {
        String source = "contract-status-" + System.nanoTime();
        evctl.ok("topics", "create", source, "--partitions", "2");
        TopicContents.produceAwkward(SharedBroker.bootstrapServers(), source, 2, 10);
        String job = "contract-" + System.nanoTime();
        evctl.ok(
                "replay",
                source,
                "--to-topic",
                source + "-copy",
                "--create-target",
                "--job-id",
                job,
                "--join",
                "--yes");

        JsonNode status =
                JSON.readTree(evctl.ok("replay", "status", job, "-o", "json").out());
        assertEquals(
                List.of(
                        "job",
                        "group",
                        "source",
                        "target",
                        "from",
                        "to",
                        "plannedAt",
                        "state",
                        "complete",
                        "copied",
                        "filtered",
                        "left",
                        "recordsPerSecond",
                        "etaSeconds",
                        "partitions",
                        "workers"),
                Evctl.fields(status));
        assertEquals(
                List.of("partition", "from", "to", "next", "left", "copied", "filtered", "heldBy", "committedAt"),
                Evctl.fields(status.get("partitions").get(0)));
        assertEquals(job, status.get("job").asText());
        assertEquals("evctl-job-" + job, status.get("group").asText());
        assertEquals(source + "-copy", status.get("target").asText());
        assertTrue(status.get("complete").asBoolean());
        assertEquals(10, status.get("copied").asInt());
        assertEquals(0, status.get("workers").size()); // the worker left the group when the job was done

        String text = evctl.ok("replay", "status", job).out();
        assertTrue(
                text.startsWith(
                        "job " + job + "  " + source + " → " + source + "-copy, --from beginning --to end, planned "),
                text);
        assertTrue(text.contains("complete: 10 copied, 0 filtered out, 0 left"), text);
        Evctl.Result missing = evctl.expect(6, "replay", "status", "no-such-job-" + System.nanoTime());
        assertTrue(missing.err().contains("holds no plan"), missing.err());
    }

    @Test
    void topicsAndGroupsDocuments() throws Exception {
        String topic = "contract-topic-" + System.nanoTime();
        String group = "contract-group-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "2");
        TopicContents.produceAwkward(SharedBroker.bootstrapServers(), topic, 2, 4);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)))
                    .all()
                    .get();
        }

        JsonNode listed = JSON.readTree(evctl.ok("topics", "list", "-o", "json").out());
        assertEquals(List.of("name"), Evctl.fields(listed.get(0)));
        JsonNode topicDoc = JSON.readTree(
                evctl.ok("topics", "describe", topic, "-o", "json").out());
        assertEquals(
                List.of("name", "id", "internal", "partitions", "configs", "consumerGroups"), Evctl.fields(topicDoc));
        assertEquals(
                List.of("partition", "leader", "replicas", "isr", "startOffset", "endOffset"),
                Evctl.fields(topicDoc.get("partitions").get(0)));
        assertEquals(
                List.of("group", "state", "members", "lag"),
                Evctl.fields(topicDoc.get("consumerGroups").get(0)));

        JsonNode contexts =
                JSON.readTree(evctl.ok("config", "get-contexts", "-o", "json").out());
        assertEquals(List.of("name", "current", "bootstrapServers"), Evctl.fields(contexts.get(0)));
        JsonNode config = JSON.readTree(evctl.ok("config", "view", "-o", "json").out());
        assertEquals(List.of("current-context", "contexts"), Evctl.fields(config)); // the config file's own keys

        JsonNode groups = JSON.readTree(evctl.ok("groups", "list", "-o", "json").out());
        assertEquals(List.of("group", "state", "type"), Evctl.fields(groups.get(0)));
        JsonNode groupDoc = JSON.readTree(
                evctl.ok("groups", "describe", group, "-o", "json").out());
        assertEquals(List.of("group", "state", "type", "members", "partitions"), Evctl.fields(groupDoc));
        assertEquals(
                List.of("topic", "partition", "committed", "end", "lag"),
                Evctl.fields(groupDoc.get("partitions").get(0)));
        assertEquals(1, groupDoc.get("partitions").get(0).get("committed").asInt());
    }

    @Test
    void publishDocument() throws Exception {
        String topic = "contract-publish-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "1");
        JsonNode sent = JSON.readTree(evctl.ok("publish", topic, "--value", "x", "--count", "3", "-o", "json")
                .out());
        assertEquals(
                List.of("topic", "records", "bytes", "seconds", "recordsPerSecond", "skipped"), Evctl.fields(sent));
        assertEquals(3, sent.get("records").asInt());
        assertEquals(topic, sent.get("topic").asText());
    }

    @Test
    void doctorAndDlqInspectDocuments() throws Exception {
        JsonNode checks = JSON.readTree(evctl.ok("doctor", "-o", "json").out());
        assertEquals(List.of("status", "name", "detail", "millis"), Evctl.fields(checks.get(0)));
        String dlq = "contract-dlq-" + System.nanoTime();
        evctl.ok("topics", "create", dlq, "--partitions", "1");
        JsonNode summary =
                JSON.readTree(evctl.ok("dlq", "inspect", dlq, "-o", "json").out());
        assertEquals(
                List.of(
                        "dlq",
                        "group",
                        "records",
                        "pending",
                        "handled",
                        "firstSeen",
                        "lastSeen",
                        "byOriginalTopic",
                        "byErrorClass",
                        "byMessagePattern",
                        "byConvention",
                        "malformed"),
                Evctl.fields(summary));
    }
}
