package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish's faults on purpose (--duplicates, --reorder, --poison) and evctl dups, checked with an
 * independent client (librdkafka through Debian's python3-confluent-kafka): the topic holds
 * exactly what the report says was sent, dups names exactly the injected ids, per-key order
 * breaks exactly where the report says, and poison is exactly what tail cannot decode.
 */
@Tag("integration")
class FaultsAndDupsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "{\"eventId\":\"e-{{seq}}\",\"n\":{{seq}},\"total\":817.00}";

    @TempDir
    static Path home;

    private static Evctl evctl;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Python.hasConfluentKafka(), "python3-confluent-kafka is not installed");
        evctl = SharedRegistry.evctl(home.resolve("evctl"));
    }

    private static String topic(String name, int partitions) {
        String topic = name + "-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", Integer.toString(partitions));
        return topic;
    }

    /** A committed record as the independent client read it. */
    record Read(int partition, long offset, String key, String value) {}

    private static List<Read> independent(String topic) throws Exception {
        Python.Out out = Python.run(
                List.of(Python.PYTHON, Python.script("read_committed.py"), SharedBroker.bootstrapServers(), topic),
                120);
        assertEquals(0, out.exit(), out.out());
        List<Read> reads = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (String line : out.out().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode n = JSON.readTree(line);
                reads.add(new Read(
                        n.get("p").asInt(),
                        n.get("o").asLong(),
                        n.get("k").isNull()
                                ? null
                                : new String(hex.parseHex(n.get("k").asText()), StandardCharsets.UTF_8),
                        n.get("v").isNull()
                                ? null
                                : new String(hex.parseHex(n.get("v").asText()), StandardCharsets.UTF_8)));
            }
        }
        reads.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return reads;
    }

    private static Set<String> injected(JsonNode report, String kind) {
        Set<String> out = new TreeSet<>();
        report.get("injections").forEach(i -> {
            if (i.get("kind").asText().equals(kind)) {
                out.add(i.get("partition").asInt() + "@" + i.get("offset").asLong());
            }
        });
        return out;
    }

    @Test
    void duplicatesLandExactlyAsReportedAndDupsNamesExactlyThoseIds() throws Exception {
        String topic = topic("faults-dups", 3);
        Evctl.Result sent = evctl.ok(
                "publish",
                topic,
                "--count",
                "10000",
                "--template",
                EVENT,
                "--key-template",
                "k-{{int 1 500}}",
                "--duplicates",
                "0.1",
                "--seed",
                "7",
                "-o",
                "json");
        JsonNode report = JSON.readTree(sent.out());
        long duplicates = report.get("injected").get("duplicates").asLong();
        assertTrue(duplicates > 800 && duplicates < 1200, "about a tenth: " + duplicates);
        assertEquals(10_000 + duplicates, report.get("records").asLong(), sent.out());
        assertEquals(duplicates, injected(report, "duplicate").size());
        assertEquals(7, report.get("seed").asLong());
        assertTrue(sent.err().contains("injected on purpose (seed 7): " + duplicates + " duplicates"), sent.err());

        List<Read> reads = independent(topic);
        assertEquals(10_000 + duplicates, reads.size(), "the topic holds the originals and the copies, no more");
        // each injected copy equals its original (key and value) and names an earlier offset of its partition
        Map<String, Read> at = new HashMap<>();
        reads.forEach(r -> at.put(r.partition() + "@" + r.offset(), r));
        Set<String> expectedIds = new TreeSet<>();
        for (JsonNode i : report.get("injections")) {
            Read copy =
                    at.get(i.get("partition").asInt() + "@" + i.get("offset").asLong());
            Read original =
                    at.get(i.get("partition").asInt() + "@" + i.get("of").asLong());
            assertEquals(original.key(), copy.key());
            assertEquals(original.value(), copy.value());
            assertTrue(copy.value().contains("\"total\":817.00"), "bytes as sent: " + copy.value());
            expectedIds.add(JSON.readTree(copy.value()).get("eventId").asText());
        }

        Evctl.Result dups = evctl.expect(1, "dups", topic, "--id-field", "eventId", "-o", "json");
        JsonNode found = JSON.readTree(dups.out());
        assertEquals(10_000 + duplicates, found.get("records").asLong());
        assertEquals(10_000, found.get("distinctIds").asLong());
        assertEquals(duplicates, found.get("duplicatedIds").asLong());
        assertEquals(duplicates, found.get("extraCopies").asLong());
        Set<String> named = new TreeSet<>();
        found.get("duplicates").forEach(d -> {
            named.add(d.get("id").asText());
            assertEquals(2, d.get("copies").size(), d.toString());
        });
        assertEquals(expectedIds, named, "dups names exactly the injected ids");

        // the same answer from the text form, and past a tiny memory budget (spilled to disk)
        Evctl.Result spilled =
                evctl.expect(1, "dups", topic, "--id-field", "eventId", "--memory", "256k", "-o", "json");
        JsonNode s = JSON.readTree(spilled.out());
        assertTrue(s.get("spilled").asBoolean(), "spilled past --memory 256k: " + spilled.err());
        assertTrue(found.get("duplicates").equals(s.get("duplicates")), "the same duplicates when spilled");
        assertEquals(found.get("distinctIds"), s.get("distinctIds"));
        Evctl.Result text = evctl.expect(1, "dups", topic, "--id-field", "eventId");
        assertTrue(
                text.out()
                        .contains(
                                topic + ": " + (10_000 + duplicates) + " records, 10000 distinct ids (field eventId), "
                                        + duplicates + " duplicated, " + duplicates + " extra copies"),
                text.out());
    }

    /** Each copy is sent up to --duplicate-delay after its original: its timestamp (the send's) says when. */
    @Test
    void aDuplicateDelayHoldsEachCopyUpToThatLong() throws Exception {
        String topic = topic("faults-delay", 1);
        JsonNode report = JSON.readTree(evctl.ok(
                        "publish",
                        topic,
                        "--count",
                        "40",
                        "--template",
                        EVENT,
                        "--duplicates",
                        "0.5",
                        "--duplicate-delay",
                        "1500ms",
                        "--seed",
                        "9",
                        "-o",
                        "json")
                .out());
        long duplicates = report.get("injected").get("duplicates").asLong();
        assertTrue(duplicates >= 10, report.toString());
        JsonNode found = JSON.readTree(evctl.expect(1, "dups", topic, "--id-field", "eventId", "-o", "json")
                .out());
        assertEquals(duplicates, found.get("duplicatedIds").asLong());
        long later = 0;
        for (JsonNode d : found.get("duplicates")) {
            long gap = d.get("copies").get(1).get("timestamp").asLong()
                    - d.get("copies").get(0).get("timestamp").asLong();
            assertTrue(gap >= 0 && gap <= 1500 + 500, "a copy " + gap + " ms after its original");
            if (gap >= 300) {
                later++;
            }
        }
        assertTrue(later > 0, "some copies came well after their originals");
    }

    @Test
    void aCleanTopicHasNoDuplicateAndExitsZero() throws Exception {
        String topic = topic("faults-clean", 2);
        evctl.ok("publish", topic, "--count", "3000", "--template", EVENT, "--seed", "7");
        Evctl.Result r = evctl.ok("dups", topic, "--id-field", "eventId", "-o", "json");
        JsonNode found = JSON.readTree(r.out());
        assertEquals(3000, found.get("records").asLong());
        assertEquals(3000, found.get("distinctIds").asLong());
        assertEquals(0, found.get("duplicatedIds").asLong());
        assertEquals(0, found.get("duplicates").size());
        // by key: keys repeat (k-1 … k-10), so these are duplicates by that id
        String keyed = topic("faults-keys", 1);
        evctl.ok("publish", keyed, "--count", "20", "--template", EVENT, "--key-template", "k-{{seq}}");
        evctl.ok("publish", keyed, "--count", "3", "--template", EVENT, "--key-template", "k-{{seq}}");
        JsonNode byKey = JSON.readTree(
                evctl.expect(1, "dups", keyed, "--id-key", "-o", "json").out());
        assertEquals(3, byKey.get("duplicatedIds").asLong(), byKey.toString());
        assertEquals("k-1", byKey.get("duplicates").get(0).get("id").asText());
        assertEquals(
                0,
                byKey.get("duplicates")
                        .get(0)
                        .get("copies")
                        .get(0)
                        .get("offset")
                        .asLong());
        assertEquals(
                20,
                byKey.get("duplicates")
                        .get(0)
                        .get("copies")
                        .get(1)
                        .get("offset")
                        .asLong());
    }

    @Test
    void reorderBreaksPerKeyOrderExactlyWhereTheReportSays() throws Exception {
        String topic = topic("faults-reorder", 3);
        Evctl.Result sent = evctl.ok(
                "publish",
                topic,
                "--count",
                "3000",
                "--template",
                EVENT,
                "--key-template",
                "k-{{int 1 40}}",
                "--reorder",
                "0.05",
                "--seed",
                "11",
                "-o",
                "json");
        JsonNode report = JSON.readTree(sent.out());
        long reordered = report.get("injected").get("reordered").asLong();
        assertTrue(reordered > 50, "some were reordered: " + sent.out());
        assertEquals(3000, report.get("records").asLong(), "reordering adds nothing");
        assertEquals(3000 - 40, report.get("injected").get("reorderable").asLong(), "all but each key's last");

        // where per-key order is broken, read back independently: a record of a key whose n is below one before it
        Set<String> broken = new TreeSet<>();
        Map<String, Long> highest = new HashMap<>();
        Set<String> partitionsOfKey = new HashSet<>();
        for (Read r : independent(topic)) {
            partitionsOfKey.add(r.key() + "/" + r.partition());
            long n = JSON.readTree(r.value()).get("n").asLong();
            Long before = highest.get(r.key());
            if (before != null && n < before) {
                broken.add(r.partition() + "@" + r.offset());
            } else {
                highest.put(r.key(), n);
            }
        }
        assertEquals(40, partitionsOfKey.size(), "a key stays on its partition");
        assertEquals(injected(report, "reordered"), broken);
        assertEquals(reordered, broken.size());
    }

    @Test
    void poisonIsExactlyWhatTailCannotDecodeForAvroAndJson() throws Exception {
        Path schema = home.resolve("order.avsc");
        Files.writeString(
                schema,
                "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"eventId\",\"type\":\"string\"},"
                        + "{\"name\":\"n\",\"type\":\"long\"}]}");
        String avro = topic("faults-poison-avro", 2);
        Evctl.Result sent = evctl.ok(
                "publish",
                avro,
                "--count",
                "2000",
                "--template",
                "{\"eventId\":\"e-{{seq}}\",\"n\":{{seq}}}",
                "--value-format",
                "avro",
                "--schema-file",
                schema.toString(),
                "--poison",
                "0.05",
                "--poison-kinds",
                "truncated,unknown-schema-id,no-magic-byte",
                "--seed",
                "3",
                "-o",
                "json");
        JsonNode report = JSON.readTree(sent.out());
        long poison = report.get("injected").get("poison").asLong();
        assertTrue(poison > 50, sent.out());
        Set<String> kinds = new HashSet<>();
        report.get("injections").forEach(i -> kinds.add(i.get("poisonKind").asText()));
        assertEquals(Set.of("truncated", "unknown-schema-id", "no-magic-byte"), kinds);
        Evctl.Result tail = evctl.expect(5, "tail", avro, "--to", "end", "--value-format", "avro", "-o", "json");
        assertTrue(tail.err().contains(", " + poison + " could not be decoded"), "tail's summary names the poison");
        Set<String> undecoded = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/(\\d+)@(\\d+): .* — shown undecoded")
                .matcher(tail.err());
        while (m.find()) {
            undecoded.add(m.group(1) + "@" + m.group(2));
        }
        assertEquals(injected(report, "poison"), undecoded, "tail fails to decode exactly the reported records");
        // dups through the registry: the poison has no readable id, every other record one of its own
        JsonNode byField = JSON.readTree(
                evctl.ok("dups", avro, "--id-field", "eventId", "-o", "json").out());
        assertEquals(poison, byField.get("undecodable").asLong(), byField.toString());
        assertEquals(2000 - poison, byField.get("distinctIds").asLong());

        String json = topic("faults-poison-json", 1);
        JsonNode plain = JSON.readTree(evctl.ok(
                        "publish",
                        json,
                        "--count",
                        "1000",
                        "--template",
                        EVENT,
                        "--poison",
                        "0.1",
                        "--seed",
                        "5",
                        "-o",
                        "json")
                .out());
        long cut = plain.get("injected").get("poison").asLong();
        JsonNode read = JSON.readTree(
                evctl.ok("dups", json, "--id-field", "eventId", "-o", "json").out());
        assertEquals(cut, read.get("undecodable").asLong(), "every poison record is JSON cut short");
        for (Read r : independent(json)) {
            boolean isPoison = injected(plain, "poison").contains(r.partition() + "@" + r.offset());
            boolean parses;
            try {
                JSON.readTree(r.value());
                parses = true;
            } catch (Exception e) {
                parses = false;
            }
            assertEquals(!isPoison, parses, r.toString());
        }
    }

    @Test
    void theSameSeedInjectsTheSameRecordsAndNothingIsInjectedUnasked() throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String topic = topic("faults-seed", 1);
            runs.add(JSON.readTree(evctl.ok(
                            "publish",
                            topic,
                            "--count",
                            "500",
                            "--template",
                            EVENT,
                            "--key-template",
                            "k-{{int 1 9}}",
                            "--duplicates",
                            "0.1",
                            "--reorder",
                            "0.1",
                            "--poison",
                            "0.02",
                            "--seed",
                            "42",
                            "-o",
                            "json")
                    .out()));
        }
        assertEquals(runs.get(0).get("injections"), runs.get(1).get("injections"));
        assertEquals(runs.get(0).get("injected"), runs.get(1).get("injected"));

        String topic = topic("faults-none", 1);
        JsonNode none = JSON.readTree(evctl.ok("publish", topic, "--count", "100", "--template", EVENT, "-o", "json")
                .out());
        assertFalse(none.has("injected"), none.toString());
        assertFalse(none.has("injections"), none.toString());
        assertEquals(100, independent(topic).size());
    }

    @Test
    void faultsThatCannotBeMadeAreRefusedBeforeAnythingIsSent() throws Exception {
        String topic = topic("faults-refused", 1);
        Evctl.Result fraction =
                evctl.expect(2, "publish", topic, "--count", "10", "--template", EVENT, "--duplicates", "1.5");
        assertTrue(fraction.err().contains("--duplicates is a fraction from 0 to 1"), fraction.err());
        Evctl.Result kinds = evctl.expect(
                2,
                "publish",
                topic,
                "--count",
                "10",
                "--template",
                EVENT,
                "--poison",
                "0.5",
                "--poison-kinds",
                "no-magic-byte");
        assertTrue(kinds.err().contains("need values framed for the registry"), kinds.err());
        Evctl.Result notJson = evctl.expect(4, "publish", topic, "--value", "plain text", "--poison", "1");
        assertTrue(notJson.err().contains("cannot be made of this record: the value is not JSON"), notJson.err());
        Path lines = home.resolve("mixed.txt");
        Files.writeString(lines, "{\"eventId\":\"a\"}\nnot json\n");
        Evctl.Result file = evctl.expect(4, "publish", topic, "-f", lines.toString(), "--poison", "0.5");
        assertTrue(file.err().contains("mixed.txt:2: --poison truncated cannot be made of this record"), file.err());
        Evctl.Result noId = evctl.expect(2, "dups", topic, "--id-key", "--id-field", "eventId");
        assertTrue(noId.err().contains("one of them, not 2"), noId.err());
        assertEquals(0, independent(topic).size(), "nothing was sent");
    }
}
