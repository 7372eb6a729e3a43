package dev.evctl.core.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.evctl.core.EvctlException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes Kafka clients for one {@link Connection} with evctl's defaults, and answers the metadata
 * questions every command asks first (does the topic exist, how many partitions, size limits).
 */
public final class KafkaClients implements AutoCloseable {

    private final Connection connection;
    private Admin admin;

    public KafkaClients(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    public synchronized Admin admin() {
        if (admin == null) {
            String ms = Long.toString(connection.timeout().toMillis());
            try {
                admin = Admin.create(connection.properties(Map.of(
                        "client.id",
                        "evctl-admin",
                        "default.api.timeout.ms",
                        ms,
                        "request.timeout.ms",
                        ms,
                        "reconnect.backoff.max.ms",
                        "1000")));
            } catch (RuntimeException e) {
                throw KafkaErrors.translate(e, connection, "creating the admin client");
            }
        }
        return admin;
    }

    /**
     * A producer of raw bytes: idempotent, acks=all, batching tuned for throughput (1 MiB batches
     * and 20 ms linger measured fastest on one million records; flush() sends at once anyway).
     */
    public KafkaProducer<byte[], byte[]> producer(Map<String, String> extra) {
        return producer(extra, false);
    }

    /**
     * A producer whose sends give up within --timeout: a broker that dies mid-send would
     * otherwise have each batch retried for delivery.timeout.ms (two minutes by default). Requests
     * and delivery follow --timeout as far as the client allows (delivery at least linger plus
     * one request), unless set explicitly. For publish; the copy engine's transactions keep the
     * client's defaults, which ride out a leader election.
     */
    public KafkaProducer<byte[], byte[]> boundedProducer(Map<String, String> extra) {
        Map<String, String> withTimeout = new HashMap<>(extra);
        withTimeout.putIfAbsent(
                "request.timeout.ms",
                Long.toString(Math.max(connection.timeout().toMillis(), 1000)));
        return producer(withTimeout, true);
    }

    private KafkaProducer<byte[], byte[]> producer(Map<String, String> extra, boolean boundedDelivery) {
        Map<String, String> defaults = new HashMap<>(Map.of(
                "client.id", "evctl-publish",
                "acks", "all",
                "enable.idempotence", "true",
                "linger.ms", "20",
                "batch.size", "1048576",
                "buffer.memory", "67108864",
                "max.block.ms", Long.toString(connection.timeout().toMillis()),
                "key.serializer", ByteArraySerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName()));
        defaults.putAll(extra);
        try {
            Properties p = connection.properties(defaults);
            if (boundedDelivery && !p.containsKey("delivery.timeout.ms")) {
                long linger = Long.parseLong(
                        String.valueOf(p.getOrDefault("linger.ms", "0")).trim());
                long request = Long.parseLong(String.valueOf(p.getOrDefault("request.timeout.ms", "30000"))
                        .trim());
                p.put(
                        "delivery.timeout.ms",
                        Long.toString(Math.max(connection.timeout().toMillis(), linger + request)));
            }
            return new KafkaProducer<>(p);
        } catch (NumberFormatException e) {
            throw EvctlException.usage("linger.ms and request.timeout.ms must be numbers: " + e.getMessage());
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, connection, "creating the producer");
        }
    }

    /**
     * A consumer that only reads the committed offsets of {@code groupId} (it never subscribes,
     * joins or commits). With read_committed, its {@code committed()} asks for stable offsets and
     * waits while a transaction's offset commit is pending, where the admin client's
     * listConsumerGroupOffsets leaves such partitions out.
     */
    public KafkaConsumer<byte[], byte[]> committedOffsetsReader(String groupId) {
        return newConsumer("evctl-progress", groupId, Map.of());
    }

    /**
     * A consumer that joins {@code groupId} (a replay job's workers): partitions come from the
     * group's coordinator, offsets are read stable (read_committed) and never auto-committed.
     */
    public KafkaConsumer<byte[], byte[]> groupMember(String groupId, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("max.poll.records", "10000"));
        props.putAll(extra);
        return newConsumer("evctl-worker", groupId, props);
    }

    /** A consumer that belongs to no group and never commits: safe on production topics. */
    public KafkaConsumer<byte[], byte[]> consumer(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("max.poll.records", "2000"));
        props.putAll(extra);
        return newConsumer("evctl-tail", null, props);
    }

    /**
     * The one consumer factory: never auto-commits, never resets an offset by itself, never creates a topic;
     * {@code extra} over the defaults, the context's settings over both. In a group ({@code groupId}: the group
     * whatever a context says) it reads read_committed; without one, a context's {@code group.id} is dropped.
     */
    private KafkaConsumer<byte[], byte[]> newConsumer(String clientId, String groupId, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "client.id",
                clientId,
                "enable.auto.commit",
                "false",
                "auto.offset.reset",
                "none",
                "request.timeout.ms",
                Long.toString(Math.max(connection.timeout().toMillis(), 1000)),
                "default.api.timeout.ms",
                Long.toString(connection.timeout().toMillis()),
                "key.deserializer",
                ByteArrayDeserializer.class.getName(),
                "value.deserializer",
                ByteArrayDeserializer.class.getName()));
        // asking for a topic must not create it (a broker with auto.create.topics.enable would): evctl reads, and a
        // plan or a dry run changes nothing
        props.put("allow.auto.create.topics", "false");
        // Measured on 1M records: the OS-tuned socket buffer and 4 MiB partition fetches cut a full
        // read by a quarter; fetch.max.bytes bounds the memory a many-partition read can take.
        props.put("receive.buffer.bytes", "-1");
        props.put("max.partition.fetch.bytes", "4194304");
        props.put("fetch.max.bytes", "33554432");
        props.putAll(extra);
        try {
            Properties p = connection.properties(props);
            if (groupId == null) {
                p.remove("group.id");
            } else {
                p.put("group.id", groupId);
                p.put("isolation.level", "read_committed");
                p.put("enable.auto.commit", "false");
            }
            return new KafkaConsumer<>(p);
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, connection, "creating the consumer");
        }
    }

    /** Describes topics, failing with NOT_FOUND naming the first missing one. */
    public Map<String, TopicDescription> describeTopics(Collection<String> topics) {
        try {
            return admin().describeTopics(topics)
                    .allTopicNames()
                    .get(connection.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Throwable cause = KafkaErrors.unwrap(e);
            if (cause instanceof UnknownTopicOrPartitionException) {
                String missing = firstMissing(topics);
                throw EvctlException.notFound("topic '" + missing + "' does not exist on "
                        + connection.bootstrapServers() + " — create it with `evctl topics create " + missing + "`");
            }
            throw KafkaErrors.translate(e, connection, "describing " + String.join(", ", topics));
        }
    }

    public TopicDescription describeTopic(String topic) {
        return describeTopics(List.of(topic)).get(topic);
    }

    /** The topic's effective configuration (broker defaults included). */
    public Config topicConfig(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            return admin().describeConfigs(Set.of(resource))
                    .all()
                    .get(connection.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .get(resource);
        } catch (Exception e) {
            throw KafkaErrors.translate(e, connection, "reading the configuration of topic '" + topic + "'");
        }
    }

    private String firstMissing(Collection<String> topics) {
        if (topics.size() == 1) {
            return topics.iterator().next();
        }
        try {
            Set<String> names =
                    admin().listTopics().names().get(connection.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return topics.stream().filter(t -> !names.contains(t)).findFirst().orElse(String.join(", ", topics));
        } catch (Exception e) {
            return String.join(", ", topics);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
