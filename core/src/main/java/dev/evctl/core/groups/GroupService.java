package dev.evctl.core.groups;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Consumer groups: who reads what, how far behind, and moving a group's committed offsets. */
public final class GroupService {

    /** A group in a listing. */
    public record GroupSummary(String group, String state, String type) {}

    /** A member: who it is and which partitions it holds. */
    public record Member(String memberId, String clientId, String host, List<String> partitions) {}

    /** One partition's committed offset (null: never committed), end offset and lag. */
    public record PartitionLag(String topic, int partition, Long committed, long end, Long lag) {}

    public record GroupDetail(
            String group, String state, String type, List<Member> members, List<PartitionLag> partitions) {

        public long totalLag() {
            return partitions.stream()
                    .filter(p -> p.lag() != null)
                    .mapToLong(PartitionLag::lag)
                    .sum();
        }

        /** Whether offsets may be changed: nobody is in the group. */
        public boolean inactive() {
            return members.isEmpty();
        }
    }

    /** A group that reads a topic, with its total lag on it. */
    public record Reader(String group, String state, int members, long lag) {}

    private final KafkaClients clients;

    public GroupService(KafkaClients clients) {
        this.clients = clients;
    }

    private Admin admin() {
        return clients.admin();
    }

    private <T> T await(KafkaFuture<T> future, String action) {
        try {
            return future.get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (KafkaErrors.unwrap(e) instanceof GroupIdNotFoundException) {
                throw EvctlException.notFound(action + ": no such consumer group");
            }
            throw KafkaErrors.translate(e, clients.connection(), action);
        }
    }

    public List<GroupSummary> list() {
        Collection<GroupListing> groups =
                await(admin().listGroups(ListGroupsOptions.forConsumerGroups()).all(), "listing consumer groups");
        return groups.stream()
                .map(g -> new GroupSummary(
                        g.groupId(),
                        g.groupState().map(GroupState::toString).orElse("?"),
                        g.type().map(Object::toString).orElse("?")))
                .sorted(Comparator.comparing(GroupSummary::group))
                .toList();
    }

    /** The group's members, committed offsets, end offsets and lag; NOT_FOUND when the group does not exist. */
    public GroupDetail describe(String group) {
        ConsumerGroupDescription d = await(
                admin().describeConsumerGroups(List.of(group)).describedGroups().get(group),
                "describing group '" + group + "'");
        Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
        if (d.groupState() == GroupState.DEAD
                && committed.isEmpty()
                && d.members().isEmpty()) {
            throw EvctlException.notFound("consumer group '" + group + "' does not exist on "
                    + clients.connection().bootstrapServers());
        }
        List<Member> members = new ArrayList<>();
        Set<TopicPartition> assigned = new HashSet<>();
        for (MemberDescription m : d.members()) {
            Set<TopicPartition> tps = m.assignment().topicPartitions();
            assigned.addAll(tps);
            members.add(new Member(
                    m.consumerId(),
                    m.clientId(),
                    m.host(),
                    tps.stream().map(TopicPartition::toString).sorted().toList()));
        }
        Set<TopicPartition> all = new HashSet<>(committed.keySet());
        all.addAll(assigned);
        Map<TopicPartition, Long> end = endOffsets(all);
        List<PartitionLag> partitions = new ArrayList<>();
        for (TopicPartition tp : sorted(all)) {
            OffsetAndMetadata om = committed.get(tp);
            Long c = om == null ? null : om.offset();
            long e = end.getOrDefault(tp, 0L);
            partitions.add(new PartitionLag(tp.topic(), tp.partition(), c, e, c == null ? null : Math.max(0, e - c)));
        }
        return new GroupDetail(group, d.groupState().toString(), String.valueOf(d.type()), members, partitions);
    }

    /** Committed offsets of the group. */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        await(
                        admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                        "reading the offsets of group '" + group + "'")
                .forEach((tp, om) -> {
                    if (om != null) {
                        out.put(tp, om);
                    }
                });
        return out;
    }

    /**
     * Every consumer group's committed offsets on these topics (groups with none on them are left out), by group
     * name. One request for all groups' offsets, whatever their number.
     */
    public Map<String, Map<TopicPartition, Long>> committedOn(Set<String> topics) {
        List<GroupSummary> groups = list();
        Map<String, Map<TopicPartition, Long>> out = new TreeMap<>();
        if (groups.isEmpty()) {
            return out;
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(g -> specs.put(g.group(), new ListConsumerGroupOffsetsSpec()));
        var result = admin().listConsumerGroupOffsets(specs);
        for (GroupSummary g : groups) {
            Map<TopicPartition, Long> onTopics = new HashMap<>();
            await(result.partitionsToOffsetAndMetadata(g.group()), "reading the offsets of group '" + g.group() + "'")
                    .forEach((tp, om) -> {
                        if (om != null && topics.contains(tp.topic())) {
                            onTopics.put(tp, om.offset());
                        }
                    });
            if (!onTopics.isEmpty()) {
                out.put(g.group(), onTopics);
            }
        }
        return out;
    }

    /** The groups with committed offsets on the topic, with their lag: who consumes this topic. */
    public List<Reader> readersOf(String topic) {
        List<GroupSummary> groups = list();
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(g -> specs.put(g.group(), new ListConsumerGroupOffsetsSpec()));
        var result = admin().listConsumerGroupOffsets(specs);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup = new TreeMap<>();
        for (GroupSummary g : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = await(
                    result.partitionsToOffsetAndMetadata(g.group()),
                    "reading the offsets of group '" + g.group() + "'");
            Map<TopicPartition, OffsetAndMetadata> onTopic = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(topic)) {
                    onTopic.put(tp, om);
                }
            });
            if (!onTopic.isEmpty()) {
                byGroup.put(g.group(), onTopic);
            }
        }
        if (byGroup.isEmpty()) {
            return List.of();
        }
        Set<TopicPartition> tps = new HashSet<>();
        byGroup.values().forEach(m -> tps.addAll(m.keySet()));
        Map<TopicPartition, Long> end = endOffsets(tps);
        Map<String, ConsumerGroupDescription> described = await(
                admin().describeConsumerGroups(byGroup.keySet()).all(),
                "describing the groups that read '" + topic + "'");
        List<Reader> out = new ArrayList<>();
        byGroup.forEach((group, offsets) -> {
            long lag = offsets.entrySet().stream()
                    .mapToLong(e -> Math.max(
                            0, end.getOrDefault(e.getKey(), 0L) - e.getValue().offset()))
                    .sum();
            ConsumerGroupDescription d = described.get(group);
            out.add(new Reader(
                    group,
                    d == null ? "?" : d.groupState().toString(),
                    d == null ? 0 : d.members().size(),
                    lag));
        });
        return out;
    }

    /** Log start and end offsets. */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> tps) {
        return listOffsets(tps, OffsetSpec.latest());
    }

    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> tps) {
        return listOffsets(tps, OffsetSpec.earliest());
    }

    /** The first offset at or after the time per partition (the end when there is none). */
    public Map<TopicPartition, Long> offsetsAt(Collection<TopicPartition> tps, Instant time) {
        Map<TopicPartition, Long> at = listOffsets(tps, OffsetSpec.forTimestamp(time.toEpochMilli()));
        Map<TopicPartition, Long> end = endOffsets(tps);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : tps) {
            Long o = at.get(tp);
            out.put(tp, o == null || o < 0 ? end.get(tp) : o);
        }
        return out;
    }

    private Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> tps, OffsetSpec spec) {
        if (tps.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
                await(admin().listOffsets(query).all(), "listing offsets");
        Map<TopicPartition, Long> out = new HashMap<>();
        found.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Sets the group's committed offsets, keeping each partition's commit metadata (an evctl
     * replay job keeps its plan there); partitions mapped to null lose their committed offset.
     */
    public void setOffsets(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> before = committed(group);
        Map<TopicPartition, OffsetAndMetadata> set = new HashMap<>();
        Set<TopicPartition> delete = new HashSet<>();
        offsets.forEach((tp, o) -> {
            if (o == null) {
                delete.add(tp);
            } else {
                OffsetAndMetadata old = before.get(tp);
                set.put(tp, old == null ? new OffsetAndMetadata(o) : new OffsetAndMetadata(o, old.metadata()));
            }
        });
        if (!set.isEmpty()) {
            await(admin().alterConsumerGroupOffsets(group, set).all(), "setting the offsets of group '" + group + "'");
        }
        if (!delete.isEmpty()) {
            await(admin().deleteConsumerGroupOffsets(group, delete).all(), "deleting offsets of group '" + group + "'");
        }
    }

    /**
     * Waits until the group has no members, up to {@code timeout}; returns its last description.
     * A zero timeout checks once.
     */
    public GroupDetail awaitInactive(String group, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            GroupDetail d = describe(group);
            if (d.inactive() || System.nanoTime() >= deadline) {
                return d;
            }
            try {
                Thread.sleep(Math.min(500, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return d;
            }
        }
    }

    static List<TopicPartition> sorted(Collection<TopicPartition> tps) {
        List<TopicPartition> out = new ArrayList<>(tps);
        out.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return out;
    }
}
