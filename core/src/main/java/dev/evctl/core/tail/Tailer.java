package dev.evctl.core.tail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.evctl.core.EvctlException;
import dev.evctl.core.ProgressListener;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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

    private ProgressListener progress = ProgressListener.NONE;

    /** Reports a bounded read's progress (records read of the range); a following tail reports nothing. */
    public Tailer withProgress(ProgressListener progress) {
        this.progress = progress;
        return this;
    }

    public TailResult tail(TailRequest request, OutputStream out) {
        long started = System.nanoTime();
        // A bounded read stops at an end it has already seen: a fetch the consumer sends ahead at that end
        // would be held by the broker for fetch.max.wait.ms (500 ms), and the next fetch waits behind it.
        KafkaConsumer<byte[], byte[]> c =
                clients.consumer(request.follow() ? Map.of() : Map.of("fetch.max.wait.ms", "20"));
        Shower shower = null;
        ShowingThread thread = null;
        try {
            consumer = c;
            shower = new Shower(request, new RecordRenderer(request, out));
            List<TopicPartition> partitions = partitions(c, request);
            Map<TopicPartition, Long> start = new HashMap<>();
            Map<TopicPartition, Long> stop = new HashMap<>();
            plan(c, request, partitions, start, stop);
            Set<TopicPartition> remaining = seek(c, partitions, start, stop);
            boolean bounded = !request.follow();
            boolean done = bounded && remaining.isEmpty();
            if (bounded) {
                progress.expect(partitions.stream()
                        .mapToLong(tp -> Math.max(0, stop.get(tp) - start.get(tp)))
                        .sum());
            }
            if (shower.decodesThroughRegistry()) {
                // decoding (Avro, Protobuf, JSON Schema) costs about as much as fetching: one thread reads the next
                // records while another decodes and shows these, in order
                thread = new ShowingThread(shower, c::wakeup);
            }
            while (!done && !stopRequested) {
                try {
                    List<ConsumerRecord<byte[], byte[]>> batch = withinRange(c.poll(POLL), stop);
                    done = thread != null ? thread.show(batch) : shower.show(batch);
                    if (bounded && !done) {
                        done = pauseFinished(c, remaining, stop);
                    }
                } catch (WakeupException e) {
                    break; // stopped (Ctrl-C), or --max reached on the showing thread
                }
            }
            if (thread != null) {
                thread.finish();
            }
            shower.renderer.flush();
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
            if (thread != null) {
                thread.abandon();
            }
            // Nothing to commit or leave: close without waiting for in-flight fetches.
            c.close(CloseOptions.timeout(Duration.ZERO));
            finished.countDown();
        }
        return new TailResult(
                shower.read,
                shower.shown,
                shower.filtered,
                shower.failed,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Assigns and seeks every partition; returns those with records to read, pausing the others. */
    private static Set<TopicPartition> seek(
            KafkaConsumer<byte[], byte[]> c,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> stop) {
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
        return remaining;
    }

    /** Pauses the partitions read to their stop; true when none is left to read. */
    private static boolean pauseFinished(
            KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> remaining, Map<TopicPartition, Long> stop) {
        for (Iterator<TopicPartition> it = remaining.iterator(); it.hasNext(); ) {
            TopicPartition tp = it.next();
            if (c.position(tp) >= stop.get(tp)) {
                it.remove();
                c.pause(List.of(tp));
            }
        }
        return remaining.isEmpty();
    }

    /**
     * A poll's records before each partition's stop offset, in the poll's order (partition by partition, offsets
     * rising): one lookup per partition, not per record.
     */
    private static List<ConsumerRecord<byte[], byte[]>> withinRange(
            ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> stop) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> polled = records.records(tp);
            long end = stop.get(tp);
            int n = polled.size();
            while (n > 0 && polled.get(n - 1).offset() >= end) {
                n--;
            }
            batch.addAll(n == polled.size() ? polled : polled.subList(0, n));
        }
        return batch;
    }

    /** Decodes, filters and shows records, counting them; one thread at a time. */
    private final class Shower {
        private final TailRequest request;
        private final RecordRenderer renderer;
        private final RecordFilter filter;
        private final boolean decodes;
        long read;
        long shown;
        long filtered;
        long failed;

        Shower(TailRequest request, RecordRenderer renderer) {
            this.request = request;
            this.renderer = renderer;
            this.filter = new RecordFilter(request.keyMatch(), request.headerMatch(), request.where());
            // an envelope carries the bytes as they are: nothing to decode, so nothing can fail to decode
            // (unless a filter must read the value or key)
            this.decodes = request.output() != OutputMode.envelope
                    || request.format() != null
                    || request.where() != null
                    || request.keyFormat().viaRegistry();
        }

        boolean decodesThroughRegistry() {
            return decodes && request.avro() != null; // a registry is set: framed values are decoded through it
        }

        /** Shows a poll's records (those within the range) and flushes; true when --max is reached. */
        boolean show(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
            boolean enough = false;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                read++;
                DecodedRecord decoded = new DecodedRecord(record, request.avro());
                if (decodes) {
                    try {
                        decoded.decodeAvro(
                                request.valueFormat().viaRegistry(),
                                request.keyFormat().viaRegistry());
                        if (request.valueFormat() == ValueFormat.json
                                && record.value() != null
                                && decoded.valueJson() == null) {
                            throw new IllegalArgumentException("value is not JSON (--value-format json)");
                        }
                    } catch (IllegalArgumentException e) {
                        String where = record.topic() + "/" + record.partition() + "@" + record.offset();
                        if (request.failOnDecodeError()) {
                            renderer.flush();
                            throw EvctlException.badInput(
                                    where + ": " + e.getMessage() + " — stopped (--on-error fail)");
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
                    enough = true;
                    break;
                }
            }
            renderer.flush();
            if (!request.follow()) {
                progress.done(read);
            }
            return enough;
        }
    }

    /**
     * A second thread that shows the records the polling thread hands it, in the order handed, while the next ones
     * are fetched. A failure there (a decoding error with --on-error fail, a closed stdout) is thrown to the polling
     * thread at its next hand-over or at the end.
     */
    private static final class ShowingThread {
        private static final List<ConsumerRecord<byte[], byte[]>> END = List.of();

        private final BlockingQueue<List<ConsumerRecord<byte[], byte[]>>> queue = new ArrayBlockingQueue<>(4);
        private final Thread thread;
        private volatile boolean enough;
        private volatile Throwable failure;

        /** {@code onEnough}: wakes the polling thread when --max is reached (it may be waiting for records). */
        ShowingThread(Shower shower, Runnable onEnough) {
            thread = new Thread(
                    () -> {
                        try {
                            while (true) {
                                List<ConsumerRecord<byte[], byte[]>> batch = queue.take();
                                if (batch == END) {
                                    return;
                                }
                                if (!enough && shower.show(batch)) {
                                    enough = true;
                                    onEnough.run();
                                }
                            }
                        } catch (InterruptedException e) {
                            // abandoned: the tail failed or was stopped
                        } catch (Throwable t) {
                            failure = t;
                        }
                    },
                    "evctl-show");
            thread.setDaemon(true);
            thread.start();
        }

        /** Hands a batch over (waiting while four are queued); true when --max is reached. */
        boolean show(List<ConsumerRecord<byte[], byte[]>> batch) throws IOException {
            rethrow();
            if (!batch.isEmpty()) {
                put(batch);
            }
            return enough;
        }

        /** Waits until every batch handed over is shown. */
        void finish() throws IOException {
            put(END);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rethrow();
        }

        void abandon() {
            thread.interrupt();
        }

        private void put(List<ConsumerRecord<byte[], byte[]>> batch) throws IOException {
            try {
                while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    rethrow();
                    if (!thread.isAlive()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the tail is being stopped: nothing more is handed over
            }
        }

        private void rethrow() throws IOException {
            Throwable t = failure;
            if (t instanceof IOException io) {
                throw io;
            } else if (t instanceof RuntimeException re) {
                throw re;
            } else if (t instanceof Error error) {
                throw error;
            }
        }
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
                throw EvctlException.notFound("topic '" + topic + "' does not exist on "
                        + clients.connection().bootstrapServers() + " — create it with `evctl topics create " + topic
                        + "`");
            }
            int count = infos.size();
            if (request.partitions().isEmpty()) {
                for (int p = 0; p < count; p++) {
                    out.add(new TopicPartition(topic, p));
                }
            } else {
                for (int p : request.partitions()) {
                    if (p < 0 || p >= count) {
                        throw EvctlException.notFound("partition " + p + " does not exist: topic '" + topic + "' has "
                                + count + " partition" + (count == 1 ? " (0)" : "s (0-" + (count - 1) + ")"));
                    }
                    out.add(new TopicPartition(topic, p));
                }
            }
        }
        return out;
    }

    /** Resolves --from and --to into a start offset and an exclusive stop offset per partition. */
    private void plan(
            KafkaConsumer<byte[], byte[]> c,
            TailRequest request,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> stop) {
        OffsetRange range = OffsetRange.resolve(
                c,
                partitions,
                request.from(),
                request.to(),
                request.follow(),
                clients.connection().timeout());
        for (TopicPartition tp : partitions) {
            if (request.from() instanceof OffsetSpec.Absolute a
                    && a.offset() < range.beginning().get(tp)) {
                diagnostics.accept("note: " + tp + " starts at offset "
                        + range.beginning().get(tp) + " (earlier records were deleted); reading from there");
            }
        }
        start.putAll(range.start());
        stop.putAll(range.stop());
    }
}
