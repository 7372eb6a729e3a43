package dev.evctl.codecs.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.schema.AvroSchemas;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class AvroRandomTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Schema SCHEMA = AvroSchemas.parse("""
            {"type": "record", "name": "Node", "namespace": "t", "fields": [
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}},
              {"name": "price", "type": {"type": "fixed", "name": "Price", "size": 8, "logicalType": "decimal", \
            "precision": 12, "scale": 3}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "attrs", "type": {"type": "map", "values": ["null", "int", "string"]}},
              {"name": "children", "type": {"type": "array", "items": "Node"}},
              {"name": "parent", "type": ["null", "Node"], "default": null}
            ]}""");

    @Test
    void generatedRecordsAreValidAndSurviveTheWholeJsonAvroWirePath() throws Exception {
        AvroRandom generator = new AvroRandom(SCHEMA, new Random(11), Instant.now());
        Set<String> kinds = new HashSet<>();
        for (int i = 1; i <= 500; i++) {
            Object datum = generator.generate(SCHEMA, 0);
            assertTrue(GenericData.get().validate(SCHEMA, datum), "record " + i + " is valid for the schema");
            JsonNode json = new ObjectMapper().readTree(generator.renderBytes(i));
            Object back = AvroJson.toAvro(json, SCHEMA);
            byte[] wire = ConfluentWire.encode(1, SCHEMA, back);
            assertEquals(back, ConfluentWire.decode(wire, SCHEMA));
            kinds.add(json.get("kind").asText());
        }
        assertEquals(Set.of("A", "B", "C"), kinds, "every enum symbol comes up");
    }

    @Test
    void streamingJsonMatchesTheTreeForRandomRecords() throws Exception {
        AvroRandom generator = new AvroRandom(SCHEMA, new Random(21), Instant.now());
        for (int i = 0; i < 300; i++) {
            Object datum = generator.generate(SCHEMA, 0);
            for (boolean readable : new boolean[] {true, false}) {
                StringWriter out = new StringWriter();
                try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                    AvroJson.write(g, datum, SCHEMA, readable);
                }
                assertEquals(AvroJson.toJson(datum, SCHEMA, readable).toString(), out.toString());
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameRecords() {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(
                new String(new AvroRandom(SCHEMA, new Random(5), base).renderBytes(1)),
                new String(new AvroRandom(SCHEMA, new Random(5), base).renderBytes(1)));
    }
}
