package dev.evctl.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.copy.CopyJob;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.kafka.StateTopics;
import dev.evctl.core.topics.TopicService;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Which dead-letter records are handled. A redriven or skipped record gets a marker record in the
 * compacted topic {@value #TOPIC} (key {@code DLQ/PARTITION/OFFSET}), written in the same
 * transaction as the redriven copy, so "handled" and "sent" never disagree. The consumer group
 * {@code evctl-dlq-DLQ} holds, per partition, the offset below which every record is handled:
 * {@code evctl groups describe} shows its lag as an upper bound of what is pending.
 */
public final class DlqState {

    /** Where markers of evctl before 0.2 went, for every DLQ together; still read, never written. */
    public static final String TOPIC = "evctl-dlq-state";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DlqState() {}

    public static String groupOf(String dlq) {
        return "evctl-dlq-" + dlq;
    }

    /**
     * The DLQ's own marker topic. Its only writer is the DLQ's transactional id ({@link #writerOf}),
     * so once a command holds that id no open transaction can hold back what it reads (with one
     * topic for every DLQ, a killed redrive of any DLQ made every other blind for a minute).
     */
    public static String topicOf(String dlq) {
        String name = TOPIC + "." + dlq;
        return name.length() <= 249 ? name : TOPIC + "." + CopyJob.derivedId("h", dlq);
    }

    /**
     * The transactional id every redrive and skip of the DLQ writes with, whatever its selectors:
     * a second command fences the first before it reads the markers, so one DLQ has one writer at
     * a time and no record is redriven twice.
     */
    public static String writerOf(String dlq) {
        return "evctl-dlq-writer-" + dlq;
    }

    /** The marker for a handled record: what was done, by which job, where it went, and why (skip). */
    static ProducerRecord<byte[], byte[]> marker(
            String dlq, int partition, long offset, String action, String job, String destination, String reason) {
        var n = JSON.createObjectNode()
                .put("action", action)
                .put("job", job)
                .put("at", Instant.now().toString());
        if (destination != null) {
            n.put("destination", destination);
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        return new ProducerRecord<>(
                topicOf(dlq),
                0,
                (dlq + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8),
                n.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the DLQ's marker topic when missing (compacted, one partition). */
    public static void ensureTopic(KafkaClients clients, String dlq) {
        new TopicService(clients).create(topicOf(dlq), 1, Optional.empty(), Map.of("cleanup.policy", "compact"), true);
    }

    /**
     * The handled offsets of the DLQ per partition, from the committed markers. Reads only: with
     * no state topic yet, nothing is handled (a read-only operator must not need the right to
     * create it; redrive and skip create it with {@link #ensureTopic}).
     */
    public static Map<Integer, NavigableSet<Long>> handled(KafkaClients clients, String dlq) {
        Map<Integer, NavigableSet<Long>> out = new HashMap<>();
        read(clients, dlq, TOPIC, out); // markers written before each DLQ had its own topic
        read(clients, dlq, topicOf(dlq), out);
        return out;
    }

    private static void read(KafkaClients clients, String dlq, String topic, Map<Integer, NavigableSet<Long>> out) {
        Duration timeout = clients.connection().timeout();
        try {
            StateTopics.readCommitted(
                    clients,
                    topic,
                    timeout.compareTo(Duration.ofSeconds(30)) > 0 ? timeout : Duration.ofSeconds(30),
                    r -> apply(r.key(), r.value(), dlq, out));
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(
                    e, clients.connection(), "reading the handled records of " + dlq + " from " + topic);
        }
    }

    /** The topics that may hold the DLQ's markers: the one all DLQs shared before, then its own. */
    public static List<String> markerTopics(String dlq) {
        return List.of(TOPIC, topicOf(dlq));
    }

    /**
     * Applies one marker record (key {@code DLQ/PARTITION/OFFSET}; a null value takes the mark
     * back) to the handled offsets of {@code dlq}; a marker of another DLQ is ignored.
     */
    public static void apply(byte[] key, byte[] value, String dlq, Map<Integer, NavigableSet<Long>> out) {
        String k = key == null ? "" : new String(key, StandardCharsets.UTF_8);
        String prefix = dlq + "/";
        if (!k.startsWith(prefix)) {
            return;
        }
        String[] parts = k.substring(prefix.length()).split("/");
        if (parts.length != 2) {
            return;
        }
        NavigableSet<Long> set = out.computeIfAbsent(Integer.parseInt(parts[0]), p -> new TreeSet<>());
        if (value == null) {
            set.remove(Long.parseLong(parts[1]));
        } else {
            set.add(Long.parseLong(parts[1]));
        }
    }

    /**
     * Moves the DLQ's group to the first unhandled offset of each partition (everything below is
     * handled): derived from the markers, so it can always be recomputed.
     */
    public static void advanceGroup(
            KafkaClients clients,
            String dlq,
            Map<Integer, Long> beginning,
            Map<Integer, Long> end,
            Map<Integer, NavigableSet<Long>> handled) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        beginning.forEach((p, b) -> {
            NavigableSet<Long> done = handled.getOrDefault(p, new TreeSet<>());
            long mark = b;
            while (mark < end.get(p) && done.contains(mark)) {
                mark++;
            }
            offsets.put(new TopicPartition(dlq, p), new OffsetAndMetadata(mark));
        });
        try {
            clients.admin()
                    .alterConsumerGroupOffsets(groupOf(dlq), offsets)
                    .all()
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), "updating the group " + groupOf(dlq));
        }
    }
}
