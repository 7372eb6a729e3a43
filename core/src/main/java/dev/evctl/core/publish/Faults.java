package dev.evctl.core.publish;

import java.time.Duration;
import java.util.List;

/**
 * Faults a publish injects on purpose, to test consumers: copies of records (at-least-once
 * delivery), records of a key sent after a later one of that key (a retry's disorder), and
 * records a consumer must reject (poison). Fractions are of the original records; {@code seed}
 * makes the choice repeatable.
 *
 * @param values      what the values are, which decides how a poison record is built
 * @param unknownId   the schema id an {@code unknown-schema-id} poison record names (checked absent)
 */
public record Faults(
        double duplicates,
        Duration duplicateDelay,
        double reorder,
        double poison,
        List<PoisonKind> poisonKinds,
        Values values,
        int unknownId,
        long seed) {

    /** How a poison record cannot be read. */
    public enum PoisonKind {
        /** The valid encoding cut short (after the schema id, for framed values). */
        TRUNCATED("truncated"),
        /** The valid encoding under a schema id the registry does not have. */
        UNKNOWN_SCHEMA_ID("unknown-schema-id"),
        /** The encoding without the registry's framing (magic byte and schema id). */
        NO_MAGIC_BYTE("no-magic-byte");

        public final String label;

        PoisonKind(String label) {
            this.label = label;
        }

        public static PoisonKind parse(String s) {
            for (PoisonKind k : values()) {
                if (k.label.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "unknown poison kind '" + s + "' (truncated, unknown-schema-id, no-magic-byte)");
        }
    }

    /** The values' format: plain JSON, or framed for the registry. */
    public enum Values {
        JSON(false),
        AVRO(true),
        PROTOBUF(true),
        JSON_SCHEMA(true);

        public final boolean framed;

        Values(boolean framed) {
            this.framed = framed;
        }
    }

    public Faults {
        poisonKinds =
                poisonKinds == null || poisonKinds.isEmpty() ? List.of(PoisonKind.TRUNCATED) : List.copyOf(poisonKinds);
        duplicateDelay = duplicateDelay == null ? Duration.ZERO : duplicateDelay;
    }

    public boolean any() {
        return duplicates > 0 || reorder > 0 || poison > 0;
    }
}
