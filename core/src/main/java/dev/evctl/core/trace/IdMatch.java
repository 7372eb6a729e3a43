package dev.evctl.core.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evctl.core.EvctlException;
import dev.evctl.core.json.ExactJson;
import dev.evctl.core.tail.FramedDecoder;
import dev.evctl.core.tail.RecordMatcher;
import io.burt.jmespath.Expression;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Where a record may carry a business id and whether it does: the key, named headers ({@code traceparent} by its
 * trace id), and JMESPath fields of the decoded value. An id matches exactly, never as a substring. Keys and headers
 * are compared as bytes, without decoding anything; a value is decoded only when a field is asked for, and a JSON
 * value is skipped unread when its bytes cannot hold the id.
 */
public final class IdMatch {

    /** The correlation headers looked at when nothing is named. */
    public static final List<String> USUAL_HEADERS =
            List.of("correlation-id", "correlationId", "x-correlation-id", "traceparent");

    private final String id;
    private final byte[] idBytes;
    private final boolean key;
    private final List<String> headers;
    private final List<String> fieldPaths;
    private final List<Expression<JsonNode>> fields;
    private final FramedDecoder decoder;

    /**
     * @param key     match the key
     * @param headers header names to match
     * @param fields  JMESPath expressions into the value
     * @param decoder the registry decoder of framed values (Avro, Protobuf, JSON Schema), or null
     */
    public IdMatch(String id, boolean key, List<String> headers, List<String> fields, FramedDecoder decoder) {
        if (id == null || id.isEmpty()) {
            throw EvctlException.usage("trace needs an id: evctl trace ID");
        }
        this.id = id;
        this.idBytes = id.getBytes(StandardCharsets.UTF_8);
        this.key = key;
        this.headers = List.copyOf(headers);
        this.fieldPaths = List.copyOf(fields);
        this.fields = new ArrayList<>();
        for (String f : fields) {
            this.fields.add(RecordMatcher.jmesPath(f, "--id-field"));
        }
        this.decoder = decoder;
    }

    /** The default: the key and the usual correlation headers. */
    public static IdMatch usual(String id) {
        return new IdMatch(id, true, USUAL_HEADERS, List.of(), null);
    }

    public String id() {
        return id;
    }

    /** What is looked at, for the user: "key, header correlation-id, field order.id". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (key) {
            parts.add("key");
        }
        headers.forEach(h -> parts.add("header " + h));
        fieldPaths.forEach(f -> parts.add("field " + f));
        return String.join(", ", parts);
    }

    /** Whether values are decoded (a field is asked for). */
    boolean decodesValues() {
        return !fields.isEmpty();
    }

    /**
     * How the record carries the id ("key", "header NAME", "field PATH"), or null when it does not. {@link
     * IllegalArgumentException} when a field is asked for and the value is framed but cannot be decoded.
     */
    public String matchedBy(ConsumerRecord<byte[], byte[]> record) {
        if (key && record.key() != null && keyMatches(record.key())) {
            return "key";
        }
        for (String name : headers) {
            for (Header h : record.headers().headers(name)) {
                if (h.value() != null && headerMatches(name, h.value())) {
                    return "header " + name;
                }
            }
        }
        if (!fields.isEmpty()) {
            JsonNode value = value(record.value());
            if (value != null) {
                for (int i = 0; i < fields.size(); i++) {
                    if (matches(fields.get(i).search(value))) {
                        return "field " + fieldPaths.get(i);
                    }
                }
            }
        }
        return null;
    }

    private boolean keyMatches(byte[] k) {
        if (Arrays.equals(k, idBytes)) {
            return true;
        }
        if (decoder != null && FramedDecoder.looksFramed(k)) { // a registry-framed key: a string or a number
            try {
                return matches(decoder.tree(k));
            } catch (IllegalArgumentException notDecodable) {
                return false;
            }
        }
        return false;
    }

    private boolean headerMatches(String name, byte[] v) {
        if (Arrays.equals(v, idBytes)) {
            return true;
        }
        if (name.equalsIgnoreCase("traceparent")) {
            // W3C: version-traceid-parentid-flags; the trace id is the business id
            String[] parts = new String(v, StandardCharsets.US_ASCII).trim().split("-");
            return parts.length >= 4 && parts[1].equalsIgnoreCase(id.toLowerCase(Locale.ROOT));
        }
        return false;
    }

    /**
     * The value as JSON, decoded through the registry when framed; null when it is not JSON or cannot hold the id. A
     * JSON text without a backslash has no escapes, so a string or number equal to the id appears in it verbatim.
     */
    private JsonNode value(byte[] v) {
        if (v == null || v.length == 0) {
            return null;
        }
        if (decoder != null && FramedDecoder.looksFramed(v)) {
            return decoder.tree(v);
        }
        if (indexOf(v, (byte) '\\', 0) < 0 && indexOf(v, idBytes) < 0) {
            return null;
        }
        try {
            return ExactJson.read(v);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** A string or number equal to the id, or an array holding one (a projection such as items[].id). */
    private boolean matches(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return false;
        }
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (matches(e)) {
                    return true;
                }
            }
            return false;
        }
        return (n.isTextual() || n.isNumber()) && id.equals(n.asText());
    }

    private static int indexOf(byte[] haystack, byte b, int from) {
        for (int i = from; i < haystack.length; i++) {
            if (haystack[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        if (needle.length == 0) {
            return 0;
        }
        for (int i = indexOf(haystack, needle[0], 0);
                i >= 0 && i <= haystack.length - needle.length;
                i = indexOf(haystack, needle[0], i + 1)) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
