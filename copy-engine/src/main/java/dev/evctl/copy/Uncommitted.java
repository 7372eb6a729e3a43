package dev.evctl.copy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

/**
 * What one copier — a single-process run ({@link CopyEngine}) or a job's worker ({@link JobWorkers}) — has sent since
 * its last commit: per partition the state its next commit records, the counts, the open transaction and the first
 * failed send. Both copy through it, so the record loop (the range's end, the throttle, mapping and filters, a
 * transaction begun at the first copy) and the rule for when a commit is due are written once; how the progress is
 * committed (offsets of the job's group, a state topic, a worker's group generation) stays with each copier.
 */
final class Uncommitted {

    /** A commit is due after this many source records… */
    private static final int TXN_RECORDS = 20_000;
    /** …or this long after its transaction began (it must end well within the transaction timeout). */
    private static final long TXN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final CopyJob job;
    private final Throttle throttle;
    private final Map<TopicPartition, PartitionState> partitions = new LinkedHashMap<>();
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private boolean inTransaction;
    private long txnStarted;
    private long records;
    private long copied;
    private long filtered;
    private boolean logAppendTime;

    /** {@code throttle}: this copier's ({@code --rate}); transactions as the job has them (a worker's always has). */
    Uncommitted(CopyJob job, Throttle throttle) {
        this.job = job;
        this.throttle = throttle;
    }

    /**
     * Copies one poll's records of a partition from where its last commit ({@code committed}) or this batch left it,
     * up to the range's end. Throttled, it stops early when the transaction is due or {@code stopping}, and seeks the
     * consumer back to the first record not sent (read again after the commit).
     */
    void copy(
            TopicPartition tp,
            PartitionState committed,
            List<ConsumerRecord<byte[], byte[]>> polled,
            KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> consumer,
            boolean stopping) {
        PartitionState s = partitions.getOrDefault(tp, committed);
        long copiedHere = 0;
        long filteredHere = 0;
        for (ConsumerRecord<byte[], byte[]> r : polled) {
            if (r.offset() >= s.end()) {
                break;
            }
            if (throttle.limited() && (stopping || transactionDue())) {
                // throttled, a poll's records can take minutes: the transaction is due (it must end well within its
                // timeout) or a stop was asked; the rest is read again after the commit
                consumer.seek(tp, r.offset());
                break;
            }
            if (r.timestampType() == TimestampType.LOG_APPEND_TIME) {
                logAppendTime = true;
            }
            List<ProducerRecord<byte[], byte[]>> out = job.mapper().mapAll(r);
            if (out.isEmpty()) {
                filteredHere++;
                continue;
            }
            if (job.transactional() && !inTransaction) {
                begin(producer);
            }
            throttle.send(producer, out, sendError);
            copiedHere++;
        }
        records += copiedHere + filteredHere;
        copied += copiedHere;
        filtered += filteredHere;
        partitions.put(
                tp,
                new PartitionState(
                        s.partition(),
                        s.start(),
                        s.end(),
                        s.next(),
                        s.copied() + copiedHere,
                        s.filtered() + filteredHere));
    }

    /**
     * Notes a partition's consumer position (past transaction markers and filtered records, up to the range's end) as
     * its next offset to commit; true when it moved.
     */
    boolean notePosition(TopicPartition tp, PartitionState committed, long position) {
        PartitionState s = partitions.getOrDefault(tp, committed);
        long next = Math.min(position, s.end());
        if (s.done() || next <= s.next()) {
            return false;
        }
        partitions.put(tp, s.advance(next, 0, 0));
        return true;
    }

    /**
     * True when what was sent should commit now: enough records, a transaction open long enough, a partition
     * finished, or (after an empty poll) positions that moved past markers or filtered records.
     */
    boolean due(boolean pollEmpty, boolean moved) {
        return !partitions.isEmpty()
                && (records >= TXN_RECORDS
                        || transactionDue()
                        || partitions.values().stream().anyMatch(PartitionState::done)
                        || (pollEmpty && moved));
    }

    private boolean transactionDue() {
        return inTransaction && System.nanoTime() - txnStarted >= TXN_NANOS;
    }

    /** Begins the commit's transaction if no record began it (a commit of offsets alone). */
    void beginForCommit(KafkaProducer<byte[], byte[]> producer) {
        if (!inTransaction) {
            begin(producer);
        }
    }

    private void begin(KafkaProducer<byte[], byte[]> producer) {
        producer.beginTransaction();
        inTransaction = true;
        txnStarted = System.nanoTime();
    }

    /** The commit went through: throws the first send that failed in it, if any. */
    void committed() {
        inTransaction = false;
        throwSendError();
    }

    /** Throws the first send that failed since the last commit, if any. */
    void throwSendError() {
        Exception error = sendError.getAndSet(null);
        if (error != null) {
            throw error instanceof KafkaException ke ? ke : new KafkaException(error);
        }
    }

    /**
     * Forgets what was sent (after a commit, or when it is aborted). Returns true when a transaction was open, which
     * the caller ends.
     */
    boolean clear() {
        boolean open = inTransaction;
        inTransaction = false;
        partitions.clear();
        records = 0;
        copied = 0;
        filtered = 0;
        sendError.set(null);
        return open;
    }

    /** A send callback that keeps the first failure, for the commit to throw. */
    Callback onFailure() {
        return (metadata, error) -> {
            if (error != null) {
                sendError.compareAndSet(null, error);
            }
        };
    }

    /** The partitions whose range this batch finishes (paused once it commits). */
    List<TopicPartition> finished() {
        return partitions.entrySet().stream()
                .filter(e -> e.getValue().done())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Per partition, the state the next commit records (in the order first touched). */
    Map<TopicPartition, PartitionState> partitions() {
        return partitions;
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    boolean inTransaction() {
        return inTransaction;
    }

    /** Source records copied since the last commit. */
    long copied() {
        return copied;
    }

    /** Source records filtered out since the last commit. */
    long filtered() {
        return filtered;
    }

    /** A record with a broker-set (log-append) timestamp was seen in this run. */
    boolean logAppendTime() {
        return logAppendTime;
    }
}
