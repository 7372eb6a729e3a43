package dev.evctl.core.record;

/** One header as Kafka stores it: a name and raw bytes, which may be null. */
public record RecordHeader(String name, byte[] value) {}
