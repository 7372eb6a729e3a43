package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An invalid schema is explained in plain words at the line it is about, not at line 1 with the parser's internals. */
class InvalidSchemaLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            duplicate field     | 6 | field 'id' is declared twice in record shop.Order
            undefined type      | 5 | unknown type 'shop.Money'
            undefined in union  | 5 | unknown type 'Nope'
            field without type  | 4 | field 'total' has no "type"
            bad field name      | 4 | invalid name '1st'
            duplicate symbol    | 5 | enum symbol 'RED' is listed twice
            """)
    void pointsAtTheOffendingLine(String name, int line, String reason) {
        String text = switch (name) {
            case "duplicate field" -> """
                    {"type": "record", "name": "Order", "namespace": "shop",
                     "fields": [
                       {"name": "id", "type": "string"},
                       {"name": "total", "type": "long"},
                       {"name": "note", "type": "string"},
                       {"name": "id", "type": "int"}
                     ]}
                    """;
            case "undefined type" -> """
                    {"type": "record", "name": "Order", "namespace": "shop",
                     "fields": [
                       {"name": "id", "type": "string"},
                       {"name": "Money", "type": "string", "doc": "shop.Money"},
                       {"name": "total", "type": "shop.Money"}
                     ]}
                    """;
            case "undefined in union" -> """
                    {"type": "record", "name": "Order",
                     "fields": [
                       {"name": "id", "type": "string"},
                       {"name": "Nope", "type": "int"},
                       {"name": "x", "type": ["null", "Nope"]}
                     ]}
                    """;
            case "field without type" -> """
                    {"type": "record", "name": "Order",
                     "fields": [
                       {"name": "id", "type": "string"},
                       {"name": "total"}
                     ]}
                    """;
            case "bad field name" -> """
                    {"type": "record", "name": "Order",
                     "fields": [
                       {"name": "id", "type": "string"},
                       {"name": "1st", "type": "string"}
                     ]}
                    """;
            case "duplicate symbol" -> """
                    {"type": "record", "name": "Paint",
                     "fields": [
                       {"name": "colour", "type": {"type": "enum", "name": "Colour",
                         "symbols": ["RED", "GREEN",
                                     "RED"]}}
                     ]}
                    """;
            default -> throw new IllegalArgumentException(name);
        };
        InvalidSchemaException e = assertThrows(InvalidSchemaException.class, () -> AvroSchemas.parse(text));
        AvroSchemas.Located at = AvroSchemas.locate(text, e);
        assertEquals(line, at.line(), at.reason());
        assertEquals(true, at.reason().startsWith(reason), at.reason());
        assertFalse(
                at.reason().contains("UnresolvedSchema")
                        || at.reason().contains("StreamReadFeature")
                        || at.reason().contains("org.apache"),
                at.reason());
    }
}
