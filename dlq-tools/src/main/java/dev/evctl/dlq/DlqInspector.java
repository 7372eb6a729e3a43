package dev.evctl.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Predicate;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.tail.OffsetRange;
import dev.evctl.core.tail.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a dead-letter topic once and summarizes it; also hands each record to a visitor (show). */
public final class DlqInspector {

    /** A group of records: its name, how many, how many still pending, and a few sample coordinates. */
    public record Row(String name, long records, long pending, List<String> samples) {}

    public record Summary(
            String dlq,
            String group,
            long records,
            long pending,
            long handled,
            Long firstSeen,
            Long lastSeen,
            List<Row> byOriginalTopic,
            List<Row> byErrorClass,
            List<Row> byMessagePattern,
            List<Row> byConvention,
            long malformed) {}

    /** One record with its dead-letter reading and whether it is handled. */
    public record Entry(ConsumerRecord<byte[], byte[]> record, DeadLetter letter, boolean handled) {}

    private final KafkaClients clients;

    public DlqInspector(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * Visits the records of the range (read_committed) with their reading, until the visitor
     * returns false; NOT_FOUND for a missing topic.
     */
    public void scan(String dlq, OffsetSpec since, OffsetSpec until, Convention forced, Predicate<Entry> visitor) {
        scan(dlq, since, until, forced, true, DlqState.handled(clients, dlq), visitor);
    }

    /**
     * As {@link #scan(String, OffsetSpec, OffsetSpec, Convention, Predicate)}, against handled
     * offsets the caller read already; {@code trace} false leaves each reading's stack trace out
     * (null), the largest header, which only {@code dlq show} prints.
     */
    public void scan(
            String dlq,
            OffsetSpec since,
            OffsetSpec until,
            Convention forced,
            boolean trace,
            Map<Integer, NavigableSet<Long>> handled,
            Predicate<Entry> visitor) {
        int partitions = clients.describeTopic(dlq).partitions().size();
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(dlq, p));
        }
        Duration timeout = clients.connection().timeout();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(
                Map.of("isolation.level", "read_committed", "client.id", "evctl-dlq", "max.poll.records", "10000"))) {
            OffsetRange range = OffsetRange.resolve(c, tps, since, until, false, timeout);
            List<TopicPartition> active = new ArrayList<>();
            for (TopicPartition tp : tps) {
                if (range.start().get(tp)
                        < Math.min(range.stop().get(tp), range.end().get(tp))) {
                    active.add(tp);
                }
            }
            c.assign(active);
            active.forEach(tp -> c.seek(tp, range.start().get(tp)));
            while (!active.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= Math.min(range.stop().get(tp), range.end().get(tp))) {
                        continue;
                    }
                    boolean done =
                            handled.getOrDefault(r.partition(), new TreeSet<>()).contains(r.offset());
                    if (!visitor.test(new Entry(
                            r,
                            trace ? Convention.read(r.headers(), forced) : Convention.readBrief(r.headers(), forced),
                            done))) {
                        return;
                    }
                }
                active.removeIf(tp -> c.position(tp, timeout)
                        >= Math.min(range.stop().get(tp), range.end().get(tp)));
                if (!active.isEmpty()) {
                    c.pause(c.assignment().stream()
                            .filter(tp -> !active.contains(tp))
                            .toList());
                }
            }
        } catch (EvctlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, clients.connection(), "reading " + dlq);
        }
    }

    public Summary inspect(String dlq, OffsetSpec since, OffsetSpec until, Convention forced) {
        Map<String, long[]> topics = new LinkedHashMap<>();
        Map<String, long[]> classes = new LinkedHashMap<>();
        Map<String, long[]> patterns = new LinkedHashMap<>();
        Map<String, long[]> conventions = new LinkedHashMap<>();
        Map<String, List<String>> samples = new LinkedHashMap<>();
        long[] totals = new long[5]; // records, pending, malformed, first, last
        totals[3] = Long.MAX_VALUE;
        totals[4] = Long.MIN_VALUE;
        scan(dlq, since, until, forced, false, DlqState.handled(clients, dlq), e -> {
            DeadLetter l = e.letter();
            totals[0]++;
            if (!e.handled()) {
                totals[1]++;
            }
            if (!l.problems().isEmpty()) {
                totals[2]++;
            }
            totals[3] = Math.min(totals[3], e.record().timestamp());
            totals[4] = Math.max(totals[4], e.record().timestamp());
            String at = e.record().partition() + ":" + e.record().offset();
            count(topics, "t:", l.originalTopic() == null ? "(unknown)" : l.originalTopic(), e.handled(), at, samples);
            count(classes, "c:", l.errorClass(), e.handled(), at, samples);
            count(patterns, "m:", MessagePattern.of(l.message()), e.handled(), at, samples);
            count(conventions, "v:", l.convention().name().toLowerCase(Locale.ROOT), e.handled(), at, samples);
            return true;
        });
        return new Summary(
                dlq,
                DlqState.groupOf(dlq),
                totals[0],
                totals[1],
                totals[0] - totals[1],
                totals[0] == 0 ? null : totals[3],
                totals[0] == 0 ? null : totals[4],
                rows(topics, "t:", samples),
                rows(classes, "c:", samples),
                rows(patterns, "m:", samples),
                rows(conventions, "v:", samples),
                totals[2]);
    }

    private static void count(
            Map<String, long[]> counts,
            String kind,
            String name,
            boolean handled,
            String at,
            Map<String, List<String>> samples) {
        long[] c = counts.computeIfAbsent(name, n -> new long[2]);
        c[0]++;
        if (!handled) {
            c[1]++;
        }
        List<String> s = samples.computeIfAbsent(kind + name, n -> new ArrayList<>());
        if (s.size() < 3) {
            s.add(at);
        }
    }

    private static List<Row> rows(Map<String, long[]> counts, String kind, Map<String, List<String>> samples) {
        List<Row> out = new ArrayList<>();
        counts.forEach((name, c) -> out.add(new Row(name, c[0], c[1], samples.get(kind + name))));
        out.sort(Comparator.comparingLong(Row::records).reversed().thenComparing(Row::name));
        return out;
    }
}
