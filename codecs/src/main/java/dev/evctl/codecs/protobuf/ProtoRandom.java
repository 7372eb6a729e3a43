package dev.evctl.codecs.protobuf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import dev.evctl.core.publish.ValueGenerator;
import dev.evctl.schema.protobuf.ProtoReader;

/**
 * Random valid messages of a Protobuf message type, as protobuf's JSON (what {@code publish
 * --value-format protobuf} reads): every scalar in range, enums pick a declared value, one member
 * of each oneof, repeated fields and maps hold 0-3 entries, well-known timestamps fall in the year
 * before {@code base}, recursion stops after a few levels.
 */
public final class ProtoRandom implements ValueGenerator {

    private static final int MAX_DEPTH = 4;
    private static final String[] WORDS = {
        "alpha", "bravo", "cobalt", "delta", "ember", "fjord", "gamma", "harbor", "indigo", "juniper"
    };

    private final Descriptors.Descriptor type;
    private final Random random;
    private final Instant base;

    public ProtoRandom(Descriptors.Descriptor type, Random random, Instant base) {
        this.type = type;
        this.random = random;
        this.base = base;
    }

    @Override
    public byte[] renderBytes(long seq) {
        return ProtoReader.json(message(type, 0)).getBytes(StandardCharsets.UTF_8);
    }

    /** A random message of the type. */
    public DynamicMessage message(Descriptors.Descriptor t, int depth) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(t);
        if (t.getFullName().equals("google.protobuf.Timestamp")) {
            long seconds = base.getEpochSecond() - random.nextInt(365 * 86_400);
            return b.setField(t.findFieldByName("seconds"), seconds)
                    .setField(t.findFieldByName("nanos"), random.nextInt(1000) * 1_000_000)
                    .build();
        }
        if (t.getFullName().equals("google.protobuf.Duration")) {
            return b.setField(t.findFieldByName("seconds"), (long) random.nextInt(86_400))
                    .build();
        }
        if (t.getFullName().startsWith("google.protobuf.")
                && (t.getName().equals("Any")
                        || t.getName().equals("Value")
                        || t.getName().equals("Struct")
                        || t.getName().equals("ListValue"))) {
            return b.build(); // open-ended types: left empty
        }
        for (Descriptors.OneofDescriptor oneOf : t.getRealOneofs()) {
            List<Descriptors.FieldDescriptor> members = oneOf.getFields();
            Descriptors.FieldDescriptor chosen = members.get(random.nextInt(members.size()));
            set(b, chosen, depth);
        }
        for (Descriptors.FieldDescriptor f : t.getFields()) {
            if (f.getRealContainingOneof() != null) {
                continue;
            }
            if (f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
                    && depth >= MAX_DEPTH
                    && !f.isRequired()) {
                continue;
            }
            if (f.hasPresence() && !f.isRequired() && random.nextInt(5) == 0) {
                continue; // optional fields are sometimes absent
            }
            set(b, f, depth);
        }
        return b.build();
    }

    private void set(DynamicMessage.Builder b, Descriptors.FieldDescriptor f, int depth) {
        if (f.isRepeated()) {
            int n = depth >= MAX_DEPTH ? 0 : random.nextInt(4);
            for (int i = 0; i < n; i++) {
                b.addRepeatedField(f, value(f, depth));
            }
        } else {
            b.setField(f, value(f, depth));
        }
    }

    private Object value(Descriptors.FieldDescriptor f, int depth) {
        return switch (f.getJavaType()) {
            case INT -> isUnsigned(f) ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(2001) - 1000;
            case LONG ->
                isUnsigned(f) ? (long) random.nextInt(Integer.MAX_VALUE) : random.nextLong() % 1_000_000_000_000L;
            case FLOAT -> Math.round(random.nextFloat() * 10_000) / 100f;
            case DOUBLE -> Math.round(random.nextDouble() * 1_000_000) / 100.0;
            case BOOLEAN -> random.nextBoolean();
            case STRING -> WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(1000);
            case BYTE_STRING -> {
                byte[] bytes = new byte[random.nextInt(8)];
                random.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM -> {
                List<Descriptors.EnumValueDescriptor> values = f.getEnumType().getValues();
                yield values.get(random.nextInt(values.size()));
            }
            case MESSAGE -> message(f.getMessageType(), depth + 1);
        };
    }

    private static boolean isUnsigned(Descriptors.FieldDescriptor f) {
        return switch (f.getType()) {
            case UINT32, UINT64, FIXED32, FIXED64 -> true;
            default -> false;
        };
    }
}
