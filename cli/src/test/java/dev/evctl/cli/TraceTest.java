package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evctl trace} on a real flow: an order (its key) → a payment (a correlation-id header) → a dead letter of
 * the payment (Connect's headers) → a shipment (only a field of its value carries the order id), among 100,000 other
 * records per topic, with groups that have and have not read the payment, and decoys that must not be hops.
 */
@Tag("integration")
class TraceTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "output");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "o-4711";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ORDERS = "trace-orders";
    private static final String PAYMENTS = "trace-payments";
    private static final String SHIPMENTS = "trace-shipments";
    private static final String DLT = "trace-payments.DLT";
    private static final String FLOW = ORDERS + "," + PAYMENTS + "," + SHIPMENTS + "," + DLT;
    private static final int FILLER = 100_000;

    @TempDir
    static Path home;

    private static Evctl evctl;

    @BeforeAll
    static void flow() throws Exception {
        evctl = SharedRegistry.evctl(home.resolve("evctl"));
        String bootstrap = SharedBroker.bootstrapServers();
        for (String t : List.of(ORDERS, PAYMENTS, SHIPMENTS, DLT)) { // the shared broker keeps records forever
            evctl.ok("topics", "create", t, "--partitions", "3");
        }
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                bootstrap,
                "key.serializer",
                ByteArraySerializer.class,
                "value.serializer",
                ByteArraySerializer.class,
                "linger.ms",
                "50",
                "batch.size",
                "524288");
        java.util.concurrent.atomic.AtomicReference<Exception> failed =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
            for (String t :
                    List.of(ORDERS, PAYMENTS, SHIPMENTS, DLT)) { // the crowd the hops hide in, partitions 0 and 2
                for (int i = 0; i < FILLER; i++) {
                    p.send(
                            new ProducerRecord<>(
                                    t,
                                    i % 2 == 0 ? 0 : 2,
                                    at(30 + i % 1000).toEpochMilli(),
                                    bytes("x-" + i),
                                    bytes("{\"orderId\":\"o-" + i + "\",\"n\":" + i + "}")),
                            (m, e) -> {
                                if (e != null) {
                                    failed.compareAndSet(null, e);
                                }
                            });
                }
            }
            p.flush();
            if (failed.get() != null) {
                throw failed.get();
            }
            // orders, partition 1: two decoys (the id in a field nobody asked for; a key that only contains it), the
            // hop
            p.send(record(ORDERS, 0, "o-1", "{\"orderId\":\"o-1\",\"note\":\"o-4711\"}"))
                    .get();
            p.send(record(ORDERS, 10, "o-47110", "{\"orderId\":\"o-47110\",\"type\":\"OrderPlaced\"}"))
                    .get();
            p.send(record(ORDERS, 60, ID, "{\"orderId\":\"o-4711\",\"type\":\"OrderPlaced\"}"))
                    .get();
            // payments, partition 1: two other payments, the hop (its correlation id), a traced record
            for (int i = 1; i <= 2; i++) {
                ProducerRecord<byte[], byte[]> other =
                        record(PAYMENTS, 50 + i, "p-" + i, "{\"paymentId\":\"p-" + i + "\"}");
                other.headers().add("correlation-id", bytes("o-" + i));
                p.send(other).get();
            }
            ProducerRecord<byte[], byte[]> payment = record(PAYMENTS, 62, "p-77", "{\"paymentId\":\"p-77\"}");
            payment.headers().add("correlation-id", bytes(ID)).add("type", bytes("PaymentTaken"));
            p.send(payment).get();
            ProducerRecord<byte[], byte[]> traced = record(PAYMENTS, 120, "p-3", "{\"paymentId\":\"p-3\"}");
            traced.headers().add("traceparent", bytes("00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
            p.send(traced).get();
            // the payment failed downstream: a dead letter in Connect's convention, carrying the correlation id
            ProducerRecord<byte[], byte[]> dead = record(DLT, 180, "p-77", "{\"paymentId\":\"p-77\"}");
            dead.headers()
                    .add("correlation-id", bytes(ID))
                    .add("__connect.errors.topic", bytes(PAYMENTS))
                    .add("__connect.errors.partition", bytes("1"))
                    .add("__connect.errors.offset", bytes("2"))
                    .add("__connect.errors.exception.class.name", bytes("java.lang.IllegalStateException"))
                    .add("__connect.errors.exception.message", bytes("card declined"));
            p.send(dead).get();
            // shipments, partition 1: only a field of the value names the order
            p.send(record(
                            SHIPMENTS,
                            1200,
                            "s-9",
                            "{\"shipment\":{\"order\":\"o-4711\"},\"eventType\":\"ShipmentBooked\"}"))
                    .get();
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // billing has read the payment, audit is two records short of it, shipper reads another partition only
            admin.alterConsumerGroupOffsets("trace-billing", Map.of(tp(PAYMENTS, 1), new OffsetAndMetadata(3)))
                    .all()
                    .get();
            admin.alterConsumerGroupOffsets("trace-audit", Map.of(tp(PAYMENTS, 1), new OffsetAndMetadata(1)))
                    .all()
                    .get();
            admin.alterConsumerGroupOffsets("trace-shipper", Map.of(tp(SHIPMENTS, 0), new OffsetAndMetadata(5)))
                    .all()
                    .get();
        }
    }

    private static Instant at(int seconds) {
        return T.plusSeconds(seconds);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int seconds, String key, String value) {
        return new ProducerRecord<>(topic, 1, at(seconds).toEpochMilli(), bytes(key), bytes(value));
    }

    private static TopicPartition tp(String topic, int p) {
        return new TopicPartition(topic, p);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String[] trace(String... more) {
        List<String> args = new ArrayList<>(
                List.of("trace", ID, "--topics", FLOW, "--around", "2026-12-01T10:05:00Z", "--since", "1h"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theFlowsHopsInTimeOrderWithGroupsAndTheDeadLetterPinnedAsTextAndJson() throws Exception {
        String[] ask =
                trace("--id-key", "--id-header", "correlation-id", "--id-field", "shipment.order", "--slow", "10m");
        Evctl.Result text = evctl.ok(ask);
        Evctl.Result json = evctl.ok(concat(ask, "-o", "json"));

        JsonNode doc = JSON.readTree(json.out());
        List<String> hops = new ArrayList<>();
        doc.get("hops")
                .forEach(h -> hops.add(h.get("topic").asText() + " "
                        + h.get("partition").asInt() + "@" + h.get("offset").asLong() + " "
                        + h.get("matchedBy").asText()));
        assertEquals(
                List.of(
                        ORDERS + " 1@2 key", PAYMENTS + " 1@2 header correlation-id",
                        DLT + " 1@0 header correlation-id", SHIPMENTS + " 1@0 field shipment.order"),
                hops,
                "in time order, the decoys left out: " + json.out());
        JsonNode payment = doc.get("hops").get(1);
        assertEquals("PaymentTaken", payment.get("type").asText());
        assertEquals(
                "[{\"group\":\"trace-audit\",\"state\":\"pending\",\"consumed\":false,\"behind\":2},"
                        + "{\"group\":\"trace-billing\",\"state\":\"consumed\",\"consumed\":true,\"behind\":0}]",
                payment.get("groups").toString());
        JsonNode shipment = doc.get("hops").get(3);
        assertEquals("no-offset", shipment.get("groups").get(0).get("state").asText(), shipment.toString());
        JsonNode dead = doc.get("hops").get(2).get("deadLetter");
        assertEquals("java.lang.IllegalStateException", dead.get("errorClass").asText());
        assertEquals("card declined", dead.get("message").asText());
        assertEquals(
                PAYMENTS + " 1 2",
                dead.get("originalTopic").asText() + " " + dead.get("originalPartition") + " "
                        + dead.get("originalOffset"));
        assertTrue(
                doc.get("scanned").get("records").asLong() >= 4L * FILLER,
                doc.get("scanned").toString());
        assertTrue(text.out().contains("slow: 17m00s after the previous hop"), text.out());
        golden("trace-flow.txt", text.out() + "--- stderr\n" + text.err());
        golden("trace-flow.json", json.out());
    }

    @Test
    void withoutIdOptionsTheKeyAndTheUsualHeadersAreUsedAndSaid() {
        Evctl.Result r = evctl.ok(trace("-o", "json"));
        assertTrue(
                r.err()
                        .contains("in key, header correlation-id, header correlationId, header x-correlation-id,"
                                + " header traceparent"),
                r.err());
        assertFalse(r.out().contains(SHIPMENTS), "only a field carries it there: " + r.out());
        assertEquals(3, count(r.out(), "\"matchedBy\""), r.out());
    }

    @Test
    void aTopicPatternOrNoTopicsAtAllFindTheSameHops() throws Exception {
        Evctl.Result pattern = evctl.ok(
                "trace", ID, "--topic-pattern", "^trace-pay", "--around", "2026-12-01T10:05:00Z", "-o", "json");
        List<String> topics = new ArrayList<>();
        JSON.readTree(pattern.out())
                .get("hops")
                .forEach(h -> topics.add(h.get("topic").asText()));
        assertEquals(List.of(PAYMENTS, DLT), topics, pattern.out());

        Evctl.Result all = evctl.ok("trace", ID, "--around", "2026-12-01T10:05:00Z", "-o", "json");
        topics.clear();
        JSON.readTree(all.out())
                .get("hops")
                .forEach(h -> topics.add(h.get("topic").asText()));
        assertEquals(List.of(ORDERS, PAYMENTS, DLT), topics, "every topic of the cluster searched: " + all.err());
    }

    @Test
    void anAbortedRecordIsNoHopAndAnOpenTransactionDoesNotHoldTheSearch() throws Exception {
        String topic = "trace-txn";
        evctl.ok("topics", "create", topic, "--partitions", "1");
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                SharedBroker.bootstrapServers(),
                "key.serializer",
                ByteArraySerializer.class,
                "value.serializer",
                ByteArraySerializer.class,
                "transactional.id",
                "trace-test-" + System.nanoTime());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, bytes(ID), bytes("{\"committed\":true}")))
                    .get();
            p.commitTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, bytes(ID), bytes("{\"aborted\":true}")))
                    .get();
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, bytes(ID), bytes("{\"open\":true}")))
                    .get();
            // left open while evctl searches: read_committed readers stop below it

            Evctl.Result r = evctl.ok("trace", ID, "--topics", topic, "--id-key", "-o", "json");

            JsonNode hops = JSON.readTree(r.out()).get("hops");
            assertEquals(1, hops.size(), r.out());
            assertEquals(0, hops.get(0).get("offset").asLong(), "the committed record only: " + r.out());
        }
    }

    @Test
    void searchingEveryTopicAsksFirstAboveTheLimitAndYesGoesAhead() {
        System.setProperty("evctl.trace.confirm-above", "1000"); // the window holds 400,009 records of the flow
        try {
            Evctl.Result refused = evctl.expect(ExitCodes.USAGE, "trace", ID, "--around", "2026-12-01T10:05:00Z");
            assertTrue(refused.err().contains("not confirmed") && refused.err().contains("--yes"), refused.err());
            assertEquals("", refused.out());
            evctl.ok("trace", ID, "--around", "2026-12-01T10:05:00Z", "--yes");
        } finally {
            System.clearProperty("evctl.trace.confirm-above");
        }
    }

    @Test
    void followWithAWindowThatEndsIsRefused() {
        Evctl.Result r = evctl.expect(ExitCodes.USAGE, "trace", ID, "--topics", ORDERS, "--follow", "--until", "1h");
        assertTrue(r.err().contains("--follow"), r.err());
    }

    @Test
    void aTraceparentMatchesOnItsTraceId() throws Exception {
        Evctl.Result r =
                evctl.ok("trace", TRACE_ID, "--topics", PAYMENTS, "--around", "2026-12-01T10:05:00Z", "-o", "json");
        JsonNode hops = JSON.readTree(r.out()).get("hops");
        assertEquals(1, hops.size(), r.out());
        assertEquals("header traceparent", hops.get(0).get("matchedBy").asText());
        assertEquals(3, hops.get(0).get("offset").asLong());
    }

    @Test
    void aWindowThatEndsBeforeTheShipmentLeavesItOut() throws Exception {
        Evctl.Result r = evctl.ok(
                "trace",
                ID,
                "--topics",
                FLOW,
                "--until",
                "2026-12-01T10:10:00Z",
                "--since",
                "20m",
                "--id-key",
                "--id-header",
                "correlation-id",
                "--id-field",
                "shipment.order",
                "-o",
                "json");
        assertEquals(3, JSON.readTree(r.out()).get("hops").size(), r.out());
        assertFalse(r.out().contains(SHIPMENTS + "\""), r.out());
    }

    @Test
    void anIdNobodyCarriesExitsOneLikeGrep() {
        Evctl.Result r = evctl.expect(ExitCodes.CHECK_FAILED, trace("--id-field", "shipment.carrier"));
        assertEquals("", r.out());
        assertTrue(r.err().contains("0 hops"), r.err());
        Evctl.Result substring = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "trace",
                "o-471",
                "--topics",
                ORDERS,
                "--around",
                "2026-12-01T10:05:00Z",
                "--id-key");
        assertTrue(substring.err().contains("0 hops"), "o-471 is inside o-4711 and o-47110, and is neither");
    }

    @Test
    void mermaidDrawsTheHopsAsASequence() {
        String m = evctl.ok(trace(
                        "--id-key", "--id-header", "correlation-id", "--id-field", "shipment.order", "-o", "mermaid"))
                .out();
        assertTrue(m.startsWith("sequenceDiagram\n"), m);
        assertEquals(4, count(m, "    participant "), m);
        assertEquals(3, count(m, "->>"), m);
        assertTrue(m.contains("dead letter#58; java.lang.IllegalStateException#58; card declined"), m);
    }

    @Test
    void avroAndProtobufFieldsAreReadThroughTheRegistry() throws Exception {
        Path avsc = home.resolve("shipment.avsc");
        Files.writeString(
                avsc,
                "{\"type\":\"record\",\"name\":\"Shipment\",\"namespace\":\"t\",\"fields\":["
                        + "{\"name\":\"order\",\"type\":{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
                        + "{\"name\":\"id\",\"type\":\"string\"}]}},{\"name\":\"carrier\",\"type\":\"string\"}]}");
        Path proto = home.resolve("shipment.proto");
        Files.writeString(
                proto,
                "syntax = \"proto3\";\npackage t;\nmessage Order { string id = 1; }\n"
                        + "message Shipment { Order order = 1; string carrier = 2; }\n");
        evctl.ok("topics", "create", "trace-avro", "--partitions", "1");
        evctl.ok("topics", "create", "trace-proto", "--partitions", "1");
        for (String id : List.of("o-1", ID, "o-2")) {
            String v = "{\"order\":{\"id\":\"" + id + "\"},\"carrier\":\"dhl\"}";
            evctl.ok("publish", "trace-avro", "--value-format", "avro", "--schema-file", avsc.toString(), "--value", v);
            evctl.ok(
                    "publish",
                    "trace-proto",
                    "--value-format",
                    "protobuf",
                    "--schema-file",
                    proto.toString(),
                    "--message",
                    "Shipment",
                    "--value",
                    v);
        }

        Evctl.Result r =
                evctl.ok("trace", ID, "--topics", "trace-avro,trace-proto", "--id-field", "order.id", "-o", "json");

        JsonNode hops = JSON.readTree(r.out()).get("hops");
        assertEquals(2, hops.size(), r.out());
        for (JsonNode h : hops) {
            assertEquals(1, h.get("offset").asLong(), h.toString());
            assertEquals("field order.id", h.get("matchedBy").asText());
        }
    }

    @Test
    void followPicksUpAHopWrittenAfterItStarted() throws Exception {
        String topic = "trace-follow";
        evctl.ok("topics", "create", topic, "--partitions", "2");
        Path out = home.resolve("follow.out");
        Path err = home.resolve("follow.err");
        Path launcher = Path.of(System.getProperty("evctl.dist")).resolve("bin").resolve("evctl");
        ProcessBuilder pb =
                new ProcessBuilder(launcher.toString(), "trace", ID, "--topics", topic, "--follow", "-o", "json");
        pb.environment().putAll(evctl.environment());
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        try {
            awaitContains(err, "following", p);
            evctl.ok("publish", topic, "--key", ID, "--value", "{\"late\":true}");
            awaitContains(out, "\"matchedBy\":\"key\"", p);
            JsonNode hop =
                    JSON.readTree(Files.readString(out).lines().findFirst().orElseThrow());
            assertEquals(topic, hop.get("topic").asText());
            assertEquals(ID, hop.get("key").asText());
        } finally {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "Ctrl-C stops --follow");
        }
    }

    /** Waits for the file to hold the text, as long as the process lives (at most 60 s). */
    private static void awaitContains(Path file, String text, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(file) && Files.readString(file).contains(text))) {
            assertTrue(p.isAlive(), "evctl ended: " + (Files.exists(file) ? Files.readString(file) : ""));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within 60 s");
            p.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if it ends
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    private static final Pattern SECONDS =
            Pattern.compile("(\"seconds\":)[0-9.eE+-]+|in [0-9.]+ s \\([0-9]+ records/s\\)");

    private static void golden(String name, String output) throws IOException {
        String normal =
                SECONDS.matcher(output).replaceAll(m -> m.group(1) != null ? m.group(1) + "0" : "in N s (N records/s)");
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("evctl.golden.update")) {
            Files.writeString(file, normal);
        } else {
            assertTrue(Files.exists(file), "no golden file " + file + " (regenerate with -Devctl.golden.update=true)");
            assertEquals(Files.readString(file), normal, name + " differs from its golden file");
        }
    }
}
