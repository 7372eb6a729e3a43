package dev.evctl.copy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A copy's writes: at most {@code rate} source records a second (0: no limit), with at most one
 * second of credit after an idle gap (joining a group, a rebalance, a recovery), so a gap is not
 * followed by a burst; and the copies of one source record sent, the first send error kept.
 */
final class Throttle {

    private static final long MAX_CREDIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final double rate;
    private long started = System.nanoTime();
    private long sent;

    /** {@code rate}: records per second for this writer, 0 for no limit. */
    Throttle(double rate) {
        this.rate = rate;
    }

    boolean limited() {
        return rate > 0;
    }

    /** Sends one source record's copies, first waiting for the rate when it is limited. */
    void send(
            KafkaProducer<byte[], byte[]> producer,
            List<ProducerRecord<byte[], byte[]>> copies,
            AtomicReference<Exception> sendError) {
        if (rate > 0) {
            long wait = started + (long) (sent / rate * 1e9) - System.nanoTime();
            if (wait < -MAX_CREDIT_NANOS) {
                started += -wait - MAX_CREDIT_NANOS;
            }
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        for (ProducerRecord<byte[], byte[]> one : copies) {
            producer.send(one, (metadata, error) -> {
                if (error != null) {
                    sendError.compareAndSet(null, error);
                }
            });
        }
        sent++;
    }
}
