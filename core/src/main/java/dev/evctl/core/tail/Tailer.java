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

    private dev.evctl.core.ProgressListener progress = dev.evctl.core.ProgressListener.NONE;

    /** Reports a bounded read's progress (records read of the range); a following tail reports nothing. */
    public Tailer withProgress(dev.evctl.core.ProgressListener progress) {
        this.progress = progress;
        return this;
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
            // an envelope carries the bytes as they are: nothing to decode, so nothing can fail to decode
            // (unless a filter must read the value or key)
            boolean decodes = request.output() != OutputMode.envelope || request.format() != null || request.where() != null
                    || request.keyFormat() == ValueFormat.avro;
            boolean bounded = !request.follow();
            boolean done = bounded && remaining.isEmpty();
            if (bounded) {
                progress.expect(partitions.stream().mapToLong(tp -> Math.max(0, stop.get(tp) - start.get(tp))).sum());
            }
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
                    if (decodes) {
                        try {
                            decoded.decodeAvro(request.valueFormat() == ValueFormat.avro, request.keyFormat() == ValueFormat.avro);
                        } catch (IllegalArgumentException e) {
                            String where = record.topic() + "/" + record.partition() + "@" + record.offset();
                            if (request.failOnDecodeError()) {
                                renderer.flush();
                                throw EvctlException.badInput(where + ": " + e.getMessage() + " — stopped (--on-error fail)");
                            }
                            // shown raw below, never dropped: the note says why it is not decoded
                            diagnostics.accept(where + ": " + e.getMessage() + " — shown undecoded");
                            failed++;
                        }
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
                if (bounded) {
                    progress.done(read);
                }
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
        OffsetRange range = OffsetRange.resolve(c, partitions, request.from(), request.to(), request.follow(),
                clients.connection().timeout());
        for (TopicPartition tp : partitions) {
            if (request.from() instanceof OffsetSpec.Absolute a && a.offset() < range.beginning().get(tp)) {
                diagnostics.accept("note: " + tp + " starts at offset " + range.beginning().get(tp)
                        + " (earlier records were deleted); reading from there");
            }
        }
        start.putAll(range.start());
        stop.putAll(range.stop());
    }
}
