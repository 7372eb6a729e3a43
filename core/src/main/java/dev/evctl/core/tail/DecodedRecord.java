package dev.evctl.core.tail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.core.json.ExactJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed record with its value parsed as JSON at most once, on first need (filters,
 * queries, rendering share it).
 */
final class DecodedRecord {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNode NOT_JSON = MAPPER.missingNode();

    final ConsumerRecord<byte[], byte[]> record;
    private final FramedDecoder avro;
    private JsonNode json;

    DecodedRecord(ConsumerRecord<byte[], byte[]> record, FramedDecoder avro) {
        this.record = record;
        this.avro = avro;
    }

    private boolean avroDecoded;

    /**
     * Decodes an Avro value now: always when {@code forced}, else only when it is framed as
     * Confluent Avro. {@link IllegalArgumentException} says why it cannot be decoded.
     */
    void decodeAvro(boolean forced, boolean key) {
        if (avro == null || avroDecoded) {
            return;
        }
        if (key && record.key() != null && avroKey == null) {
            avroKey = avro.tree(record.key()).toString();
        }
        byte[] v = record.value();
        if (v == null) {
            return;
        }
        if (forced || FramedDecoder.looksFramed(v)) {
            avroJson = avro.json(v); // reads the whole payload: a corrupt one fails here, before anything is shown
            avroDecoded = true;
        }
    }

    /** The Avro value as JSON text, made while decoding; null when the value is not Avro. */
    private byte[] avroJson;

    /** The Avro value as JSON text (UTF-8), or null when the value is not Avro. */
    byte[] avroJson() {
        return avroJson;
    }

    /** Whether the value was decoded from Avro (and so must be shown as JSON). */
    boolean isAvro() {
        return avroDecoded;
    }

    /** The value as JSON, or null when it is null or not JSON. */
    JsonNode valueJson() {
        if (json == null && avroDecoded) {
            json = avro.tree(record.value());
        }
        if (json == null) {
            byte[] v = record.value();
            if (v == null || v.length == 0) {
                json = NOT_JSON;
            } else {
                try {
                    JsonNode parsed = ExactJson.read(v);
                    json = parsed == null ? NOT_JSON : parsed;
                } catch (IOException e) {
                    json = NOT_JSON;
                }
            }
        }
        return json == NOT_JSON ? null : json;
    }

    private String avroKey;

    /** The key as shown in this format; with avro, its JSON (decoded by {@link #decodeAvro}). */
    String keyText(ValueFormat format) {
        return format.viaRegistry() && avroKey != null ? avroKey : text(record.key(), format);
    }

    /** The key's Avro JSON when it was decoded, else null. */
    String avroKeyJson() {
        return avroKey;
    }

    /** The key --key-match sees: its Avro JSON when decoded, else its UTF-8 text. */
    String keyForMatch() {
        return avroKey != null
                ? avroKey
                : record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes, ValueFormat format) {
        if (bytes == null) {
            return null;
        }
        return switch (format) {
            case string, json -> new String(bytes, StandardCharsets.UTF_8);
            case hex -> HexFormat.of().formatHex(bytes);
            case base64, avro, protobuf, jsonschema -> Base64.getEncoder().encodeToString(bytes);
        };
    }
}
