package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Avro keys: publish --key-format avro writes them framed, tail --key-format avro reads them back as JSON. */
@Tag("integration")
class AvroKeyTest {

    private static final String KEY_SCHEMA = """
            {"type":"record","name":"OrderKey","namespace":"com.example","fields":[{"name":"id","type":"long"}]}""";
    private static final String VALUE_SCHEMA = """
            {"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"orderId","type":"string"}]}""";

    @TempDir
    Path home;

    private Evctl evctl;
    private String topic;

    @BeforeEach
    void setUp() throws Exception {
        evctl = SharedRegistry.evctl(home);
        topic = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        evctl.ok("topics", "create", topic);
        Files.writeString(home.resolve("key.avsc"), KEY_SCHEMA);
        Files.writeString(home.resolve("order.avsc"), VALUE_SCHEMA);
    }

    private Evctl.Result publish(int exit, String lines) throws Exception {
        Path file = home.resolve("in.jsonl");
        Files.writeString(file, lines);
        return evctl.expect(
                exit,
                "publish",
                topic,
                "-f",
                file.toString(),
                "-i",
                "jsonl",
                "--key-field",
                "k",
                "--value-field",
                "v",
                "--key-format",
                "avro",
                "--key-schema-file",
                home.resolve("key.avsc").toString(),
                "--value-format",
                "avro",
                "--schema-file",
                home.resolve("order.avsc").toString());
    }

    @Test
    void keysAreWrittenInTheWireFormatUnderTheKeySubjectAndReadBack() throws Exception {
        publish(
                ExitCodes.OK,
                "{\"k\":{\"id\":7},\"v\":{\"orderId\":\"o-7\"}}\n{\"k\":{\"id\":8},\"v\":{\"orderId\":\"o-8\"}}\n");
        List<String> subjects =
                evctl.ok("schema", "list", "--prefix", topic).out().lines().toList();
        assertEquals(List.of(topic + "-key", topic + "-value"), subjects);
        int keyId = Integer.parseInt(evctl.ok("schema", "get", topic + "-key", "-o", "json")
                .out()
                .replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1"));

        // byte 0, the key schema's id, then 7 as a zigzag varint (0e)
        assertEquals(
                String.format("00%08x0e", keyId),
                evctl.ok("tail", topic, "--max", "1", "--key-format", "hex", "--format", "{key}")
                        .out()
                        .trim());

        ObjectMapper json = new ObjectMapper();
        List<String> lines = evctl.ok("tail", topic, "--key-format", "avro", "--value-format", "avro", "-o", "json")
                .out()
                .lines()
                .toList();
        assertEquals(2, lines.size());
        JsonNode first = json.readTree(lines.get(0));
        assertEquals("{\"id\":7}", first.get("key").toString(), "the decoded key is a JSON object, not a string");
        assertTrue(first.get("key").isObject());
        assertEquals("o-7", first.get("value").get("orderId").asText());

        assertEquals(
                List.of("{\"id\":8}\to-8"),
                evctl.ok(
                                "tail",
                                topic,
                                "--key-format",
                                "avro",
                                "--key-match",
                                "\"id\":8",
                                "--format",
                                "{key}\\t{value.orderId}")
                        .out()
                        .lines()
                        .toList());
    }

    @Test
    void aKeyThatDoesNotFitItsSchemaIsNamedAndNothingIsSent() throws Exception {
        Evctl.Result r = publish(
                ExitCodes.BAD_INPUT,
                "{\"k\":{\"id\":1},\"v\":{\"orderId\":\"o-1\"}}\n{\"k\":{\"id\":\"x\"},\"v\":{\"orderId\":\"o-2\"}}\n");
        assertTrue(r.err().contains(":2: key: field /id"), r.err());
        assertTrue(r.err().contains("nothing was sent"), r.err());
        assertEquals(0, evctl.ok("tail", topic).out().lines().count());
    }

    @Test
    void keySchemaOptionsNeedTheAvroKeyFormat() {
        Evctl.Result r = evctl.expect(
                ExitCodes.USAGE,
                "publish",
                topic,
                "--value",
                "x",
                "--key",
                "k",
                "--key-schema-file",
                home.resolve("key.avsc").toString());
        assertTrue(
                r.err().contains("--key-schema-file, --key-schema-id, --key-subject go with --key-format avro"),
                r.err());
    }
}
