package dev.evctl.codecs.jsonschema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.codecs.avro.AvroCodec;
import dev.evctl.core.json.ExactJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 15 JSON Schema samples Confluent's own KafkaJsonSchemaSerializer wrote: evctl frames the same
 * JSON into the same bytes (the schema id aside, which a registry assigns), with one deliberate
 * difference: a number keeps the text it was given (Java's serializer wrote {@code 1e+300} as
 * {@code 1.0E300}); and each value passes the sample's schema with the validator evctl uses.
 */
class JsonSchemaWireSamplesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode samples() throws Exception {
        try (InputStream in =
                JsonSchemaWireSamplesTest.class.getResourceAsStream("/conformance/wire-samples/wire-samples.json")) {
            return ExactJson.read(in.readAllBytes()); // numbers as written in the file
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleIsFramedAsConfluentsSerializerFramesIt() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode s : samples().get("samples")) {
            if (s.get("format").asText().equals("JSON")) {
                tests.add(DynamicTest.dynamicTest(s.get("name").asText(), () -> check(s)));
            }
        }
        assertEquals(15, tests.size());
        return tests.stream();
    }

    private static void check(JsonNode s) throws Exception {
        JsonSchemaEncoder encoder = JsonSchemaEncoder.of(
                null,
                "t",
                false,
                new AvroCodec.FromText(
                        s.get("schema_text_input").asText(), s.get("name").asText()),
                true);
        byte[] framed = encoder.check(MAPPER.writeValueAsBytes(s.get("message_json")));
        byte[] expected = HEX.parseHex(s.get("serialized_hex").asText());
        assertEquals(0, framed[0]);
        String payload = new String(Arrays.copyOfRange(framed, 5, framed.length), StandardCharsets.UTF_8);
        if (s.get("name").asText().equals("person_big_numbers")) {
            assertEquals(
                    "{\"name\":\"N\",\"age\":9007199254740993,\"scores\":[1e+300,0.1,3.0]}",
                    payload,
                    "numbers keep their text (Confluent's: "
                            + s.get("payload_utf8").asText() + ")");
            assertEquals(
                    MAPPER.readTree(s.get("payload_utf8").asText()), MAPPER.readTree(payload), "the same JSON value");
        } else {
            assertEquals(s.get("payload_utf8").asText(), payload);
            assertEquals(
                    HEX.formatHex(Arrays.copyOfRange(expected, 5, expected.length)),
                    HEX.formatHex(Arrays.copyOfRange(framed, 5, framed.length)),
                    "byte for byte after the id");
        }
    }

    @Test
    void aValueThatBreaksTheSchemaIsRefusedNamingWhereAndWhy() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"age\":{\"type\":\"integer\",\"minimum\":0}},"
                + "\"required\":[\"name\"]}";
        JsonSchemaEncoder encoder =
                JsonSchemaEncoder.of(null, "t", false, new AvroCodec.FromText(schema, "person.json"), true);
        encoder.check("{\"name\":\"a\",\"age\":3}".getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> encoder.check("{\"name\":\"a\",\"age\":-1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("$.age") && e.getMessage().contains("minimum"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> encoder.check("{\"age\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("and 1 more"), e.getMessage());
    }
}
