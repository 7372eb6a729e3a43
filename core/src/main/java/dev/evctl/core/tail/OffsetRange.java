package dev.evctl.core.tail;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.evctl.core.EvctlException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets {@code --from} and {@code --to} mean in each partition, resolved once against the
 * log as it is now: {@code start} inclusive, {@code stop} exclusive ({@code --to} offsets are
 * inclusive as the user writes them), both within the log's current beginning and end except a
 * stop past the end while following.
 *
 * @param beginning the log start offset per partition (earlier records are deleted)
 * @param end       the end offset per partition when resolved (the last stable offset for read_committed)
 * @param records   for {@code --from -N}: the records counted in [start, end) per partition (N, or fewer when the
 *                  partition holds fewer); empty for every other {@code --from}, whose ranges are offsets only
 */
public record OffsetRange(
        Map<TopicPartition, Long> beginning,
        Map<TopicPartition, Long> end,
        Map<TopicPartition, Long> start,
        Map<TopicPartition, Long> stop,
        Map<TopicPartition, Long> records) {

    /**
     * Resolves the range; a null {@code from} means the end, a null {@code to} the end seen now
     * (or no end when {@code follow}).
     */
    public static OffsetRange resolve(
            Consumer<byte[], byte[]> c,
            List<TopicPartition> partitions,
            OffsetSpec from,
            OffsetSpec to,
            boolean follow,
            Duration timeout) {
        Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
        if (from instanceof OffsetSpec.Absolute f && to instanceof OffsetSpec.Absolute t && t.offset() < f.offset()) {
            throw EvctlException.usage("--to " + t.offset() + " is before --from " + f.offset());
        }
        if (from instanceof OffsetSpec.AtTime f
                && to instanceof OffsetSpec.AtTime t
                && t.time().isBefore(f.time())) {
            throw EvctlException.usage("--to " + t.time() + " is before --from " + f.time());
        }
        Map<TopicPartition, Long> fromTimes = byTime(c, from, partitions, end, timeout);
        Map<TopicPartition, Long> toTimes = byTime(c, to, partitions, end, timeout);
        Map<TopicPartition, Long> start = new LinkedHashMap<>();
        Map<TopicPartition, Long> stop = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            long b = beginning.get(tp);
            long e = end.get(tp);
            long s = from == null ? e : resolve(from, b, e, fromTimes.get(tp));
            s = Math.max(b, Math.min(s, e));
            long x;
            if (to == null) {
                x = follow ? Long.MAX_VALUE : e;
            } else if (to instanceof OffsetSpec.Absolute a) {
                x = a.offset() == Long.MAX_VALUE ? a.offset() : a.offset() + 1;
            } else {
                x = resolve(to, b, e, toTimes.get(tp));
            }
            start.put(tp, s);
            stop.put(tp, x);
        }
        Map<TopicPartition, Long> records = new LinkedHashMap<>();
        if (from instanceof OffsetSpec.FromEnd last) {
            // offsets are not records: -N starts where the last N records of the partition start
            LastRecords.find(c, partitions, last.count(), beginning, end, timeout)
                    .forEach((tp, found) -> {
                        start.put(tp, found.start());
                        records.put(tp, found.records());
                    });
        }
        return new OffsetRange(beginning, end, start, stop, records);
    }

    private static long resolve(OffsetSpec spec, long beginning, long end, Long byTime) {
        if (spec instanceof OffsetSpec.Beginning) {
            return beginning;
        }
        if (spec instanceof OffsetSpec.End) {
            return end;
        }
        if (spec instanceof OffsetSpec.Absolute a) {
            return a.offset();
        }
        if (spec instanceof OffsetSpec.FromEnd f) {
            return Math.max(beginning, end - f.count());
        }
        return byTime == null ? end : byTime;
    }

    private static Map<TopicPartition, Long> byTime(
            Consumer<byte[], byte[]> c,
            OffsetSpec spec,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> end,
            Duration timeout) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        if (!(spec instanceof OffsetSpec.AtTime t)) {
            return out;
        }
        Map<TopicPartition, Long> query = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            query.put(tp, Math.max(0, t.time().toEpochMilli()));
        }
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, timeout);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = found.get(tp);
            out.put(tp, o == null ? end.get(tp) : o.offset());
        }
        return out;
    }
}
