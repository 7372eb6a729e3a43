package dev.evctl.codecs.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.evctl.core.publish.ValueGenerator;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Random valid records for a schema, as Avro JSON (unions wrapped), for test events: enums pick a
 * symbol, unions a branch (null one time in five), timestamps fall within a year of now, decimals
 * respect precision and scale, recursion stops after a few levels.
 */
public final class AvroRandom implements ValueGenerator {

    private static final int MAX_DEPTH = 4;
    private static final String[] WORDS = {
        "alpha", "bravo", "cobalt", "delta", "ember", "fjord", "gamma", "harbor", "indigo", "juniper"
    };

    private final Schema schema;
    private final Random random;
    private final Instant base;

    /**
     * Times and dates fall in the year before {@code base}; pass a fixed instant with a seeded random for repeatable
     * data.
     */
    public AvroRandom(Schema schema, Random random, Instant base) {
        this.schema = schema;
        this.random = random;
        this.base = base;
    }

    @Override
    public byte[] renderBytes(long seq) {
        Object datum = generate(schema, 0);
        return AvroJson.toJson(datum, schema, false).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A random datum of the schema. */
    public Object generate(Schema s, int depth) {
        switch (s.getType()) {
            case ARRAY: {
                List<Object> items = new ArrayList<>();
                int n = depth >= MAX_DEPTH ? 0 : random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    items.add(generate(s.getElementType(), depth + 1));
                }
                return new GenericData.Array<>(s, items);
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = depth >= MAX_DEPTH ? 0 : random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    map.put(WORDS[random.nextInt(WORDS.length)] + i, generate(s.getValueType(), depth + 1));
                }
                return map;
            }
            case RECORD: {
                GenericData.Record r = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) {
                    r.put(f.pos(), generate(f.schema(), depth + 1));
                }
                return r;
            }
            case UNION: {
                List<Schema> branches = s.getTypes();
                Schema nullBranch = branches.stream()
                        .filter(b -> b.getType() == Schema.Type.NULL)
                        .findFirst()
                        .orElse(null);
                if (nullBranch != null && (depth >= MAX_DEPTH || random.nextInt(5) == 0 || branches.size() == 1)) {
                    return null;
                }
                List<Schema> others = branches.stream()
                        .filter(b -> b.getType() != Schema.Type.NULL)
                        .toList();
                return generate(others.get(random.nextInt(others.size())), depth + 1);
            }
            default:
                return scalar(s);
        }
    }

    /** A random value of a type that holds no other, by its logical type where it has one. */
    private Object scalar(Schema s) {
        switch (s.getType()) {
            case NULL:
                return null;
            case BOOLEAN:
                return random.nextBoolean();
            case INT:
                if (s.getLogicalType() instanceof LogicalTypes.Date) {
                    return (int) LocalDate.ofInstant(base, ZoneOffset.UTC)
                            .minusDays(random.nextInt(365))
                            .toEpochDay();
                }
                if (s.getLogicalType() instanceof LogicalTypes.TimeMillis) {
                    return random.nextInt(86_400_000);
                }
                return random.nextInt(10_000);
            case LONG:
                if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return base.minusSeconds(random.nextInt(365 * 86_400)).toEpochMilli();
                }
                if (s.getLogicalType() instanceof LogicalTypes.TimestampMicros) {
                    return base.minusSeconds(random.nextInt(365 * 86_400)).toEpochMilli() * 1000;
                }
                if (s.getLogicalType() instanceof LogicalTypes.TimeMicros) {
                    return (long) random.nextInt(86_400_000) * 1000;
                }
                return (long) random.nextInt(1_000_000);
            case FLOAT:
                return random.nextFloat() * 1000;
            case DOUBLE:
                return Math.round(random.nextDouble() * 100_000) / 100.0;
            case STRING:
                if (s.getLogicalType() != null
                        && "uuid".equals(s.getLogicalType().getName())) {
                    return new UUID(random.nextLong(), random.nextLong()).toString();
                }
                return WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(1000);
            case BYTES:
                if (s.getLogicalType() instanceof LogicalTypes.Decimal d) {
                    return ByteBuffer.wrap(decimal(d).toByteArray());
                }
                return ByteBuffer.wrap(randomBytes(1 + random.nextInt(8)));
            case FIXED:
                return fixed(s);
            case ENUM:
                return new GenericData.EnumSymbol(
                        s,
                        s.getEnumSymbols().get(random.nextInt(s.getEnumSymbols().size())));
            default:
                throw new IllegalArgumentException("cannot generate values of type " + s.getType());
        }
    }

    private GenericData.Fixed fixed(Schema s) {
        if (s.getLogicalType() instanceof LogicalTypes.Decimal d) {
            byte[] unscaled = decimal(d).toByteArray();
            byte[] fixed = new byte[s.getFixedSize()];
            byte pad = unscaled[0] < 0 ? (byte) 0xff : 0;
            Arrays.fill(fixed, pad);
            System.arraycopy(unscaled, 0, fixed, fixed.length - unscaled.length, unscaled.length);
            return new GenericData.Fixed(s, fixed);
        }
        return new GenericData.Fixed(s, randomBytes(s.getFixedSize()));
    }

    private BigInteger decimal(LogicalTypes.Decimal d) {
        int digits = Math.max(1, Math.min(d.getPrecision(), 12));
        long bound = (long) Math.pow(10, digits);
        long unscaled = (long) (random.nextDouble() * bound);
        return BigDecimal.valueOf(unscaled, 0).toBigInteger();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
