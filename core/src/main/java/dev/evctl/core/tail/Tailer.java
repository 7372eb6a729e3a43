package dev.evctl.core.tail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads records from assigned partitions without joining a consumer group and without
 * committing anything, so it is safe on production topics.
 */
public final class Tailer {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaClients clients;
    private final Consumer<String> diagnostics;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopRequested;

    public Tailer(KafkaClients clients, Consumer<String> diagnostics) {
        this.clients = clients;
        this.diagnostics = diagnostics;
    }

    /** Asks a running tail to stop after the current batch and waits up to {@code wait} for it. */
    public void stop(Duration wait) {
        stopRequested = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public TailResult tail(TailRequest request, OutputStream out) {
        long started = System.nanoTime();
        long read = 0;
        long shown = 0;
        long filtered = 0;
        long failed = 0;
        RecordFilter filter = new RecordFilter(request.keyMatch(), request.headerMatch(), request.where());
        KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of());
        try {
            consumer = c;
            RecordRenderer renderer = new RecordRenderer(request, out);
            List<TopicPartition> partitions = partitions(c, request);
            Map<TopicPartition, Long> start = new HashMap<>();
            Map<TopicPartition, Long> stop = new HashMap<>();
            plan(c, request, partitions, start, stop);
            c.assign(partitions);
            Set<TopicPartition> remaining = new HashSet<>();
            for (TopicPartition tp : partitions) {
                c.seek(tp, start.get(tp));
                if (start.get(tp) < stop.get(tp)) {
                    remaining.add(tp);
                } else {
                    c.pause(List.of(tp));
                }
            }
            boolean bounded = !request.follow();
            boolean done = bounded && remaining.isEmpty();
            while (!done && !stopRequested) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= stop.get(tp)) {
                        continue;
                    }
                    read++;
                    DecodedRecord decoded = new DecodedRecord(record, request.avro());
                    try {
                        decoded.decodeAvro(request.valueFormat() == ValueFormat.avro, request.keyFormat() == ValueFormat.avro);
                    } catch (IllegalArgumentException e) {
                        String where = record.topic() + "/" + record.partition() + "@" + record.offset();
                        if (request.failOnDecodeError()) {
                            renderer.flush();
                            throw EvctlException.badInput(where + ": " + e.getMessage() + " — stopped (--on-error fail)");
                        }
                        diagnostics.accept(where + ": " + e.getMessage());
                        failed++;
                        continue;
                    }
                    if (!filter.accept(decoded)) {
                        filtered++;
                        continue;
                    }
                    renderer.render(decoded);
                    shown++;
                    if (request.max() > 0 && shown >= request.max()) {
                        done = true;
                        break;
                    }
                }
                renderer.flush();
                if (bounded && !done) {
                    for (java.util.Iterator<TopicPartition> it = remaining.iterator(); it.hasNext(); ) {
                        TopicPartition tp = it.next();
                        if (c.position(tp) >= stop.get(tp)) {
                            it.remove();
                            c.pause(List.of(tp));
                        }
                    }
                    done = remaining.isEmpty();
                }
            }
            renderer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WakeupException e) {
            // stopped by Ctrl-C while not polling
        } catch (EvctlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, clients.connection(), "reading " + String.join(", ", request.topics()));
        } finally {
            consumer = null;
            // Nothing to commit or leave: close without waiting for in-flight fetches.
            c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
            finished.countDown();
        }
        return new TailResult(read, shown, filtered, failed, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Partitions from the consumer's own metadata: one client, one round trip, no admin client. */
    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, TailRequest request) {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : request.topics()) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, clients.connection().timeout());
            } catch (UnknownTopicOrPartitionException e) {
                infos = List.of();
            }
            if (infos == null || infos.isEmpty()) {
                throw EvctlException.notFound("topic '" + topic + "' does not exist on " + clients.connection().bootstrapServers()
                        + " — create it with `evctl topics create " + topic + "`");
            }
            int count = infos.size();
            if (request.partitions().isEmpty()) {
                for (int p = 0; p < count; p++) {
                    out.add(new TopicPartition(topic, p));
                }
            } else {
                for (int p : request.partitions()) {
                    if (p < 0 || p >= count) {
                        throw EvctlException.notFound("partition " + p + " does not exist: topic '" + topic + "' has " + count
                                + " partition" + (count == 1 ? " (0)" : "s (0-" + (count - 1) + ")"));
                    }
                    out.add(new TopicPartition(topic, p));
                }
            }
        }
        return out;
    }

    /** Resolves --from and --to into a start offset and an exclusive stop offset per partition. */
    private void plan(KafkaConsumer<byte[], byte[]> c, TailRequest request, List<TopicPartition> partitions,
                      Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop) {
        Duration timeout = clients.connection().timeout();
        Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
        if (request.from() instanceof OffsetSpec.Absolute f && request.to() instanceof OffsetSpec.Absolute t
                && t.offset() < f.offset()) {
            throw EvctlException.usage("--to " + t.offset() + " is before --from " + f.offset());
        }
        if (request.from() instanceof OffsetSpec.AtTime f && request.to() instanceof OffsetSpec.AtTime t
                && t.time().isBefore(f.time())) {
            throw EvctlException.usage("--to " + t.time() + " is before --from " + f.time());
        }
        Map<TopicPartition, Long> fromTimes = byTime(c, request.from(), partitions, end, timeout);
        Map<TopicPartition, Long> toTimes = byTime(c, request.to(), partitions, end, timeout);
        for (TopicPartition tp : partitions) {
            long b = beginning.get(tp);
            long e = end.get(tp);
            long s = request.from() == null ? e : resolve(request.from(), b, e, fromTimes.get(tp));
            if (request.from() instanceof OffsetSpec.Absolute a && a.offset() < b) {
                diagnostics.accept("note: " + tp + " starts at offset " + b + " (earlier records were deleted); reading from there");
            }
            s = Math.max(b, Math.min(s, e));
            long x;
            if (request.to() == null) {
                x = request.follow() ? Long.MAX_VALUE : e;
            } else if (request.to() instanceof OffsetSpec.Absolute a) {
                x = a.offset() == Long.MAX_VALUE ? a.offset() : a.offset() + 1;
            } else {
                x = resolve(request.to(), b, e, toTimes.get(tp));
            }
            start.put(tp, s);
            stop.put(tp, x);
        }
    }

    private static long resolve(OffsetSpec spec, long beginning, long end, Long byTime) {
        if (spec instanceof OffsetSpec.Beginning) {
            return beginning;
        }
        if (spec instanceof OffsetSpec.End) {
            return end;
        }
        if (spec instanceof OffsetSpec.Absolute a) {
            return a.offset();
        }
        if (spec instanceof OffsetSpec.FromEnd f) {
            return Math.max(beginning, end - f.count());
        }
        return byTime == null ? end : byTime;
    }

    private static Map<TopicPartition, Long> byTime(KafkaConsumer<byte[], byte[]> c, OffsetSpec spec,
                                                   List<TopicPartition> partitions, Map<TopicPartition, Long> end,
                                                   Duration timeout) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        if (!(spec instanceof OffsetSpec.AtTime t)) {
            return out;
        }
        Map<TopicPartition, Long> query = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            query.put(tp, Math.max(0, t.time().toEpochMilli()));
        }
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, timeout);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = found.get(tp);
            out.put(tp, o == null ? end.get(tp) : o.offset());
        }
        return out;
    }
}
