package dev.evctl.codecs;

import dev.evctl.core.publish.ValueEncoder;

/**
 * An encoder that frames each value in the Confluent wire format with its schema id: the
 * validation pass frames with id 0 and touches no registry; the send registers the schema (or
 * looks it up) on first use.
 */
public abstract class FramedEncoder implements ValueEncoder {

    @Override
    public final byte[] check(byte[] json) {
        return frame(0, json);
    }

    @Override
    public final byte[] encode(byte[] json) {
        return frame(id(), json);
    }

    /** The schema id, registering the schema (or looking it up) the first time. */
    public abstract int id();

    /** The value framed with this id; {@link IllegalArgumentException} says why the JSON does not fit the schema. */
    protected abstract byte[] frame(int schemaId, byte[] json);
}
