package dev.evctl.core.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evctl.core.EvctlException;
import dev.evctl.core.groups.GroupService;
import dev.evctl.core.json.ExactJson;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.tail.FramedDecoder;
import dev.evctl.core.topics.TopicService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Follows one business id across topics: reads each partition's part of a time window (from {@code offsetsForTimes}
 * to the window's end) on a few consumers at once, keeps the records that carry the id, and says for each where the
 * consumer groups of its topic stand. No group is joined and nothing is committed.
 */
public final class Tracer {

    /** Topics evctl itself writes (job state, DLQ markers): never part of a business flow. */
    private static final Pattern OWN_TOPICS = Pattern.compile("^evctl-(?:job|dlq)-state(?:\\..*)?$");

    /** What consumers see: no record of an aborted transaction is a hop. */
    private static final Map<String, String> READ_COMMITTED = Map.of("isolation.level", "read_committed");

    private static final List<String> TYPE_HEADERS = List.of("type", "eventType", "ce_type", "event-type");

    /**
     * @param match       where the id may be and how it is compared
     * @param topics      the topics to search
     * @param from        the window's start (inclusive)
     * @param to          the window's end (exclusive)
     * @param parallelism consumers reading at once
     */
    public record Request(IdMatch match, List<String> topics, Instant from, Instant to, int parallelism) {
        public Request {
            topics = List.copyOf(topics);
            if (!from.isBefore(to)) {
                throw EvctlException.usage("the window is empty: " + from + " is not before " + to);
            }
        }
    }

    private final KafkaClients clients;
    private final Function<Headers, Trace.DeadLetter> deadLetters;
    private final FramedDecoder decoder;

    /** Where the last search stopped in each partition: where following goes on, so that nothing falls between. */
    private final Map<TopicPartition, Long> searchedTo = new HashMap<>();

    /**
     * @param deadLetters what a record's headers say as a dead letter (null when they are not one)
     * @param decoder     the registry decoder, to find an event's type in a framed value; may be null
     */
    public Tracer(KafkaClients clients, Function<Headers, Trace.DeadLetter> deadLetters, FramedDecoder decoder) {
        this.clients = clients;
        this.deadLetters = deadLetters;
        this.decoder = decoder;
    }

    /** The non-internal topics a flow can use, those matching {@code pattern} (a regex found anywhere) if given. */
    public List<String> topics(String pattern) {
        return new TopicService(clients)
                .list(pattern, false).stream()
                        .filter(t ->
                                !t.startsWith("__") && !OWN_TOPICS.matcher(t).matches())
                        .toList();
    }

    /** The partitions' offset ranges of the window: where reading starts and stops, per partition. */
    record Range(TopicPartition partition, long start, long end) {
        long size() {
            return Math.max(0, end - start);
        }
    }

    /** How many records the window holds in these topics, for a confirmation before a big search. */
    public long recordsIn(List<String> topics, Instant from, Instant to) {
        return ranges(topics, from, to).stream().mapToLong(Range::size).sum();
    }

    private List<Range> ranges(List<String> topics, Instant from, Instant to) {
        List<TopicPartition> tps = new ArrayList<>();
        clients.describeTopics(topics)
                .forEach((name, d) -> d.partitions().forEach(p -> tps.add(new TopicPartition(name, p.partition()))));
        GroupService offsets = new GroupService(clients);
        Map<TopicPartition, Long> start = offsets.offsetsAt(tps, from);
        Map<TopicPartition, Long> end =
                to.isAfter(Instant.now()) ? offsets.endOffsets(tps) : offsets.offsetsAt(tps, to);
        List<Range> out = new ArrayList<>();
        for (TopicPartition tp : tps) {
            out.add(new Range(tp, start.getOrDefault(tp, 0L), end.getOrDefault(tp, 0L)));
        }
        return out;
    }

    /** Searches the window and returns the hops in time order, each with the groups' positions. */
    public Trace run(Request request) {
        long started = System.nanoTime();
        List<Range> ranges = ranges(request.topics(), request.from(), request.to());
        ranges.forEach(r -> searchedTo.put(r.partition(), Math.max(r.start(), r.end())));
        List<Range> work =
                new ArrayList<>(ranges.stream().filter(r -> r.size() > 0).toList());
        work.sort(Comparator.comparingLong(Range::size).reversed());
        int workers = Math.max(1, Math.min(request.parallelism(), work.size()));
        List<List<Range>> shares = new ArrayList<>();
        long[] load = new long[workers];
        for (int i = 0; i < workers; i++) {
            shares.add(new ArrayList<>());
        }
        for (Range r : work) { // the biggest first, each to the least loaded reader
            int least = 0;
            for (int i = 1; i < workers; i++) {
                if (load[i] < load[least]) {
                    least = i;
                }
            }
            shares.get(least).add(r);
            load[least] += r.size();
        }
        List<Found> found = new ArrayList<>();
        long[] records = new long[1];
        long[] bytes = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "evctl-trace");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Scan>> scans = new ArrayList<>();
            for (List<Range> share : shares) {
                if (!share.isEmpty()) {
                    scans.add(pool.submit(() -> scan(share, request)));
                }
            }
            for (Future<Scan> f : scans) {
                Scan s = f.get();
                found.addAll(s.found());
                records[0] += s.records();
                bytes[0] += s.bytes();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvctlException(EvctlException.Kind.PARTIAL, "interrupted while searching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        found.sort(Comparator.comparing((Found f) -> f.record().timestamp())
                .thenComparing(f -> f.record().topic())
                .thenComparingInt(f -> f.record().partition())
                .thenComparingLong(f -> f.record().offset()));
        List<Trace.Hop> hops = withGroups(
                found.stream().map(f -> hop(f.record(), f.matchedBy())).toList());
        return new Trace(
                request.match().id(),
                request.match().describe(),
                new Trace.Window(request.from(), request.to()),
                hops,
                new Trace.Scanned(
                        request.topics().size(),
                        records[0],
                        bytes[0],
                        Math.round((System.nanoTime() - started) / 1e6) / 1000.0));
    }

    private record Found(ConsumerRecord<byte[], byte[]> record, String matchedBy) {}

    private record Scan(List<Found> found, long records, long bytes) {}

    /** One reader's share: each partition from its start to its end, the window's records checked for the id. */
    private Scan scan(List<Range> share, Request request) {
        List<Found> found = new ArrayList<>();
        long records = 0;
        long bytes = 0;
        long from = request.from().toEpochMilli();
        long to = request.to().toEpochMilli();
        Map<TopicPartition, Long> end = new HashMap<>();
        share.forEach(r -> end.put(r.partition(), r.end()));
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(READ_COMMITTED)) {
            consumer.assign(end.keySet());
            // an open transaction holds read_committed reading below the log's end: stop at the stable offset
            consumer.endOffsets(end.keySet()).forEach((tp, stable) -> end.merge(tp, stable, Math::min));
            share.forEach(r -> consumer.seek(r.partition(), r.start()));
            Set<TopicPartition> open = new HashSet<>(end.keySet());
            while (!open.isEmpty()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    records++;
                    bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
                    if (r.timestamp() < from || r.timestamp() >= to) {
                        continue;
                    }
                    String by = matchedBy(request.match(), r);
                    if (by != null) {
                        found.add(new Found(r, by));
                    }
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    if (consumer.position(tp) >= end.get(tp)) {
                        open.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        } catch (WakeupException e) {
            throw new EvctlException(EvctlException.Kind.PARTIAL, "interrupted while searching", e);
        } catch (RuntimeException e) {
            throw e instanceof EvctlException ? e : KafkaErrors.translate(e, clients.connection(), "searching");
        }
        return new Scan(found, records, bytes);
    }

    private static String matchedBy(IdMatch match, ConsumerRecord<byte[], byte[]> r) {
        try {
            return match.matchedBy(r);
        } catch (IllegalArgumentException undecodable) { // a framed value the registry cannot decode carries no field
            return null;
        }
    }

    /**
     * Keeps watching the topics for new records carrying the id — from where {@link #run} stopped, else from their
     * ends — giving each hop (with the groups' positions) to {@code onHop}, until {@code stop} says so.
     */
    public void follow(Request request, Consumer<Trace.Hop> onHop, BooleanSupplier stop) {
        List<TopicPartition> tps = new ArrayList<>();
        clients.describeTopics(request.topics())
                .forEach((name, d) -> d.partitions().forEach(p -> tps.add(new TopicPartition(name, p.partition()))));
        Map<TopicPartition, Long> end = new GroupService(clients).endOffsets(tps);
        end.putAll(searchedTo);
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(READ_COMMITTED)) {
            consumer.assign(tps);
            tps.forEach(tp -> consumer.seek(tp, end.getOrDefault(tp, 0L)));
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String by = matchedBy(request.match(), r);
                    if (by != null) {
                        onHop.accept(withGroups(List.of(hop(r, by))).get(0));
                    }
                }
            }
        } catch (WakeupException e) {
            // stopped from another thread
        } catch (RuntimeException e) {
            throw e instanceof EvctlException ? e : KafkaErrors.translate(e, clients.connection(), "following");
        }
    }

    private Trace.Hop hop(ConsumerRecord<byte[], byte[]> r, String matchedBy) {
        return new Trace.Hop(
                r.topic(),
                r.partition(),
                r.offset(),
                Instant.ofEpochMilli(r.timestamp()),
                r.key() == null ? null : keyText(r.key()),
                matchedBy,
                type(r),
                deadLetters.apply(r.headers()),
                List.of());
    }

    private String keyText(byte[] key) {
        if (decoder != null && FramedDecoder.looksFramed(key)) {
            try {
                JsonNode k = decoder.tree(key);
                return k.isTextual() ? k.asText() : k.toString();
            } catch (IllegalArgumentException notDecodable) {
                // shown as its bytes
            }
        }
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The event's type: a type header, else a "type" or "eventType" field of the value; null when neither. */
    private String type(ConsumerRecord<byte[], byte[]> r) {
        for (String name : TYPE_HEADERS) {
            Header h = r.headers().lastHeader(name);
            if (h != null && h.value() != null) {
                return new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        byte[] v = r.value();
        if (v == null || v.length == 0) {
            return null;
        }
        JsonNode value;
        try {
            value = decoder != null && FramedDecoder.looksFramed(v) ? decoder.tree(v) : ExactJson.read(v);
        } catch (IOException | IllegalArgumentException notJson) {
            return null;
        }
        for (String field : List.of("type", "eventType")) {
            if (value != null && value.path(field).isTextual()) {
                return value.path(field).asText();
            }
        }
        return null;
    }

    /** The hops with, for each, every group that has offsets on its topic and where that group stands. */
    private List<Trace.Hop> withGroups(List<Trace.Hop> hops) {
        if (hops.isEmpty()) {
            return hops;
        }
        Set<String> topics = new LinkedHashSet<>();
        hops.forEach(h -> topics.add(h.topic()));
        Map<String, Map<TopicPartition, Long>> committed = new GroupService(clients).committedOn(topics);
        List<Trace.Hop> out = new ArrayList<>();
        for (Trace.Hop h : hops) {
            List<Trace.GroupPosition> positions = new ArrayList<>();
            committed.forEach((group, offsets) -> {
                if (offsets.keySet().stream().noneMatch(tp -> tp.topic().equals(h.topic()))) {
                    return; // the group does not read this topic
                }
                Long at = offsets.get(new TopicPartition(h.topic(), h.partition()));
                if (at == null) {
                    positions.add(new Trace.GroupPosition(group, Trace.GroupPosition.State.NO_OFFSET, null));
                } else if (at > h.offset()) {
                    positions.add(new Trace.GroupPosition(group, Trace.GroupPosition.State.CONSUMED, 0L));
                } else {
                    positions.add(
                            new Trace.GroupPosition(group, Trace.GroupPosition.State.PENDING, h.offset() - at + 1));
                }
            });
            out.add(h.withGroups(positions));
        }
        return out;
    }
}
