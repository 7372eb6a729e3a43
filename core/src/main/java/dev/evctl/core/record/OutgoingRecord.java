package dev.evctl.core.record;

import java.util.List;

/**
 * A record ready to send. A null partition lets the producer choose; a null timestamp lets it
 * stamp the send time.
 */
public record OutgoingRecord(Integer partition, Long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {

    public OutgoingRecord {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public long sizeInBytes() {
        long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (RecordHeader h : headers) {
            size += h.name().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }
}
