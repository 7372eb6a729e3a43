package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import dev.evctl.schema.registry.TranscriptRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish --value-format avro and tail --value-format avro on the real broker, with a registry
 * answering as the recorded Confluent Schema Registry did (register gave id 271 for this schema).
 */
@Tag("integration")
class AvroWireTest {

    @TempDir
    Path home;

    private TranscriptRegistry registry;
    private Evctl evctl;
    private String topic;
    private Path schema;

    @BeforeEach
    void setUp() throws Exception {
        registry = new TranscriptRegistry();
        evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", registry.url());
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        topic = "api-orders";
        evctl.ok("topics", "create", topic, "--if-not-exists");
        evctl.ok("topics", "delete", topic, "--yes");
        evctl.ok("topics", "create", topic);
        schema = home.resolve("order.avsc");
        Files.writeString(
                schema,
                registry.exchange("reg_v1").get("request_body").get("schema").asText());
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    @Test
    void jsonIsWrittenInTheConfluentWireFormatAndReadBack() throws Exception {
        Path lines = home.resolve("orders.jsonl");
        Files.writeString(lines, "{\"orderId\":\"o-1\",\"amount\":12.5}\n{\"orderId\":\"o-2\",\"amount\":3}\n");
        registry.answer("reg_v1", "get_id");
        evctl.ok(
                "publish",
                topic,
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--value-format",
                "avro",
                "--schema-file",
                schema.toString());
        assertEquals(
                "/subjects/api-orders-value/versions", registry.sent().get(0).path(), "TopicNameStrategy subject");

        // byte 0, id 271 big-endian, then Avro binary: string length 3 zigzag (06) "o-1", double 12.5 little-endian
        assertEquals(
                "00" + "0000010f" + "06" + "6f2d31" + "0000000000002940",
                evctl.ok("tail", topic, "--max", "1", "--value-format", "hex", "--format", "{value}")
                        .out()
                        .trim());

        List<String> decoded = evctl.ok("tail", topic, "--value-format", "avro", "--format", "{value}")
                .out()
                .lines()
                .toList();
        assertEquals(List.of("{\"orderId\":\"o-1\",\"amount\":12.5}", "{\"orderId\":\"o-2\",\"amount\":3.0}"), decoded);
        assertEquals("/schemas/ids/271", registry.sent().get(1).path());
        assertEquals(2, registry.sent().size(), "the schema is fetched once and cached");

        registry.answer("get_id");
        assertEquals(
                decoded,
                evctl.ok("tail", topic, "--format", "{value}").out().lines().toList(),
                "with a registry set, framed Avro is recognised without --value-format");
        assertTrue(
                new Evctl(home)
                        .ok("tail", topic, "--format", "{value}", "--value-format", "hex")
                        .out()
                        .lines()
                        .allMatch(h -> h.startsWith("000000010f")),
                "an explicit format switches detection off: raw frames shown");
        registry.answer("get_id", "get_id");
        List<String> json = evctl.ok("tail", topic, "--value-format", "avro", "-o", "json")
                .out()
                .lines()
                .toList();
        assertEquals(2, json.size(), json.toString());
        assertTrue(json.get(0).contains("\"value\":{\"orderId\":\"o-1\",\"amount\":12.5},\"headers\":[]"), json.get(0));
        assertEquals(
                List.of("{\"orderId\":\"o-2\",\"amount\":3.0}"),
                evctl.ok("tail", topic, "--value-format", "avro", "--where", "orderId == 'o-2'", "--format", "{value}")
                        .out()
                        .lines()
                        .toList(),
                "a filter decodes the value it tests");
    }

    @Test
    void randomRecordsGeneratedFromTheSchema() {
        registry.answer("reg_v1", "get_id");
        evctl.ok("publish", topic, "--generate-from", schema.toString(), "--count", "25", "--seed", "4");
        List<String> values = evctl.ok(
                        "tail", topic, "--value-format", "avro", "--format", "{value.orderId} {value.amount}")
                .out()
                .lines()
                .toList();
        assertEquals(25, values.size());
        assertTrue(values.stream().allMatch(v -> v.matches("[a-z]+-\\d+ \\d+(\\.\\d+)?")), values.toString());
    }

    @Test
    void aValueThatDoesNotFitTheSchemaNamesTheFieldAndSendsNothing() throws Exception {
        Path lines = home.resolve("orders.jsonl");
        Files.writeString(lines, "{\"orderId\":\"o-1\",\"amount\":12.5}\n{\"orderId\":\"o-2\",\"amount\":\"lots\"}\n");
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT,
                "publish",
                topic,
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--value-format",
                "avro",
                "--schema-file",
                schema.toString());
        assertTrue(r.err().contains(lines + ":2: field /amount: expected double, got \"lots\""), r.err());
        assertTrue(registry.sent().isEmpty(), "nothing registered before the input is known to be good");
        assertEquals(0, evctl.ok("tail", topic).out().lines().count());
    }

    @Test
    void undecodableRecordsAreReportedWithTheirOffsetAndTailingGoesOn() throws Exception {
        evctl.ok("publish", topic, "--value", "plain text, not avro");
        Path lines = home.resolve("one.jsonl");
        Files.writeString(lines, "{\"orderId\":\"o-9\",\"amount\":1}\n");
        registry.answer("reg_v1", "get_id");
        evctl.ok(
                "publish",
                topic,
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--value-format",
                "avro",
                "--schema-file",
                schema.toString());

        Evctl.Result r =
                evctl.expect(ExitCodes.PARTIAL, "tail", topic, "--value-format", "avro", "--format", "{value}");
        assertTrue(r.err().contains(topic + "/0@0: not Avro on the wire: magic byte is 112"), r.err());
        // shown raw (base64, as --value-format avro shows bytes), never dropped
        assertEquals(
                List.of(
                        Base64.getEncoder().encodeToString("plain text, not avro".getBytes(StandardCharsets.UTF_8)),
                        "{\"orderId\":\"o-9\",\"amount\":1.0}"),
                r.out().lines().toList());
        assertTrue(r.err().contains("1 could not be decoded"), r.err());
        evctl.expect(ExitCodes.BAD_INPUT, "tail", topic, "--value-format", "avro", "--on-error", "fail");
    }
}
