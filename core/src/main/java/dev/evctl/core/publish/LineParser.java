package dev.evctl.core.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.core.record.EnvelopeCodec;
import dev.evctl.core.record.OutgoingRecord;
import dev.evctl.core.record.RecordHeader;

/**
 * Turns one input line into a record, or explains in a few words why it cannot.
 * Returns null for lines that carry no record (blank lines in jsonl and envelope input).
 */
final class LineParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InputFormat format;
    private final String keySeparator;
    private final byte[] separatorBytes;
    private final String keyField;
    private final List<RecordHeader> extraHeaders;
    private final Integer partition;
    private final Long timestamp;

    LineParser(PublishRequest request) {
        this.format = request.input();
        this.keySeparator = request.keySeparator();
        this.separatorBytes = keySeparator == null ? null : keySeparator.getBytes(StandardCharsets.UTF_8);
        this.keyField = request.keyField();
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
            case jsonl -> ByteLines.isBlank(line) ? null
                    : validated && keyField == null ? new OutgoingRecord(partition, timestamp, null, line, extraHeaders) : jsonl(line);
            case envelope -> ByteLines.isBlank(line) ? null : envelope(line);
        };
    }

    private OutgoingRecord lines(byte[] line) {
        byte[] key = null;
        byte[] value = line;
        if (keySeparator != null) {
            int at = indexOf(line, separatorBytes);
            if (at < 0) {
                throw new IllegalArgumentException("no key separator '" + keySeparator + "' in the line");
            }
            key = java.util.Arrays.copyOfRange(line, 0, at);
            value = java.util.Arrays.copyOfRange(line, at + separatorBytes.length, line.length);
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
            node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value on the line");
            }
        } catch (StreamReadException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " at column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
        }
        byte[] key = null;
        if (keyField != null) {
            JsonNode k = node.get(keyField);
            if (k == null || k.isNull()) {
                throw new IllegalArgumentException("no key field '" + keyField + "' in the JSON object");
            }
            key = (k.isValueNode() ? k.asText() : k.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new OutgoingRecord(partition, timestamp, key, line, extraHeaders);
    }

    private OutgoingRecord envelope(byte[] line) {
        OutgoingRecord r = EnvelopeCodec.parse(line);
        List<RecordHeader> headers = r.headers();
        if (!extraHeaders.isEmpty()) {
            headers = new ArrayList<>(headers);
            headers.addAll(extraHeaders);
        }
        return new OutgoingRecord(partition != null ? partition : r.partition(),
                timestamp != null ? timestamp : r.timestamp(), r.key(), r.value(), headers);
    }
}
