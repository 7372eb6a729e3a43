package dev.evctl.copy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
 * @param transactional exactly once (transactions); false: idempotent producer plus a checkpoint after each batch,
 * at least once
 * @param followEnd     a job that ran before takes in what was appended since: its range ends at the end seen now
 *                      (DLQ redrive); false keeps the end seen when the job first started (replay)
 * @param writer        the transactional id, when jobs other than this one must not write beside it (every redrive and
 *                      skip of one DLQ shares one); null: the job's own ({@link #groupId()})
 * @param range         the range as the user wrote it ("--from -100 --to end"), kept with the progress: a later run
 *                      of the same job id that asks for another range is refused; null: not checked
 */
public record CopyJob(
        String id,
        String sourceTopic,
        List<Integer> partitions,
        OffsetSpec from,
        OffsetSpec to,
        RecordMapper mapper,
        double rate,
        boolean transactional,
        boolean followEnd,
        String writer,
        String range) {

    public CopyJob(
            String id,
            String sourceTopic,
            List<Integer> partitions,
            OffsetSpec from,
            OffsetSpec to,
            RecordMapper mapper,
            double rate,
            boolean transactional) {
        this(id, sourceTopic, partitions, from, to, mapper, rate, transactional, false, null, null);
    }

    public CopyJob(
            String id,
            String sourceTopic,
            List<Integer> partitions,
            OffsetSpec from,
            OffsetSpec to,
            RecordMapper mapper,
            double rate,
            boolean transactional,
            boolean followEnd) {
        this(id, sourceTopic, partitions, from, to, mapper, rate, transactional, followEnd, null, null);
    }

    public CopyJob {
        partitions = List.copyOf(partitions);
        requireValidId(id);
    }

    /** The same job, its range as the user wrote it kept with its progress (see {@code range}). */
    public CopyJob withRange(String writtenRange) {
        return new CopyJob(
                id, sourceTopic, partitions, from, to, mapper, rate, transactional, followEnd, writer, writtenRange);
    }

    /** Throws IllegalArgumentException naming what a job id may hold. */
    public static void requireValidId(String id) {
        if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("invalid job id '" + id + "': use letters, digits, '.', '_' and '-'");
        }
    }

    /** The consumer group of job {@code id}. */
    public static String groupIdOf(String id) {
        return "evctl-job-" + id;
    }

    /**
     * A stable job id for the same work: {@code prefix} and a short hash of what defines the job
     * (source, target, range as written, selectors…), so re-running the same command resumes it.
     */
    public static String derivedId(String prefix, String... identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u0000", identity).getBytes(StandardCharsets.UTF_8));
            return prefix + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The consumer group that holds the job's progress. */
    public String groupId() {
        return groupIdOf(id);
    }

    /**
     * The transactional id of the job's writes. A new run's producer fences every earlier holder
     * of it before the run reads any progress, so two runs never write at once.
     */
    public String transactionalId() {
        return writer != null ? writer : groupId();
    }

    /** The job's own state topic when it copies between two clusters (one writer: this job's transactional id). */
    public String stateTopic() {
        return CopyEngine.STATE_TOPIC + "." + id;
    }
}
