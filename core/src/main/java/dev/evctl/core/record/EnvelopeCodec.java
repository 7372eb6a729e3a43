package dev.evctl.core.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The envelope's JSON form, one object per line. Bytes that are valid UTF-8 are written as a JSON
 * string; other bytes as base64 with an explicit marker ({@code "valueEncoding":"base64"}, or
 * {@code "encoding":"base64"} on a header). Nulls stay null.
 *
 * <pre>{"topic":"t","partition":0,"offset":5,"timestamp":1700000000000,"timestampType":"CreateTime",
 *  "key":"k","value":"AAE=","valueEncoding":"base64","headers":[{"name":"h","value":"x"}]}</pre>
 */
public final class EnvelopeCodec {

    public static final String BASE64 = "base64";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EnvelopeCodec() {}

    /** Writes one envelope and a newline. The generator is not closed. */
    public static void write(JsonGenerator g, Envelope e) throws IOException {
        g.writeStartObject();
        g.writeStringField("topic", e.topic());
        g.writeNumberField("partition", e.partition());
        g.writeNumberField("offset", e.offset());
        g.writeNumberField("timestamp", e.timestamp());
        g.writeStringField("timestampType", e.timestampType());
        writeBytes(g, "key", "keyEncoding", e.key());
        writeBytes(g, "value", "valueEncoding", e.value());
        g.writeArrayFieldStart("headers");
        for (RecordHeader h : e.headers()) {
            g.writeStartObject();
            g.writeStringField("name", h.name());
            writeBytes(g, "value", "encoding", h.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    public static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        return g;
    }

    private static void writeBytes(JsonGenerator g, String field, String encodingField, byte[] bytes)
            throws IOException {
        if (bytes == null) {
            g.writeNullField(field);
            return;
        }
        if (Utf8.isValid(bytes)) {
            // raw UTF-8 straight into the output: no String built per record
            g.writeFieldName(field);
            g.writeUTF8String(bytes, 0, bytes.length);
        } else {
            g.writeStringField(field, Base64.getEncoder().encodeToString(bytes));
            g.writeStringField(encodingField, BASE64);
        }
    }

    /**
     * Parses one envelope line into a record to send: key, value, headers, timestamp and
     * partition; topic and offset are informational and ignored.
     *
     * @throws IllegalArgumentException with a message naming the field that is wrong
     */
    public static OutgoingRecord parse(String line) {
        return parse(line.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #parse(String)}, from the line's UTF-8 bytes. */
    public static OutgoingRecord parse(byte[] line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an envelope must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown envelope field '" + name + "'");
            }
        }
        Integer partition = null;
        JsonNode p = node.get("partition");
        if (p != null && !p.isNull()) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.intValue() < 0) {
                throw new IllegalArgumentException("'partition' must be a non-negative integer, got " + p);
            }
            partition = p.intValue();
        }
        Long timestamp = null;
        JsonNode ts = node.get("timestamp");
        if (ts != null && !ts.isNull()) {
            if (!ts.isIntegralNumber() || !ts.canConvertToLong() || ts.longValue() < 0) {
                throw new IllegalArgumentException("'timestamp' must be epoch milliseconds, got " + ts);
            }
            timestamp = ts.longValue();
        }
        byte[] key = readBytes(node, "key", "keyEncoding", "");
        byte[] value = readBytes(node, "value", "valueEncoding", "");
        List<RecordHeader> headers = new ArrayList<>();
        JsonNode hs = node.get("headers");
        if (hs != null && !hs.isNull()) {
            if (!hs.isArray()) {
                throw new IllegalArgumentException("'headers' must be a list of {\"name\",\"value\"} objects");
            }
            for (int i = 0; i < hs.size(); i++) {
                JsonNode h = hs.get(i);
                JsonNode name = h.get("name");
                if (!h.isObject() || name == null || !name.isTextual()) {
                    throw new IllegalArgumentException("headers[" + i + "] needs a string 'name'");
                }
                headers.add(
                        new RecordHeader(name.textValue(), readBytes(h, "value", "encoding", "headers[" + i + "].")));
            }
        }
        return new OutgoingRecord(partition, timestamp, key, value, headers);
    }

    private static final Set<String> KNOWN_FIELDS = Set.of(
            "topic",
            "partition",
            "offset",
            "timestamp",
            "timestampType",
            "key",
            "keyEncoding",
            "value",
            "valueEncoding",
            "headers");

    private static byte[] readBytes(JsonNode node, String field, String encodingField, String prefix) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + prefix + field + "' must be a string or null, got "
                    + v.getNodeType().name().toLowerCase());
        }
        JsonNode enc = node.get(encodingField);
        if (enc == null || enc.isNull() || "utf8".equals(enc.asText())) {
            return v.textValue().getBytes(StandardCharsets.UTF_8);
        }
        if (!BASE64.equals(enc.asText())) {
            throw new IllegalArgumentException(
                    "'" + prefix + encodingField + "' must be \"base64\" or \"utf8\", got " + enc);
        }
        try {
            return Base64.getDecoder().decode(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + prefix + field + "' is not valid base64: " + e.getMessage());
        }
    }
}
