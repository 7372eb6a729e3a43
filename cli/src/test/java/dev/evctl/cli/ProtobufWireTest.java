package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish --value-format protobuf and tail of framed Protobuf on the real broker, through the sandbox registry. */
@Tag("integration")
class ProtobufWireTest {

    private static final String PROTO = """
            syntax = "proto3";
            package shop;

            message Order {
              string id = 1;
              int64 amount_cents = 2;
              Status status = 3;
              map<string, int32> counts = 4;

              message Line {
                string sku = 1;
              }

              enum Status {
                NEW = 0;
                SHIPPED = 1;
              }
            }

            message Refund {
              string order_id = 1;
            }
            """;

    @TempDir
    Path home;

    private Evctl evctl;
    private String topic;
    private Path proto;

    @BeforeEach
    void setUp() throws Exception {
        evctl = SharedRegistry.evctl(home);
        topic = "proto-wire-" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        proto = home.resolve("order.proto");
        Files.writeString(proto, PROTO);
    }

    @Test
    void jsonIsWrittenAsConfluentFramedProtobufAndReadBack() throws Exception {
        Path lines = home.resolve("orders.jsonl");
        Files.writeString(lines, """
                {"id":"o-1","amountCents":"12345","status":"SHIPPED","counts":{"x":1}}
                {"id":"o-2","amount_cents":7}
                """);
        evctl.ok(
                "publish",
                topic,
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--value-format",
                "protobuf",
                "--schema-file",
                proto.toString());
        String id = evctl.ok("schema", "versions", topic + "-value").out().trim();
        assertEquals("1", id, "registered under TOPIC-value");
        // magic 00, a 4-byte id, message index [0] as the single byte 00, then the payload: field 1 "o-1", field 2
        // varint 12345…
        String hex = evctl.ok("tail", topic, "--max", "1", "--value-format", "hex", "--format", "{value}")
                .out()
                .trim();
        assertTrue(hex.startsWith("00") && hex.substring(10).startsWith("00" + "0a036f2d31" + "10b960"), hex);

        List<String> decoded =
                evctl.ok("tail", topic, "--format", "{value}").out().lines().toList();
        // a format the ids contradict is said, once per id, not silently overruled
        Evctl.Result asJsonSchema = evctl.ok("tail", topic, "--format", "{value}", "--value-format", "jsonschema");
        assertEquals(decoded, asJsonSchema.out().lines().toList());
        assertTrue(
                asJsonSchema
                        .err()
                        .contains("is PROTOBUF, not the JSON --value-format jsonschema names: its records"
                                + " are decoded as PROTOBUF"),
                asJsonSchema.err());
        assertEquals(1, asJsonSchema.err().split("is PROTOBUF, not the JSON", -1).length - 1, asJsonSchema.err());
        assertEquals(
                List.of(
                        "{\"id\":\"o-1\",\"amountCents\":\"12345\",\"status\":\"SHIPPED\",\"counts\":{\"x\":1}}",
                        "{\"id\":\"o-2\",\"amountCents\":\"7\"}"),
                decoded,
                "protobuf's JSON mapping: int64 as a string, defaults left out");
        assertEquals(
                List.of("o-2"),
                evctl.ok(
                                "tail",
                                topic,
                                "--value-format",
                                "protobuf",
                                "--where",
                                "amountCents == '7'",
                                "--format",
                                "{value.id}")
                        .out()
                        .lines()
                        .toList(),
                "a filter decodes the value it tests");

        // another message of the file: its index [1] is framed as 02 02
        evctl.ok(
                "publish",
                topic,
                "--value",
                "{\"orderId\":\"o-1\"}",
                "--value-format",
                "protobuf",
                "--schema-file",
                proto.toString(),
                "--message",
                "shop.Refund");
        String refund = evctl.ok(
                        "tail", topic, "--from", "2", "--max", "1", "--value-format", "hex", "--format", "{value}")
                .out()
                .trim();
        assertEquals("0202", refund.substring(10, 14), refund);
        assertEquals(
                "{\"orderId\":\"o-1\"}",
                evctl.ok("tail", topic, "--from", "2", "--max", "1", "--format", "{value}")
                        .out()
                        .trim());
    }

    @Test
    void badInputIsOneLineAndNothingIsSent() throws Exception {
        Path lines = home.resolve("bad.jsonl");
        Files.writeString(lines, "{\"id\":\"o-1\"}\n{\"id\":\"o-2\",\"colour\":\"red\"}\n");
        String err = evctl.expect(
                        ExitCodes.BAD_INPUT,
                        "publish",
                        topic,
                        "-f",
                        lines.toString(),
                        "-i",
                        "jsonl",
                        "--value-format",
                        "protobuf",
                        "--schema-file",
                        proto.toString())
                .err();
        assertTrue(err.contains(":2") && err.contains("colour"), err);
        err = evctl.expect(
                        ExitCodes.USAGE,
                        "publish",
                        topic,
                        "--value",
                        "{}",
                        "--value-format",
                        "protobuf",
                        "--schema-file",
                        proto.toString(),
                        "--message",
                        "shop.Nope")
                .err();
        assertTrue(err.contains("no message 'shop.Nope'") && err.contains("shop.Order"), err);
        Path invalid = home.resolve("invalid.proto");
        Files.writeString(invalid, "syntax = \"proto3\";\nmessage A {\n  Missing m = 1;\n}\n");
        err = evctl.expect(
                        ExitCodes.BAD_INPUT,
                        "publish",
                        topic,
                        "--value",
                        "{}",
                        "--value-format",
                        "protobuf",
                        "--schema-file",
                        invalid.toString())
                .err();
        assertTrue(err.contains(invalid + ":3:3: invalid schema: unknown type Missing"), err);
        // a subject (or id) of another schema type
        String avroSubject = "proto-wire-avro-" + System.nanoTime() + "-value";
        Path avsc = home.resolve("order.avsc");
        Files.writeString(
                avsc, "{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        evctl.ok("schema", "register", avroSubject, "-f", avsc.toString());
        err = evctl.expect(
                        ExitCodes.BAD_INPUT,
                        "publish",
                        topic,
                        "--value",
                        "{}",
                        "--value-format",
                        "protobuf",
                        "--subject",
                        avroSubject)
                .err();
        assertTrue(
                err.contains("subject '" + avroSubject + "' holds AVRO schemas, not PROTOBUF: use --value-format avro"),
                err);
        assertEquals("", evctl.ok("tail", topic, "--format", "{value}").out(), "nothing was sent");
    }

    @Test
    void aMessageIndexOutOfRangeIsOneLineWithTheRecordsPlace() throws Exception {
        evctl.ok(
                "publish",
                topic,
                "--value",
                "{\"id\":\"o-1\"}",
                "--value-format",
                "protobuf",
                "--schema-file",
                proto.toString());
        String good = evctl.ok("tail", topic, "--max", "1", "--value-format", "hex", "--format", "{value}")
                .out()
                .trim();
        // the same id, message index [5] (02 0a): the file has 2 top-level messages
        byte[] raw = HexFormat.of().parseHex(good.substring(0, 10) + "020a" + good.substring(12));
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                "bootstrap.servers",
                SharedBroker.bootstrapServers(),
                "key.serializer",
                ByteArraySerializer.class,
                "value.serializer",
                ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, 0, null, raw)).get();
        }
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT,
                "tail",
                topic,
                "--from",
                "1",
                "--value-format",
                "protobuf",
                "--on-error",
                "fail",
                "--format",
                "{value}");
        assertTrue(r.err().contains(topic + "/0@1") && r.err().contains("message index [5] is out of range"), r.err());
    }

    @Test
    void generateFromAProtoFileSendsValidRandomMessages() throws Exception {
        evctl.ok("publish", topic, "--generate-from", proto.toString(), "--count", "20", "--seed", "7");
        List<String> values =
                evctl.ok("tail", topic, "--format", "{value}").out().lines().toList();
        assertEquals(20, values.size());
        // every one reads back as an Order (the first message), with only the fields the schema declares
        ObjectMapper json = new ObjectMapper();
        for (String v : values) {
            json.readTree(v)
                    .fieldNames()
                    .forEachRemaining(f -> assertTrue(
                            List.of("id", "amountCents", "status", "counts").contains(f), v));
        }
        String second = "proto-wire-again-" + System.nanoTime();
        evctl.ok("topics", "create", second);
        evctl.ok("publish", second, "--generate-from", proto.toString(), "--count", "20", "--seed", "7");
        assertEquals(
                values,
                evctl.ok("tail", second, "--format", "{value}").out().lines().toList(),
                "--seed repeats the data exactly");
        evctl.ok("publish", topic, "--generate-from", proto.toString(), "--message", "shop.Refund", "--count", "1");
        assertTrue(evctl.ok("tail", topic, "--from", "20", "--format", "{value}")
                .out()
                .contains("orderId"));
    }
}
