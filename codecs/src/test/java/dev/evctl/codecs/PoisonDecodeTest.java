package dev.evctl.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.evctl.core.publish.Faults;
import dev.evctl.core.publish.Poison;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** publish --poison's records fail in the decoders consumers use: Avro's, protobuf-java's, Jackson's. */
class PoisonDecodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] framed(int id, byte[] indexes, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(5 + indexes.length + payload.length);
        b.put((byte) 0).putInt(id).put(indexes).put(payload);
        return b.array();
    }

    @Test
    void avroCutShortAfterTheSchemaIdNeverDecodes() throws Exception {
        Schema schema = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"n\",\"type\":\"long\"},{\"name\":\"tags\",\"type\":{\"type\":\"array\","
                        + "\"items\":\"string\"}}]}");
        for (int n = 0; n < 300; n++) {
            GenericRecord r = new GenericData.Record(schema);
            r.put("id", "e-" + n);
            r.put("n", (long) n * 7919);
            r.put("tags", List.of("a".repeat(n % 5), "b"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
            enc.flush();
            byte[] value = framed(7, new byte[0], out.toByteArray());
            byte[] poison = Poison.of(Faults.PoisonKind.TRUNCATED, Faults.Values.AVRO, value, 0);
            assertArrayEquals(Arrays.copyOf(value, 5), Arrays.copyOf(poison, 5), "the framing stays");
            byte[] payload = Arrays.copyOfRange(poison, 5, poison.length);
            assertThrows(
                    Exception.class,
                    () -> new GenericDatumReader<GenericRecord>(schema)
                            .read(null, DecoderFactory.get().binaryDecoder(payload, null)),
                    "record " + n);
        }
    }

    @Test
    void protobufGetsAFieldWhoseBytesAreMissing() {
        Struct message = Struct.newBuilder()
                .putFields("id", Value.newBuilder().setStringValue("e-1").build())
                .build();
        byte[] indexes = {2, 2}; // one index: 1 (zigzag 2, 2)
        byte[] value = framed(9, indexes, message.toByteArray());
        byte[] poison = Poison.of(Faults.PoisonKind.TRUNCATED, Faults.Values.PROTOBUF, value, 0);
        assertArrayEquals(Arrays.copyOf(value, 7), Arrays.copyOf(poison, 7), "framing and message indexes stay");
        byte[] payload = Arrays.copyOfRange(poison, 7, poison.length);
        assertThrows(InvalidProtocolBufferException.class, () -> Struct.parseFrom(payload));
    }

    @Test
    void unknownIdAndNoMagicByte() {
        byte[] value = framed(3, new byte[0], new byte[] {0, 1, 2});
        byte[] unknown = Poison.of(Faults.PoisonKind.UNKNOWN_SCHEMA_ID, Faults.Values.AVRO, value, 2_000_000_000);
        assertEquals(2_000_000_000, ByteBuffer.wrap(unknown, 1, 4).getInt());
        assertArrayEquals(new byte[] {0, 1, 2}, Arrays.copyOfRange(unknown, 5, 8));
        byte[] bare = Poison.of(Faults.PoisonKind.NO_MAGIC_BYTE, Faults.Values.AVRO, value, 0);
        assertArrayEquals(new byte[] {1, 0, 1, 2}, bare, "a leading 0 byte gets a 1 before it");
    }

    @Test
    void jsonCutShortNeverParses() {
        for (String json : List.of(
                "{\"eventId\":\"e-1\",\"total\":817.00}",
                "[1,2,3]",
                "\"text\"",
                "true",
                "null",
                "12",
                "-0.5e3",
                "  {\"a\":{}}  \n")) {
            byte[] poison = Poison.json(json.getBytes(StandardCharsets.UTF_8));
            assertThrows(Exception.class, () -> JSON.readTree(poison), new String(poison, StandardCharsets.UTF_8));
        }
        assertThrows(IllegalArgumentException.class, () -> Poison.json("plain".getBytes(StandardCharsets.UTF_8)));
    }
}
