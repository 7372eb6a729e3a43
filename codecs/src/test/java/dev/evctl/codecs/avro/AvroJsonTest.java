package dev.evctl.codecs.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.core.json.ExactJson;
import dev.evctl.schema.AvroSchemas;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = AvroSchemas.parse("""
            {"type": "record", "name": "Payment", "namespace": "shop", "fields": [
              {"name": "id", "type": "string"},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["CARD", "CASH"]}},
              {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
              {"name": "ref", "type": ["int", "string"]}
            ]}""");

    private static JsonNode roundTrip(String json) throws Exception {
        Object datum = AvroJson.toAvro(JSON.readTree(json), SCHEMA);
        byte[] wire = ConfluentWire.encode(7, SCHEMA, datum);
        assertEquals(7, ConfluentWire.schemaId(wire));
        return AvroJson.toJson(ConfluentWire.decode(wire, SCHEMA), SCHEMA, true);
    }

    @Test
    void plainJsonAndAvroUnionJsonBothWorkAndLogicalTypesStayReadable() throws Exception {
        JsonNode plain = roundTrip("""
                {"id":"p-1","note":"hi","amount":12.34,"at":"2026-11-22T05:00:00Z","day":"2026-11-22",\
                "kind":"CARD","ref":5}""");
        assertEquals("hi", plain.get("note").asText());
        assertEquals("12.34", plain.get("amount").decimalValue().toPlainString());
        assertEquals("2026-11-22T05:00:00Z", plain.get("at").asText());
        assertEquals("2026-11-22", plain.get("day").asText());
        assertEquals(5, plain.get("ref").asInt());
        assertEquals(0, plain.get("tags").size(), "missing field with a default takes the default");

        JsonNode avroForm = roundTrip("""
                {"id":"p-2","note":{"string":"x"},"amount":1,"at":1700000000000,"day":19000,"kind":"CASH",\
                "ref":{"string":"r"}}""");
        assertEquals("x", avroForm.get("note").asText());
        assertEquals("r", avroForm.get("ref").asText());
        assertEquals("2023-11-14T22:13:20Z", avroForm.get("at").asText());
    }

    /** The streaming writer (tail's hot path) renders exactly what the tree renders, escapes and all. */
    @Test
    void theStreamingWriterMatchesTheTree() throws Exception {
        String json = """
                {"id":"q\\"uote\\\\ back\\nline\\u0001 é 中 😀","note":"tab\\there","amount":-0.05,\
                "at":"2026-11-22T05:00:00.123Z",
                 "day":"2026-11-22","kind":"CASH","tags":["", "a\\"b", "ü"],"ref":{"string":"r"}}""";
        byte[] wire = ConfluentWire.encode(7, SCHEMA, AvroJson.toAvro(JSON.readTree(json), SCHEMA));
        for (boolean readable : new boolean[] {true, false}) {
            Object decoded = ConfluentWire.decode(wire, SCHEMA); // strings as Avro's Utf8, as the tail sees them
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                AvroJson.write(g, decoded, SCHEMA, readable);
            }
            assertEquals(AvroJson.toJson(decoded, SCHEMA, readable).toString(), out.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Tail's one-pass transcoder writes the same text as decoding then writing, for random values
     * of a schema with every type, nested unions, maps, fixed and logical types; and a corrupt
     * payload is an error, not half a line.
     */
    @Test
    void theTranscoderMatchesDecodeThenWrite() throws Exception {
        Schema every = AvroSchemas.parse("""
                {"type": "record", "name": "Every", "namespace": "t", "fields": [
                  {"name": "b", "type": "boolean"}, {"name": "i", "type": "int"}, {"name": "l", "type": "long"},
                  {"name": "f", "type": "float"}, {"name": "d", "type": "double"}, {"name": "s", "type": "string"},
                  {"name": "raw", "type": "bytes"}, {"name": "n", "type": "null"},
                  {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 3}},
                  {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
                  {"name": "fdec", "type": {"type": "fixed", "name": "Money", "size": 8, "logicalType": "decimal", \
                "precision": 10, "scale": 2}},
                  {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                  {"name": "ms", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "us", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                  {"name": "e", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
                  {"name": "arr", "type": {"type": "array", "items": ["null", "string", "t.Four"]}},
                  {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "long"}}},
                  {"name": "u", "type": ["null", "int", "string", {"type": "record", "name": "Inner", "fields": [
                      {"name": "x", "type": ["null", "t.Inner"], "default": null}, {"name": "tag", "type": \
                "t.Color"}]}]}
                ]}""");
        AvroRandom random = new AvroRandom(every, new Random(42), Instant.parse("2026-11-22T00:00:00Z"));
        for (int n = 0; n < 300; n++) {
            byte[] wire = ConfluentWire.encode(3, every, random.generate(every, 0));
            for (boolean readable : new boolean[] {true, false}) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                try (JsonGenerator g = JSON.getFactory().createGenerator(expected)) {
                    AvroJson.write(g, ConfluentWire.decode(wire, every), every, readable);
                }
                // as trees: a decoded map is a HashMap (hash order), the transcoder keeps the order on the wire
                JsonNode want = JSON.readTree(expected.toByteArray());
                JsonNode got = JSON.readTree(ConfluentWire.toJson(wire, every, readable));
                assertEquals(want, got, "value " + n);
                List<String> wantFields = new ArrayList<>();
                List<String> gotFields = new ArrayList<>();
                want.fieldNames().forEachRemaining(wantFields::add);
                got.fieldNames().forEachRemaining(gotFields::add);
                assertEquals(wantFields, gotFields, "record fields in schema order");
            }
        }
        byte[] wire = ConfluentWire.encode(3, every, random.generate(every, 0));
        String whole = new String(ConfluentWire.toJson(wire, every, true), StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(wire, wire.length - 3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ConfluentWire.toJson(cut, every, true));
        assertTrue(e.getMessage().startsWith("truncated or corrupt Avro payload for schema t.Every"), e.getMessage());
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);
        assertThrows(IllegalArgumentException.class, () -> ConfluentWire.toJson(longer, every, true));
        // after an error the next payload is whole: nothing of the broken one is left in the buffer
        assertEquals(whole, new String(ConfluentWire.toJson(wire, every, true), StandardCharsets.UTF_8));
    }

    @Test
    void rawAvroJsonWrapsUnions() throws Exception {
        Object datum = AvroJson.toAvro(JSON.readTree("""
                {"id":"p","note":"n","amount":1,"at":0,"day":0,"kind":"CASH","ref":"r"}"""), SCHEMA);
        JsonNode raw = AvroJson.toJson(datum, SCHEMA, false);
        assertEquals("n", raw.get("note").get("string").asText());
        assertEquals(0, raw.get("at").asLong());
    }

    @Test
    void mismatchesNameTheField() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroJson.toAvro(JSON.readTree("""
                {"id":"p","amount":1,"at":0,"day":0,"kind":"WIRE","ref":1}"""), SCHEMA))
                .getMessage()
                .startsWith("field /kind: expected one of [CARD, CASH]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroJson.toAvro(JSON.readTree("""
                {"id":"p","amount":1,"at":0,"day":0,"kind":"CASH"}"""), SCHEMA))
                .getMessage()
                .contains("field /ref: missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroJson.toAvro(JSON.readTree("""
                {"id":"p","amount":1,"at":0,"day":0,"kind":"CASH","ref":true}"""), SCHEMA))
                .getMessage()
                .startsWith("field /ref: expected one of [int, string]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroJson.toAvro(JSON.readTree("""
                {"id":"p","amount":1.005,"at":0,"day":0,"kind":"CASH","ref":1}"""), SCHEMA))
                .getMessage()
                .contains("more than 2 decimal places"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroJson.toAvro(JSON.readTree("""
                {"id":"p","amount":1,"at":0,"day":0,"kind":"CASH","ref":1,"extra":2}"""), SCHEMA))
                .getMessage()
                .contains("/extra: not in the schema"));
    }

    @Test
    void framesAreChecked() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> ConfluentWire.schemaId(new byte[] {1, 0, 0, 0, 1}))
                .getMessage()
                .contains("magic byte is 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfluentWire.schemaId(new byte[] {0, 0}))
                .getMessage()
                .contains("2 bytes"));
        byte[] truncated = {0, 0, 0, 0, 7, 0x06, 'a'};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfluentWire.decode(truncated, SCHEMA))
                .getMessage()
                .startsWith("truncated or corrupt Avro payload"));
    }

    private static final Schema NUMBERS = AvroSchemas.parse("""
            {"type": "record", "name": "Numbers", "fields": [
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 20, "scale": 2}},
              {"name": "rate", "type": {"type": "fixed", "name": "Rate", "size": 8, "logicalType": "decimal", \
            "precision": 18, "scale": 10}},
              {"name": "raw", "type": "bytes"},
              {"name": "d", "type": "double"},
              {"name": "f", "type": "float"}
            ]}""");

    /**
     * JSON in through publish's converter, Avro binary, JSON out through each of tail's three writers: all must
     * agree.
     */
    private static String numbersRoundTrip(String json) throws Exception {
        Object datum = AvroJson.toAvro(ExactJson.read(json.getBytes(StandardCharsets.UTF_8)), NUMBERS);
        byte[] wire = ConfluentWire.encode(3, NUMBERS, datum);
        String tree = AvroJson.toJson(ConfluentWire.decode(wire, NUMBERS), NUMBERS, true)
                .toString();
        StringWriter streamed = new StringWriter();
        try (var g = JSON.getFactory().createGenerator(streamed)) {
            AvroJson.write(g, ConfluentWire.decode(wire, NUMBERS), NUMBERS, true);
        }
        assertEquals(tree, streamed.toString(), "write() and toJson() agree");
        assertEquals(
                tree,
                new String(ConfluentWire.toJson(wire, NUMBERS, true), StandardCharsets.UTF_8),
                "transcode and toJson agree");
        return tree;
    }

    @Test
    void decimalsAreExactFromStringsAndNumbersAndPrintPlain() throws Exception {
        assertEquals(
                "{\"price\":99.95,\"rate\":0.0000000000,\"raw\":\"\",\"d\":1.5,\"f\":0.5}",
                numbersRoundTrip("{\"price\":\"99.95\",\"rate\":0,\"raw\":\"\",\"d\":1.5,\"f\":0.5}"),
                "a decimal as a string is its number, not its text's bytes; zero prints as digits, not 0E-10");
        assertTrue(
                numbersRoundTrip("{\"price\":12345678901234567.89,\"rate\":\"-12345678.0123456789\","
                                + "\"raw\":\"\",\"d\":0,\"f\":0}")
                        .startsWith("{\"price\":12345678901234567.89,\"rate\":-12345678.0123456789,"),
                "no double in between");

        String printed = numbersRoundTrip("{\"price\":1,\"rate\":\"3.25\",\"raw\":\"\",\"d\":0,\"f\":0}");
        assertEquals(printed, numbersRoundTrip(printed), "what tail prints for a fixed decimal, publish takes back");

        IllegalArgumentException scale = assertThrows(
                IllegalArgumentException.class,
                () -> numbersRoundTrip("{\"price\":\"1.005\",\"rate\":0,\"raw\":\"\",\"d\":0,\"f\":0}"));
        assertTrue(
                scale.getMessage().contains("/price") && scale.getMessage().contains("more than 2 decimal places"),
                scale.getMessage());
        IllegalArgumentException precision = assertThrows(
                IllegalArgumentException.class,
                () -> numbersRoundTrip(
                        "{\"price\":\"123456789012345678901\",\"rate\":0,\"raw\":\"\",\"d\":0,\"f\":0}"));
        assertTrue(precision.getMessage().contains("more than decimal(20,2) holds"), precision.getMessage());
        IllegalArgumentException notNumber = assertThrows(
                IllegalArgumentException.class,
                () -> numbersRoundTrip("{\"price\":\"12,50\",\"rate\":0,\"raw\":\"\",\"d\":0,\"f\":0}"));
        assertTrue(notNumber.getMessage().contains("/price"), notNumber.getMessage());
    }

    @Test
    void bytesFollowAvrosJsonEncodingOrFail() throws Exception {
        assertTrue(numbersRoundTrip("{\"price\":0,\"rate\":0,\"raw\":\"\\u0000\\u00ff\u00e9\",\"d\":0,\"f\":0}")
                .contains("\"raw\":\"\\u0000\u00ff\u00e9\""));
        IllegalArgumentException wide = assertThrows(
                IllegalArgumentException.class,
                () -> numbersRoundTrip("{\"price\":0,\"rate\":0,\"raw\":\"a\u20acb\",\"d\":0,\"f\":0}"));
        assertTrue(wide.getMessage().contains("/raw") && wide.getMessage().contains("U+20AC"), wide.getMessage());
    }

    @Test
    void nanAndInfinityRoundTripAndOutOfRangeNumbersFail() throws Exception {
        String special = numbersRoundTrip("{\"price\":0,\"rate\":0,\"raw\":\"\",\"d\":\"NaN\",\"f\":\"-Infinity\"}");
        assertTrue(special.endsWith("\"d\":\"NaN\",\"f\":\"-Infinity\"}"), special);
        assertEquals(special, numbersRoundTrip(special));
        IllegalArgumentException big = assertThrows(
                IllegalArgumentException.class,
                () -> numbersRoundTrip("{\"price\":0,\"rate\":0,\"raw\":\"\",\"d\":1e400,\"f\":0}"));
        assertTrue(
                big.getMessage().contains("1e400") && big.getMessage().contains("range of a double"), big.getMessage());
    }
}
