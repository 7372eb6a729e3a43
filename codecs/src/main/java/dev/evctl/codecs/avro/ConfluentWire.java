package dev.evctl.codecs.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;

/** The Confluent wire format: magic byte 0, the schema id as 4 big-endian bytes, then Avro binary. */
public final class ConfluentWire {

    public static final byte MAGIC = 0;

    private ConfluentWire() {}

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
            throw new IllegalArgumentException("not Avro on the wire: "
                    + (bytes == null ? "null" : bytes.length + " bytes") + ", a framed record has at least 5");
        }
        if (bytes[0] != MAGIC) {
            throw new IllegalArgumentException(
                    "not Avro on the wire: magic byte is " + (bytes[0] & 0xff) + ", expected 0");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /** One decoder per thread, pointed at each payload in turn, instead of one made per record. */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    /** Decodes the Avro payload after the frame with the writer's schema. */
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

    /** A thread's buffers for {@link #toJson}: the JSON goes to a buffer first, so a corrupt payload writes nothing. */
    private static final class Transcoding {
        final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
        final Utf8 scratch = new Utf8();
        JsonGenerator generator;
        BinaryDecoder decoder;

        JsonGenerator generator() throws IOException {
            if (generator == null) {
                generator = JSON.createGenerator(buffer);
                generator.setRootValueSeparator(null);
            }
            return generator;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final ThreadLocal<Transcoding> TRANSCODING = ThreadLocal.withInitial(Transcoding::new);

    /**
     * The payload after the frame as JSON text (UTF-8), read and written in one pass
     * ({@link AvroJson#transcode}); the same text as {@link #decode} then {@link AvroJson#write}.
     * {@link IllegalArgumentException} says why a payload cannot be read.
     */
    public static byte[] toJson(byte[] bytes, Schema writer, boolean readable) {
        Transcoding t = TRANSCODING.get();
        t.decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, t.decoder);
        t.buffer.reset();
        try {
            JsonGenerator g = t.generator();
            AvroJson.transcode(t.decoder, writer, g, readable, t.scratch);
            g.flush();
            if (!t.decoder.isEnd()) {
                throw new IllegalArgumentException("Avro payload has trailing bytes after the record");
            }
            return t.buffer.toByteArray();
        } catch (IOException | RuntimeException e) {
            t.generator = null; // mid-value: the next record starts a new one
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("truncated or corrupt Avro payload for schema " + writer.getFullName()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
