package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tail that decodes through the registry fetches on one thread and decodes and shows on another: across many
 * batches and partitions every record is shown once, in offset order per partition, and a record that cannot be
 * decoded with --on-error fail stops the tail after exactly the records before it.
 */
@Tag("integration")
class TailPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Evctl evctl;
    private Path schema;

    @BeforeEach
    void setUp() throws Exception {
        evctl = SharedRegistry.evctl(home);
        schema = home.resolve("n.avsc");
        Files.writeString(
                schema,
                "{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"n\",\"type\":\"long\"},{\"name\":\"pad\",\"type\":\"string\"}]}");
    }

    private void publish(String topic, int from, int to) throws Exception {
        Path lines = home.resolve("in-" + from + ".jsonl");
        Files.write(
                lines,
                IntStream.range(from, to)
                        .mapToObj(i -> "{\"id\":\"k" + i + "\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 97) + "\"}")
                        .toList());
        evctl.ok(
                "publish",
                topic,
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--key-field",
                "id",
                "--value-format",
                "avro",
                "--schema-file",
                schema.toString());
    }

    @Test
    void everyRecordOfManyBatchesIsShownOnceInOffsetOrderPerPartition() throws Exception {
        String topic = "pipeline-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "3");
        publish(topic, 0, 30_000);
        Evctl.Result r = evctl.ok(
                "tail", topic, "--from", "beginning", "--to", "end", "--format", "{partition} {offset} {key} {value}");
        List<String> lines = r.out().lines().toList();
        assertEquals(30_000, lines.size(), r.err());
        Map<Integer, Long> nextOffset = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ", 4);
            int partition = Integer.parseInt(f[0]);
            long offset = Long.parseLong(f[1]);
            assertEquals(nextOffset.getOrDefault(partition, 0L), offset, "partition " + partition + ": " + line);
            nextOffset.put(partition, offset + 1);
            JsonNode value = JSON.readTree(f[3]);
            assertEquals(f[2], "k" + value.path("n").asLong(), line);
            assertEquals(
                    "x".repeat((int) (value.path("n").asLong() % 97)),
                    value.path("pad").asText(),
                    line);
            seen.merge(f[2], 1, Integer::sum);
        }
        assertEquals(30_000, seen.size());
        assertEquals(3, nextOffset.size(), "spread over the three partitions: " + nextOffset);
        assertEquals(
                30_000L, nextOffset.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aRecordThatCannotBeDecodedStopsTheTailAfterExactlyTheRecordsBeforeIt() throws Exception {
        String topic = "pipeline-bad-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "1");
        publish(topic, 0, 12_000);
        evctl.ok("publish", topic, "--value", "plain text, not avro");
        publish(topic, 12_000, 24_000);
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT,
                "tail",
                topic,
                "--from",
                "beginning",
                "--to",
                "end",
                "--value-format",
                "avro",
                "--on-error",
                "fail",
                "--format",
                "{offset}");
        assertEquals(
                IntStream.range(0, 12_000).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n")),
                r.out());
        assertTrue(r.err().contains(topic + "/0@12000: not Avro on the wire"), r.err());
    }

    @Test
    void aFollowingTailWithMaxEndsOnceItHasShownThem() throws Exception {
        String topic = "pipeline-max-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "1");
        publish(topic, 0, 5_000);
        Evctl.Result r = evctl.ok("tail", topic, "--from", "beginning", "--max", "2500", "--format", "{offset}");
        assertEquals(
                IntStream.range(0, 2_500).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n")),
                r.out());
    }
}
