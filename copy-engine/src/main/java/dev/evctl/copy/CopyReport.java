package dev.evctl.copy;

import java.time.Duration;
import java.util.List;

/**
 * What a job did: per source partition the records written and filtered out over the whole job
 * (all runs), and what this run wrote.
 *
 * @param copiedThisRun      records written by this run (committed)
 * @param complete           every partition reached the end of its range
 * @param logAppendTimeSeen  some source records had LogAppendTime; they were written with it as CreateTime
 * @param recoveries         times the run recovered from a broker or network error by resuming from its last commit
 */
public record CopyReport(
        List<PartitionState> partitions,
        long copiedThisRun,
        long filteredThisRun,
        boolean complete,
        boolean logAppendTimeSeen,
        int recoveries,
        Duration elapsed) {

    public CopyReport {
        partitions = List.copyOf(partitions);
    }

    public long copied() {
        return partitions.stream().mapToLong(PartitionState::copied).sum();
    }

    public long filtered() {
        return partitions.stream().mapToLong(PartitionState::filtered).sum();
    }
}
