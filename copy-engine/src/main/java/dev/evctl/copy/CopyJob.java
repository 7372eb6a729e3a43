package dev.evctl.copy;

import java.util.List;

import dev.evctl.core.tail.OffsetSpec;

/**
 * A bounded range of a source topic to copy, and how. The job's progress lives under its id on
 * the target cluster: the consumer group {@code evctl-job-ID} holds, per source partition, the
 * next offset to copy and the planned range; the transactional id is the same string.
 *
 * @param partitions    source partitions to copy; empty for all
 * @param from          where the range starts (resolved once, when the job is first planned)
 * @param to            where it ends, inclusive for offsets; {@code end} is the end seen when the job starts
 * @param mapper        the record written for each source record, or null to filter it out
 * @param rate          records per second at most, 0 for no limit
 * @param transactional exactly once (transactions); false: idempotent producer plus a checkpoint after each batch, at least once
 * @param followEnd     a job that ran before takes in what was appended since: its range ends at the end seen now
 *                      (DLQ redrive); false keeps the end seen when the job first started (replay)
 */
public record CopyJob(String id, String sourceTopic, List<Integer> partitions, OffsetSpec from, OffsetSpec to,
                      RecordMapper mapper, double rate, boolean transactional, boolean followEnd) {

    public CopyJob(String id, String sourceTopic, List<Integer> partitions, OffsetSpec from, OffsetSpec to, RecordMapper mapper,
                   double rate, boolean transactional) {
        this(id, sourceTopic, partitions, from, to, mapper, rate, transactional, false);
    }

    public CopyJob {
        partitions = List.copyOf(partitions);
        if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("invalid job id '" + id + "': use letters, digits, '.', '_' and '-'");
        }
    }

    /** The consumer group (and transactional id) that holds the job's progress. */
    public String groupId() {
        return "evctl-job-" + id;
    }
}
