package dev.evctl.core.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** The Confluent wire format: magic byte 0, the schema id as 4 big-endian bytes, then Avro binary. */
public final class ConfluentWire {

    public static final byte MAGIC = 0;

    private ConfluentWire() {
    }

    public static byte[] encode(int schemaId, Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(MAGIC);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot encode as " + schema.getFullName() + ": " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** Whether the bytes start like a Confluent-framed record. */
    public static boolean looksFramed(byte[] bytes) {
        return bytes != null && bytes.length >= 5 && bytes[0] == MAGIC;
    }

    /** The schema id of a framed record; {@link IllegalArgumentException} says what is wrong with the frame. */
    public static int schemaId(byte[] bytes) {
        if (bytes == null || bytes.length < 5) {
            throw new IllegalArgumentException("not Avro on the wire: " + (bytes == null ? "null" : bytes.length + " bytes")
                    + ", a framed record has at least 5");
        }
        if (bytes[0] != MAGIC) {
            throw new IllegalArgumentException("not Avro on the wire: magic byte is " + (bytes[0] & 0xff) + ", expected 0");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /** Decodes the Avro payload after the frame with the writer's schema. */
    /** One decoder per thread, pointed at each payload in turn, instead of one made per record. */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    public static Object decode(byte[] bytes, Schema writer) {
        return decode(bytes, writer, new GenericDatumReader<>(writer));
    }

    /**
     * As {@link #decode(byte[], Schema)} with a reader made once per schema: building a reader
     * resolves the schema, which costs more than decoding a small record.
     */
    public static Object decode(byte[] bytes, Schema writer, GenericDatumReader<Object> reader) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, DECODERS.get());
        DECODERS.set(decoder);
        try {
            Object datum = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalArgumentException("Avro payload has " + "trailing bytes after the record");
            }
            return datum;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("truncated or corrupt Avro payload for schema " + writer.getFullName()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
