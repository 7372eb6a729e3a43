package dev.evctl.core.tail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.evctl.core.EvctlException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the last {@code n} records of each partition start. Offsets are not records: a
 * transactional write leaves a commit marker after its records, aborted records are not read
 * (the consumer must read {@code read_committed}), and compaction leaves gaps, so
 * {@code end - n} can hold fewer than n records or none. Reads back from the end, doubling the
 * span, until n records are found or the partition's beginning is reached.
 */
final class LastRecords {

    private static final Duration POLL = Duration.ofMillis(200);

    /** Where a partition's last records start, and how many there are from there to the end (n, or fewer). */
    record Found(long start, long records) {}

    private LastRecords() {}

    static Map<TopicPartition, Found> find(
            Consumer<byte[], byte[]> c,
            List<TopicPartition> partitions,
            long n,
            Map<TopicPartition, Long> beginning,
            Map<TopicPartition, Long> end,
            Duration timeout) {
        Map<TopicPartition, Found> found = new HashMap<>();
        Map<TopicPartition, Long> span = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (end.get(tp) > beginning.get(tp) && n > 0) {
                span.put(tp, n);
            } else {
                found.put(tp, new Found(end.get(tp), 0));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!span.isEmpty()) {
            Map<TopicPartition, Long> from = new HashMap<>();
            span.forEach((tp, width) -> from.put(tp, Math.max(beginning.get(tp), end.get(tp) - width)));
            Map<TopicPartition, List<Long>> offsets = new HashMap<>();
            c.assign(from.keySet());
            from.forEach((tp, offset) -> {
                c.seek(tp, offset);
                offsets.put(tp, new ArrayList<>());
            });
            Set<TopicPartition> reading = new HashSet<>(from.keySet());
            while (!reading.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw EvctlException.connection("could not read the last " + n + " records of " + reading
                            + " within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        offsets.get(tp).add(r.offset());
                    }
                }
                reading.removeIf(tp -> c.position(tp) >= end.get(tp));
            }
            for (Map.Entry<TopicPartition, Long> e : from.entrySet()) {
                TopicPartition tp = e.getKey();
                List<Long> seen = offsets.get(tp);
                if (seen.size() >= n) {
                    found.put(tp, new Found(seen.get((int) (seen.size() - n)), n));
                    span.remove(tp);
                } else if (e.getValue() <= beginning.get(tp)) {
                    found.put(tp, new Found(beginning.get(tp), seen.size()));
                    span.remove(tp);
                } else {
                    span.put(tp, span.get(tp) * 2 + 16);
                }
            }
        }
        c.assign(List.of());
        return found;
    }
}
