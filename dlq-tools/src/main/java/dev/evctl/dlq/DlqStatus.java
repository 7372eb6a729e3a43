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
 * records (the error classes, and whether a topic named like a DLQ holds dead letters) are read. Every DLQ is
 * looked at together: one listing of offsets per kind for all their partitions, one consumer for every read.
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
        "topErrorShare",
        "newestError"
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
            Double topErrorShare,
            String newestError) {}

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
        try (Reader reader = new Reader()) {
            List<String> chosen = dlqs.isEmpty() ? detect(reader, skipped) : dlqs;
            return new Report(window.toSeconds(), rows(reader, chosen, window), skipped);
        }
    }

    /** The topics that are DLQs by name and whose newest records carry dead-letter headers (or are empty). */
    private List<String> detect(Reader reader, List<Skipped> skipped) {
        List<String> candidates = new ArrayList<>();
        for (String t : new TopicService(clients).list(null, false)) {
            if (t.startsWith("__") || OWN.matcher(t).matches()) {
                continue;
            }
            if (RETRY_TOPIC.matcher(t).matches()) { // Spring's: said, as its DLT beside it is taken
                skipped.add(new Skipped(t, "a retry topic, not a DLQ"));
                continue;
            }
            if (DLQ_NAME.matcher(t).matches()) {
                candidates.add(t);
            }
        }
        Map<String, List<TopicPartition>> tps = partitions(candidates);
        List<TopicPartition> all = flat(tps);
        GroupService offsets = new GroupService(clients);
        Map<String, List<ConsumerRecord<byte[], byte[]>>> samples =
                byTopic(reader.newest(all, offsets.beginningOffsets(all), offsets.endOffsets(all), 20, tps));
        List<String> out = new ArrayList<>();
        for (String t : candidates) {
            List<ConsumerRecord<byte[], byte[]>> sample = samples.getOrDefault(t, List.of());
            if (!sample.isEmpty()
                    && sample.stream().allMatch(r -> Convention.detect(r.headers()) == Convention.UNKNOWN)) {
                skipped.add(new Skipped(t, "named like a DLQ, but its newest records carry no dead-letter headers"));
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private List<Row> rows(Reader reader, List<String> dlqs, Duration window) {
        Map<String, List<TopicPartition>> byDlq = partitions(dlqs);
        List<TopicPartition> tps = flat(byDlq);
        GroupService offsets = new GroupService(clients);
        Map<TopicPartition, Long> start = offsets.beginningOffsets(tps);
        Map<TopicPartition, Long> end = offsets.endOffsets(tps);
        Instant now = Instant.now();
        Map<TopicPartition, Long> windowStart = offsets.offsetsAt(tps, now.minus(window));
        Map<TopicPartition, Long> before = offsets.offsetsAt(tps, now.minus(window.multipliedBy(2)));
        Map<String, Map<Integer, NavigableSet<Long>>> handled = reader.handled(dlqs);

        Map<TopicPartition, Long> firstPending = new HashMap<>();
        Map<String, long[]> counts = new HashMap<>(); // records, handled, recent, previous
        for (String dlq : dlqs) {
            long[] c = new long[4];
            Map<Integer, NavigableSet<Long>> marks = handled.getOrDefault(dlq, Map.of());
            for (TopicPartition tp : byDlq.get(dlq)) {
                long s = start.getOrDefault(tp, 0L);
                long e = end.getOrDefault(tp, 0L);
                c[0] += Math.max(0, e - s);
                NavigableSet<Long> marked =
                        marks.getOrDefault(tp.partition(), new TreeSet<>()).subSet(s, true, e, false);
                c[1] += marked.size();
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
                c[2] += Math.max(0, e - windowStart.getOrDefault(tp, e));
                c[3] += Math.max(0, windowStart.getOrDefault(tp, e) - before.getOrDefault(tp, e));
            }
            counts.put(dlq, c);
        }
        Map<String, List<ConsumerRecord<byte[], byte[]>>> pendingRecords = byTopic(reader.at(firstPending));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> samples =
                byTopic(reader.newest(tps, start, end, SAMPLE, byDlq));

        double minutes = window.toMillis() / 60_000.0;
        List<Row> rows = new ArrayList<>();
        for (String dlq : dlqs) {
            long[] c = counts.get(dlq);
            Long oldest = null;
            for (ConsumerRecord<byte[], byte[]> r : pendingRecords.getOrDefault(dlq, List.of())) {
                long age = Math.max(
                        0,
                        Duration.between(Instant.ofEpochMilli(r.timestamp()), now)
                                .toSeconds());
                oldest = oldest == null ? age : Math.max(oldest, age);
            }
            List<ConsumerRecord<byte[], byte[]>> sample = samples.getOrDefault(dlq, List.of());
            Map<String, Integer> classes = new LinkedHashMap<>();
            ConsumerRecord<byte[], byte[]> newest = null;
            for (ConsumerRecord<byte[], byte[]> r : sample) {
                classes.merge(Convention.readBrief(r.headers(), null).errorClass(), 1, Integer::sum);
                if (newest == null || r.timestamp() >= newest.timestamp()) {
                    newest = r;
                }
            }
            String top = null;
            int topCount = 0;
            for (Map.Entry<String, Integer> e : classes.entrySet()) {
                if (e.getValue() > topCount) {
                    top = e.getKey();
                    topCount = e.getValue();
                }
            }
            rows.add(new Row(
                    dlq,
                    c[0],
                    Math.max(0, c[0] - c[1]),
                    c[1],
                    oldest,
                    round(c[2] / minutes),
                    round(c[3] / minutes),
                    top,
                    sample.isEmpty() ? null : round((double) topCount / sample.size()),
                    newest == null
                            ? null
                            : Convention.readBrief(newest.headers(), null).message()));
        }
        return rows;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    /** Each topic's partitions, from one description of them all (a missing topic is an error). */
    private Map<String, List<TopicPartition>> partitions(List<String> topics) {
        Map<String, List<TopicPartition>> out = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return out;
        }
        clients.describeTopics(topics).forEach((topic, d) -> {
            List<TopicPartition> tps = new ArrayList<>();
            d.partitions().forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            out.put(topic, tps);
        });
        return out;
    }

    private static List<TopicPartition> flat(Map<String, List<TopicPartition>> byTopic) {
        List<TopicPartition> out = new ArrayList<>();
        byTopic.values().forEach(out::addAll);
        return out;
    }

    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> byTopic(List<ConsumerRecord<byte[], byte[]>> rs) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
        rs.forEach(r -> out.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r));
        return out;
    }

    /**
     * One read_committed consumer for every read of a status: bounded reads, each stopping at the
     * partition's last stable offset (an open transaction never holds one up), with a short fetch
     * wait (the broker answers a fetch at the end of a partition after at most that).
     */
    private final class Reader implements AutoCloseable {

        private final Duration timeout = clients.connection().timeout();
        private final KafkaConsumer<byte[], byte[]> consumer = clients.consumer(Map.of(
                "isolation.level", "read_committed", "client.id", "evctl-dlq-status", "fetch.max.wait.ms", "20"));

        /** The newest records of each topic, up to {@code n} a topic, spread over its partitions. */
        List<ConsumerRecord<byte[], byte[]>> newest(
                List<TopicPartition> tps,
                Map<TopicPartition, Long> start,
                Map<TopicPartition, Long> end,
                int n,
                Map<String, List<TopicPartition>> byTopic) {
            Map<TopicPartition, Long> from = new HashMap<>();
            Map<TopicPartition, Long> to = new HashMap<>();
            for (TopicPartition tp : tps) {
                long each = Math.max(1, n / Math.max(1, byTopic.get(tp.topic()).size()));
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
        List<ConsumerRecord<byte[], byte[]>> at(Map<TopicPartition, Long> offsets) {
            Map<TopicPartition, Long> to = new HashMap<>();
            offsets.forEach((tp, o) -> to.put(tp, o + 1));
            return read(offsets, to);
        }

        /** The DLQs' handled offsets, from every marker topic that exists, read once. */
        Map<String, Map<Integer, NavigableSet<Long>>> handled(List<String> dlqs) {
            Map<String, Map<Integer, NavigableSet<Long>>> out = new HashMap<>();
            if (dlqs.isEmpty()) {
                return out;
            }
            Set<String> existing = new java.util.HashSet<>(new TopicService(clients).list(null, true));
            List<TopicPartition> topics = new ArrayList<>();
            for (String dlq : dlqs) {
                for (String topic : DlqState.markerTopics(dlq)) {
                    TopicPartition tp = new TopicPartition(topic, 0);
                    if (existing.contains(topic) && !topics.contains(tp)) {
                        topics.add(tp);
                    }
                }
            }
            Map<TopicPartition, Long> from = topics.isEmpty() ? Map.of() : consumer.beginningOffsets(topics, timeout);
            Map<TopicPartition, Long> to = new HashMap<>();
            from.keySet().forEach(tp -> to.put(tp, Long.MAX_VALUE));
            Map<String, List<ConsumerRecord<byte[], byte[]>>> markers = byTopic(read(from, to));
            for (String dlq : dlqs) {
                Map<Integer, NavigableSet<Long>> marks = new HashMap<>();
                for (String topic : DlqState.markerTopics(dlq)) { // the shared topic first, as DlqState reads them
                    for (ConsumerRecord<byte[], byte[]> r : markers.getOrDefault(topic, List.of())) {
                        DlqState.apply(r.key(), r.value(), dlq, marks);
                    }
                }
                out.put(dlq, marks);
            }
            return out;
        }

        /** The records from {@code from} up to {@code to} (exclusive; at most the last stable offset), in order. */
        List<ConsumerRecord<byte[], byte[]>> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            if (from.isEmpty()) {
                return out;
            }
            try {
                consumer.assign(from.keySet());
                Map<TopicPartition, Long> stable = consumer.endOffsets(from.keySet(), timeout);
                Map<TopicPartition, Long> until = new HashMap<>();
                Set<TopicPartition> open = new java.util.HashSet<>();
                for (Map.Entry<TopicPartition, Long> f : from.entrySet()) {
                    TopicPartition tp = f.getKey();
                    long u = Math.min(to.get(tp), stable.getOrDefault(tp, 0L));
                    until.put(tp, u);
                    if (f.getValue() < u) {
                        consumer.seek(tp, f.getValue());
                        open.add(tp);
                    } else {
                        consumer.pause(List.of(tp));
                    }
                }
                consumer.resume(open);
                long deadline = System.nanoTime()
                        + Math.max(timeout.toNanos(), Duration.ofSeconds(30).toNanos());
                while (!open.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new org.apache.kafka.common.errors.TimeoutException("reading " + open);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (r.offset() < until.get(tp)) {
                            out.add(r);
                        }
                    }
                    for (TopicPartition tp : List.copyOf(open)) {
                        if (consumer.position(tp, timeout) >= until.get(tp)) {
                            open.remove(tp);
                            consumer.pause(List.of(tp)); // fetched no further
                        }
                    }
                }
                return out;
            } catch (EvctlException e) {
                throw e;
            } catch (RuntimeException e) {
                throw KafkaErrors.translate(e, clients.connection(), "reading dead letters");
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
