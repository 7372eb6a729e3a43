package dev.evctl.core.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads JSON data into a tree whose numbers keep the text they were written with: {@code 817.00}
 * stays {@code 817.00}, {@code 0.1000000000000000055511151231257827} is not rounded to a double,
 * {@code 1e400} does not become Infinity. Records are data; a number is shown as it was stored.
 */
public final class ExactJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExactJson() {}

    /**
     * The one JSON value of {@code bytes}; {@link com.fasterxml.jackson.core.JsonProcessingException} when it is not
     * JSON or has more.
     */
    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonNode node = read(parser);
            if (node != null && parser.nextToken() != null) {
                throw new JsonParseException(parser, "more than one JSON value");
            }
            return node;
        }
    }

    /** The next JSON value of the parser, or null at its end. */
    public static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? null : value(parser, token);
    }

    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    object.set(name, value(p, p.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(value(p, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT: {
                String text = p.getText();
                if (text.equals("-0")) {
                    return new Number(text, BigDecimal.ZERO);
                }
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT:
                return new Number(p.getText(), p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(p, "unexpected " + token);
        }
    }

    /** A decimal number that is written back with its own text; its value is the exact decimal. */
    public static final class Number extends NumericNode {

        private static final long serialVersionUID = 1L;
        private final String text;
        private final BigDecimal value;

        public Number(String text, BigDecimal value) {
            this.text = text;
            this.value = value;
        }

        /** The number as it was written. */
        @Override
        public String asText() {
            return text;
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeNumber(text);
        }

        @Override
        public JsonToken asToken() {
            return JsonToken.VALUE_NUMBER_FLOAT;
        }

        @Override
        public JsonParser.NumberType numberType() {
            return JsonParser.NumberType.BIG_DECIMAL;
        }

        @Override
        public boolean isBigDecimal() {
            return true;
        }

        @Override
        public boolean isFloatingPointNumber() {
            return true;
        }

        @Override
        public java.lang.Number numberValue() {
            return value;
        }

        @Override
        public short shortValue() {
            return value.shortValue();
        }

        @Override
        public int intValue() {
            return value.intValue();
        }

        @Override
        public long longValue() {
            return value.longValue();
        }

        @Override
        public float floatValue() {
            return value.floatValue();
        }

        @Override
        public double doubleValue() {
            return value.doubleValue();
        }

        @Override
        public BigDecimal decimalValue() {
            return value;
        }

        @Override
        public BigInteger bigIntegerValue() {
            return value.toBigInteger();
        }

        @Override
        public boolean canConvertToInt() {
            return value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                    && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        }

        @Override
        public boolean canConvertToLong() {
            return value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                    && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        }

        @Override
        public boolean isNaN() {
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Number n && n.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return value.stripTrailingZeros().hashCode();
        }
    }
}
