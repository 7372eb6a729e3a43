package dev.evctl.core.dups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evctl.core.EvctlException;
import dev.evctl.core.json.ExactJson;
import dev.evctl.core.tail.FramedDecoder;
import dev.evctl.core.tail.RecordMatcher;
import io.burt.jmespath.Expression;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Where a record carries its id: the key, a header, or a JMESPath field of the value (decoded
 * through the registry when framed). The id is returned as its bytes: a key's or header's exactly
 * as sent, a field's as its text (a number as written, never re-rendered).
 */
public final class IdReader {

    /** A field path of plain names (eventId, meta.id): read by streaming the JSON, without building a tree. */
    private static final Pattern SIMPLE_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Why a record has no id. */
    public enum Missing {
        NONE,
        NOT_DECODED
    }

    private final String header;
    private final String field;
    private final String[] path;
    private final Expression<JsonNode> expression;
    private final FramedDecoder decoder;

    private IdReader(String header, String field, FramedDecoder decoder) {
        this.header = header;
        this.field = field;
        this.decoder = decoder;
        if (field != null && SIMPLE_PATH.matcher(field).matches()) {
            this.path = field.split("\\.");
            this.expression = null;
        } else {
            this.path = null;
            this.expression = field == null ? null : RecordMatcher.jmesPath(field, "--id-field");
        }
    }

    public static IdReader key() {
        return new IdReader(null, null, null);
    }

    public static IdReader header(String name) {
        return new IdReader(name, null, null);
    }

    /** {@code decoder}: the registry's, for framed values, or null. */
    public static IdReader field(String expression, FramedDecoder decoder) {
        return new IdReader(null, expression, decoder);
    }

    /** What is read, for the user: "key", "header event-id", "field eventId". */
    public String describe() {
        return field != null ? "field " + field : header != null ? "header " + header : "key";
    }

    /**
     * The record's id, or null when it has none; {@code why[0]} then says whether the value could not be decoded
     * (not JSON, a framed value the registry cannot decode).
     */
    public byte[] id(ConsumerRecord<byte[], byte[]> r, Missing[] why) {
        why[0] = Missing.NONE;
        if (field == null && header == null) {
            return r.key();
        }
        if (header != null) {
            Header h = r.headers().lastHeader(header);
            return h == null ? null : h.value();
        }
        byte[] v = r.value();
        if (v == null || v.length == 0) {
            return null;
        }
        try {
            if (decoder != null && FramedDecoder.looksFramed(v)) {
                return text(search(decoder.tree(v)));
            }
            if (path != null) {
                return streamed(v);
            }
            return text(search(ExactJson.read(v)));
        } catch (IOException | IllegalArgumentException notDecoded) {
            why[0] = Missing.NOT_DECODED;
            return null;
        }
    }

    private JsonNode search(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (path != null) {
            JsonNode n = value;
            for (String name : path) {
                n = n.isObject() ? n.get(name) : null;
                if (n == null) {
                    return null;
                }
            }
            return n;
        }
        return expression.search(value);
    }

    /** A string's text, a number as written; null for anything else (an object has no id). */
    private static byte[] text(JsonNode n) {
        if (n == null || !(n.isTextual() || n.isNumber() || n.isBoolean())) {
            return null;
        }
        return n.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** The field at the path, reading the JSON as a stream and skipping what is not on the path. */
    private byte[] streamed(byte[] v) throws IOException {
        try (JsonParser p = FACTORY.createParser(v)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                if (p.nextToken() != null) {
                    throw new IllegalArgumentException("not one JSON value");
                }
                return null;
            }
            return inObject(p, 0);
        }
    }

    private byte[] inObject(JsonParser p, int depth) throws IOException {
        byte[] found = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            boolean ours = found == null && p.currentName().equals(path[depth]);
            JsonToken value = p.nextToken();
            if (ours && depth == path.length - 1) {
                found = switch (value) {
                    case VALUE_STRING -> p.getText().getBytes(StandardCharsets.UTF_8);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                        p.getText().getBytes(StandardCharsets.UTF_8);
                    default -> {
                        p.skipChildren();
                        yield null;
                    }
                };
            } else if (ours && value == JsonToken.START_OBJECT) {
                found = inObject(p, depth + 1);
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("not JSON");
        }
        return found;
    }

    /** Refuses option combinations that name no id or more than one. */
    public static IdReader of(boolean key, List<String> headers, List<String> fields, FramedDecoder decoder) {
        int given = (key ? 1 : 0) + headers.size() + fields.size();
        if (given != 1) {
            throw EvctlException.usage("dups needs where the id is, once: --id-key, --id-header NAME or --id-field"
                    + " PATH" + (given > 1 ? " (one of them, not " + given + ")" : ""));
        }
        return key ? key() : !headers.isEmpty() ? header(headers.get(0)) : field(fields.get(0), decoder);
    }
}
