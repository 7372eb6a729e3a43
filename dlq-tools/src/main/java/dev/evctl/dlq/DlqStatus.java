package dev.evctl.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.evctl.core.EvctlException;
import dev.evctl.core.groups.GroupService;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.topics.TopicService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How dead-letter topics stand: records, pending (neither redriven nor skipped, by evctl's markers), the oldest
 * pending record's age, how fast they grow, and their commonest error. Counts come from offsets and markers, not
 * from reading every record: only the first pending record of each partition (its age) and a sample of the newest
 * records (the error classes, and whether a topic named like a DLQ holds dead letters) are read.
 */
public final class DlqStatus {

    /** Records read from the end of a DLQ for its error classes. */
    public static final int SAMPLE = 1000;

    /** Names dead-letter topics go by: Connect's and Spring's conventions, and the usual hand-made ones. */
    private static final Pattern DLQ_NAME =
            Pattern.compile("(?i).*(?:[-.]dlq|[-.]dlt|dead[-._]?letter.*)$|^dlq[-._].*|.*dead[-._]?letter.*");

    /** Spring's retry topics (orders-retry, orders-retry-5000): records waiting for another try, not dead letters. */
    private static final Pattern RETRY_TOPIC = Pattern.compile(".*-retry(?:-\\d+)?$");

    private static final Pattern OWN = Pattern.compile("^evctl-(?:job|dlq)-state(?:\\..*)?$");

    /** One DLQ's row. */
    @JsonPropertyOrder({
        "dlq",
        "records",
        "pending",
        "handled",
        "oldestPendingAgeSeconds",
        "growthPerMinute",
        "previousGrowthPerMinute",
        "topErrorClass",
        "topErrorShare"
    })
    public record Row(
            String dlq,
            long records,
            long pending,
            long handled,
            Long oldestPendingAgeSeconds,
            double growthPerMinute,
            double previousGrowthPerMinute,
            String topErrorClass,
            Double topErrorShare) {}

    /** A topic named like a DLQ that was left out, and why. */
    public record Skipped(String topic, String why) {}

    /** The status document: the window growth is measured over, in seconds, and the rows. */
    @JsonPropertyOrder({"window", "dlqs", "skipped"})
    public record Report(long window, List<Row> dlqs, List<Skipped> skipped) {}

    private final KafkaClients clients;

    public DlqStatus(KafkaClients clients) {
        this.clients = clients;
    }

    /** The DLQs named, or when none is, every topic that is one by its name and a sample of its records. */
    public Report status(List<String> dlqs, Duration window) {
        List<Skipped> skipped = new ArrayList<>();
        List<String> chosen = dlqs.isEmpty() ? detect(skipped) : dlqs;
        List<Row> rows = new ArrayList<>();
        for (String dlq : chosen) {
            rows.add(row(dlq, window));
        }
        return new Report(window.toSeconds(), rows, skipped);
    }

    /** The topics that are DLQs by name and whose newest records carry dead-letter headers (or are empty). */
    private List<String> detect(List<Skipped> skipped) {
        List<String> out = new ArrayList<>();
        for (String t : new TopicService(clients).list(null, false)) {
            if (t.startsWith("__") || OWN.matcher(t).matches()) {
                continue;
            }
            if (RETRY_TOPIC.matcher(t).matches()) { // Spring's: said, as its DLT beside it is taken
                skipped.add(new Skipped(t, "a retry topic, not a DLQ"));
                continue;
            }
            if (!DLQ_NAME.matcher(t).matches()) {
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> sample = newest(t, 20);
            if (!sample.isEmpty()
                    && sample.stream().allMatch(r -> Convention.detect(r.headers()) == Convention.UNKNOWN)) {
                skipped.add(new Skipped(t, "named like a DLQ, but its newest records carry no dead-letter headers"));
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private Row row(String dlq, Duration window) {
        List<TopicPartition> tps = partitions(dlq);
        GroupService offsets = new GroupService(clients);
        Map<TopicPartition, Long> start = offsets.beginningOffsets(tps);
        Map<TopicPartition, Long> end = offsets.endOffsets(tps);
        Instant now = Instant.now();
        Map<TopicPartition, Long> windowStart = offsets.offsetsAt(tps, now.minus(window));
        Map<TopicPartition, Long> before = offsets.offsetsAt(tps, now.minus(window.multipliedBy(2)));
        Map<Integer, NavigableSet<Long>> handled = DlqState.handled(clients, dlq);
        long records = 0;
        long done = 0;
        long recent = 0;
        long previous = 0;
        Map<TopicPartition, Long> firstPending = new HashMap<>();
        for (TopicPartition tp : tps) {
            long s = start.getOrDefault(tp, 0L);
            long e = end.getOrDefault(tp, 0L);
            records += Math.max(0, e - s);
            NavigableSet<Long> marked =
                    handled.getOrDefault(tp.partition(), new TreeSet<>()).subSet(s, true, e, false);
            done += marked.size();
            long o = s;
            for (long m : marked) { // the first offset not marked: markers are mostly a run from the start
                if (m != o) {
                    break;
                }
                o++;
            }
            if (o < e) {
                firstPending.put(tp, o);
            }
            recent += Math.max(0, e - windowStart.getOrDefault(tp, e));
            previous += Math.max(0, windowStart.getOrDefault(tp, e) - before.getOrDefault(tp, e));
        }
        Long oldest = null;
        for (ConsumerRecord<byte[], byte[]> r : read(firstPending)) {
            long age = Math.max(
                    0,
                    Duration.between(Instant.ofEpochMilli(r.timestamp()), now).toSeconds());
            oldest = oldest == null ? age : Math.max(oldest, age);
        }
        Map<String, Integer> classes = new LinkedHashMap<>();
        List<ConsumerRecord<byte[], byte[]>> sample = newest(tps, start, end, SAMPLE);
        for (ConsumerRecord<byte[], byte[]> r : sample) {
            classes.merge(Convention.readBrief(r.headers(), null).errorClass(), 1, Integer::sum);
        }
        String top = null;
        int topCount = 0;
        for (Map.Entry<String, Integer> c : classes.entrySet()) {
            if (c.getValue() > topCount) {
                top = c.getKey();
                topCount = c.getValue();
            }
        }
        double minutes = window.toMillis() / 60_000.0;
        return new Row(
                dlq,
                records,
                Math.max(0, records - done),
                done,
                oldest,
                round(recent / minutes),
                round(previous / minutes),
                top,
                sample.isEmpty() ? null : round((double) topCount / sample.size()));
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        clients.describeTopic(topic).partitions().forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        return tps;
    }

    /** The newest records of the topic, up to {@code n} in all, spread over its partitions. */
    private List<ConsumerRecord<byte[], byte[]>> newest(String topic, int n) {
        List<TopicPartition> tps = partitions(topic);
        GroupService offsets = new GroupService(clients);
        return newest(tps, offsets.beginningOffsets(tps), offsets.endOffsets(tps), n);
    }

    /** As {@link #newest(String, int)}, within offsets already listed. */
    private List<ConsumerRecord<byte[], byte[]>> newest(
            List<TopicPartition> tps, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, int n) {
        long each = Math.max(1, n / Math.max(1, tps.size()));
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        for (TopicPartition tp : tps) {
            long e = end.getOrDefault(tp, 0L);
            long s = Math.max(start.getOrDefault(tp, 0L), e - each);
            if (s < e) {
                from.put(tp, s);
                to.put(tp, e);
            }
        }
        return read(from, to);
    }

    /** One record at each of these offsets. */
    private List<ConsumerRecord<byte[], byte[]>> read(Map<TopicPartition, Long> at) {
        Map<TopicPartition, Long> to = new HashMap<>();
        at.forEach((tp, o) -> to.put(tp, o + 1));
        return read(at, to);
    }

    /** The records from {@code from} up to {@code to} (exclusive) per partition, read_committed. */
    private List<ConsumerRecord<byte[], byte[]>> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (from.isEmpty()) {
            return out;
        }
        Duration timeout = clients.connection().timeout();
        try (KafkaConsumer<byte[], byte[]> c =
                clients.consumer(Map.of("isolation.level", "read_committed", "client.id", "evctl-dlq-status"))) {
            c.assign(from.keySet());
            from.forEach(c::seek);
            Set<TopicPartition> open = new java.util.HashSet<>(from.keySet());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < to.get(tp)) {
                        out.add(r);
                    }
                }
                open.removeIf(tp -> c.position(tp, timeout) >= to.get(tp));
            }
        } catch (EvctlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, clients.connection(), "reading dead letters");
        }
        return out;
    }
}
