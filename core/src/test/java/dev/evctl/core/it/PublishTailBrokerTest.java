package dev.evctl.core.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.Config;
import dev.evctl.core.kafka.ConnectionOptions;
import dev.evctl.core.kafka.ConnectionResolver;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.publish.InputFormat;
import dev.evctl.core.publish.PublishRequest;
import dev.evctl.core.publish.PublishResult;
import dev.evctl.core.publish.Publisher;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.tail.OutputMode;
import dev.evctl.core.tail.TailRequest;
import dev.evctl.core.tail.TailResult;
import dev.evctl.core.tail.Tailer;
import dev.evctl.core.tail.ValueFormat;
import dev.evctl.core.topics.TopicService;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publish and tail services against the real in-process broker. */
@Tag("integration")
class PublishTailBrokerTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    private KafkaClients clients;
    private final List<String> diagnostics = new ArrayList<>();

    @BeforeEach
    void connect() {
        clients = new KafkaClients(new ConnectionResolver(Config.empty(), Map.of(), Optional::empty)
                .resolve(new ConnectionOptions(
                        null, SharedBroker.bootstrapServers(), null, Map.of(), Duration.ofSeconds(10))));
    }

    @AfterEach
    void close() {
        clients.close();
    }

    private String topic(int partitions) {
        String name = "t" + TOPICS.incrementAndGet() + "-" + System.nanoTime();
        new TopicService(clients).create(name, partitions, Optional.empty(), Map.of(), false);
        return name;
    }

    private PublishResult publishLines(String topic, InputFormat input, String text, boolean skipInvalid) {
        return new Publisher(clients, diagnostics::add)
                .publish(new PublishRequest(
                        topic,
                        new PublishRequest.Lines(
                                "input.txt", null, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))),
                        input,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        0,
                        skipInvalid,
                        null));
    }

    private TailResult tail(
            List<String> topics,
            OffsetSpec from,
            OffsetSpec to,
            OutputMode output,
            String where,
            ByteArrayOutputStream out) {
        return new Tailer(clients, diagnostics::add)
                .tail(
                        new TailRequest(
                                topics,
                                List.of(),
                                from,
                                to,
                                false,
                                0,
                                ValueFormat.string,
                                ValueFormat.json,
                                output,
                                null,
                                null,
                                Map.of(),
                                where,
                                null,
                                false,
                                false,
                                null,
                                false),
                        out);
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedBroker.bootstrapServers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void envelopeTailPipedIntoPublishReproducesRecordsExactly() {
        String source = topic(3);
        String target = topic(3);
        byte[] nonUtf8 = {(byte) 0xc3, 0x28, 0, (byte) 0xff};
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedBroker.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            Header[] dup = {
                new RecordHeader("h", "1".getBytes()),
                new RecordHeader("h", "2".getBytes()),
                new RecordHeader("bin", nonUtf8),
                new RecordHeader("null", null)
            };
            producer.send(new ProducerRecord<>(
                    source, 0, 1_600_000_000_000L, "k1".getBytes(), nonUtf8, new RecordHeaders(dup)));
            producer.send(new ProducerRecord<>(source, 1, 1_600_000_000_001L, null, null, new RecordHeaders()));
            producer.send(
                    new ProducerRecord<>(source, 2, 1_600_000_000_002L, new byte[0], new byte[0], new RecordHeaders()));
            producer.send(new ProducerRecord<>(
                    source,
                    2,
                    1_600_000_000_003L,
                    nonUtf8,
                    "plain ✓".getBytes(StandardCharsets.UTF_8),
                    new RecordHeaders()));
            producer.flush();
        }
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        TailResult tailed = tail(
                List.of(source), new OffsetSpec.Beginning(), new OffsetSpec.End(), OutputMode.envelope, null, envelope);
        assertEquals(4, tailed.shown());

        PublishResult published =
                publishLines(target, InputFormat.envelope, envelope.toString(StandardCharsets.UTF_8), false);
        assertEquals(4, published.records());

        List<ConsumerRecord<byte[], byte[]>> a = readAll(source);
        List<ConsumerRecord<byte[], byte[]>> b = readAll(target);
        assertEquals(a.size(), b.size());
        Comparator<ConsumerRecord<byte[], byte[]>> order = Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(
                        ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset);
        a.sort(order);
        b.sort(order);
        for (int i = 0; i < a.size(); i++) {
            ConsumerRecord<byte[], byte[]> x = a.get(i);
            ConsumerRecord<byte[], byte[]> y = b.get(i);
            assertEquals(x.partition(), y.partition());
            assertEquals(x.timestamp(), y.timestamp());
            assertArrayEquals(x.key(), y.key());
            assertArrayEquals(x.value(), y.value());
            Header[] hx = x.headers().toArray();
            Header[] hy = y.headers().toArray();
            assertEquals(hx.length, hy.length);
            for (int h = 0; h < hx.length; h++) {
                assertEquals(hx[h].key(), hy[h].key());
                assertArrayEquals(hx[h].value(), hy[h].value());
            }
        }
    }

    @Test
    void anInvalidJsonLineSendsNothingAndNamesTheLine() {
        String topic = topic(1);
        EvctlException e = assertThrows(
                EvctlException.class,
                () -> publishLines(topic, InputFormat.jsonl, "{\"a\":1}\n{\"a\":2}\n{\"a\":\n{\"a\":4}\n", false));
        assertEquals(EvctlException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("input.txt:3: invalid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
        assertEquals(0, readAll(topic).size());
    }

    @Test
    void skipInvalidSendsTheRestAndListsEverySkippedLine() {
        String topic = topic(1);
        PublishResult r = publishLines(topic, InputFormat.jsonl, "{\"a\":1}\nnot json\n\n{\"a\":3}\n[1,\n", true);
        assertEquals(2, r.records());
        assertEquals(2, r.skipped().size());
        assertTrue(
                r.skipped().get(0).startsWith("input.txt:2:")
                        && r.skipped().get(1).startsWith("input.txt:5:"),
                r.skipped().toString());
        assertEquals(2, readAll(topic).size());
    }

    @Test
    void aRecordOverTheBrokersLimitIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        String topic = "big-" + System.nanoTime();
        new TopicService(clients).create(topic, 1, Optional.empty(), Map.of("max.message.bytes", "1000"), false);
        Path file = dir.resolve("records.txt");
        Files.writeString(file, "small\n" + "x".repeat(2000) + "\nsmall\n");
        EvctlException e = assertThrows(
                EvctlException.class,
                () -> new Publisher(clients, diagnostics::add)
                        .publish(new PublishRequest(
                                topic,
                                new PublishRequest.Lines(file.toString(), file, null),
                                InputFormat.lines,
                                null,
                                null,
                                List.of(),
                                null,
                                null,
                                0,
                                false,
                                null)));
        assertEquals(EvctlException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith(file + ":2: record of about"), e.getMessage());
        assertEquals(0, readAll(topic).size());
    }

    @Test
    void missingFileUnknownTopicAndPartitionOutOfRangeAreClearErrors() {
        String topic = topic(2);
        EvctlException missing = assertThrows(
                EvctlException.class,
                () -> new Publisher(clients, diagnostics::add)
                        .publish(new PublishRequest(
                                topic,
                                new PublishRequest.Lines("/no/such.jsonl", Path.of("/no/such.jsonl"), null),
                                InputFormat.jsonl,
                                null,
                                null,
                                List.of(),
                                null,
                                null,
                                0,
                                false,
                                null)));
        assertEquals(EvctlException.Kind.BAD_INPUT, missing.kind());

        EvctlException unknown = assertThrows(
                EvctlException.class, () -> publishLines("no-such-topic", InputFormat.lines, "x\n", false));
        assertEquals(EvctlException.Kind.NOT_FOUND, unknown.kind());
        assertTrue(unknown.getMessage().contains("'no-such-topic'"), unknown.getMessage());

        EvctlException tailUnknown = assertThrows(
                EvctlException.class,
                () -> tail(
                        List.of("no-such-topic"),
                        new OffsetSpec.Beginning(),
                        new OffsetSpec.End(),
                        OutputMode.text,
                        null,
                        new ByteArrayOutputStream()));
        assertEquals(EvctlException.Kind.NOT_FOUND, tailUnknown.kind());

        EvctlException partition = assertThrows(
                EvctlException.class,
                () -> new Publisher(clients, diagnostics::add)
                        .publish(new PublishRequest(
                                topic,
                                new PublishRequest.Single(null, "v".getBytes(), 1),
                                InputFormat.lines,
                                null,
                                null,
                                List.of(),
                                5,
                                null,
                                0,
                                false,
                                null)));
        assertEquals(EvctlException.Kind.NOT_FOUND, partition.kind());
        assertTrue(partition.getMessage().contains("has 2 partitions (0-1)"), partition.getMessage());
    }

    @Test
    void boundedTailHonoursInclusiveOffsetsAndJmesPathFilters() {
        String topic = topic(1);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append("{\"n\":")
                    .append(i)
                    .append(",\"even\":")
                    .append(i % 2 == 0)
                    .append("}\n");
        }
        publishLines(topic, InputFormat.jsonl, lines.toString(), false);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TailResult range = tail(
                List.of(topic), new OffsetSpec.Absolute(5), new OffsetSpec.Absolute(9), OutputMode.json, null, out);
        assertEquals(5, range.shown(), "offsets 5..9 inclusive");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"value\":{\"n\":9,\"even\":false}"));

        ByteArrayOutputStream filtered = new ByteArrayOutputStream();
        TailResult evens = tail(
                List.of(topic),
                new OffsetSpec.FromEnd(10),
                new OffsetSpec.End(),
                OutputMode.json,
                "even && n > `14`",
                filtered);
        assertEquals(10, evens.read());
        assertEquals(2, evens.shown(), "16 and 18");
        assertEquals(8, evens.filtered());
    }

    @Test
    void timeRangesAndKeyAndHeaderFilters() {
        String topic = topic(1);
        StringBuilder envelopes = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            envelopes
                    .append("{\"timestamp\":")
                    .append(1_700_000_000_000L + i * 1000)
                    .append(",\"key\":\"")
                    .append(i % 2 == 0 ? "even-" : "odd-")
                    .append(i)
                    .append("\",\"value\":\"v")
                    .append(i)
                    .append("\",\"headers\":[{\"name\":\"tenant\",\"value\":\"")
                    .append(i < 5 ? "a" : "b")
                    .append("\"}]}\n");
        }
        publishLines(topic, InputFormat.envelope, envelopes.toString(), false);
        Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TailResult byTime = tail(
                List.of(topic),
                new OffsetSpec.AtTime(t0.plusSeconds(3)),
                new OffsetSpec.AtTime(t0.plusSeconds(7)),
                OutputMode.json,
                null,
                out);
        assertEquals(4, byTime.shown(), "records at 3, 4, 5 and 6 s: --to a time stops before it");

        TailResult filtered = new Tailer(clients, diagnostics::add)
                .tail(
                        new TailRequest(
                                List.of(topic),
                                List.of(),
                                new OffsetSpec.Beginning(),
                                new OffsetSpec.End(),
                                false,
                                0,
                                ValueFormat.string,
                                ValueFormat.string,
                                OutputMode.text,
                                "{key}",
                                "^even-",
                                Map.of("tenant", "b"),
                                null,
                                null,
                                false,
                                false,
                                null,
                                false),
                        out);
        assertEquals(2, filtered.shown(), "even keys of tenant b: 6 and 8");
        assertEquals(8, filtered.filtered());
    }

    @Test
    void toBeforeFromIsAUsageError() {
        String topic = topic(1);
        EvctlException e = assertThrows(
                EvctlException.class,
                () -> tail(
                        List.of(topic),
                        new OffsetSpec.Absolute(9),
                        new OffsetSpec.Absolute(3),
                        OutputMode.text,
                        null,
                        new ByteArrayOutputStream()));
        assertEquals(EvctlException.Kind.USAGE, e.kind());
    }
}
