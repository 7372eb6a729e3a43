package dev.evctl.core.publish;

/**
 * Turns a parsed value into the bytes to send (e.g. JSON into framed Avro). {@link #check} runs
 * in the validation pass and must have no side effects; both throw {@link IllegalArgumentException}
 * saying what in the value is wrong.
 */
public interface ValueEncoder {

    byte[] check(byte[] value);

    byte[] encode(byte[] value);
}
