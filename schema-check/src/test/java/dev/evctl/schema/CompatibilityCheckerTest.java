package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {

    private static Schema record(String fields) {
        return AvroSchemas.parse(
                "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[" + fields + "]}");
    }

    @Test
    void reportsEveryIncompatibilityWithPathVersionAndSentence() {
        Schema v1 = record("{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"status\",\"type\":{\"type\":\"enum\","
                + "\"name\":\"S\",\"symbols\":[\"A\",\"B\"]}}");
        Schema candidate =
                record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"status\",\"type\":{\"type\":\"enum\","
                        + "\"name\":\"S\",\"symbols\":[\"A\"]}},"
                        + "{\"name\":\"total\",\"type\":\"double\"}");
        CompatibilityResult r = new CompatibilityChecker()
                .check(candidate, CompatibilityChecker.versions(List.of(v1)), CompatibilityLevel.BACKWARD);
        assertFalse(r.compatible());
        assertEquals(
                List.of("TYPE_MISMATCH", "MISSING_ENUM_SYMBOLS", "READER_FIELD_MISSING_DEFAULT_VALUE"),
                r.incompatibilities().stream().map(Incompatibility::type).toList(),
                "all three, not just the first");
        assertEquals(
                List.of("/fields/0/type", "/fields/1/type/symbols", "/fields/2"),
                r.incompatibilities().stream().map(Incompatibility::path).toList());
        Incompatibility first = r.incompatibilities().get(0);
        assertEquals(1, first.oldVersion());
        assertTrue(
                first.explain()
                        .startsWith("TYPE_MISMATCH at /fields/0/type: the new schema cannot read data written with "
                                + "version 1"),
                first.explain());
    }

    @Test
    void identicalSchemasMakeOneVersionAndNoneAcceptsAnything() {
        Schema a = AvroSchemas.parse("\"string\"");
        Schema sameA = AvroSchemas.parse("{\"type\": \"string\"}");
        assertEquals(1, CompatibilityChecker.versions(List.of(a, sameA)).size());
        assertTrue(new CompatibilityChecker()
                .check(AvroSchemas.parse("\"int\""), CompatibilityChecker.versions(List.of(a)), CompatibilityLevel.NONE)
                .compatible());
    }

    @Test
    void invalidSchemasAndLevelsAreNamed() {
        assertEquals(
                "Empty schema",
                assertThrows(InvalidSchemaException.class, () -> AvroSchemas.parse(" "))
                        .getMessage());
        assertTrue(assertThrows(InvalidSchemaException.class, () -> AvroSchemas.parse("{\"type\":\"nope\"}"))
                .getMessage()
                .startsWith("Invalid schema"));
        assertEquals(CompatibilityLevel.FULL_TRANSITIVE, CompatibilityLevel.parse("full_transitive"));
        assertThrows(IllegalArgumentException.class, () -> CompatibilityLevel.parse("SIDEWAYS"));
    }
}
