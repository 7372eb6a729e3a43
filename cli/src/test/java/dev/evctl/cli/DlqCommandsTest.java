package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * The dlq commands on records dead-lettered by Spring Kafka's own DeadLetterPublishingRecoverer
 * (not hand-made headers): 20 orders failed with IllegalStateException, 10 with TimeoutException.
 */
@Tag("integration")
class DlqCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Evctl evctl;
    private String broker;
    private String orders;
    private String dlq;
    private final Map<String, String> originals = new HashMap<>();

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home);
        broker = SharedBroker.bootstrapServers();
        evctl.ok("config", "set-context", "test", "-b", broker, "--use");
        orders = "orders-" + System.nanoTime();
        dlq = orders + "-dlt";
        evctl.ok("topics", "create", orders, "--partitions", "3");
        evctl.ok("topics", "create", dlq, "--partitions", "3");
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < 30; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                        orders,
                        i % 3,
                        ("order-" + i).getBytes(StandardCharsets.UTF_8),
                        ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                r.headers().add("traceparent", ("t-" + i).getBytes(StandardCharsets.UTF_8));
                p.send(r);
            }
        }
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                broker,
                "key.serializer",
                ByteArraySerializer.class,
                "value.serializer",
                ByteArraySerializer.class);
        KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
        DeadLetterPublishingRecoverer recoverer =
                new DeadLetterPublishingRecoverer(template, (record, e) -> new TopicPartition(dlq, record.partition()));
        for (ConsumerRecord<byte[], byte[]> r : consumeAll(orders, 30)) {
            int id = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring("order-".length()));
            originals.put(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8));
            Exception cause = id % 3 == 0
                    ? new java.util.concurrent.TimeoutException("timed out after " + (3000 + id) + " ms")
                    : new IllegalStateException("order " + id + " has no customer");
            recoverer.accept(r, new ListenerExecutionFailedException("Listener failed", cause));
        }
        template.flush();
        template.destroy();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int count) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps =
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < count) {
                assertTrue(
                        System.nanoTime() < deadline, "only " + out.size() + " of " + count + " records in " + topic);
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void inspectGroupsByCauseAndShowGivesTheDetails() throws Exception {
        JsonNode s = JSON.readTree(evctl.ok("dlq", "inspect", dlq, "-o", "json").out());
        assertEquals(30, s.get("records").asInt());
        assertEquals(30, s.get("pending").asInt());
        assertEquals("evctl-dlq-" + dlq, s.get("group").asText());
        assertEquals(orders, s.get("byOriginalTopic").get(0).get("name").asText());
        assertEquals(
                "java.lang.IllegalStateException",
                s.get("byErrorClass").get(0).get("name").asText());
        assertEquals(20, s.get("byErrorClass").get(0).get("records").asInt());
        assertEquals(
                "java.util.concurrent.TimeoutException",
                s.get("byErrorClass").get(1).get("name").asText());
        assertEquals(
                2,
                s.get("byMessagePattern").size(),
                "ids and numbers masked: one row per bug " + s.get("byMessagePattern"));
        assertEquals("spring", s.get("byConvention").get(0).get("name").asText());
        assertTrue(evctl.ok("dlq", "inspect", dlq).out().contains("30 records, 30 pending"));

        JsonNode shown = JSON.readTree(
                evctl.ok("dlq", "show", dlq, "--error-class", "TimeoutException", "--max", "2", "-o", "json")
                        .out());
        assertEquals(2, shown.size());
        JsonNode first = shown.get(0);
        List<String> showFields = new ArrayList<>();
        first.fieldNames().forEachRemaining(showFields::add);
        assertEquals(
                List.of(
                        "at",
                        "partition",
                        "offset",
                        "written",
                        "handled",
                        "convention",
                        "originalTopic",
                        "originalPartition",
                        "originalOffset",
                        "originalTimestamp",
                        "exceptionClass",
                        "message",
                        "detail",
                        "problems",
                        "key",
                        "value",
                        "stacktrace"),
                showFields,
                "dlq show's document (README: JSON output)");
        assertEquals(orders, first.get("originalTopic").asText());
        assertNotNull(first.get("originalOffset"));
        assertTrue(first.get("message").asText().contains("timed out after"), first.toString());
        assertTrue(first.get("stacktrace").asText().contains("more lines (--full-stacktrace)"), first.toString());
        JsonNode full = JSON.readTree(evctl.ok(
                        "dlq",
                        "show",
                        dlq,
                        "--offset",
                        first.get("partition").asText() + ":"
                                + first.get("offset").asText(),
                        "--full-stacktrace",
                        "-o",
                        "json")
                .out());
        assertEquals(1, full.size());
        assertTrue(
                full.get(0).get("stacktrace").asText().contains("Caused by: java.util.concurrent.TimeoutException"),
                full.toString());
        assertEquals(
                originals.get(first.get("key").asText()), first.get("value").asText());
    }

    @Test
    void redriveOneClassExactlyOnceThenSkipTheRest() throws Exception {
        JsonNode dry = JSON.readTree(
                evctl.ok("dlq", "redrive", dlq, "--error-class", "IllegalStateException", "--dry-run", "-o", "json")
                        .out());
        assertEquals(20, dry.get("outcomes").get("REDRIVE").asInt());
        assertEquals(20, dry.get("destinations").get(orders).asInt());
        // the JSON documents are a contract (README "JSON output"): their fields, in order
        assertEquals(List.of("dlq", "dryRun", "outcomes", "destinations", "errorClasses"), Evctl.fields(dry));
        assertEquals(30, consumeAll(orders, 30).size(), "a dry run sends nothing");

        Evctl.Result run =
                evctl.ok("dlq", "redrive", dlq, "--error-class", "IllegalStateException", "--yes", "-o", "json");
        JsonNode done = JSON.readTree(run.out());
        assertEquals(20, done.get("redriven").asInt());
        assertEquals(
                List.of(
                        "dlq",
                        "job",
                        "group",
                        "redriven",
                        "complete",
                        "counts",
                        "outcomes",
                        "destinations",
                        "errorClasses",
                        "heldBack"),
                Evctl.fields(done));
        // --yes reads the DLQ once: the range first, the counts the run decided after it
        assertTrue(run.err().contains("redrive " + dlq + ": reading offsets "), run.err());
        assertTrue(
                run.err().contains("done: redrive " + dlq + ": 20 to redrive, 0 handled before, 10 not selected"),
                run.err());
        assertEquals(20, done.get("outcomes").get("REDRIVE").asInt());
        assertEquals(10, done.get("outcomes").get("NOT_SELECTED").asInt());
        assertEquals(20, done.get("destinations").get(orders).asInt());
        assertEquals(
                20,
                done.get("errorClasses").get("java.lang.IllegalStateException").asInt(),
                done.toString());
        List<ConsumerRecord<byte[], byte[]>> all = consumeAll(orders, 50);
        assertEquals(50, all.size());
        List<ConsumerRecord<byte[], byte[]>> redriven = all.stream()
                .filter(r -> r.headers().lastHeader("evctl.redrive.count") != null)
                .toList();
        assertEquals(20, redriven.size());
        for (ConsumerRecord<byte[], byte[]> r : redriven) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertEquals(originals.get(key), new String(r.value(), StandardCharsets.UTF_8), "value unchanged");
            assertEquals(
                    "1",
                    new String(r.headers().lastHeader("evctl.redrive.count").value(), StandardCharsets.UTF_8));
            assertTrue(new String(r.headers().lastHeader("evctl.redrive.source").value(), StandardCharsets.UTF_8)
                    .startsWith(dlq + "/"));
            assertNotNull(r.headers().lastHeader("traceparent"), "the record's own headers stay");
            r.headers()
                    .forEach(h -> assertFalse(h.key().startsWith("kafka_dlt-"), "error headers stripped: " + h.key()));
        }

        Evctl.Result again = evctl.ok("dlq", "redrive", dlq, "--error-class", "IllegalStateException", "--yes");
        assertTrue(again.err().contains("redrove 0 records"), again.err());
        assertEquals(50, consumeAll(orders, 50).size());
        assertEquals(
                10,
                JSON.readTree(evctl.ok("dlq", "inspect", dlq, "-o", "json").out())
                        .get("pending")
                        .asInt());

        // a fresh command over the whole DLQ sees the 20 as handled before
        JsonNode everything = JSON.readTree(
                evctl.ok("dlq", "redrive", dlq, "--dry-run", "-o", "json").out());
        assertEquals(20, everything.get("outcomes").get("HANDLED_BEFORE").asInt());

        JsonNode skipped = JSON.readTree(evctl.ok(
                        "dlq",
                        "skip",
                        dlq,
                        "--error-class",
                        "TimeoutException",
                        "--reason",
                        "obsolete orders",
                        "--yes",
                        "-o",
                        "json")
                .out());
        assertEquals(10, skipped.get("skipped").asInt());
        assertEquals(
                0,
                JSON.readTree(evctl.ok("dlq", "inspect", dlq, "-o", "json").out())
                        .get("pending")
                        .asInt());
        JsonNode group = JSON.readTree(
                evctl.ok("groups", "describe", "evctl-dlq-" + dlq, "-o", "json").out());
        group.get("partitions")
                .forEach(p -> assertEquals(0, p.get("lag").asInt(), "the DLQ group is at the end: " + p));
    }

    @Test
    void recordsThatCannotGoBackStayPendingAndAreReported() throws Exception {
        String connectDlq = "connect-dlq-" + System.nanoTime();
        evctl.ok("topics", "create", connectDlq);
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(record(connectDlq, "gone-topic", "0", null)); // original topic does not exist
            p.send(record(connectDlq, orders, "x", null)); // malformed partition
            p.send(record(connectDlq, orders, "1", "3")); // already redriven 3 times
            p.send(record(connectDlq, orders, "2", null)); // fine
        }
        Evctl.Result r = evctl.expect(
                ExitCodes.PARTIAL, "dlq", "redrive", connectDlq, "--keep-partition", "--yes", "-o", "json");
        JsonNode report = JSON.readTree(r.out());
        assertEquals(1, report.get("redriven").asInt());
        List<String> held = new ArrayList<>();
        report.get("heldBack").forEach(h -> held.add(h.asText()));
        assertEquals(3, held.size(), held.toString());
        assertTrue(held.stream().anyMatch(h -> h.contains("topic 'gone-topic' does not exist")), held.toString());
        assertTrue(
                held.stream().anyMatch(h -> h.contains("__connect.errors.partition: not a number")), held.toString());
        assertTrue(held.stream().anyMatch(h -> h.contains("already redriven 3 times")), held.toString());
        assertEquals(
                3,
                JSON.readTree(evctl.ok("dlq", "inspect", connectDlq, "-o", "json")
                                .out())
                        .get("pending")
                        .asInt());

        String plain = "plain-" + System.nanoTime();
        evctl.ok("topics", "create", plain);
        evctl.ok("publish", plain, "--value", "not a dead letter");
        JsonNode unknown =
                JSON.readTree(evctl.ok("dlq", "inspect", plain, "-o", "json").out());
        assertEquals("unknown", unknown.get("byConvention").get(0).get("name").asText());
        assertTrue(evctl.expect(ExitCodes.PARTIAL, "dlq", "redrive", plain, "--yes")
                .err()
                .contains("no original topic in its headers"));

        String empty = "empty-dlq-" + System.nanoTime();
        evctl.ok("topics", "create", empty);
        assertTrue(evctl.ok("dlq", "inspect", empty).out().contains("empty"));
        assertTrue(evctl.ok("dlq", "redrive", empty, "--yes").err().contains("redrove 0 records"));
        evctl.expect(ExitCodes.NOT_FOUND, "dlq", "inspect", "no-such-dlq-" + System.nanoTime());
    }

    private static ProducerRecord<byte[], byte[]> record(
            String dlq, String topic, String partition, String redriveCount) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                dlq, 0, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        r.headers().add("__connect.errors.topic", topic.getBytes(StandardCharsets.UTF_8));
        r.headers().add("__connect.errors.partition", partition.getBytes(StandardCharsets.UTF_8));
        r.headers().add("__connect.errors.offset", "5".getBytes(StandardCharsets.UTF_8));
        r.headers()
                .add(
                        "__connect.errors.exception.class.name",
                        "org.apache.kafka.connect.errors.DataException".getBytes(StandardCharsets.UTF_8));
        if (redriveCount != null) {
            r.headers().add("evctl.redrive.count", redriveCount.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }
}
