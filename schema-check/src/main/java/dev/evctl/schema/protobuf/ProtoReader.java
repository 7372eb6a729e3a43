package dev.evctl.schema.protobuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

/**
 * Reads framed Protobuf values written with one schema: the message type from the message
 * indexes, the payload with protobuf-java, and JSON by protobuf's own mapping (lowerCamelCase
 * names, 64-bit integers as strings, enums by name, fields at their default left out).
 */
public final class ProtoReader {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ProtoSchema schema;
    private final Descriptors.FileDescriptor file;
    private final ProtoJson transcoder = new ProtoJson();
    /** The first message, when the transcoder takes it (null otherwise): read without an index lookup. */
    private final Descriptors.Descriptor first;

    public ProtoReader(ProtoSchema schema) {
        this.schema = schema;
        this.file = ProtoDescriptors.build(schema);
        Descriptors.Descriptor zero =
                file.getMessageTypes().isEmpty() ? null : ProtoWire.message(file, schema, List.of(0));
        this.first = zero != null && transcoder.supports(zero) ? zero : null;
    }

    /** Where a framed value's payload starts, and the message type its indexes name. */
    private record Located(Descriptors.Descriptor type, int offset) {}

    private Located locate(byte[] framed) {
        if (framed.length < 6) {
            throw new IllegalArgumentException(
                    "truncated Protobuf value: " + framed.length + " bytes, no message-index array");
        }
        if (framed[5] == 0 && first != null) {
            return new Located(first, 6); // [0], the common case: no lookup
        }
        ByteBuffer in = ByteBuffer.wrap(framed);
        in.position(5);
        Descriptors.Descriptor type = ProtoWire.message(file, schema, ProtoWire.readIndexes(in));
        return new Located(type, in.position());
    }

    /**
     * The message of a framed value (magic byte, id, indexes, payload); {@link IllegalArgumentException} says what is
     * wrong.
     */
    public DynamicMessage read(byte[] framed) {
        return parse(locate(framed), framed);
    }

    private static DynamicMessage parse(Located at, byte[] framed) {
        try {
            return DynamicMessage.parseFrom(
                    at.type(), CodedInputStream.newInstance(framed, at.offset(), framed.length - at.offset()));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a valid " + at.type().getFullName() + " payload: " + e.getMessage());
        }
    }

    /**
     * A framed value as JSON text (UTF-8): transcoded straight from the bytes, or through a message for well-known
     * types.
     */
    public byte[] json(byte[] framed) {
        Located at = locate(framed);
        if (transcoder.supports(at.type())) {
            return transcoder.json(at.type(), framed, at.offset(), framed.length - at.offset());
        }
        return json(parse(at, framed)).getBytes(StandardCharsets.UTF_8);
    }

    public static String json(DynamicMessage message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "cannot print " + message.getDescriptorForType().getFullName() + " as JSON: " + e.getMessage());
        }
    }

    public Descriptors.FileDescriptor file() {
        return file;
    }
}
