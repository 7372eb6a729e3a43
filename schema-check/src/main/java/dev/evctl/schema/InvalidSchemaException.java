package dev.evctl.schema;

/** A schema text the registry would refuse (HTTP 422, error code 42201); the message says why. */
public class InvalidSchemaException extends RuntimeException {

    public InvalidSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
