package dev.evctl.core.publish;

/** Makes the bytes of generated record number {@code seq} (from 1). */
public interface ValueGenerator {

    byte[] renderBytes(long seq);
}
