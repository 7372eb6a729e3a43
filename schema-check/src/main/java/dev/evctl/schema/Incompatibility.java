package dev.evctl.schema;

/**
 * One reason a schema change breaks compatibility.
 *
 * @param type       the registry's error type: READER_FIELD_MISSING_DEFAULT_VALUE, TYPE_MISMATCH,
 *                   NAME_MISMATCH, MISSING_ENUM_SYMBOLS, MISSING_UNION_BRANCH, FIXED_SIZE_MISMATCH
 * @param path       JSON-pointer-like location in the reader schema, e.g. {@code /fields/2/type}
 * @param oldVersion the earlier version it breaks against
 * @param direction  BACKWARD (new schema reading old data) or FORWARD (old schema reading new data);
 *                   null when the registry decided and did not say
 * @param message    Avro's own sentence about it
 */
public record Incompatibility(String type, String path, int oldVersion, Direction direction, String message) {

    /** Which reader reads which writer. */
    public enum Direction {
        BACKWARD,
        FORWARD
    }

    /** A sentence an engineer understands, naming the path and the version. */
    public String explain() {
        if (direction == null && oldVersion == 0) {
            return type + ": " + message; // not against a version: the file itself, or the registry's answer
        }
        // the registry does not always say which version (FULL_TRANSITIVE, forward problems only)
        String version = oldVersion == 0 ? "an earlier version" : "version " + oldVersion;
        if (direction == null) {
            return type + " at " + path + ": breaks " + version + " — " + message;
        }
        String who = direction == Direction.BACKWARD
                ? "the new schema cannot read data written with " + version
                : "readers on " + version + " cannot read data written with the new schema";
        return type + " at " + path + ": " + who + " — " + message;
    }
}
