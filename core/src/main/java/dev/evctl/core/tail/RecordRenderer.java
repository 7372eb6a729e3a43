package dev.evctl.core.tail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evctl.core.ControlChars;
import dev.evctl.core.EvctlException;
import dev.evctl.core.record.Envelope;
import dev.evctl.core.record.EnvelopeCodec;
import dev.evctl.core.record.RecordHeader;
import dev.evctl.core.record.Utf8;
import io.burt.jmespath.Expression;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes records to a byte stream in the chosen output mode. String values go out as their raw
 * bytes (no decode and re-encode), which keeps the common path as cheap as kcat's.
 */
final class RecordRenderer {

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] TAB = {'\t'};
    /** How text output shows a record with no value, so that it differs from a value of the bytes {@code null}. */
    static final String TOMBSTONE = "(tombstone)";

    private static final String RESET = "\u001b[0m";
    private static final String CYAN = "\u001b[36m";
    private static final String DIM = "\u001b[2m";
    private static final String YELLOW = "\u001b[33m";

    private final TailRequest request;
    private final OutputStream out;
    private final ControlChars.Escaping escaping;
    private final JsonGenerator json;
    private final Expression<JsonNode> query;
    private final List<Part> format;

    RecordRenderer(TailRequest request, OutputStream out) throws IOException {
        this.request = request;
        // on a terminal, data cannot clear the screen or retitle the window; piped, it stays byte-exact
        this.escaping = request.pretty() ? new ControlChars.Escaping(out) : null;
        this.out = escaping != null ? escaping : out;
        this.json = EnvelopeCodec.generator(out);
        // flush() of the generator then only hands its bytes to the buffered stream (no syscall), so
        // JSON values can be written between raw writes
        this.json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        this.query = request.query() == null ? null : RecordFilter.compileJmesPath(request.query(), "--query");
        this.format = request.format() == null ? null : compileFormat(request.format());
    }

    /**
     * Writes one record. The JSON modes write only through the generator and the text modes only
     * to the stream, so neither needs a flush per record; {@link #flush()} runs once per batch.
     */
    void render(DecodedRecord r) throws IOException {
        if (format != null) {
            for (Part part : format) {
                part.write(this, r);
            }
            out.write(NEWLINE);
            return;
        }
        switch (request.output()) {
            case envelope -> {
                ConsumerRecord<byte[], byte[]> c = r.record;
                EnvelopeCodec.write(
                        json,
                        new Envelope(
                                c.topic(),
                                c.partition(),
                                c.offset(),
                                c.timestamp(),
                                c.timestampType().name,
                                c.key(),
                                c.value(),
                                headers(c)));
            }
            case json -> writeJson(r);
            case text -> writeText(r);
        }
    }

    void flush() throws IOException {
        json.flush();
        out.flush();
    }

    private void writeJson(DecodedRecord r) throws IOException {
        ConsumerRecord<byte[], byte[]> c = r.record;
        json.writeStartObject();
        json.writeStringField("topic", c.topic());
        json.writeNumberField("partition", c.partition());
        json.writeNumberField("offset", c.offset());
        json.writeNumberField("timestamp", c.timestamp());
        json.writeStringField("timestampType", c.timestampType().name);
        if (request.keyFormat().viaRegistry() && r.avroKeyJson() != null) {
            json.writeFieldName("key");
            json.writeRawValue(
                    r.avroKeyJson()); // a decoded key is JSON, as a decoded value is: an object, not a string
        } else if (textNotUtf8(c.key(), request.keyFormat())) {
            // bytes that are not UTF-8 are kept, not replaced by U+FFFD: base64, marked as the envelope marks them
            json.writeStringField("key", Base64.getEncoder().encodeToString(c.key()));
            json.writeStringField("keyEncoding", EnvelopeCodec.BASE64);
        } else {
            json.writeStringField("key", r.keyText(request.keyFormat()));
        }
        json.writeFieldName("value");
        if (r.avroJson() != null && query == null) {
            json.writeRawValue(new String(r.avroJson(), StandardCharsets.UTF_8)); // already JSON: no second Avro decode
        } else if (decodedValue(r) == null && textNotUtf8(c.value(), request.valueFormat())) {
            json.writeString(Base64.getEncoder().encodeToString(c.value()));
            json.writeStringField("valueEncoding", EnvelopeCodec.BASE64);
        } else {
            writeJsonValue(r, c);
        }
        if (c.value() == null) {
            json.writeBooleanField("tombstone", true); // a JSON value null is a value; this record has none
        }
        json.writeArrayFieldStart("headers");
        for (Header h : c.headers()) {
            json.writeStartObject();
            json.writeStringField("name", h.key());
            if (h.value() != null && !Utf8.isValid(h.value())) {
                json.writeStringField("value", Base64.getEncoder().encodeToString(h.value()));
                json.writeStringField("encoding", EnvelopeCodec.BASE64);
            } else {
                json.writeStringField(
                        "value", h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** Bytes shown as text (string or json format) that are not UTF-8: as a JSON string they would be altered. */
    private static boolean textNotUtf8(byte[] bytes, ValueFormat format) {
        return bytes != null && (format == ValueFormat.string || format == ValueFormat.json) && !Utf8.isValid(bytes);
    }

    private void writeJsonValue(DecodedRecord r, ConsumerRecord<byte[], byte[]> c) throws IOException {
        JsonNode value = decodedValue(r);
        if (value != null) {
            json.writeTree(value);
        } else {
            json.writeString(DecodedRecord.text(
                    c.value(), request.valueFormat() == ValueFormat.json ? ValueFormat.string : request.valueFormat()));
        }
    }

    /** The value as JSON when the value format is json or a query applies; otherwise null. */
    private JsonNode decodedValue(DecodedRecord r) {
        if (query != null) {
            JsonNode v = r.valueJson();
            return v == null ? null : query.search(v);
        }
        return request.valueFormat() == ValueFormat.json || r.isAvro() ? r.valueJson() : null;
    }

    private void writeText(DecodedRecord r) throws IOException {
        ConsumerRecord<byte[], byte[]> c = r.record;
        if (!request.pretty()) {
            write(c.topic() + "/" + c.partition() + "@" + c.offset());
            out.write(TAB);
            writeKey(r);
            if (c.value() != null) {
                // a tombstone has no value column: no value, whatever its bytes, makes a line of two columns
                out.write(TAB);
                writeValue(r);
            }
            out.write(NEWLINE);
            return;
        }
        boolean color = request.color();
        StringBuilder head = new StringBuilder();
        head.append(color ? CYAN : "")
                .append(safe(c.topic()))
                .append('/')
                .append(c.partition())
                .append('@')
                .append(c.offset())
                .append(color ? RESET : "")
                .append("  ")
                .append(color ? DIM : "")
                .append(Instant.ofEpochMilli(c.timestamp()))
                .append(color ? RESET : "");
        if (c.key() != null) {
            head.append("  ")
                    .append(color ? YELLOW : "")
                    .append("key=")
                    .append(safe(r.keyText(request.keyFormat())))
                    .append(color ? RESET : "");
        }
        for (Header h : c.headers()) {
            head.append("  ")
                    .append(color ? DIM : "")
                    .append(safe(h.key()))
                    .append('=')
                    .append(h.value() == null ? "null" : safe(new String(h.value(), StandardCharsets.UTF_8)))
                    .append(color ? RESET : "");
        }
        if (c.value() == null) {
            // on the record's own line, where no value is ever shown: a value that reads "(tombstone)" is on the next
            head.append("  ")
                    .append(color ? DIM + TOMBSTONE + RESET : TOMBSTONE)
                    .append('\n');
            writeOwn(head.toString());
            return;
        }
        head.append('\n');
        writeOwn(head.toString());
        JsonNode value = request.valueFormat() == ValueFormat.string && query == null && !r.isAvro()
                ? looksLikeJson(r)
                : decodedValue(r);
        if (value != null) {
            write(value.toPrettyString());
        } else {
            writeBytes(
                    c.value(), request.valueFormat() == ValueFormat.json ? ValueFormat.string : request.valueFormat());
        }
        out.write(NEWLINE);
    }

    private static JsonNode looksLikeJson(DecodedRecord r) {
        byte[] v = r.record.value();
        if (v == null || v.length == 0 || (v[0] != '{' && v[0] != '[')) {
            return null;
        }
        return r.valueJson();
    }

    private void writeValue(DecodedRecord r) throws IOException {
        if (r.record.value() == null) {
            write(TOMBSTONE);
            return;
        }
        if (r.avroJson() != null && query == null) {
            out.write(r.avroJson());
            return;
        }
        JsonNode value = decodedValue(r);
        if (value != null) {
            json.writeTree(value);
            json.flush();
        } else {
            writeBytes(
                    r.record.value(),
                    request.valueFormat() == ValueFormat.json ? ValueFormat.string : request.valueFormat());
        }
    }

    private void writeKey(DecodedRecord r) throws IOException {
        if (request.keyFormat().viaRegistry() && r.record.key() != null) {
            write(r.keyText(ValueFormat.avro));
        } else {
            writeBytes(r.record.key(), request.keyFormat());
        }
    }

    private static void writeKeyStatic(RecordRenderer rr, DecodedRecord r) throws IOException {
        rr.writeKey(r);
    }

    private void writeBytes(byte[] bytes, ValueFormat format) throws IOException {
        if (bytes == null) {
            write("null");
        } else if (format == ValueFormat.string) {
            out.write(bytes);
        } else {
            write(DecodedRecord.text(bytes, format));
        }
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Text of evctl's own, colours included, whose data parts went through {@link #safe}. */
    private void writeOwn(String s) throws IOException {
        if (escaping != null) {
            escaping.raw(s.getBytes(StandardCharsets.UTF_8));
        } else {
            write(s);
        }
    }

    /** Data shown in evctl's own text on a terminal: control characters escaped. */
    private static String safe(String data) {
        return ControlChars.escapeLine(data);
    }

    private static List<RecordHeader> headers(ConsumerRecord<byte[], byte[]> c) {
        List<RecordHeader> out = new ArrayList<>();
        for (Header h : c.headers()) {
            out.add(new RecordHeader(h.key(), h.value()));
        }
        return out;
    }

    /** One piece of a {@code --format} template. */
    private interface Part {
        void write(RecordRenderer renderer, DecodedRecord r) throws IOException;
    }

    /**
     * Compiles {@code --format}: literal text with {@code {topic}}, {@code {partition}}, {@code {offset}},
     * {@code {timestamp}} (ISO-8601), {@code {timestampMs}}, {@code {key}}, {@code {value}}, {@code {headers}},
     * {@code {header.NAME}} and {@code {value.PATH}} (a JMESPath into the JSON value); {@code \t} and
     * {@code \n} are escapes, {@code {{} is a literal brace. Each record ends with a newline.
     */
    static List<Part> compileFormat(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char ch = template.charAt(i);
            if (ch == '\\' && i + 1 < template.length()) {
                char next = template.charAt(i + 1);
                literal.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
                i += 2;
                continue;
            }
            if (ch == '{') {
                if (template.startsWith("{{}", i)) {
                    literal.append('{');
                    i += 3;
                    continue;
                }
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw EvctlException.usage("invalid --format: unclosed '{' at character " + (i + 1));
                }
                if (!literal.isEmpty()) {
                    byte[] bytes = literal.toString().getBytes(StandardCharsets.UTF_8);
                    parts.add((rr, r) -> rr.out.write(bytes));
                    literal.setLength(0);
                }
                parts.add(field(template.substring(i + 1, close)));
                i = close + 1;
                continue;
            }
            literal.append(ch);
            i++;
        }
        if (!literal.isEmpty()) {
            byte[] bytes = literal.toString().getBytes(StandardCharsets.UTF_8);
            parts.add((rr, r) -> rr.out.write(bytes));
        }
        return parts;
    }

    private static Part field(String name) {
        switch (name) {
            case "topic":
                return (rr, r) -> rr.write(r.record.topic());
            case "partition":
                return (rr, r) -> rr.write(Integer.toString(r.record.partition()));
            case "offset":
                return (rr, r) -> rr.write(Long.toString(r.record.offset()));
            case "timestamp":
                return (rr, r) ->
                        rr.write(Instant.ofEpochMilli(r.record.timestamp()).toString());
            case "timestampMs":
                return (rr, r) -> rr.write(Long.toString(r.record.timestamp()));
            case "key":
                return RecordRenderer::writeKeyStatic;
            case "value":
                return RecordRenderer::writeValueStatic;
            case "tombstone":
                // what tells a tombstone from a value that reads "(tombstone)": true for a record without a value
                return (rr, r) -> rr.write(r.record.value() == null ? "true" : "false");
            case "headers":
                return (rr, r) -> {
                    StringBuilder sb = new StringBuilder();
                    for (Header h : r.record.headers()) {
                        if (!sb.isEmpty()) {
                            sb.append(',');
                        }
                        sb.append(h.key())
                                .append('=')
                                .append(h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    rr.write(sb.toString());
                };
            default:
                break;
        }
        if (name.startsWith("header.")) {
            String header = name.substring("header.".length());
            return (rr, r) -> {
                Header h = r.record.headers().lastHeader(header);
                rr.write(h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            };
        }
        if (name.startsWith("value.")) {
            Expression<JsonNode> path =
                    RecordFilter.compileJmesPath(name.substring("value.".length()), "--format " + "{" + name + "}");
            return (rr, r) -> {
                JsonNode v = r.valueJson();
                JsonNode found = v == null ? null : path.search(v);
                rr.write(
                        found == null || found.isNull() ? "" : found.isValueNode() ? found.asText() : found.toString());
            };
        }
        throw EvctlException.usage(
                "invalid --format: unknown field {" + name + "}; known: topic, partition, offset, timestamp,"
                        + " timestampMs, key, value, headers, header.NAME, value.PATH");
    }

    private static void writeValueStatic(RecordRenderer rr, DecodedRecord r) throws IOException {
        rr.writeValue(r);
    }
}
