package dev.evctl.copy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A replay job as any machine can read it from Kafka: its plan and progress (the committed
 * offsets of its group, with the range and counts in their metadata), the workers in its group and
 * what each holds, and its rate since it was planned.
 *
 * @param definition null for a job run without workers (its plan carries no definition)
 * @param state      the group's state (Stable, Empty, PreparingRebalance…)
 * @param rate       records per second through the range since the plan was fixed (0 when unknown)
 * @param eta        at that rate, until the end of the range (null when unknown or done)
 */
public record JobStatus(
        String jobId,
        String groupId,
        String sourceTopic,
        JobDefinition definition,
        List<Partition> partitions,
        String state,
        List<Member> members,
        double rate,
        Duration eta) {

    /**
     * One partition of the plan, its progress, when that was committed (epoch ms, 0 unknown) and its holder (null:
     * none).
     */
    public record Partition(PartitionState progress, long committedAt, String holder) {}

    /** A worker in the job's group. */
    public record Member(String memberId, String clientId, String host, List<Integer> partitions) {}

    public JobStatus {
        partitions = List.copyOf(partitions);
        members = List.copyOf(members);
    }

    public boolean done() {
        return partitions.stream().allMatch(p -> p.progress().done());
    }

    public long remaining() {
        return partitions.stream().mapToLong(p -> p.progress().remaining()).sum();
    }

    public long copied() {
        return partitions.stream().mapToLong(p -> p.progress().copied()).sum();
    }

    public long filtered() {
        return partitions.stream().mapToLong(p -> p.progress().filtered()).sum();
    }

    /** Reads job {@code jobId} from the cluster; NOT_FOUND when its group holds no plan. */
    public static JobStatus read(KafkaClients clients, String jobId) {
        String groupId = CopyJob.groupIdOf(jobId);
        Map<TopicPartition, OffsetAndMetadata> committed = JobWorkers.committedNow(clients, groupId);
        ConsumerGroupDescription group = JobWorkers.group(clients, groupId);
        String topic = null;
        JobDefinition definition = null;
        Map<Integer, OffsetAndMetadata> byPartition = new TreeMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            OffsetAndMetadata om = e.getValue();
            if (om == null || PartitionState.parse(e.getKey().partition(), om.offset(), om.metadata()) == null) {
                continue;
            }
            topic = e.getKey().topic();
            byPartition.put(e.getKey().partition(), om);
            if (definition == null) {
                definition = JobDefinition.parse(om.metadata());
            }
        }
        if (topic == null) {
            throw EvctlException.notFound(
                    "no replay job '" + jobId + "' on " + clients.connection().bootstrapServers() + ": its group "
                            + groupId + " holds no plan (list jobs with: evctl groups list | grep evctl-job-)");
        }
        Map<Integer, String> holders = new TreeMap<>();
        List<Member> members = new ArrayList<>();
        if (group != null) {
            for (MemberDescription m : group.members()) {
                List<Integer> held = new ArrayList<>();
                for (TopicPartition tp : m.assignment().topicPartitions()) {
                    if (tp.topic().equals(topic)) {
                        held.add(tp.partition());
                        holders.put(tp.partition(), m.clientId() + "@" + m.host());
                    }
                }
                held.sort(null);
                members.add(new Member(m.consumerId(), m.clientId(), m.host(), held));
            }
        }
        List<Partition> partitions = new ArrayList<>();
        long last = 0;
        long through = 0;
        long left = 0;
        for (Map.Entry<Integer, OffsetAndMetadata> e : byPartition.entrySet()) {
            OffsetAndMetadata om = e.getValue();
            PartitionState s = PartitionState.parse(e.getKey(), om.offset(), om.metadata());
            long at = JobDefinition.committedAt(om.metadata());
            last = Math.max(last, at);
            through += s.next() - s.start();
            left += s.remaining();
            partitions.add(new Partition(s, at, holders.get(e.getKey())));
        }
        double rate = 0;
        Duration eta = null;
        if (definition != null && last > definition.plannedAt() && through > 0) {
            rate = through * 1000.0 / (last - definition.plannedAt());
            eta = left == 0 ? null : Duration.ofSeconds((long) Math.ceil(left / rate));
        }
        return new JobStatus(
                jobId,
                groupId,
                topic,
                definition,
                partitions,
                group == null ? "Dead" : group.groupState().toString(),
                members,
                rate,
                eta);
    }
}
