package dev.evctl.core.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.evctl.core.EvctlException;
import dev.evctl.core.ProgressListener;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.record.OutgoingRecord;
import dev.evctl.core.record.RecordHeader;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends records to a topic. Input lines are validated in full before the first record is sent,
 * so a file is sent whole or not at all (stdin is spooled to a temporary file for that).
 */
public final class Publisher {

    /** Per-batch overhead of a record batch plus the worst case of one record's varint fields. */
    private static final int BATCH_AND_RECORD_OVERHEAD = 61 + 31;

    private static final int PRODUCER_MAX_REQUEST_SIZE = 1_048_576;

    private final KafkaClients clients;
    private final Consumer<String> diagnostics;
    private volatile boolean stopRequested;

    /**
     * Asks a running publish to send nothing more (Ctrl-C): what was handed to the producer is
     * flushed within --timeout, and {@link #publish} then fails saying how many records the
     * broker acknowledged.
     */
    public void stop() {
        stopRequested = true;
    }

    /** {@code diagnostics} receives one line per skipped input line. */
    public Publisher(KafkaClients clients, Consumer<String> diagnostics) {
        this.clients = clients;
        this.diagnostics = diagnostics;
    }

    private ProgressListener progress = ProgressListener.NONE;

    private Faults faults;

    /** Injects duplicates, disorder and poison on purpose (test traffic for consumers); null for none. */
    public Publisher withFaults(Faults faults) {
        this.faults = faults != null && faults.any() ? faults : null;
        return this;
    }

    /** Reports progress (a progress bar on a terminal, say). */
    public Publisher withProgress(ProgressListener progress) {
        this.progress = progress;
        return this;
    }

    public PublishResult publish(PublishRequest request) {
        int partitions = clients.describeTopic(request.topic()).partitions().size();
        Config config = clients.topicConfig(request.topic());
        ConfigEntry cleanup = config.get("cleanup.policy");
        boolean compacted =
                cleanup != null && cleanup.value() != null && cleanup.value().contains("compact");
        Limits limits = new Limits(
                request.topic(),
                partitions,
                maxRecordBytes(config),
                TimestampWindow.of(config),
                System.currentTimeMillis(),
                compacted);
        if (request.partition() != null) {
            limits.checkPartition(request.partition());
        }
        PublishRequest.Source source = request.source();
        if (source instanceof PublishRequest.Single s) {
            OutgoingRecord r;
            try {
                OutgoingRecord given = new OutgoingRecord(
                        request.partition(), request.timestamp(), s.key(), s.value(), request.headers());
                limits.check(encode(request, given, true));
                r = encode(request, given, false);
                checkPoison(r.value());
            } catch (IllegalArgumentException e) {
                throw EvctlException.badInput("--value: " + e.getMessage() + " — nothing was sent");
            }
            return sendAll(
                    request,
                    limits,
                    sink -> {
                        for (long i = 0; i < s.count(); i++) {
                            sink.accept(r);
                        }
                    },
                    List.of());
        }
        if (source instanceof PublishRequest.Generated g) {
            return sendAll(
                    request,
                    limits,
                    sink -> {
                        for (long seq = 1; seq <= g.count(); seq++) {
                            OutgoingRecord r = new OutgoingRecord(
                                    request.partition(),
                                    request.timestamp(),
                                    g.key() == null ? null : g.key().renderBytes(seq),
                                    g.value().renderBytes(seq),
                                    request.headers());
                            try {
                                r = encode(request, r, false);
                            } catch (IllegalArgumentException e) {
                                throw EvctlException.badInput("generated record " + seq + ": " + e.getMessage());
                            }
                            sink.accept(r);
                        }
                    },
                    List.of());
        }
        return publishLines(request, (PublishRequest.Lines) source, limits);
    }

    private PublishResult publishLines(PublishRequest request, PublishRequest.Lines source, Limits limits) {
        LineParser parser = new LineParser(request);
        Path file = source.file();
        Path spool = null;
        try {
            if (file != null && !Files.exists(file)) {
                throw EvctlException.badInput("cannot read " + source.name() + ": no such file");
            }
            if (file == null || !Files.isRegularFile(file)) {
                // stdin, or a pipe named as a file (-f <(jq …), a FIFO): read once, so kept aside for the two passes
                spool = Files.createTempFile("evctl-publish-", ".spool");
                spool.toFile().deleteOnExit();
                try (OutputStream out = Files.newOutputStream(spool)) {
                    if (file == null) {
                        source.stdin().transferTo(out);
                    } else {
                        try (InputStream in = Files.newInputStream(file)) {
                            in.transferTo(out);
                        }
                    }
                }
                file = spool;
            }
            List<String> invalid = validate(file, source.name(), parser, limits, request);
            if (!invalid.isEmpty() && !request.skipInvalid()) {
                invalid.stream().skip(1).limit(20).forEach(diagnostics);
                String more = invalid.size() > 1 ? " (" + invalid.size() + " invalid lines in all)" : "";
                throw EvctlException.badInput(
                        invalid.get(0) + more + " — nothing was sent; fix the input or pass --skip-invalid");
            }
            invalid.forEach(line -> diagnostics.accept(line + " — skipped"));
            Path input = file;
            boolean allValid = invalid.isEmpty();
            long[] at = {0};
            return sendAll(
                    request,
                    limits,
                    sink -> forEachLine(input, source.name(), (lineNo, line) -> {
                        OutgoingRecord r;
                        try {
                            r = parser.parse(line, allValid);
                            if (r != null) {
                                r = encode(request, r, false);
                            }
                            if (r != null && !allValid) {
                                limits.check(r);
                            }
                        } catch (IllegalArgumentException e) {
                            return;
                        }
                        if (r != null) {
                            at[0] = lineNo;
                            sink.accept(r);
                        }
                    }),
                    invalid,
                    source.name(),
                    at);
        } catch (IOException e) {
            throw EvctlException.badInput("cannot read " + source.name() + ": " + e.getMessage());
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // deleteOnExit is the fallback
                }
            }
        }
    }

    /** Reads every line once; returns "name:line: why" for each line that cannot be sent. */
    private List<String> validate(Path file, String name, LineParser parser, Limits limits, PublishRequest request) {
        List<String> invalid = new ArrayList<>();
        long[] empty = {0};
        forEachLine(file, name, (lineNo, line) -> {
            try {
                OutgoingRecord r = parser.parse(line, false);
                if (r != null) {
                    OutgoingRecord encoded = encode(request, r, true);
                    limits.check(encoded);
                    checkPoison(encoded.value());
                } else {
                    empty[0]++;
                }
            } catch (IllegalArgumentException e) {
                invalid.add(name + ":" + lineNo + ": " + e.getMessage());
            }
        });
        if (empty[0] > 0) {
            diagnostics.accept("note: " + empty[0] + " blank line" + (empty[0] == 1 ? "" : "s") + " of " + name
                    + " skipped: a blank line is no record");
        }
        return invalid;
    }

    /**
     * The record with its key and value encoded (Avro), or checked only ({@code check}: no side
     * effects such as registering a schema); errors name the key when the key is wrong.
     */
    private static OutgoingRecord encode(PublishRequest request, OutgoingRecord r, boolean check) {
        ValueEncoder values = request.valueEncoder();
        ValueEncoder keys = request.keyEncoder();
        if (values == null && keys == null) {
            return r;
        }
        byte[] key = r.key();
        if (keys != null && key != null) {
            try {
                key = check ? keys.check(key) : keys.encode(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key: " + e.getMessage(), e);
            }
        }
        byte[] value = r.value();
        if (values != null && value != null) {
            value = check ? values.check(value) : values.encode(value);
        }
        return new OutgoingRecord(r.partition(), r.timestamp(), key, value, r.headers());
    }

    private static void forEachLine(Path file, String name, ByteLines.Visitor visitor) {
        try (InputStream in = Files.newInputStream(file)) {
            ByteLines.forEach(in, visitor);
        } catch (NoSuchFileException e) {
            throw EvctlException.badInput("cannot read " + name + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PublishResult sendAll(
            PublishRequest request,
            Limits limits,
            Consumer<Consumer<OutgoingRecord>> producerLoop,
            List<String> skipped) {
        return sendAll(request, limits, producerLoop, skipped, null, null);
    }

    /**
     * Sends what {@code producerLoop} hands over; {@code line}, when given, holds the input line of the record being
     * handed over, so a record the broker refuses is named as {@code name:LINE}.
     */
    private PublishResult sendAll(
            PublishRequest request,
            Limits limits,
            Consumer<Consumer<OutgoingRecord>> producerLoop,
            List<String> skipped,
            String name,
            long[] line) {
        Sending sending = new Sending(request, line);
        // A batch larger than the topic's limit would be refused and split by the producer.
        String batchSize = Integer.toString(Math.min(1_048_576, limits.maxRecordBytes()));
        progress.expect(
                request.source() instanceof PublishRequest.Single s
                        ? s.count()
                        : request.source() instanceof PublishRequest.Generated g ? g.count() : -1);
        try (KafkaProducer<byte[], byte[]> producer = clients.boundedProducer(Map.of("batch.size", batchSize))) {
            try {
                if (faults == null) {
                    producerLoop.accept(r -> sending.send(producer, r, null));
                } else {
                    sending.faults = new FaultStage(faults, sending, producer, line);
                    producerLoop.accept(sending.faults::accept);
                    sending.faults.finish();
                }
            } catch (SendFailed ignored) {
                // reported below with the count that did arrive
            } catch (RuntimeException e) {
                if (e instanceof EvctlException) {
                    throw e;
                }
                sending.failure.compareAndSet(null, e);
            }
            producer.flush();
            progress.done(sending.acked.get());
        } catch (EvctlException e) {
            throw e;
        } catch (RuntimeException e) {
            sending.failure.compareAndSet(null, e);
        }
        return sending.result(skipped, name);
    }

    /**
     * One publish's sending: paced to the rate, counted as the broker acknowledges, and its first failure kept with
     * the record (or input line) it was first refused at.
     */
    private final class Sending {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final AtomicLong refusedAt = new AtomicLong(-1);
        final AtomicLong acked = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final long started = System.nanoTime();
        final PublishRequest request;
        final double nanosPerRecord;
        final long[] line;
        long sent;

        Sending(PublishRequest request, long[] line) {
            this.request = request;
            this.line = line;
            this.nanosPerRecord = request.rate() > 0 ? 1e9 / request.rate() : 0;
        }

        FaultStage faults;

        void send(KafkaProducer<byte[], byte[]> producer, OutgoingRecord r, Slot slot) {
            if (failure.get() != null || stopRequested) {
                throw new SendFailed();
            }
            if (nanosPerRecord > 0) {
                long wait = started + (long) (sent * nanosPerRecord) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long size = r.sizeInBytes();
            long at = line == null ? sent + 1 : line[0];
            producer.send(toProducerRecord(request.topic(), r), (metadata, error) -> {
                if (error != null) {
                    if (failure.compareAndSet(null, error)) {
                        refusedAt.set(at);
                    }
                } else {
                    if (slot != null) {
                        slot.partition = metadata.partition();
                        slot.offset = metadata.offset();
                    }
                    long n = acked.incrementAndGet();
                    bytes.addAndGet(size);
                    if ((n & 1023) == 0) {
                        progress.done(n);
                    }
                }
            });
            sent++;
        }

        /** What arrived, or the failure with how much arrived before it ({@code name}: the input's, for lines). */
        PublishResult result(List<String> skipped, String name) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (stopRequested && failure.get() == null) {
                throw new EvctlException(
                        EvctlException.Kind.PARTIAL,
                        "interrupted: " + acked.get() + " record" + (acked.get() == 1 ? " was" : "s were")
                                + " acknowledged by the broker, the rest were not sent");
            }
            if (failure.get() == null) {
                return new PublishResult(
                        request.topic(),
                        acked.get(),
                        bytes.get(),
                        elapsed,
                        skipped,
                        faults == null ? null : faults.report());
            }
            // the producer fails a whole batch together: the first record it failed starts the batch that was not sent
            String what = refusedAt.get() < 0
                    ? ""
                    : line != null
                            ? " (first record not acknowledged: " + name + ":" + refusedAt.get() + ")"
                            : " (first record not acknowledged: record " + refusedAt.get() + ")";
            EvctlException cause = KafkaErrors.translate(
                    failure.get(), clients.connection(), "sending to '" + request.topic() + "'" + what);
            if (acked.get() == 0) {
                throw new EvctlException(cause.kind(), cause.getMessage() + " — nothing was sent", failure.get());
            }
            throw new EvctlException(
                    EvctlException.Kind.PARTIAL,
                    cause.getMessage() + " — " + acked.get()
                            + " records were sent before the failure, the rest were not",
                    failure.get());
        }
    }

    private static ProducerRecord<byte[], byte[]> toProducerRecord(String topic, OutgoingRecord r) {
        Header[] headers = new Header[r.headers().size()];
        for (int i = 0; i < headers.length; i++) {
            RecordHeader h = r.headers().get(i);
            headers[i] = new org.apache.kafka.common.header.internals.RecordHeader(h.name(), h.value());
        }
        return new ProducerRecord<>(
                topic, r.partition(), r.timestamp(), r.key(), r.value(), new RecordHeaders(headers));
    }

    private static int maxRecordBytes(Config config) {
        ConfigEntry entry = config.get("max.message.bytes");
        int topicLimit =
                entry == null || entry.value() == null ? PRODUCER_MAX_REQUEST_SIZE : Integer.parseInt(entry.value());
        return Math.min(topicLimit, PRODUCER_MAX_REQUEST_SIZE);
    }

    /**
     * The timestamps a topic takes (CreateTime topics): {@code message.timestamp.before.max.ms} before and
     * {@code message.timestamp.after.max.ms} after the broker's clock (brokers from 3.6), or
     * {@code message.timestamp.difference.max.ms} either way (older brokers); null for LogAppendTime topics, whose
     * broker sets every timestamp.
     */
    record TimestampWindow(long beforeMs, long afterMs, String settings) {

        /** Checked this much inside the topic's window: the broker's clock is not this machine's. */
        static final long CLOCK_SKEW_MS = 60_000;

        static TimestampWindow of(Config config) {
            ConfigEntry type = config.get("message.timestamp.type");
            if (type != null && "LogAppendTime".equals(type.value())) {
                return null;
            }
            ConfigEntry before = config.get("message.timestamp.before.max.ms");
            ConfigEntry after = config.get("message.timestamp.after.max.ms");
            if (before != null || after != null) {
                return new TimestampWindow(value(before), value(after), "message.timestamp.before.max.ms/after.max.ms");
            }
            ConfigEntry difference = config.get("message.timestamp.difference.max.ms");
            return difference == null
                    ? null
                    : new TimestampWindow(value(difference), value(difference), "message.timestamp.difference.max.ms");
        }

        private static long value(ConfigEntry e) {
            try {
                return e == null || e.value() == null
                        ? Long.MAX_VALUE
                        : Long.parseLong(e.value().trim());
            } catch (NumberFormatException bad) {
                return Long.MAX_VALUE;
            }
        }

        /** Why the broker would refuse {@code timestamp}, or null when it takes it ({@code now}: this machine's). */
        String refusal(long timestamp, long now, String topic) {
            if (afterMs != Long.MAX_VALUE && timestamp - now > afterMs - CLOCK_SKEW_MS) {
                return "timestamp " + timestamp + " (" + Instant.ofEpochMilli(timestamp)
                        + ") is beyond what topic '" + topic + "' accepts (at most " + span(afterMs)
                        + " after the broker's clock, " + settings + "; checked with " + CLOCK_SKEW_MS / 1000
                        + " s for clock skew)";
            }
            if (beforeMs != Long.MAX_VALUE && now - timestamp > beforeMs - CLOCK_SKEW_MS) {
                return "timestamp " + timestamp + " (" + Instant.ofEpochMilli(timestamp)
                        + ") is older than topic '" + topic + "' accepts (at most " + span(beforeMs)
                        + " before the broker's clock, " + settings + "; checked with " + CLOCK_SKEW_MS / 1000
                        + " s for clock skew)";
            }
            return null;
        }

        private static String span(long ms) {
            return Duration.ofMillis(ms).toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }

    /** Partition count, size limit and timestamp window of the target topic, checked before anything is sent. */
    private record Limits(
            String topic, int partitions, int maxRecordBytes, TimestampWindow timestamps, long now, boolean compacted) {

        void checkPartition(int partition) {
            if (partition < 0 || partition >= partitions) {
                throw EvctlException.notFound("partition " + partition + " does not exist: topic '" + topic + "' has "
                        + partitions + " partition" + (partitions == 1 ? " (0)" : "s (0-" + (partitions - 1) + ")"));
            }
        }

        void check(OutgoingRecord r) {
            if (r.partition() != null && (r.partition() < 0 || r.partition() >= partitions)) {
                throw new IllegalArgumentException("partition " + r.partition() + " does not exist: topic '" + topic
                        + "' has " + partitions + " partitions");
            }
            if (compacted && r.key() == null) {
                throw new IllegalArgumentException("no key, and topic '" + topic + "' is compacted (cleanup.policy"
                        + " compact): the broker refuses a record without a key there");
            }
            if (timestamps != null && r.timestamp() != null) {
                String refusal = timestamps.refusal(r.timestamp(), now, topic);
                if (refusal != null) {
                    throw new IllegalArgumentException(refusal);
                }
            }
            long size = estimatedBatchSize(r);
            if (size > maxRecordBytes) {
                throw new IllegalArgumentException("record of about " + size + " bytes is over the limit of "
                        + maxRecordBytes + " bytes (topic max.message.bytes and producer max.request.size)");
            }
        }

        private static long estimatedBatchSize(OutgoingRecord r) {
            long size = BATCH_AND_RECORD_OVERHEAD
                    + (r.key() == null ? 0 : r.key().length)
                    + (r.value() == null ? 0 : r.value().length);
            for (RecordHeader h : r.headers()) {
                size += 10
                        + h.name().getBytes(StandardCharsets.UTF_8).length
                        + (h.value() == null ? 0 : h.value().length);
            }
            return size;
        }
    }

    /**
     * Throws IllegalArgumentException when --poison could not make this value a record a consumer must reject (not
     * JSON, say): checked for every record before the first is sent.
     */
    private void checkPoison(byte[] value) {
        if (faults != null && faults.poison() > 0) {
            for (Faults.PoisonKind kind : faults.poisonKinds()) {
                try {
                    Poison.of(kind, faults.values(), value, faults.unknownId());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "--poison " + kind.label + " cannot be made of this record: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Where a record landed, once the broker acknowledged it. */
    static final class Slot {
        volatile int partition = -1;
        volatile long offset = -1;
    }

    /**
     * The faults of one publish, decided per original record with their own random numbers (the same draws for
     * every record, so a seed repeats the choice whatever is injected): poison replaces the record; otherwise a
     * record of a key may be held back until the next record of that key has been sent (it then follows it), and
     * a record may be sent twice, the copy right after it or up to --duplicate-delay later.
     */
    private final class FaultStage {
        private final Faults f;
        private final java.util.Random random;
        private final Sending sending;
        private final KafkaProducer<byte[], byte[]> producer;
        private final long[] line;
        private final Map<java.nio.ByteBuffer, Held> held = new java.util.LinkedHashMap<>();
        private final Map<java.nio.ByteBuffer, Boolean> keys = new java.util.HashMap<>();
        private final java.util.PriorityQueue<Copy> copies = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong(Copy::due).thenComparingLong(Copy::order));
        private final List<Entry> entries = new ArrayList<>();
        private long keyed;
        private long originals;
        private long copyOrder;

        private record Held(OutgoingRecord record, boolean duplicate, double delay) {}

        private record Copy(long due, long order, OutgoingRecord record, Slot of) {}

        private record Entry(Slot slot, String kind, Slot of, String poisonKind) {}

        FaultStage(Faults f, Sending sending, KafkaProducer<byte[], byte[]> producer, long[] line) {
            this.f = f;
            this.random = new java.util.Random(f.seed());
            this.sending = sending;
            this.producer = producer;
            this.line = line;
        }

        void accept(OutgoingRecord r) {
            sendDueCopies(false);
            originals++;
            double poisonDraw = random.nextDouble();
            double duplicateDraw = random.nextDouble();
            double reorderDraw = random.nextDouble();
            double delayDraw = random.nextDouble();
            Faults.PoisonKind kind =
                    f.poisonKinds().get(random.nextInt(f.poisonKinds().size()));
            java.nio.ByteBuffer key = r.key() == null ? null : java.nio.ByteBuffer.wrap(r.key());
            if (key != null) {
                keyed++;
                keys.putIfAbsent(key, Boolean.TRUE);
            }
            Held waiting = key == null ? null : held.remove(key);
            Slot current;
            if (poisonDraw < f.poison()) {
                byte[] value;
                try {
                    value = Poison.of(kind, f.values(), r.value(), f.unknownId());
                } catch (IllegalArgumentException e) {
                    String at = line != null ? "line " + line[0] : "record " + originals;
                    throw new EvctlException(
                            sending.acked.get() == 0 ? EvctlException.Kind.BAD_INPUT : EvctlException.Kind.PARTIAL,
                            "--poison: " + at + " cannot be made poison: " + e.getMessage() + " — "
                                    + (sending.acked.get() == 0 ? "nothing was sent" : "sending stopped there"));
                }
                current = send(
                        new OutgoingRecord(r.partition(), r.timestamp(), r.key(), value, r.headers()),
                        "poison",
                        null,
                        kind.label);
            } else if (waiting == null && key != null && reorderDraw < f.reorder()) {
                held.put(key, new Held(r, duplicateDraw < f.duplicates(), delayDraw));
                current = null;
            } else {
                current = send(r, null, null, null);
                if (duplicateDraw < f.duplicates()) {
                    queueCopy(r, current, delayDraw);
                }
            }
            if (waiting != null) { // the held record of this key now comes after a later one of its key
                Slot released = send(waiting.record(), "reordered", current, null);
                if (waiting.duplicate()) {
                    queueCopy(waiting.record(), released, waiting.delay());
                }
            }
        }

        /** Sends what is still held (no later record of its key came: in order, not counted) and every copy. */
        void finish() {
            for (Held h : List.copyOf(held.values())) {
                Slot s = send(h.record(), null, null, null);
                if (h.duplicate()) {
                    queueCopy(h.record(), s, h.delay());
                }
            }
            held.clear();
            sendDueCopies(true);
        }

        private void queueCopy(OutgoingRecord r, Slot original, double delayDraw) {
            long due = System.nanoTime() + (long) (f.duplicateDelay().toNanos() * delayDraw);
            copies.add(new Copy(due, copyOrder++, r, original));
            if (f.duplicateDelay().isZero()) {
                sendDueCopies(false);
            }
        }

        /** Sends the copies due now ({@code all}: every copy, waiting for each one's time). */
        private void sendDueCopies(boolean all) {
            while (!copies.isEmpty()) {
                Copy c = copies.peek();
                long wait = c.due() - System.nanoTime();
                if (wait > 0) {
                    if (!all) {
                        return;
                    }
                    LockSupport.parkNanos(wait);
                    continue;
                }
                copies.poll();
                send(c.record(), "duplicate", c.of(), null);
            }
        }

        private Slot send(OutgoingRecord r, String kind, Slot of, String poisonKind) {
            Slot slot = new Slot();
            sending.send(producer, r, slot);
            if (kind != null) {
                entries.add(new Entry(slot, kind, of, poisonKind));
            }
            return slot;
        }

        /** What was injected, read once every send has been acknowledged. */
        Injection.Report report() {
            List<Injection> list = new ArrayList<>();
            long duplicates = 0;
            long reordered = 0;
            long poison = 0;
            for (Entry e : entries) {
                if (e.slot().offset < 0) {
                    continue;
                }
                switch (e.kind()) {
                    case "duplicate" -> duplicates++;
                    case "reordered" -> reordered++;
                    default -> poison++;
                }
                list.add(new Injection(
                        e.slot().partition,
                        e.slot().offset,
                        e.kind(),
                        e.of() == null || e.of().offset < 0 ? null : e.of().offset,
                        e.poisonKind()));
            }
            list.sort(java.util.Comparator.comparingInt(Injection::partition).thenComparingLong(Injection::offset));
            return new Injection.Report(
                    new Injection.Counts(duplicates, reordered, poison, f.reorder() > 0 ? keyed - keys.size() : null),
                    list);
        }
    }

    private static final class SendFailed extends RuntimeException {
        SendFailed() {
            super(null, null, false, false);
        }
    }
}
