package dev.evctl.core.tail;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns values framed in the Confluent wire format (magic byte 0, a 4-byte schema id, the payload)
 * into JSON through the schema their id names. Tail takes one to show such values; the codecs
 * module's {@code RegistryDecoder} is the one that asks a schema registry.
 */
public interface FramedDecoder {

    /** The value as JSON text (UTF-8); {@link IllegalArgumentException} says why it cannot be decoded. */
    byte[] json(byte[] framed);

    /** The value as a JSON tree; {@link IllegalArgumentException} says why it cannot be decoded. */
    JsonNode tree(byte[] framed);

    /** Whether the bytes start as a framed value does: the magic byte and room for a schema id. */
    static boolean looksFramed(byte[] bytes) {
        return bytes != null && bytes.length >= 5 && bytes[0] == 0;
    }
}
