package dev.evctl.copy;

import java.util.List;

/**
 * What a job will do, before it does it: per source partition the planned range, where the
 * copy resumes, and an estimate of the bytes left.
 *
 * @param resumed      the job ran before: its planned range is kept and copying resumes where it stopped
 * @param notes        things the operator should know (timestamps rewritten, deleted records)
 */
public record CopyPlan(
        CopyJob job, String targetTopic, boolean resumed, List<Partition> partitions, List<String> notes) {

    /**
     * One source partition: {@code state} is the range and progress, {@code bytes} the estimated bytes left (-1
     * unknown).
     */
    public record Partition(PartitionState state, long bytes) {}

    public CopyPlan {
        partitions = List.copyOf(partitions);
        notes = List.copyOf(notes);
    }

    /** Nothing left to copy: the job finished before (or the range is empty). */
    public boolean finished() {
        return partitions.stream().allMatch(p -> p.state().done());
    }

    public long remainingRecords() {
        return partitions.stream().mapToLong(p -> p.state().remaining()).sum();
    }

    public long remainingBytes() {
        return partitions.stream().anyMatch(p -> p.bytes() < 0)
                ? -1
                : partitions.stream().mapToLong(Partition::bytes).sum();
    }
}
