package dev.evctl.schema;

import java.util.Locale;

/** The seven compatibility levels of the Confluent Schema Registry. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** New readers must read data written with old schemas. */
    public boolean backward() {
        return backward;
    }

    /** Old readers must read data written with the new schema. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every earlier version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** Parses a level as the registry writes it, case-insensitively. */
    public static CompatibilityLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown compatibility level '" + text + "'; expected one of NONE, BACKWARD,"
                            + " BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
        }
    }
}
