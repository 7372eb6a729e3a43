package dev.evctl.schema.protobuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;

/**
 * Protobuf bytes straight to JSON, by protobuf's JSON mapping as {@code JsonFormat.printer()
 * .omittingInsignificantWhitespace()} prints it — fields in number order by their JSON names,
 * defaults left out, 64-bit integers as strings, enums by name, bytes as base64 — without building
 * a message first (tailing a topic is mostly this). Message types that use a well-known type, a
 * group or an extension are left to {@code JsonFormat} ({@link #supports}); {@code ProtoJsonTest}
 * holds both to the same output.
 */
final class ProtoJson {

    private static final JsonFactory JSON = new JsonFactory();
    private final Map<Descriptors.Descriptor, Boolean> supported = new IdentityHashMap<>();

    /** Whether every type reachable from this one can be transcoded here. */
    boolean supports(Descriptors.Descriptor type) {
        Boolean known = supported.get(type);
        if (known != null) {
            return known;
        }
        supported.put(type, true); // recursion: assume so while looking
        boolean ok = !type.getFile().getPackage().startsWith("google.protobuf");
        for (Descriptors.FieldDescriptor f : type.getFields()) {
            if (!ok) {
                break;
            }
            if (f.isExtension() || f.getType() == Descriptors.FieldDescriptor.Type.GROUP) {
                ok = false;
            } else if (f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                ok = supports(f.getMessageType());
            }
        }
        supported.put(type, ok);
        return ok;
    }

    /** One output buffer per thread, reused (a tail transcodes record after record). */
    private static final ThreadLocal<ByteArrayBuilder> BUFFERS = ThreadLocal.withInitial(ByteArrayBuilder::new);

    /** The thread's generator over its buffer, reused record after record (removed after a failure: made anew). */
    private static final ThreadLocal<JsonGenerator> GENERATORS = new ThreadLocal<>();

    byte[] json(Descriptors.Descriptor type, byte[] bytes, int offset, int length) {
        ByteArrayBuilder out = BUFFERS.get();
        out.reset();
        JsonGenerator g = GENERATORS.get();
        try {
            if (g == null) {
                g = JSON.createGenerator(out);
                g.setRootValueSeparator(null); // one value per record, nothing between them
                GENERATORS.set(g);
            }
            try {
                optimistic = true;
                message(type, bytes, offset, length, g);
            } catch (OutOfOrder e) {
                // rare: a message not in number order somewhere; start again, checking each message first
                out.reset();
                g = JSON.createGenerator(out);
                g.setRootValueSeparator(null);
                GENERATORS.set(g);
                optimistic = false;
                message(type, bytes, offset, length, g);
            }
            g.flush();
        } catch (IOException | RuntimeException e) {
            GENERATORS.remove(); // half a value written: the next record starts a new generator
            out.reset();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException("not a valid " + type.getFullName() + " payload: " + e.getMessage());
        }
        byte[] json = out.toByteArray();
        out.reset();
        return json;
    }

    /**
     * Whether messages are written as they are read without looking first: every serializer writes fields in
     * number order, and {@link #streamed} stops with {@link OutOfOrder} at the first field that is not.
     */
    private boolean optimistic;

    /** Thrown by {@link #streamed} when a field breaks number order; no stack trace (it is a signal, not an error). */
    private static final class OutOfOrder extends RuntimeException {
        OutOfOrder() {
            super("fields out of number order", null, false, false);
        }
    }

    private static final OutOfOrder OUT_OF_ORDER = new OutOfOrder();

    /**
     * One message: streamed when its fields come in number order, else read into per-number value lists (last
     * one wins for singular fields) and written in number order.
     */
    private void message(Descriptors.Descriptor type, byte[] bytes, int offset, int length, JsonGenerator g)
            throws IOException {
        if (optimistic || inNumberOrder(type, bytes, offset, length)) {
            streamed(type, bytes, offset, length, g);
        } else {
            collected(type, CodedInputStream.newInstance(bytes, offset, length), g);
        }
    }

    /**
     * True when the fields come in increasing number order, a repeated field's elements together and a
     * singular field once — the order every serializer writes. Then the message is written as it is
     * read, with nothing collected; otherwise {@link #collected} sorts and keeps the last of each.
     */
    private boolean inNumberOrder(Descriptors.Descriptor type, byte[] bytes, int offset, int length)
            throws IOException {
        TypeInfo t = info(type);
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        int last = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return true;
            }
            int number = WireFormat.getTagFieldNumber(tag);
            if (number < last) {
                return false;
            }
            if (number == last) {
                Descriptors.FieldDescriptor f = t.field(type, number);
                if (f == null || !t.repeated[f.getIndex()]) {
                    return false;
                }
            }
            last = number;
            in.skipField(tag);
        }
    }

    /**
     * A message in number order, written field by field as it is read; {@link OutOfOrder} at the first field
     * that breaks the order (see {@link #inNumberOrder}).
     */
    private void streamed(Descriptors.Descriptor type, byte[] bytes, int offset, int length, JsonGenerator g)
            throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        TypeInfo t = info(type);
        SerializedString[] names = t.names;
        g.writeStartObject();
        Descriptors.FieldDescriptor openArray = null;
        Descriptors.FieldDescriptor openMap = null;
        List<Object> mapEntries = null;
        int last = 0;
        while (true) {
            int tag = in.readTag();
            int number = WireFormat.getTagFieldNumber(tag);
            Descriptors.FieldDescriptor f = tag == 0 ? null : t.field(type, number);
            int k = f == null ? -1 : f.getIndex();
            if (tag != 0 && (number < last || (number == last && (f == null || !t.repeated[k])))) {
                throw OUT_OF_ORDER; // the same rule as inNumberOrder
            }
            last = number;
            if (openArray != null && f != openArray) {
                g.writeEndArray();
                openArray = null;
            }
            if (openMap != null && f != openMap) {
                g.writeFieldName(openMap.getJsonName());
                mapField(openMap, mapEntries, g);
                openMap = null;
            }
            if (tag == 0) {
                break;
            }
            if (f == null) {
                in.skipField(tag); // unknown fields: JsonFormat leaves them out too
            } else if (t.map[k]) {
                if (openMap == null) {
                    openMap = f;
                    mapEntries = new ArrayList<>();
                }
                mapEntries.add(in.readByteArray());
            } else if (t.repeated[k]) {
                if (openArray == null) {
                    g.writeFieldName(names[k]);
                    g.writeStartArray();
                    openArray = f;
                }
                elements(f, tag, in, g);
            } else if (t.string[k]) {
                string(f, in, bytes, offset, length, t.presence[k], names[k], g);
            } else if (!unboxed(f, t.presence[k], in, g, names[k])) {
                Object v = f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
                        ? in.readByteArray()
                        : scalar(f, in);
                if (t.presence[k] || !isDefault(f, v)) { // proto3 implicit presence: a default value is not printed
                    g.writeFieldName(names[k]);
                    value(f, v, g);
                }
            }
        }
        g.writeEndObject();
    }

    /** The elements one record of a repeated field holds: one, or a packed run of scalars. */
    private void elements(Descriptors.FieldDescriptor f, int tag, CodedInputStream in, JsonGenerator g)
            throws IOException {
        if (packed(f, tag)) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                value(f, scalar(f, in), g);
            }
            in.popLimit(limit);
        } else {
            value(
                    f,
                    f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
                            ? in.readByteArray()
                            : scalar(f, in),
                    g);
        }
    }

    /**
     * A string field written as its UTF-8 bytes are (checked), read in place: not decoded to a String and encoded
     * again, not copied. Without {@code presence} (proto3 implicit presence) an empty string is not printed.
     */
    private static void string(
            Descriptors.FieldDescriptor f,
            CodedInputStream in,
            byte[] bytes,
            int offset,
            int length,
            boolean presence,
            SerializedString name,
            JsonGenerator g)
            throws IOException {
        int size = in.readRawVarint32();
        int at = offset + in.getTotalBytesRead();
        if (size < 0 || size > length - in.getTotalBytesRead()) {
            throw new IOException("field " + f.getName() + " is truncated");
        }
        if (!UnsafeByteOperations.unsafeWrap(bytes, at, size).isValidUtf8()) {
            throw new IOException("field " + f.getName() + " is not valid UTF-8");
        }
        if (presence || size > 0) {
            g.writeFieldName(name);
            g.writeUTF8String(bytes, at, size);
        }
        in.skipRawBytes(size);
    }

    /**
     * A singular field of the commonest scalar types read and written as a primitive (no box per value, which
     * the launcher's C1-only JIT does not remove); false for the other types, which {@link #value} writes.
     */
    private static boolean unboxed(
            Descriptors.FieldDescriptor f,
            boolean presence,
            CodedInputStream in,
            JsonGenerator g,
            SerializedString name)
            throws IOException {
        switch (f.getType()) {
            case INT32, SINT32, SFIXED32 -> {
                int v = f.getType() == Descriptors.FieldDescriptor.Type.INT32
                        ? in.readInt32()
                        : f.getType() == Descriptors.FieldDescriptor.Type.SINT32 ? in.readSInt32() : in.readSFixed32();
                if (presence || v != 0) {
                    g.writeFieldName(name);
                    g.writeNumber(v);
                }
                return true;
            }
            case INT64, SINT64, SFIXED64 -> {
                long v = f.getType() == Descriptors.FieldDescriptor.Type.INT64
                        ? in.readInt64()
                        : f.getType() == Descriptors.FieldDescriptor.Type.SINT64 ? in.readSInt64() : in.readSFixed64();
                if (presence || v != 0) {
                    g.writeFieldName(name);
                    g.writeString(Long.toString(v)); // 64-bit integers are strings in protobuf's JSON
                }
                return true;
            }
            case DOUBLE -> {
                double v = in.readDouble();
                if (presence || Double.doubleToRawLongBits(v) != 0) {
                    g.writeFieldName(name);
                    floating(v, Double.toString(v), g, false);
                }
                return true;
            }
            case BOOL -> {
                boolean v = in.readBool();
                if (presence || v) {
                    g.writeFieldName(name);
                    g.writeBoolean(v);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * What the streaming path asks of a message type's fields, worked out once per type: the fields by number (an
     * array when the numbers are small enough: protobuf's own {@code findFieldByNumber} allocates a key and hashes
     * it for every field of every record), and by field index the encoded JSON name and the flags that protobuf
     * computes on every call ({@code hasPresence} walks the file's features).
     */
    private static final class TypeInfo {
        final Descriptors.FieldDescriptor[] byNumber;
        final SerializedString[] names;
        final boolean[] presence;
        final boolean[] repeated;
        final boolean[] map;
        final boolean[] string;

        TypeInfo(Descriptors.Descriptor type) {
            List<Descriptors.FieldDescriptor> fields = type.getFields();
            int max = fields.stream()
                    .mapToInt(Descriptors.FieldDescriptor::getNumber)
                    .max()
                    .orElse(0);
            byNumber = max > 1024 ? null : new Descriptors.FieldDescriptor[max + 1];
            names = new SerializedString[fields.size()];
            presence = new boolean[fields.size()];
            repeated = new boolean[fields.size()];
            map = new boolean[fields.size()];
            string = new boolean[fields.size()];
            for (Descriptors.FieldDescriptor f : fields) {
                if (byNumber != null) {
                    byNumber[f.getNumber()] = f;
                }
                int k = f.getIndex();
                names[k] = new SerializedString(f.getJsonName());
                presence[k] = f.hasPresence();
                repeated[k] = f.isRepeated();
                map[k] = f.isMapField();
                string[k] = f.getType() == Descriptors.FieldDescriptor.Type.STRING;
            }
        }

        Descriptors.FieldDescriptor field(Descriptors.Descriptor type, int number) {
            if (byNumber == null) {
                return type.findFieldByNumber(number); // numbers too sparse for an array
            }
            return number < byNumber.length ? byNumber[number] : null;
        }
    }

    private final Map<Descriptors.Descriptor, TypeInfo> infos = new IdentityHashMap<>();

    private TypeInfo info(Descriptors.Descriptor type) {
        TypeInfo known = infos.get(type);
        if (known == null) {
            known = new TypeInfo(type);
            infos.put(type, known);
        }
        return known;
    }

    /** A repeated scalar sent packed: one length-delimited run of values. */
    private static boolean packed(Descriptors.FieldDescriptor f, int tag) {
        Descriptors.FieldDescriptor.JavaType t = f.getJavaType();
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED
                && t != Descriptors.FieldDescriptor.JavaType.STRING
                && t != Descriptors.FieldDescriptor.JavaType.BYTE_STRING
                && t != Descriptors.FieldDescriptor.JavaType.MESSAGE;
    }

    private void collected(Descriptors.Descriptor type, CodedInputStream in, JsonGenerator g) throws IOException {
        TreeMap<Integer, List<Object>> values = new TreeMap<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int number = WireFormat.getTagFieldNumber(tag);
            Descriptors.FieldDescriptor f = type.findFieldByNumber(number);
            if (f == null) {
                in.skipField(tag); // unknown fields: JsonFormat leaves them out too
                continue;
            }
            List<Object> list = values.computeIfAbsent(number, n -> new ArrayList<>());
            int wireType = WireFormat.getTagWireType(tag);
            if (f.isRepeated()
                    && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED
                    && f.getJavaType() != Descriptors.FieldDescriptor.JavaType.STRING
                    && f.getJavaType() != Descriptors.FieldDescriptor.JavaType.BYTE_STRING
                    && f.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                int limit = in.pushLimit(in.readRawVarint32()); // packed
                while (in.getBytesUntilLimit() > 0) {
                    list.add(scalar(f, in));
                }
                in.popLimit(limit);
            } else if (f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                list.add(in.readByteArray()); // nested: transcoded when written
            } else {
                list.add(scalar(f, in));
            }
        }
        g.writeStartObject();
        for (Map.Entry<Integer, List<Object>> e : values.entrySet()) {
            Descriptors.FieldDescriptor f = type.findFieldByNumber(e.getKey());
            List<Object> list = e.getValue();
            if (f.isMapField()) {
                g.writeFieldName(f.getJsonName());
                mapField(f, list, g);
            } else if (f.isRepeated()) {
                g.writeFieldName(f.getJsonName());
                g.writeStartArray();
                for (Object v : list) {
                    value(f, v, g);
                }
                g.writeEndArray();
            } else {
                Object v = list.get(list.size() - 1);
                if (!f.hasPresence() && isDefault(f, v)) {
                    continue; // proto3 implicit presence: a default value is not printed
                }
                g.writeFieldName(f.getJsonName());
                value(f, v, g);
            }
        }
        g.writeEndObject();
    }

    private void mapField(Descriptors.FieldDescriptor f, List<Object> entries, JsonGenerator g) throws IOException {
        Descriptors.Descriptor entry = f.getMessageType();
        Descriptors.FieldDescriptor key = entry.findFieldByNumber(1);
        Descriptors.FieldDescriptor value = entry.findFieldByNumber(2);
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (Object raw : entries) {
            CodedInputStream in = CodedInputStream.newInstance((byte[]) raw);
            Object k = defaultOf(key);
            Object v = defaultOf(value);
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                int n = WireFormat.getTagFieldNumber(tag);
                if (n == 1) {
                    k = scalar(key, in);
                } else if (n == 2) {
                    v = value.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
                            ? in.readByteArray()
                            : scalar(value, in);
                } else {
                    in.skipField(tag);
                }
            }
            String name = k instanceof Descriptors.EnumValueDescriptor ev
                    ? ev.getName()
                    : k instanceof Boolean || k instanceof Number ? unsignedText(key, k) : String.valueOf(k);
            map.put(name, v);
        }
        g.writeStartObject();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            g.writeFieldName(e.getKey());
            value(value, e.getValue(), g);
        }
        g.writeEndObject();
    }

    private Object defaultOf(Descriptors.FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case INT -> 0;
            case LONG -> 0L;
            case FLOAT -> 0f;
            case DOUBLE -> 0d;
            case BOOLEAN -> false;
            case STRING -> "";
            case BYTE_STRING -> new byte[0];
            case ENUM -> f.getEnumType().getValues().get(0);
            case MESSAGE -> new byte[0];
        };
    }

    private Object scalar(Descriptors.FieldDescriptor f, CodedInputStream in) throws IOException {
        return switch (f.getType()) {
            case DOUBLE -> in.readDouble();
            case FLOAT -> in.readFloat();
            case INT64 -> in.readInt64();
            case UINT64 -> in.readUInt64();
            case INT32 -> in.readInt32();
            case FIXED64 -> in.readFixed64();
            case FIXED32 -> in.readFixed32();
            case BOOL -> in.readBool();
            case STRING -> in.readStringRequireUtf8();
            case BYTES -> in.readByteArray();
            case UINT32 -> in.readUInt32();
            case SFIXED32 -> in.readSFixed32();
            case SFIXED64 -> in.readSFixed64();
            case SINT32 -> in.readSInt32();
            case SINT64 -> in.readSInt64();
            case ENUM -> {
                int number = in.readEnum();
                Descriptors.EnumValueDescriptor v = f.getEnumType().findValueByNumber(number);
                yield v != null ? v : Integer.valueOf(number);
            }
            default -> throw new IOException("unexpected field type " + f.getType());
        };
    }

    private static boolean isDefault(Descriptors.FieldDescriptor f, Object v) {
        if (v instanceof Number n) {
            return n instanceof Double || n instanceof Float
                    ? Double.doubleToRawLongBits(n.doubleValue()) == 0
                    : n.longValue() == 0;
        }
        if (v instanceof Boolean b) {
            return !b;
        }
        if (v instanceof String s) {
            return s.isEmpty();
        }
        if (v instanceof byte[] b) {
            return b.length == 0 && f.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE;
        }
        return v instanceof Descriptors.EnumValueDescriptor e && e.getNumber() == 0;
    }

    private void value(Descriptors.FieldDescriptor f, Object v, JsonGenerator g) throws IOException {
        switch (f.getJavaType()) {
            case MESSAGE -> {
                byte[] bytes = (byte[]) v;
                message(f.getMessageType(), bytes, 0, bytes.length, g);
            }
            case STRING -> g.writeString((String) v);
            case BYTE_STRING -> g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case ENUM -> {
                if (v instanceof Descriptors.EnumValueDescriptor e) {
                    g.writeString(e.getName());
                } else {
                    g.writeNumber((Integer) v); // a number the enum does not declare
                }
            }
            case LONG -> g.writeString(unsignedText(f, v));
            case INT -> {
                if (f.getType() == Descriptors.FieldDescriptor.Type.UINT32
                        || f.getType() == Descriptors.FieldDescriptor.Type.FIXED32) {
                    g.writeNumber(Integer.toUnsignedLong((Integer) v));
                } else {
                    g.writeNumber((Integer) v);
                }
            }
            case FLOAT -> floating(((Float) v).doubleValue(), Float.toString((Float) v), g, true);
            case DOUBLE -> floating((Double) v, Double.toString((Double) v), g, false);
        }
    }

    private static String unsignedText(Descriptors.FieldDescriptor f, Object v) {
        if (v instanceof Long l
                && (f.getType() == Descriptors.FieldDescriptor.Type.UINT64
                        || f.getType() == Descriptors.FieldDescriptor.Type.FIXED64)) {
            return Long.toUnsignedString(l);
        }
        if (v instanceof Integer i
                && (f.getType() == Descriptors.FieldDescriptor.Type.UINT32
                        || f.getType() == Descriptors.FieldDescriptor.Type.FIXED32)) {
            return Integer.toUnsignedString(i);
        }
        return String.valueOf(v);
    }

    /** Floats and doubles as JsonFormat writes them (Gson's shortest form; NaN and infinities as strings). */
    private static void floating(double d, String text, JsonGenerator g, boolean isFloat) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            return;
        }
        g.writeRawValue(text);
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
