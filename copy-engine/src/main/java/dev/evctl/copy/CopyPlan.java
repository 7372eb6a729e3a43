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
     * unknown), {@code records} the records left when they were counted (a new {@code --from -N} job), else -1: the
     * range is then known in offsets only, and transaction markers and compaction can make the records fewer.
     */
    public record Partition(PartitionState state, long bytes, long records) {

        /** Records left: counted, or the offsets left (an upper bound). */
        public long left() {
            return records >= 0 ? records : state.remaining();
        }
    }

    public CopyPlan {
        partitions = List.copyOf(partitions);
        notes = List.copyOf(notes);
    }

    /** Nothing left to copy: the job finished before (or the range is empty). */
    public boolean finished() {
        return partitions.stream().allMatch(p -> p.state().done());
    }

    /** Records left: exact when {@link #counted()}, else the offsets left (an upper bound). */
    public long remainingRecords() {
        return partitions.stream().mapToLong(Partition::left).sum();
    }

    /** Every partition's records were counted: {@link #remainingRecords()} is exact, not an upper bound. */
    public boolean counted() {
        return partitions.stream().allMatch(p -> p.records() >= 0 || p.state().done());
    }

    public long remainingBytes() {
        return partitions.stream().anyMatch(p -> p.bytes() < 0)
                ? -1
                : partitions.stream().mapToLong(Partition::bytes).sum();
    }
}
