package dev.evctl.core.topics;

import java.util.List;
import java.util.Map;

/** A topic as {@code topics describe} shows it. */
public record TopicInfo(
        String name, String id, boolean internal, List<PartitionInfo> partitions, Map<String, String> configs) {

    /** One partition: leader, replicas, in-sync replicas, and its offset range. */
    public record PartitionInfo(
            int partition,
            Integer leader,
            List<Integer> replicas,
            List<Integer> isr,
            long startOffset,
            long endOffset) {}
}
