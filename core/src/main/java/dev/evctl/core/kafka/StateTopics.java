package dev.evctl.core.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a one-partition state topic (a copy job's progress, a DLQ's handled markers) to its last
 * stable offset with read_committed: every record of a committed transaction, none of an open or
 * aborted one. Creates nothing: a missing topic is said, not made.
 */
public final class StateTopics {

    private StateTopics() {}

    /**
     * Hands every committed record of {@code topic} to {@code each}, oldest first; false when the
     * topic does not exist. Gives up (a {@link TimeoutException}) after {@code deadline}.
     */
    public static boolean readCommitted(
            KafkaClients clients, String topic, Duration deadline, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Duration timeout = clients.connection().timeout();
        try (KafkaConsumer<byte[], byte[]> c =
                clients.consumer(Map.of("isolation.level", "read_committed", "client.id", "evctl-state"))) {
            List<PartitionInfo> partitions;
            try {
                partitions = c.partitionsFor(topic, timeout);
            } catch (UnknownTopicOrPartitionException missing) {
                partitions = List.of();
            }
            if (partitions == null || partitions.isEmpty()) {
                return false;
            }
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), timeout).get(tp);
            long giveUp = System.nanoTime() + deadline.toNanos();
            while (c.position(tp, timeout) < end) {
                if (System.nanoTime() > giveUp) {
                    throw new TimeoutException("reading " + topic);
                }
                c.poll(Duration.ofMillis(200)).forEach(each);
            }
            return true;
        }
    }
}
