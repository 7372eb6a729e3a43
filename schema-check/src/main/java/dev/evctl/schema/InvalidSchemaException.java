package dev.evctl.schema;

/** A schema text the registry would refuse (HTTP 422, error code 42201); the message says why. */
public class InvalidSchemaException extends RuntimeException {

    private final String reason;

    public InvalidSchemaException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message the registry's words (kept as the registry says them)
     * @param reason  what exactly is wrong, for a person (null when the message says it)
     */
    public InvalidSchemaException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What exactly is wrong, when the registry's message does not say it; else null. */
    public String reason() {
        return reason;
    }
}
