package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tombstone is shown where no value can be, and bytes that are not UTF-8 are never replaced: a value that reads
 * "(tombstone)" beside a real tombstone, and a key, value and header of invalid UTF-8.
 */
@Tag("integration")
class TailTombstoneAndBytesTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final byte[] NOT_UTF8 = {(byte) 0xc3, 0x28, (byte) 0xff, 0x41};

    @TempDir
    Path home;

    private Evctl evctl;
    private String topic;
    private final String broker = SharedBroker.bootstrapServers();

    @BeforeEach
    void setUp() {
        evctl = Evctl.onSharedBroker(home);
        topic = "tomb-" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, 0, bytes("a"), bytes("(tombstone)")));
            producer.send(new ProducerRecord<>(topic, 0, bytes("b"), null));
            ProducerRecord<byte[], byte[]> raw = new ProducerRecord<>(topic, 0, NOT_UTF8, NOT_UTF8);
            raw.headers().add("h", NOT_UTF8);
            producer.send(raw);
            producer.flush();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pipedTextAndFormatTellATombstoneFromAValueThatReadsLikeOne() {
        List<String> lines = evctl.ok("tail", topic, "--from", "beginning", "--to", "end")
                .out()
                .lines()
                .toList();
        assertEquals(topic + "/0@0\ta\t(tombstone)", lines.get(0));
        assertEquals(topic + "/0@1\tb", lines.get(1), "a tombstone has no value column");
        List<String> formatted = evctl.ok(
                        "tail", topic, "--from", "beginning", "--to", "end", "--format", "{key} {value} {tombstone}")
                .out()
                .lines()
                .toList();
        assertEquals("a (tombstone) false", formatted.get(0));
        assertEquals("b (tombstone) true", formatted.get(1));
    }

    @Test
    void onATerminalTheTombstoneEndsTheRecordsOwnLine() {
        List<String> lines = evctl.stdoutTerminal()
                .env("NO_COLOR", "1")
                .ok("tail", topic, "--from", "beginning", "--to", "1")
                .out()
                .lines()
                .toList();
        int valueRecord = indexOf(lines, "key=a");
        assertEquals("(tombstone)", lines.get(valueRecord + 1), "a value that reads so is on a value line: " + lines);
        int tombstone = indexOf(lines, "key=b");
        assertTrue(lines.get(tombstone).endsWith("(tombstone)"), lines.toString());
        assertEquals(tombstone + 1, lines.size(), "no value line follows a tombstone: " + lines);
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + part + ": " + lines);
    }

    @Test
    void jsonKeepsBytesThatAreNotUtf8AsMarkedBase64() throws Exception {
        List<String> lines = evctl.ok("tail", topic, "--from", "beginning", "--to", "end", "-o", "json")
                .out()
                .lines()
                .toList();
        JsonNode raw = JSON.readTree(lines.get(2));
        assertEquals("base64", raw.get("valueEncoding").asText(), raw.toString());
        assertArrayEquals(NOT_UTF8, Base64.getDecoder().decode(raw.get("value").asText()));
        assertEquals("base64", raw.get("keyEncoding").asText());
        assertArrayEquals(NOT_UTF8, Base64.getDecoder().decode(raw.get("key").asText()));
        JsonNode header = raw.get("headers").get(0);
        assertEquals("base64", header.get("encoding").asText());
        assertArrayEquals(
                NOT_UTF8, Base64.getDecoder().decode(header.get("value").asText()));
        JsonNode plain = JSON.readTree(lines.get(0));
        assertEquals("(tombstone)", plain.get("value").asText());
        assertFalse(plain.has("valueEncoding"));
        assertTrue(JSON.readTree(lines.get(1)).get("tombstone").asBoolean());
    }
}
