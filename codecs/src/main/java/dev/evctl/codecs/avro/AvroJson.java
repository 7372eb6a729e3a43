package dev.evctl.codecs.avro;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evctl.core.json.ExactJson;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;

/**
 * Converts between JSON and Avro data for a schema. Input accepts Avro's JSON encoding of unions
 * ({"string": "x"}) and plain JSON where the branch is unambiguous; a mismatch names the field.
 * Output keeps logical types readable: timestamps and dates as ISO-8601, decimals as numbers.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    /** JSON to an Avro datum; {@link IllegalArgumentException} names the path that does not fit. */
    public static Object toAvro(JsonNode json, Schema schema) {
        return convert(json, schema, "");
    }

    private static Object convert(JsonNode n, Schema s, String path) {
        String where = path.isEmpty() ? "/" : path;
        return switch (s.getType()) {
            case NULL, BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING -> scalar(n, s, where);
            case BYTES, FIXED -> binary(n, s, where);
            case ENUM -> {
                if (n != null && n.isTextual() && s.hasEnumSymbol(n.textValue())) {
                    yield new GenericData.EnumSymbol(s, n.textValue());
                }
                throw new IllegalArgumentException(
                        "field " + where + ": expected one of " + s.getEnumSymbols() + ", got " + n);
            }
            case ARRAY -> {
                if (n == null || !n.isArray()) {
                    throw mismatch(where, "array", n);
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < n.size(); i++) {
                    out.add(convert(n.get(i), s.getElementType(), path + "/" + i));
                }
                yield new GenericData.Array<>(s, out);
            }
            case MAP -> {
                if (n == null || !n.isObject()) {
                    throw mismatch(where, "map", n);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                n.fields()
                        .forEachRemaining(e ->
                                out.put(e.getKey(), convert(e.getValue(), s.getValueType(), path + "/" + e.getKey())));
                yield out;
            }
            case RECORD -> record(n, s, path, where);
            case UNION -> union(n, s, path, where);
        };
    }

    /** null, boolean, the numbers (with date and timestamp logical types from their text) and string. */
    private static Object scalar(JsonNode n, Schema s, String where) {
        switch (s.getType()) {
            case NULL:
                if (n == null || n.isNull()) {
                    return null;
                }
                throw mismatch(where, "null", n);
            case BOOLEAN:
                if (n != null && n.isBoolean()) {
                    return n.booleanValue();
                }
                throw mismatch(where, "boolean", n);
            case INT:
                if (s.getLogicalType() instanceof LogicalTypes.Date && n != null && n.isTextual()) {
                    return (int) LocalDate.parse(n.textValue()).toEpochDay();
                }
                if (n != null && n.isIntegralNumber() && n.canConvertToInt()) {
                    return n.intValue();
                }
                throw mismatch(where, "int", n);
            case LONG:
                if (n != null && n.isTextual() && isTimestamp(s.getLogicalType())) {
                    Instant t = Instant.parse(n.textValue());
                    return s.getLogicalType() instanceof LogicalTypes.TimestampMicros
                            ? t.getEpochSecond() * 1_000_000L + t.getNano() / 1000
                            : t.toEpochMilli();
                }
                if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
                    return n.longValue();
                }
                throw mismatch(where, "long", n);
            case FLOAT: {
                Double v = floating(n, where, "float");
                if (v == null) {
                    throw mismatch(where, "float", n);
                }
                float f = v.floatValue();
                if (Float.isInfinite(f) && !Double.isInfinite(v)) {
                    throw new IllegalArgumentException(
                            "field " + where + ": " + n.asText() + " is out of the range of a float");
                }
                return f;
            }
            case DOUBLE: {
                Double v = floating(n, where, "double");
                if (v == null) {
                    throw mismatch(where, "double", n);
                }
                return v;
            }
            default:
                if (n != null && n.isTextual()) {
                    return n.textValue();
                }
                throw mismatch(where, "string", n);
        }
    }

    /** bytes and fixed: a decimal from its number, else a string of one character U+0000-U+00FF per byte. */
    private static Object binary(JsonNode n, Schema s, String where) {
        boolean fixed = s.getType() == Schema.Type.FIXED;
        if (s.getLogicalType() instanceof LogicalTypes.Decimal d) {
            return fixed
                    ? new GenericData.Fixed(s, fixedDecimal(decimal(n, d, where), s.getFixedSize(), n, where))
                    : ByteBuffer.wrap(decimal(n, d, where).toByteArray());
        }
        if (n != null && n.isTextual()) {
            byte[] bytes = latin1(n.textValue(), where);
            if (!fixed) {
                return ByteBuffer.wrap(bytes);
            }
            if (bytes.length == s.getFixedSize()) {
                return new GenericData.Fixed(s, bytes);
            }
        }
        throw mismatch(
                where,
                fixed
                        ? "fixed(" + s.getFixedSize() + ") (a string of " + s.getFixedSize()
                                + " characters U+0000-U+00FF)"
                        : "bytes (a string, one character U+0000-U+00FF per byte)",
                n);
    }

    /** Every field by name (a missing one takes its default), and no field the schema does not have. */
    private static GenericData.Record record(JsonNode n, Schema s, String path, String where) {
        if (n == null || !n.isObject()) {
            throw mismatch(where, "record " + s.getName(), n);
        }
        GenericData.Record r = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
            JsonNode v = n.get(f.name());
            r.put(f.pos(), v == null ? fallback(f, path) : convert(v, f.schema(), path + "/" + f.name()));
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (s.getField(name) == null) {
                throw new IllegalArgumentException(
                        "field " + path + "/" + name + ": not in the schema of " + s.getFullName());
            }
        }
        return r;
    }

    /** A missing field's default; an error when it has none, or one that is not a valid value of its type. */
    private static Object fallback(Schema.Field f, String path) {
        if (!f.hasDefaultValue()) {
            throw new IllegalArgumentException("field " + path + "/" + f.name() + ": missing, and it has no default");
        }
        try {
            return GenericData.get().deepCopy(f.schema(), GenericData.get().getDefaultValue(f));
        } catch (AvroRuntimeException | ClassCastException e) {
            // the registry accepts such a schema; a record that needs the default cannot be written
            throw new IllegalArgumentException("field " + path + "/" + f.name() + ": missing, and the schema's default"
                    + " for it is not a valid " + f.schema().getType().getName() + " (" + e.getMessage()
                    + ") — give the field a value, or fix the default in the schema");
        }
    }

    /** Avro's {"type": value} form first, then the single branch that plain JSON fits. */
    private static Object union(JsonNode n, Schema s, String path, String where) {
        if (n == null || n.isNull()) {
            if (s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw mismatch(where, "one of " + branchNames(s), n);
        }
        if (n.isObject() && n.size() == 1) {
            String key = n.fieldNames().next();
            for (Schema branch : s.getTypes()) {
                if (branchName(branch).equals(key) || branch.getFullName().equals(key)) {
                    return convert(n.get(key), branch, path);
                }
            }
        }
        Object match = null;
        int matches = 0;
        for (Schema branch : s.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                Object v = convert(n, branch, path);
                if (matches == 0) {
                    match = v;
                }
                matches++;
            } catch (IllegalArgumentException ignored) {
                // not this branch
            }
        }
        if (matches == 1) {
            return match;
        }
        if (matches == 0) {
            throw mismatch(where, "one of " + branchNames(s) + " (plain JSON, or Avro's {\"type\": value})", n);
        }
        throw new IllegalArgumentException("field " + where + ": " + n + " fits several of " + branchNames(s)
                + "; write it as {\"<type>\": value}");
    }

    private static String branchName(Schema branch) {
        return switch (branch.getType()) {
            case RECORD, ENUM, FIXED -> branch.getFullName();
            default -> branch.getType().getName();
        };
    }

    private static List<String> branchNames(Schema union) {
        return union.getTypes().stream().map(AvroJson::branchName).toList();
    }

    private static final Pattern DECIMAL_TEXT = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    /**
     * A decimal's unscaled value, from a JSON number (read exactly, never through a double) or a
     * string holding one ("99.95", the usual way to keep precision in JSON); scale and precision
     * are checked against the schema's. A string with characters outside printable ASCII is
     * Avro's own JSON encoding of the bytes (--avro-raw output) and taken as such.
     */
    private static BigInteger decimal(JsonNode n, LogicalTypes.Decimal d, String where) {
        BigDecimal value;
        if (n != null && n.isNumber()) {
            value = n.decimalValue();
        } else if (n != null
                && n.isTextual()
                && DECIMAL_TEXT.matcher(n.textValue().trim()).matches()) {
            value = new BigDecimal(n.textValue().trim());
        } else if (n != null
                && n.isTextual()
                && !n.textValue().isEmpty()
                && !n.textValue().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            // Avro's own JSON encoding of the two's-complement bytes (what --avro-raw prints)
            return new BigInteger(latin1(n.textValue(), where));
        } else {
            throw mismatch(
                    where,
                    "decimal(" + d.getPrecision() + "," + d.getScale() + ") (a number, or a string such as \"12.34\")",
                    n);
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(d.getScale());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field " + where + ": " + value.toPlainString() + " has more than "
                    + d.getScale() + " decimal places (decimal(" + d.getPrecision() + "," + d.getScale() + "))");
        }
        if (scaled.precision() > d.getPrecision()) {
            throw new IllegalArgumentException(
                    "field " + where + ": " + value.toPlainString() + " has " + scaled.precision()
                            + " digits, more than decimal(" + d.getPrecision() + "," + d.getScale() + ") holds");
        }
        return scaled.unscaledValue();
    }

    /** The two's-complement bytes of a fixed-based decimal, sign-extended to the fixed size. */
    private static byte[] fixedDecimal(BigInteger unscaled, int size, JsonNode n, String where) {
        byte[] minimal = unscaled.toByteArray();
        if (minimal.length > size) {
            throw new IllegalArgumentException(
                    "field " + where + ": " + n.asText() + " does not fit in fixed(" + size + ")");
        }
        byte[] out = new byte[size];
        Arrays.fill(out, 0, size - minimal.length, unscaled.signum() < 0 ? (byte) 0xff : 0);
        System.arraycopy(minimal, 0, out, size - minimal.length, minimal.length);
        return out;
    }

    /** Avro's JSON encoding of bytes: one character per byte, U+0000 to U+00FF. */
    private static byte[] latin1(String text, String where) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException(
                        "field " + where + ": character U+" + String.format("%04X", (int) c) + " at position " + (i + 1)
                                + " is not a byte (Avro's JSON encoding of bytes: one character U+0000-U+00FF "
                                + "per byte)");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /**
     * A float or double: a JSON number that a double can hold, or "NaN", "Infinity", "-Infinity" as tail writes them;
     * null otherwise.
     */
    private static Double floating(JsonNode n, String where, String type) {
        if (n != null && n.isNumber()) {
            double v = n.doubleValue();
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException(
                        "field " + where + ": " + n.asText() + " is out of the range of a " + type);
            }
            return v;
        }
        if (n != null && n.isTextual()) {
            switch (n.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    return null;
            }
        }
        return null;
    }

    /**
     * A float or double as JSON: a number, or the strings "NaN", "Infinity", "-Infinity" that JSON has no number for.
     */
    private static void writeFloating(JsonGenerator g, double v, boolean isFloat) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            g.writeString(Double.toString(v));
        } else if (isFloat) {
            g.writeNumber((float) v);
        } else {
            g.writeNumber(v);
        }
    }

    private static JsonNode floatingNode(double v, boolean isFloat) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return NODES.textNode(Double.toString(v));
        }
        return isFloat ? NODES.numberNode((float) v) : NODES.numberNode(v);
    }

    /** A decimal as JSON: its plain digits (never 0E-10), exact. */
    private static JsonNode decimalNode(byte[] bytes, LogicalTypes.Decimal d) {
        BigDecimal v = new BigDecimal(new BigInteger(bytes), d.getScale());
        return new ExactJson.Number(v.toPlainString(), v);
    }

    private static boolean isTimestamp(LogicalType t) {
        return t instanceof LogicalTypes.TimestampMillis || t instanceof LogicalTypes.TimestampMicros;
    }

    private static IllegalArgumentException mismatch(String where, String expected, JsonNode got) {
        String shown = got == null
                ? "nothing"
                : got.isContainerNode() ? got.getNodeType().name().toLowerCase() : got.toString();
        return new IllegalArgumentException("field " + where + ": expected " + expected + ", got " + shown);
    }

    /**
     * Writes a datum as JSON straight to a generator, exactly as {@link #toJson} would render it,
     * without building a tree: the hot path of tailing Avro.
     */
    public static void write(JsonGenerator g, Object datum, Schema s, boolean readable) throws IOException {
        if (datum == null) {
            g.writeNull();
            return;
        }
        switch (s.getType()) {
            case RECORD -> {
                GenericRecord r = (GenericRecord) datum;
                g.writeStartObject();
                for (Schema.Field f : s.getFields()) {
                    g.writeFieldName(f.name());
                    write(g, r.get(f.pos()), f.schema(), readable);
                }
                g.writeEndObject();
            }
            case STRING -> {
                if (datum instanceof org.apache.avro.util.Utf8 u) {
                    g.writeUTF8String(
                            u.getBytes(), 0, u.getByteLength()); // as decoded: no String made and encoded again
                } else {
                    g.writeString(datum.toString());
                }
            }
            case ENUM -> g.writeString(datum.toString());
            case INT -> {
                if (readable && s.getLogicalType() != null) {
                    g.writeTree(toJson(datum, s, true));
                } else {
                    g.writeNumber((Integer) datum);
                }
            }
            case LONG -> {
                if (readable && s.getLogicalType() != null) {
                    g.writeTree(toJson(datum, s, true));
                } else {
                    g.writeNumber((Long) datum);
                }
            }
            case DOUBLE -> writeFloating(g, (Double) datum, false);
            case FLOAT -> writeFloating(g, (Float) datum, true);
            case BOOLEAN -> g.writeBoolean((Boolean) datum);
            case ARRAY -> {
                g.writeStartArray();
                for (Object o : (Iterable<?>) datum) {
                    write(g, o, s.getElementType(), readable);
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    g.writeFieldName(e.getKey().toString());
                    write(g, e.getValue(), s.getValueType(), readable);
                }
                g.writeEndObject();
            }
            case UNION -> {
                Schema branch = s.getTypes().get(GenericData.get().resolveUnion(s, datum));
                if (readable || branch.getType() == Schema.Type.NULL) {
                    write(g, datum, branch, readable);
                } else {
                    g.writeStartObject();
                    g.writeFieldName(branchName(branch));
                    write(g, datum, branch, false);
                    g.writeEndObject();
                }
            }
            default -> g.writeTree(toJson(datum, s, readable));
        }
    }

    /**
     * Reads one value of schema {@code s} from Avro binary and writes it as JSON in the same pass:
     * exactly what decoding it to a datum and {@link #write} would produce, without the datum
     * (a GenericRecord and a Utf8 per string). Tail's hot path for framed values; {@code scratch}
     * is reused for every string. A truncated or corrupt payload ends in an exception with the
     * generator mid-value: callers write into a buffer they can drop.
     */
    public static void transcode(
            BinaryDecoder in, Schema s, JsonGenerator g, boolean readable, org.apache.avro.util.Utf8 scratch)
            throws IOException {
        switch (s.getType()) {
            case RECORD -> {
                g.writeStartObject();
                for (Schema.Field f : s.getFields()) {
                    g.writeFieldName(f.name());
                    transcode(in, f.schema(), g, readable, scratch);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
                    for (long i = 0; i < n; i++) {
                        transcode(in, s.getElementType(), g, readable, scratch);
                    }
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
                    for (long i = 0; i < n; i++) {
                        g.writeFieldName(in.readString(scratch).toString());
                        transcode(in, s.getValueType(), g, readable, scratch);
                    }
                }
                g.writeEndObject();
            }
            case UNION -> {
                Schema branch = s.getTypes().get(in.readIndex());
                if (readable || branch.getType() == Schema.Type.NULL) {
                    transcode(in, branch, g, readable, scratch);
                } else {
                    g.writeStartObject();
                    g.writeFieldName(branchName(branch));
                    transcode(in, branch, g, false, scratch);
                    g.writeEndObject();
                }
            }
            default -> transcodeScalar(in, s, g, readable ? s.getLogicalType() : null, scratch);
        }
    }

    /** {@link #transcode} for a value that holds no other: null, a number, a string, bytes, fixed, an enum. */
    private static void transcodeScalar(
            BinaryDecoder in, Schema s, JsonGenerator g, LogicalType logical, org.apache.avro.util.Utf8 scratch)
            throws IOException {
        switch (s.getType()) {
            case NULL -> {
                in.readNull();
                g.writeNull();
            }
            case BOOLEAN -> g.writeBoolean(in.readBoolean());
            case INT -> {
                int v = in.readInt();
                if (logical instanceof LogicalTypes.Date) {
                    g.writeString(LocalDate.ofEpochDay(v).toString());
                } else {
                    g.writeNumber(v);
                }
            }
            case LONG -> {
                long v = in.readLong();
                String time = timestamp(v, logical);
                if (time != null) {
                    g.writeString(time);
                } else {
                    g.writeNumber(v);
                }
            }
            case FLOAT -> writeFloating(g, in.readFloat(), true);
            case DOUBLE -> writeFloating(g, in.readDouble(), false);
            case STRING -> {
                org.apache.avro.util.Utf8 u = in.readString(scratch);
                g.writeUTF8String(u.getBytes(), 0, u.getByteLength());
            }
            case BYTES -> {
                ByteBuffer b = in.readBytes(null);
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                writeBytes(g, bytes, logical);
            }
            case FIXED -> {
                byte[] bytes = new byte[s.getFixedSize()];
                in.readFixed(bytes);
                writeBytes(g, bytes, logical);
            }
            case ENUM -> g.writeString(s.getEnumSymbols().get(in.readEnum()));
            default -> throw new IllegalArgumentException("unsupported Avro type " + s.getType());
        }
    }

    /** A long as its ISO instant under a timestamp logical type (millis or micros), else null. */
    private static String timestamp(long v, LogicalType logical) {
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return Instant.ofEpochMilli(v).toString();
        }
        if (logical instanceof LogicalTypes.TimestampMicros) {
            return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000)
                    .toString();
        }
        return null;
    }

    /**
     * Bytes and fixed as {@link #toJson} renders them: a decimal number, else ISO-8859-1 text (Avro's JSON encoding).
     */
    private static void writeBytes(JsonGenerator g, byte[] bytes, LogicalType logical) throws IOException {
        if (logical instanceof LogicalTypes.Decimal d) {
            g.writeNumber(new BigDecimal(new BigInteger(bytes), d.getScale()).toPlainString());
        } else {
            g.writeString(new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    /** An Avro datum as JSON; {@code readable} turns logical types into ISO times and decimal numbers. */
    public static JsonNode toJson(Object datum, Schema s, boolean readable) {
        if (datum == null) {
            return NODES.nullNode();
        }
        switch (s.getType()) {
            case ARRAY: {
                var out = NODES.arrayNode();
                for (Object o : (Iterable<?>) datum) {
                    out.add(toJson(o, s.getElementType(), readable));
                }
                return out;
            }
            case MAP: {
                ObjectNode out = NODES.objectNode();
                ((Map<?, ?>) datum).forEach((k, v) -> out.set(k.toString(), toJson(v, s.getValueType(), readable)));
                return out;
            }
            case RECORD: {
                GenericRecord r = (GenericRecord) datum;
                ObjectNode out = NODES.objectNode();
                for (Schema.Field f : s.getFields()) {
                    out.set(f.name(), toJson(r.get(f.pos()), f.schema(), readable));
                }
                return out;
            }
            case UNION: {
                int i = GenericData.get().resolveUnion(s, datum);
                Schema branch = s.getTypes().get(i);
                JsonNode v = toJson(datum, branch, readable);
                if (readable || branch.getType() == Schema.Type.NULL) {
                    return v;
                }
                ObjectNode wrapped = NODES.objectNode();
                wrapped.set(branchName(branch), v);
                return wrapped;
            }
            default:
                return scalarJson(datum, s, readable ? s.getLogicalType() : null);
        }
    }

    /** {@link #toJson} for a datum that holds no other. */
    private static JsonNode scalarJson(Object datum, Schema s, LogicalType logical) {
        switch (s.getType()) {
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return NODES.textNode(LocalDate.ofEpochDay((Integer) datum).toString());
                }
                return NODES.numberNode((Integer) datum);
            case LONG:
                String time = timestamp((Long) datum, logical);
                return time != null ? NODES.textNode(time) : NODES.numberNode((Long) datum);
            case FLOAT:
                return floatingNode((Float) datum, true);
            case DOUBLE:
                return floatingNode((Double) datum, false);
            case STRING, ENUM:
                return NODES.textNode(datum.toString());
            case BYTES: {
                ByteBuffer b = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                return bytesNode(bytes, logical);
            }
            case FIXED:
                return bytesNode(((GenericFixed) datum).bytes(), logical);
            default:
                return NODES.nullNode();
        }
    }

    private static JsonNode bytesNode(byte[] bytes, LogicalType logical) {
        if (logical instanceof LogicalTypes.Decimal d) {
            return decimalNode(bytes, d);
        }
        return NODES.textNode(new String(bytes, StandardCharsets.ISO_8859_1));
    }
}
