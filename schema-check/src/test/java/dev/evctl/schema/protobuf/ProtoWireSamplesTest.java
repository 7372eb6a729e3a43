package dev.evctl.schema.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import dev.evctl.schema.conformance.Conformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The 30 Protobuf samples Confluent's own KafkaProtobufSerializer wrote: from the sample's schema
 * text and JSON, evctl's descriptor and framing give the same bytes; from those bytes it reads the
 * same message back (JSON as protobuf's printer gives it).
 */
class ProtoWireSamplesTest {

    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicTest> everySampleEncodesByteForByteAndDecodesExactly() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode s : Conformance.json("wire-samples/wire-samples.json").get("samples")) {
            if (!s.get("format").asText().equals("PROTOBUF")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(s.get("name").asText(), () -> check(s)));
        }
        assertEquals(30, tests.size());
        return tests.stream();
    }

    private static void check(JsonNode s) throws Exception {
        ProtoSchema schema = ProtoSchema.parse(s.get("schema_text_input").asText());
        Descriptors.FileDescriptor file = ProtoDescriptors.build(schema);
        Descriptors.Descriptor type =
                ProtoDescriptors.message(file, s.get("message_full_name").asText());
        List<Integer> indexes = ProtoWire.indexes(schema, type);
        List<Integer> expectedIndexes = new ArrayList<>();
        s.get("message_indexes").forEach(i -> expectedIndexes.add(i.asInt()));
        assertEquals(expectedIndexes, indexes, "message indexes");
        assertEquals(
                s.get("serialized_parts").get("message_indexes_hex").asText(),
                HEX.formatHex(ProtoWire.encodeIndexes(indexes)));

        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        JsonFormat.parser().merge(s.get("message_json").asText(), builder);
        byte[] payload = builder.build().toByteArray();
        assertEquals(s.get("message_payload_hex").asText(), HEX.formatHex(payload), "payload");
        ByteBuffer frame = ByteBuffer.allocate(5 + ProtoWire.encodeIndexes(indexes).length + payload.length);
        frame.put((byte) 0)
                .putInt(s.get("schema_id").asInt())
                .put(ProtoWire.encodeIndexes(indexes))
                .put(payload);
        assertEquals(s.get("serialized_hex").asText(), HEX.formatHex(frame.array()), "the whole value");

        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(s.get("serialized_hex").asText()));
        assertEquals(0, in.get());
        assertEquals(s.get("schema_id").asInt(), in.getInt());
        Descriptors.Descriptor read = ProtoWire.message(file, schema, ProtoWire.readIndexes(in));
        assertEquals(type.getFullName(), read.getFullName());
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        DynamicMessage decoded = DynamicMessage.parseFrom(read, rest);
        assertEquals(
                s.get("message_json_compact").asText(),
                JsonFormat.printer().omittingInsignificantWhitespace().print(decoded));

        // the same schema sent as a base64 FileDescriptorProto (as Confluent's Python client registers it) reads the
        // same bytes
        String base64 = Base64.getEncoder().encodeToString(file.toProto().toByteArray());
        ProtoSchema fromDescriptor = ProtoSchema.parse(base64);
        Descriptors.FileDescriptor again = ProtoDescriptors.build(fromDescriptor);
        Descriptors.Descriptor sameType = ProtoWire.message(again, fromDescriptor, indexes);
        assertEquals(type.getFullName(), sameType.getFullName());
        assertEquals(
                s.get("message_json_compact").asText(),
                JsonFormat.printer().omittingInsignificantWhitespace().print(DynamicMessage.parseFrom(sameType, rest)),
                "read through the descriptor's text:\n" + fromDescriptor.canonical());
    }
}
