package dev.evctl.core.record;

import java.util.List;

/**
 * A Kafka record with everything needed to reproduce it exactly: coordinates, timestamp and its
 * type, raw key and value bytes (null kept), and headers in order with duplicates.
 */
public record Envelope(
        String topic,
        int partition,
        long offset,
        long timestamp,
        String timestampType,
        byte[] key,
        byte[] value,
        List<RecordHeader> headers) {

    public Envelope {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
