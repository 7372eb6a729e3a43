package dev.evctl.dlq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.evctl.copy.RecordMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decides, for each dead-letter record, whether and where it goes back, and builds what the copy
 * engine writes for it: the record with its key, value and headers (the convention's error
 * headers stripped unless kept, {@value #COUNT_HEADER} incremented, {@value #SOURCE_HEADER} naming
 * the DLQ coordinates) plus the marker that makes it handled — in one transaction.
 */
public final class Redrive {

    public static final String COUNT_HEADER = "evctl.redrive.count";
    public static final String SOURCE_HEADER = "evctl.redrive.source";

    /** What happens to one record. */
    public enum Outcome {
        REDRIVE,
        SKIP,
        NOT_SELECTED,
        HANDLED_BEFORE,
        LOOP_GUARD,
        UNROUTABLE
    }

    /**
     * @param toTopic      send everything here instead of each record's original topic
     * @param keepPartition send to the original partition (else the producer's partitioner, by key)
     * @param skip         mark the selected records handled without sending them ({@code dlq skip})
     * @param reason       why they are skipped, kept in the marker
     */
    public record Options(
            String dlq,
            Selection selection,
            Convention forced,
            String toTopic,
            boolean keepPartition,
            boolean keepErrorHeaders,
            int maxRedrives,
            boolean skip,
            String reason) {}

    /** One record's fate: outcome, destination topic (when sent), its error class, and why it is held back. */
    public record Decision(Outcome outcome, String destination, Integer partition, String errorClass, String why) {}

    private final Options options;
    private final Function<String, Integer> topicPartitions;
    private final Map<Integer, NavigableSet<Long>> handled;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<String> heldBack = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, NavigableSet<Long>> marked = new ConcurrentHashMap<>();

    /**
     * @param topicPartitions a topic's partition count on the target cluster, null when it does not exist
     * @param handled         the DLQ's handled offsets per partition (from {@link DlqState#handled})
     */
    public Redrive(
            Options options, Function<String, Integer> topicPartitions, Map<Integer, NavigableSet<Long>> handled) {
        this.options = options;
        this.topicPartitions = topicPartitions;
        this.handled = handled;
    }

    public Decision decide(ConsumerRecord<byte[], byte[]> r) {
        DeadLetter letter = Convention.readBrief(r.headers(), options.forced());
        if (!options.selection().test(r, letter)) {
            return new Decision(Outcome.NOT_SELECTED, null, null, letter.errorClass(), null);
        }
        if (handled.getOrDefault(r.partition(), new TreeSet<>()).contains(r.offset())) {
            return new Decision(Outcome.HANDLED_BEFORE, null, null, letter.errorClass(), null);
        }
        if (options.skip()) {
            return new Decision(Outcome.SKIP, null, null, letter.errorClass(), null);
        }
        int count = redriveCount(r);
        if (count >= options.maxRedrives()) {
            return new Decision(
                    Outcome.LOOP_GUARD,
                    null,
                    null,
                    letter.errorClass(),
                    "already redriven " + count + " times (--max-redrives " + options.maxRedrives() + ")");
        }
        String destination = options.toTopic() != null ? options.toTopic() : letter.originalTopic();
        if (destination == null) {
            return new Decision(
                    Outcome.UNROUTABLE,
                    null,
                    null,
                    letter.errorClass(),
                    letter.problems().isEmpty()
                            ? "no original topic in its headers ("
                                    + letter.convention().name().toLowerCase(Locale.ROOT)
                                    + " convention): use --to-topic"
                            : "unreadable headers: " + String.join("; ", letter.problems()));
        }
        if (destination.equals(options.dlq())) {
            // sent there, it would come back as a new pending dead letter: the same loop --max-redrives guards against
            return new Decision(
                    Outcome.LOOP_GUARD,
                    null,
                    null,
                    letter.errorClass(),
                    options.toTopic() != null
                            ? "--to-topic is the DLQ itself: the record would come back as a new dead letter"
                            : "its original topic is the DLQ itself: redriven, it would come back as a new dead"
                                    + " letter — pass --to-topic to send it elsewhere");
        }
        Integer partitions = topicPartitions.apply(destination);
        if (partitions == null) {
            return new Decision(
                    Outcome.UNROUTABLE,
                    destination,
                    null,
                    letter.errorClass(),
                    "topic '" + destination + "' does not exist");
        }
        Integer partition = null;
        if (options.keepPartition()) {
            partition = letter.originalPartition();
            if (partition == null || partition >= partitions) {
                return new Decision(
                        Outcome.UNROUTABLE,
                        destination,
                        null,
                        letter.errorClass(),
                        partition == null
                                ? "--keep-partition: no readable original partition"
                                        + (letter.problems().isEmpty()
                                                ? ""
                                                : " (" + String.join("; ", letter.problems()) + ")")
                                : "--keep-partition: '" + destination + "' has no partition " + partition);
            }
        }
        return new Decision(Outcome.REDRIVE, destination, partition, letter.errorClass(), null);
    }

    /** The engine's mapper for a job: what each record becomes, counting outcomes as it goes. */
    public RecordMapper mapper(String jobId) {
        return new RecordMapper() {
            @Override
            public ProducerRecord<byte[], byte[]> map(ConsumerRecord<byte[], byte[]> record) {
                throw new UnsupportedOperationException("mapAll");
            }

            @Override
            public List<ProducerRecord<byte[], byte[]>> mapAll(ConsumerRecord<byte[], byte[]> r) {
                Decision d = decide(r);
                counts.computeIfAbsent(d.outcome().name(), k -> new AtomicLong())
                        .incrementAndGet();
                if (d.outcome() == Outcome.SKIP || d.outcome() == Outcome.REDRIVE) {
                    counts.computeIfAbsent("class:" + d.errorClass(), k -> new AtomicLong())
                            .incrementAndGet();
                    marked.computeIfAbsent(r.partition(), p -> Collections.synchronizedNavigableSet(new TreeSet<>()))
                            .add(r.offset());
                }
                String at = r.topic() + "/" + r.partition() + "@" + r.offset();
                switch (d.outcome()) {
                    case SKIP:
                        return List.of(DlqState.marker(
                                options.dlq(), r.partition(), r.offset(), "skipped", jobId, null, options.reason()));
                    case REDRIVE:
                        counts.computeIfAbsent("to:" + d.destination(), k -> new AtomicLong())
                                .incrementAndGet();
                        return List.of(
                                copy(r, d),
                                DlqState.marker(
                                        options.dlq(),
                                        r.partition(),
                                        r.offset(),
                                        "redriven",
                                        jobId,
                                        d.destination(),
                                        null));
                    case LOOP_GUARD:
                    case UNROUTABLE:
                        if (heldBack.size() < 1000) {
                            heldBack.add(at + ": " + d.why());
                        }
                        return List.of();
                    default:
                        return List.of();
                }
            }
        };
    }

    private ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> r, Decision d) {
        // a new timestamp: an old original one could fall to the destination's retention at once
        ProducerRecord<byte[], byte[]> out =
                new ProducerRecord<>(d.destination(), d.partition(), null, r.key(), r.value());
        for (Header h : r.headers()) {
            if (h.key().equals(COUNT_HEADER) || (!options.keepErrorHeaders() && Convention.isErrorHeader(h.key()))) {
                continue;
            }
            out.headers().add(h.key(), h.value());
        }
        out.headers().add(COUNT_HEADER, Integer.toString(redriveCount(r) + 1).getBytes(StandardCharsets.UTF_8));
        out.headers()
                .add(
                        SOURCE_HEADER,
                        (r.topic() + "/" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    static int redriveCount(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(COUNT_HEADER);
        if (h == null || h.value() == null) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The offsets this run marked handled, per partition. They are committed when the run
     * completed; a run that stopped early may have marked some whose transaction never committed.
     */
    public Map<Integer, NavigableSet<Long>> marked() {
        Map<Integer, NavigableSet<Long>> out = new TreeMap<>();
        marked.forEach((p, set) -> {
            synchronized (set) {
                out.put(p, new TreeSet<>(set));
            }
        });
        return out;
    }

    /**
     * Outcome counts ("REDRIVE", "SKIP", …), per destination ("to:TOPIC") and per error class ("class:NAME") of this
     * run.
     */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Records held back (loop guard, unroutable) with why: they stay pending. */
    public List<String> heldBack() {
        synchronized (heldBack) {
            return List.copyOf(heldBack);
        }
    }
}
