package dev.evctl.core.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Lists, describes, creates and deletes topics. */
public final class TopicService {

    private final KafkaClients clients;

    public TopicService(KafkaClients clients) {
        this.clients = clients;
    }

    /** Topic names, sorted, optionally filtered by a regex (found anywhere in the name). */
    public List<String> list(String pattern, boolean includeInternal) {
        Pattern regex = null;
        if (pattern != null) {
            try {
                regex = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw EvctlException.usage("invalid --pattern regex '" + pattern + "': " + e.getDescription());
            }
        }
        Collection<String> names = get(
                admin().listTopics(new ListTopicsOptions().listInternal(includeInternal))
                        .names()
                        .toCompletionStage()
                        .toCompletableFuture(),
                "listing topics");
        Pattern r = regex;
        return names.stream()
                .filter(n -> r == null || r.matcher(n).find())
                .sorted()
                .toList();
    }

    public TopicInfo describe(String topic) {
        TopicDescription d = clients.describeTopic(topic);
        List<TopicPartition> tps = d.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest = offsets(tps, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = offsets(tps, OffsetSpec.latest());
        List<TopicInfo.PartitionInfo> partitions = new ArrayList<>();
        d.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            partitions.add(new TopicInfo.PartitionInfo(
                    p.partition(),
                    p.leader() == null ? null : p.leader().id(),
                    p.replicas().stream().map(Node::id).toList(),
                    p.isr().stream().map(Node::id).toList(),
                    earliest.get(tp).offset(),
                    latest.get(tp).offset()));
        });
        Map<String, String> configs = new TreeMap<>();
        for (ConfigEntry e : clients.topicConfig(topic).entries()) {
            if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                configs.put(e.name(), e.isSensitive() ? "****" : e.value());
            }
        }
        return new TopicInfo(topic, d.topicId().toString(), d.isInternal(), partitions, configs);
    }

    /** Creates the topic; returns false when it already existed and {@code ifNotExists} allowed that. */
    public boolean create(
            String topic,
            int partitions,
            Optional<Short> replicationFactor,
            Map<String, String> configs,
            boolean ifNotExists) {
        if (partitions < 1) {
            throw EvctlException.usage("--partitions must be at least 1, got " + partitions);
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), replicationFactor).configs(configs);
        try {
            admin().createTopics(List.of(newTopic))
                    .all()
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(topic, partitions);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException && ifNotExists) {
                return false;
            }
            throw KafkaErrors.translate(e, clients.connection(), "creating topic '" + topic + "'");
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), "creating topic '" + topic + "'");
        }
    }

    public void delete(String topic) {
        clients.describeTopic(topic);
        get(
                admin().deleteTopics(List.of(topic)).all().toCompletionStage().toCompletableFuture(),
                "deleting topic '" + topic + "'");
    }

    /**
     * Waits until every partition's leader serves requests (the admin client retries "not
     * leader" until then). Producing into a topic created a moment ago can otherwise see its first
     * batch refused as NOT_LEADER while later batches land, after which the idempotent producer
     * can never write the first one (OutOfOrderSequence until delivery.timeout.ms): records lost.
     */
    public void awaitLeaders(String topic, int partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        Map<TopicPartition, OffsetSpec> query =
                tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        long deadline = System.nanoTime() + clients.connection().timeout().toNanos();
        while (true) {
            try {
                admin().listOffsets(query)
                        .all()
                        .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (Exception e) {
                // just created: the metadata may not know the topic yet, or a leader may not serve yet
                Throwable cause = KafkaErrors.unwrap(e);
                boolean settling = cause instanceof RetriableException;
                if (!settling || System.nanoTime() > deadline) {
                    throw KafkaErrors.translate(e, clients.connection(), "waiting for the leaders of '" + topic + "'");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw KafkaErrors.translate(
                            interrupted, clients.connection(), "waiting for the leaders of '" + topic + "'");
                }
            }
        }
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
            List<TopicPartition> tps, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> query = tps.stream().collect(Collectors.toMap(tp -> tp, tp -> spec));
        return get(admin().listOffsets(query).all().toCompletionStage().toCompletableFuture(), "reading offsets");
    }

    private Admin admin() {
        return clients.admin();
    }

    private <T> T get(Future<T> future, String action) {
        try {
            return future.get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), action);
        }
    }
}
