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
    private final String keyField;
    private final List<RecordHeader> extraHeaders;
    private final Integer partition;
    private final Long timestamp;

    LineParser(PublishRequest request) {
        this.format = request.input();
        this.keySeparator = request.keySeparator();
        this.keyField = request.keyField();
        this.extraHeaders = request.headers();
        this.partition = request.partition();
        this.timestamp = request.timestamp();
    }

    OutgoingRecord parse(String line) {
        return switch (format) {
            case lines -> lines(line);
            case jsonl -> line.isBlank() ? null : jsonl(line);
            case envelope -> line.isBlank() ? null : envelope(line);
        };
    }

    private OutgoingRecord lines(String line) {
        byte[] key = null;
        String value = line;
        if (keySeparator != null) {
            int at = line.indexOf(keySeparator);
            if (at < 0) {
                throw new IllegalArgumentException("no key separator '" + keySeparator + "' in the line");
            }
            key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
            value = line.substring(at + keySeparator.length());
        }
        return new OutgoingRecord(partition, timestamp, key, value.getBytes(StandardCharsets.UTF_8), extraHeaders);
    }

    private OutgoingRecord jsonl(String line) {
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
        return new OutgoingRecord(partition, timestamp, key, line.getBytes(StandardCharsets.UTF_8), extraHeaders);
    }

    private OutgoingRecord envelope(String line) {
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
