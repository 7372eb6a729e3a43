package dev.evctl.core.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.core.json.ExactJson;
import dev.evctl.core.record.EnvelopeCodec;
import dev.evctl.core.record.OutgoingRecord;
import dev.evctl.core.record.RecordHeader;

/**
 * Turns one input line into a record, or explains in a few words why it cannot.
 * Returns null for lines that carry no record (empty lines, and blank lines in jsonl and envelope input).
 */
final class LineParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InputFormat format;
    private final String keySeparator;
    private final byte[] separatorBytes;
    private final PublishRequest.JsonlFields fields;
    private final List<RecordHeader> extraHeaders;
    private final Integer partition;
    private final Long timestamp;

    LineParser(PublishRequest request) {
        this.format = request.input();
        this.keySeparator = request.keySeparator();
        this.separatorBytes = keySeparator == null ? null : keySeparator.getBytes(StandardCharsets.UTF_8);
        this.fields = request.jsonl();
        this.extraHeaders = request.headers();
        this.partition = request.partition();
        this.timestamp = request.timestamp();
    }

    /**
     * Parses a line; {@code validated} says an earlier pass already checked it, so only what is
     * needed to build the record is done.
     */
    OutgoingRecord parse(byte[] line, boolean validated) {
        return switch (format) {
            case lines -> lines(line);
            case jsonl ->
                ByteLines.isBlank(line)
                        ? null
                        : validated && fields.wholeLine()
                                ? new OutgoingRecord(partition, timestamp, null, line, extraHeaders)
                                : jsonl(line);
            case envelope -> ByteLines.isBlank(line) ? null : envelope(line);
        };
    }

    private OutgoingRecord lines(byte[] line) {
        if (line.length == 0) {
            return null; // an empty line carries no record: --value '' sends an empty value on purpose
        }
        byte[] key = null;
        byte[] value = line;
        if (keySeparator != null) {
            int at = indexOf(line, separatorBytes);
            if (at < 0) {
                throw new IllegalArgumentException("no key separator '" + keySeparator + "' in the line");
            }
            key = Arrays.copyOfRange(line, 0, at);
            value = Arrays.copyOfRange(line, at + separatorBytes.length, line.length);
        }
        return new OutgoingRecord(partition, timestamp, key, value, extraHeaders);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private OutgoingRecord jsonl(byte[] line) {
        JsonNode node;
        try (JsonParser parser = MAPPER.createParser(line)) {
            node = ExactJson.read(parser);
            if (node == null) {
                throw new IllegalArgumentException("invalid JSON: no value");
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value on the line");
            }
        } catch (StreamReadException e) {
            throw new IllegalArgumentException("invalid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + " at column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
        }
        if (fields.wholeLine()) {
            return new OutgoingRecord(partition, timestamp, null, line, extraHeaders);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "expected a JSON object with the fields named by --key-field/--value-field/--headers-field");
        }
        byte[] key = fields.key() == null ? null : fieldBytes(node, fields.key(), "--key-field", true);
        byte[] value = fields.value() == null ? line : fieldBytes(node, fields.value(), "--value-field", false);
        List<RecordHeader> headers = extraHeaders;
        if (fields.headers() != null) {
            headers = new ArrayList<>(jsonHeaders(node.get(fields.headers())));
            headers.addAll(extraHeaders);
        }
        return new OutgoingRecord(partition, timestamp, key, value, headers);
    }

    /** The field as bytes: text for strings, JSON otherwise; null for JSON null (a tombstone value). */
    private static byte[] fieldBytes(JsonNode node, String field, String option, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || (required && v.isNull())) {
            throw new IllegalArgumentException("no field '" + field + "' (" + option + ") in the JSON object");
        }
        if (v.isNull()) {
            return null;
        }
        return (v.isTextual() ? v.textValue() : v.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static List<RecordHeader> jsonHeaders(JsonNode h) {
        List<RecordHeader> out = new ArrayList<>();
        if (h == null || h.isNull()) {
            return out;
        }
        if (h.isObject()) {
            h.fields().forEachRemaining(e -> {
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> out.add(new RecordHeader(e.getKey(), headerValue(e.getKey(), v))));
                } else {
                    out.add(new RecordHeader(e.getKey(), headerValue(e.getKey(), e.getValue())));
                }
            });
            return out;
        }
        if (h.isArray()) {
            for (int i = 0; i < h.size(); i++) {
                JsonNode item = h.get(i);
                if (!item.isObject()
                        || item.get("name") == null
                        || !item.get("name").isTextual()) {
                    throw new IllegalArgumentException("headers[" + i + "] needs a string 'name'");
                }
                out.add(new RecordHeader(
                        item.get("name").textValue(),
                        headerValue(item.get("name").textValue(), item.get("value"))));
            }
            return out;
        }
        throw new IllegalArgumentException("the headers field must be an object or a list of {\"name\",\"value\"}");
    }

    private static byte[] headerValue(String name, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            throw new IllegalArgumentException("header '" + name + "' must be a string, number, boolean or null");
        }
        return v.asText().getBytes(StandardCharsets.UTF_8);
    }

    private OutgoingRecord envelope(byte[] line) {
        OutgoingRecord r = EnvelopeCodec.parse(line);
        List<RecordHeader> headers = r.headers();
        if (!extraHeaders.isEmpty()) {
            headers = new ArrayList<>(headers);
            headers.addAll(extraHeaders);
        }
        return new OutgoingRecord(
                partition != null ? partition : r.partition(),
                timestamp != null ? timestamp : r.timestamp(),
                r.key(),
                r.value(),
                headers);
    }
}
