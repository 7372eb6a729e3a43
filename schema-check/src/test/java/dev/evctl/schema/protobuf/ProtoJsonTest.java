package dev.evctl.schema.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import dev.evctl.schema.conformance.Conformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The streaming transcoder prints what protobuf's own JsonFormat prints, for every wire sample and for awkward
 * values.
 */
class ProtoJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyWireSampleReadsAsJsonFormatPrintsIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode s : Conformance.json("wire-samples/wire-samples.json").get("samples")) {
            if (s.get("format").asText().equals("PROTOBUF")) {
                tests.add(DynamicTest.dynamicTest(s.get("name").asText(), () -> {
                    ProtoReader reader = new ProtoReader(
                            ProtoSchema.parse(s.get("schema_text_input").asText()));
                    byte[] framed =
                            HexFormat.of().parseHex(s.get("serialized_hex").asText());
                    assertEquals(
                            s.get("message_json_compact").asText(),
                            new String(reader.json(framed), StandardCharsets.UTF_8));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void awkwardValuesPrintAsJsonFormatPrintsThem() throws Exception {
        ProtoSchema schema = ProtoSchema.parse("""
                syntax = "proto3";
                package t;
                message M {
                  string s = 1; bytes b = 2; double d = 3; float f = 4; uint64 u64 = 5; uint32 u32 = 6; fixed64 fx = 7;
                  sint64 z = 8; E e = 9; repeated int32 packed = 10; map<int32, string> byNumber = 11; map<bool, \
                N> byFlag = 12;
                  optional int32 present = 13; repeated N nested = 14; oneof pick { string a = 15; int64 b2 = 16; }
                  enum E { ZERO = 0; ONE = 1; }
                  message N { string name = 1; repeated double xs = 2; }
                }
                """);
        Descriptors.Descriptor type = ProtoDescriptors.message(ProtoDescriptors.build(schema), null);
        String json = """
                {"s":"<a & b> \\"q\\" \\u2028 é 日本 \\u0001","b":"AP8=","d":1e300,"f":0.1,"u64":"18446744073709551615",
                 "u32":4294967295,"fx":"9223372036854775808","z":"-9223372036854775808","e":"ONE","packed":[1,-1,0,\
                2147483647],
                 "byNumber":{"-1":"minus","7":"seven"},"byFlag":{"true":{"name":"t"},"false":{}},"present":0,
                 "nested":[{"name":"x","xs":[0.5,-0.0,3.0]},{}],"b2":"0"}
                """;
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        JsonFormat.parser().merge(json, b);
        byte[] payload = b.build().toByteArray();
        byte[] framed = ByteBuffer.allocate(6 + payload.length)
                .put((byte) 0)
                .putInt(1)
                .put((byte) 0)
                .put(payload)
                .array();
        String ours = new String(new ProtoReader(schema).json(framed), StandardCharsets.UTF_8);
        String theirs =
                JsonFormat.printer().omittingInsignificantWhitespace().print(DynamicMessage.parseFrom(type, payload));
        assertEquals(MAPPER.readTree(theirs), MAPPER.readTree(ours), "the same JSON value");
        assertTrue(
                ours.contains("\"present\":0") && ours.contains("\"b2\":\"0\""),
                "set-with-presence defaults are printed: " + ours);
    }

    /**
     * Fields out of number order, a singular field twice (the last wins) and a repeated field in two
     * runs — what concatenated payloads look like: the transcoder sorts and merges as protobuf does
     * (the in-order fast path must not be taken).
     */
    @Test
    void fieldsOutOfOrderOrRepeatedReadAsProtobufMergesThem() throws Exception {
        ProtoSchema schema = ProtoSchema.parse("""
                syntax = "proto3";
                package t;
                message M { string s = 1; double d = 3; uint32 u32 = 6; repeated int32 packed = 10; repeated \
                string tags = 11; }
                """);
        Descriptors.Descriptor type = ProtoDescriptors.message(ProtoDescriptors.build(schema), null);
        DynamicMessage.Builder first = DynamicMessage.newBuilder(type);
        JsonFormat.parser().merge("{\"s\":\"first\",\"d\":2.5,\"packed\":[1,2],\"tags\":[\"a\"]}", first);
        DynamicMessage.Builder second = DynamicMessage.newBuilder(type);
        JsonFormat.parser().merge("{\"s\":\"second\",\"u32\":7,\"packed\":[3],\"tags\":[\"b\",\"c\"]}", second);
        byte[] a = first.build().toByteArray();
        byte[] b = second.build().toByteArray();
        byte[] payload = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
        byte[] framed = ByteBuffer.allocate(6 + payload.length)
                .put((byte) 0)
                .putInt(1)
                .put((byte) 0)
                .put(payload)
                .array();
        String ours = new String(new ProtoReader(schema).json(framed), StandardCharsets.UTF_8);
        String theirs =
                JsonFormat.printer().omittingInsignificantWhitespace().print(DynamicMessage.parseFrom(type, payload));
        assertEquals(theirs, ours);
        assertEquals("{\"s\":\"second\",\"d\":2.5,\"u32\":7,\"packed\":[1,2,3],\"tags\":[\"a\",\"b\",\"c\"]}", ours);
    }

    /**
     * A string field that is not UTF-8 is refused (as protobuf refuses it), and the next record reads cleanly after
     * it.
     */
    @Test
    void aStringThatIsNotUtf8IsRefusedAndTheNextRecordIsWhole() {
        ProtoSchema schema = ProtoSchema.parse("""
                syntax = "proto3";
                package t;
                message M { string s = 1; int32 n = 2; }
                """);
        ProtoReader reader = new ProtoReader(schema);
        // field 1 (string, length 2): 0xc3 0x28 is not UTF-8; then field 2 = 5
        byte[] bad = {0, 0, 0, 0, 1, 0, 0x0a, 0x02, (byte) 0xc3, 0x28, 0x10, 0x05};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.json(bad));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        byte[] good = {0, 0, 0, 0, 1, 0, 0x0a, 0x02, (byte) 0xc3, (byte) 0xa9, 0x10, 0x05};
        assertEquals("{\"s\":\"é\",\"n\":5}", new String(reader.json(good), StandardCharsets.UTF_8));
    }

    /**
     * A nested message out of number order inside an ordered one: the transcoder has already written part of the
     * record when it meets it, starts the record again checking each message first, and reads the records around
     * it on the same reader unharmed. A string whose length runs past the payload is refused.
     */
    @Test
    void aNestedMessageOutOfOrderRestartsTheRecordAndTruncationIsRefused() throws Exception {
        ProtoSchema schema = ProtoSchema.parse("""
                syntax = "proto3";
                package t;
                message M { string s = 1; N n = 2; int32 k = 3; message N { string a = 1; int32 b = 2; } }
                """);
        Descriptors.Descriptor type = ProtoDescriptors.message(ProtoDescriptors.build(schema), null);
        ProtoReader reader = new ProtoReader(schema);
        // M { s = "x"; n = N { b = 7; a = "y" } (b before a); k = 3 }
        byte[] nested = {0x10, 0x07, 0x0a, 0x01, 'y'};
        byte[] payload = ByteBuffer.allocate(3 + 2 + nested.length + 2)
                .put(new byte[] {0x0a, 0x01, 'x'})
                .put(new byte[] {0x12, (byte) nested.length})
                .put(nested)
                .put(new byte[] {0x18, 0x03})
                .array();
        byte[] ordered = {0x0a, 0x01, 'z', 0x18, 0x04};
        String theirs =
                JsonFormat.printer().omittingInsignificantWhitespace().print(DynamicMessage.parseFrom(type, payload));
        assertEquals("{\"s\":\"z\",\"k\":4}", new String(reader.json(framed(ordered)), StandardCharsets.UTF_8));
        assertEquals(theirs, new String(reader.json(framed(payload)), StandardCharsets.UTF_8));
        assertEquals("{\"s\":\"x\",\"n\":{\"a\":\"y\",\"b\":7},\"k\":3}", theirs);
        assertEquals("{\"s\":\"z\",\"k\":4}", new String(reader.json(framed(ordered)), StandardCharsets.UTF_8));
        byte[] truncated = {0x0a, 0x09, 'x'}; // says 9 bytes, holds 1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.json(framed(truncated)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals("{\"s\":\"z\",\"k\":4}", new String(reader.json(framed(ordered)), StandardCharsets.UTF_8));
    }

    private static byte[] framed(byte[] payload) {
        return ByteBuffer.allocate(6 + payload.length)
                .put((byte) 0)
                .putInt(1)
                .put((byte) 0)
                .put(payload)
                .array();
    }
}
