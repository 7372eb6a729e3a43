package dev.evctl.schema.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Descriptors;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

/**
 * The Confluent framing of a Protobuf value: after the magic byte and the schema id, the path of
 * the message type in the schema (its "message indexes") as zigzag varints — the count, then each
 * 0-based position among the messages of its scope (enums do not count) — where the common
 * {@code [0]} is the single byte {@code 00}.
 */
public final class ProtoWire {

    private ProtoWire() {}

    /** The message indexes of a message type, by its position in the schema text. */
    public static List<Integer> indexes(ProtoSchema schema, Descriptors.Descriptor message) {
        List<String> names = new ArrayList<>();
        for (Descriptors.Descriptor d = message; d != null; d = d.getContainingType()) {
            names.add(0, d.getName());
        }
        List<Integer> out = new ArrayList<>();
        List<TypeElement> scope = schema.file().getTypes();
        for (String name : names) {
            int position = 0;
            TypeElement found = null;
            for (TypeElement t : scope) {
                if (t instanceof MessageElement) {
                    if (t.getName().equals(name)) {
                        found = t;
                        break;
                    }
                    position++;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException(
                        "message " + message.getFullName() + " is not declared in the schema text");
            }
            out.add(position);
            scope = found.getNestedTypes();
        }
        return out;
    }

    /** The message type the indexes name, or an error saying which index is out of range. */
    public static Descriptors.Descriptor message(
            Descriptors.FileDescriptor file, ProtoSchema schema, List<Integer> indexes) {
        List<TypeElement> scope = schema.file().getTypes();
        Descriptors.Descriptor current = null;
        for (int depth = 0; depth < indexes.size(); depth++) {
            int wanted = indexes.get(depth);
            int position = 0;
            TypeElement found = null;
            for (TypeElement t : scope) {
                if (t instanceof MessageElement) {
                    if (position++ == wanted) {
                        found = t;
                        break;
                    }
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("message index " + indexes + " is out of range: the schema has "
                        + position + " message" + (position == 1 ? "" : "s") + (depth == 0 ? "" : " there") + " (index "
                        + wanted + ")");
            }
            current = depth == 0
                    ? file.findMessageTypeByName(found.getName())
                    : current.findNestedTypeByName(found.getName());
            scope = found.getNestedTypes();
        }
        return current;
    }

    /** The framing after magic byte and id: {@code 00} for [0], else count and indexes as zigzag varints. */
    public static byte[] encodeIndexes(List<Integer> indexes) {
        if (indexes.size() == 1 && indexes.get(0) == 0) {
            return new byte[] {0};
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        zigzag(out, indexes.size());
        indexes.forEach(i -> zigzag(out, i));
        return out.toByteArray();
    }

    /** Reads the indexes at the buffer's position, leaving it at the payload. */
    public static List<Integer> readIndexes(ByteBuffer in) {
        int count = unzigzag(in);
        if (count == 0) {
            return List.of(0);
        }
        if (count < 0 || count > 100) {
            throw new IllegalArgumentException("not a Protobuf message-index array (count " + count + ")");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(unzigzag(in));
        }
        return out;
    }

    private static void zigzag(ByteArrayOutputStream out, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int unzigzag(ByteBuffer in) {
        int shift = 0;
        int raw = 0;
        while (true) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("truncated message-index array");
            }
            byte b = in.get();
            raw |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 28) {
                throw new IllegalArgumentException("malformed message-index varint");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }
}
