package dev.evctl.core.publish;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Records a consumer must reject, built from a valid value so that they cannot decode by accident:
 * JSON cut short (a strict prefix of an object, array, string or literal is never JSON; a bare
 * number gets a cut-off exponent), Avro cut short after the schema id (its binary encoding is
 * read token by token, so any strict prefix runs out), Protobuf given a field whose bytes are
 * missing after the message indexes (a prefix of a Protobuf message can be a valid, shorter
 * message), a schema id the registry does not have, or no framing at all.
 */
public final class Poison {

    private Poison() {}

    /** The poison record's value; IllegalArgumentException when this value cannot be made one. */
    public static byte[] of(Faults.PoisonKind kind, Faults.Values values, byte[] value, int unknownId) {
        if (value == null) {
            throw new IllegalArgumentException("a record without a value (a tombstone) cannot be made poison");
        }
        if (!values.framed) {
            return json(value);
        }
        if (value.length < 5 || value[0] != 0) {
            throw new IllegalArgumentException("the value is not in the Confluent wire format");
        }
        int header = 5 + (values == Faults.Values.PROTOBUF ? indexesLength(value) : 0);
        byte[] payload = Arrays.copyOfRange(value, header, value.length);
        return switch (kind) {
            case TRUNCATED ->
                switch (values) {
                    case AVRO -> {
                        if (payload.length == 0) {
                            throw new IllegalArgumentException("its Avro encoding is empty and cannot be cut short"
                                    + " (use --poison-kinds unknown-schema-id)");
                        }
                        yield concat(Arrays.copyOf(value, header), Arrays.copyOf(payload, payload.length / 2));
                    }
                    // field 1, length-delimited, 127 bytes long, none of them there: always "truncated message"
                    case PROTOBUF -> concat(Arrays.copyOf(value, header), new byte[] {0x0A, 0x7F});
                    default -> concat(Arrays.copyOf(value, header), json(payload));
                };
            case UNKNOWN_SCHEMA_ID -> {
                byte[] out = value.clone();
                ByteBuffer.wrap(out, 1, 4).putInt(unknownId);
                yield out;
            }
            case NO_MAGIC_BYTE ->
                payload.length > 0 && payload[0] != 0
                        ? payload
                        : concat(new byte[] {1}, payload); // a leading 0 would pass for the magic byte
        };
    }

    /** The JSON text cut short so that no JSON parser takes it. */
    public static byte[] json(byte[] value) {
        int start = 0;
        int end = value.length;
        while (start < end && isSpace(value[start])) {
            start++;
        }
        while (end > start && isSpace(value[end - 1])) {
            end--;
        }
        if (start == end || !isJson(value)) {
            throw new IllegalArgumentException("the value is not JSON");
        }
        byte first = value[start];
        int length = end - start;
        if (first == '{' || first == '[' || first == '"' || first == 't' || first == 'f' || first == 'n') {
            if (length < 2) {
                throw new IllegalArgumentException("the value is not JSON");
            }
            return Arrays.copyOfRange(value, start, start + Math.max(1, length / 2));
        }
        if (first == '-' || (first >= '0' && first <= '9')) {
            return concat(Arrays.copyOfRange(value, start, end), new byte[] {'e'});
        }
        throw new IllegalArgumentException("the value is not JSON");
    }

    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    /** Whether the bytes are one JSON value (only then is a cut-short copy sure to be rejected for the right reason). */
    private static boolean isJson(byte[] value) {
        try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(value)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Bytes of the Confluent Protobuf message indexes after the schema id (a zigzag count, then the indexes). */
    private static int indexesLength(byte[] value) {
        int at = 5;
        long[] read = varint(value, at);
        long count = (read[0] >>> 1) ^ -(read[0] & 1);
        at = (int) read[1];
        for (long i = 0; i < count; i++) {
            at = (int) varint(value, at)[1];
        }
        return at - 5;
    }

    /** The varint at {@code at}: its value and the offset after it. */
    private static long[] varint(byte[] b, int at) {
        long v = 0;
        int shift = 0;
        while (true) {
            if (at >= b.length || shift > 63) {
                throw new IllegalArgumentException("the value's Protobuf message indexes are cut short");
            }
            byte x = b[at++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {v, at};
            }
            shift += 7;
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
