package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq status} on two DLQs — one growing while the test watches, one drained by a redrive — beside a retry
 * topic and a topic named like a DLQ that holds none: counts, ages, growth, thresholds, JSON and Prometheus (read
 * back with Prometheus' own Python parser).
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the thresholds are checked on the DLQ the first test grew
class DlqStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROWING = "status-orders-dlt";
    private static final String DRAINED = "status-payments.dlq";
    private static final String RETRY = "status-orders-retry-5000";
    private static final String NOT_A_DLQ = "status-audit-dlq";

    @TempDir
    static Path home;

    private static Evctl evctl;

    @BeforeAll
    static void dlqs() throws Exception {
        evctl = Evctl.onSharedBroker(home.resolve("evctl"));
        for (String t : List.of(GROWING, DRAINED, RETRY, NOT_A_DLQ, "status-target")) {
            evctl.ok("topics", "create", t, "--partitions", "2");
        }
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < 10; i++) { // two hours old: the oldest pending age
                p.send(dead(
                                GROWING,
                                i % 2,
                                now.minus(Duration.ofHours(2)).plusSeconds(i),
                                i < 7
                                        ? "org.apache.kafka.connect.errors.DataException"
                                        : "java.lang.NullPointerException"))
                        .get();
            }
            for (int i = 0; i < 6; i++) {
                p.send(dead(DRAINED, i % 2, now.minusSeconds(30), "java.sql.SQLException"))
                        .get();
            }
            for (int i = 0; i < 3; i++) {
                p.send(new ProducerRecord<>(RETRY, 0, now.toEpochMilli(), bytes("k"), bytes("retry me")))
                        .get();
                p.send(new ProducerRecord<>(NOT_A_DLQ, 0, now.toEpochMilli(), bytes("k"), bytes("{\"audit\":1}")))
                        .get();
            }
        }
        evctl.ok("dlq", "redrive", DRAINED, "--to-topic", "status-target", "--yes");
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                "bootstrap.servers", SharedBroker.bootstrapServers(),
                "key.serializer", ByteArraySerializer.class,
                "value.serializer", ByteArraySerializer.class));
    }

    private static ProducerRecord<byte[], byte[]> dead(String dlq, int partition, Instant at, String errorClass) {
        return dead(dlq, partition, at, errorClass, "broken");
    }

    private static ProducerRecord<byte[], byte[]> dead(
            String dlq, int partition, Instant at, String errorClass, String message) {
        ProducerRecord<byte[], byte[]> r =
                new ProducerRecord<>(dlq, partition, at.toEpochMilli(), bytes("k"), bytes("{\"bad\":true}"));
        r.headers()
                .add("__connect.errors.topic", bytes("orders"))
                .add("__connect.errors.partition", bytes("0"))
                .add("__connect.errors.offset", bytes("1"))
                .add("__connect.errors.exception.class.name", bytes(errorClass))
                .add("__connect.errors.exception.message", bytes(message));
        return r;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, JsonNode> rows(String json) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        JSON.readTree(json).get("dlqs").forEach(r -> out.put(r.get("dlq").asText(), r));
        return out;
    }

    @Test
    @Order(1)
    void countsAgesGrowthAndTheTopErrorWhileOneGrowsAndOneIsDrained() throws Exception {
        Evctl.Result first = evctl.ok("dlq", "status", "-o", "json");
        Map<String, JsonNode> rows = rows(first.out());
        assertTrue(rows.containsKey(GROWING) && rows.containsKey(DRAINED), first.out());
        assertFalse(rows.containsKey(RETRY) || rows.containsKey(NOT_A_DLQ), first.out());
        assertTrue(first.err().contains("skipped " + RETRY + ": a retry topic"), first.err());
        assertTrue(first.err().contains("skipped " + NOT_A_DLQ + ": named like a DLQ, but"), first.err());

        JsonNode doc = JSON.readTree(first.out());
        assertEquals(List.of("window", "dlqs", "skipped"), names(doc), "the document's fields, in order");
        assertEquals(900, doc.get("window").asLong());
        assertEquals(
                List.of(
                        "dlq",
                        "records",
                        "pending",
                        "handled",
                        "oldestPendingAgeSeconds",
                        "growthPerMinute",
                        "previousGrowthPerMinute",
                        "topErrorClass",
                        "topErrorShare",
                        "newestError"),
                names(rows.get(DRAINED)));
        assertEquals(List.of("topic", "why"), names(doc.get("skipped").get(0)));

        JsonNode drained = rows.get(DRAINED);
        assertEquals(6, drained.get("records").asLong());
        assertEquals(0, drained.get("pending").asLong(), drained.toString());
        assertEquals(6, drained.get("handled").asLong());
        assertTrue(drained.get("oldestPendingAgeSeconds").isNull(), drained.toString());

        try (KafkaProducer<byte[], byte[]> p = producer()) { // it grows while we watch
            for (int i = 0; i < 30; i++) {
                p.send(dead(GROWING, i % 2, Instant.now(), "org.apache.kafka.connect.errors.DataException"))
                        .get();
            }
        }
        JsonNode growing =
                rows(evctl.ok("dlq", "status", GROWING, "-o", "json").out()).get(GROWING);
        assertEquals(40, growing.get("records").asLong(), growing.toString());
        assertEquals(40, growing.get("pending").asLong());
        long age = growing.get("oldestPendingAgeSeconds").asLong();
        assertTrue(age >= 7200 - 60 && age <= 7200 + 300, "two hours: " + age);
        assertEquals(2.0, growing.get("growthPerMinute").asDouble(), 0.001, "30 records in 15 minutes");
        assertEquals(
                "org.apache.kafka.connect.errors.DataException",
                growing.get("topErrorClass").asText());
        assertEquals(0.93, growing.get("topErrorShare").asDouble(), 0.001, "37 of 40");
    }

    @Test
    @Order(2)
    void thresholdsExitOneWithALinePerCrossingAndZeroOtherwise() {
        Evctl.Result drained = evctl.ok("dlq", "status", DRAINED, "--fail-if-pending", "0", "--fail-if-older", "1m");
        assertFalse(drained.err().contains("--fail-if"), drained.err());
        Evctl.Result growing = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "dlq",
                "status",
                GROWING,
                DRAINED,
                "--fail-if-pending",
                "5",
                "--fail-if-older",
                "1h");
        assertTrue(
                growing.err().contains(GROWING + ": ") && growing.err().contains("more than --fail-if-pending 5"),
                growing.err());
        assertTrue(growing.err().contains("older than --fail-if-older 1h00m"), growing.err());
        assertFalse(growing.err().contains(DRAINED + ":"), "the drained DLQ crosses nothing: " + growing.err());
        evctl.expect(ExitCodes.CHECK_FAILED, "dlq", "status", GROWING, "--fail-if-growing", "0");
        evctl.ok("dlq", "status", GROWING, "--fail-if-growing", "1000");
    }

    @Test
    void watchPipedPrintsOneStatusDocumentPerLook() throws Exception {
        Evctl.Result r = evctl.ok("dlq", "watch", DRAINED, "--count", "2", "--interval", "100ms");
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        for (String line : lines) {
            assertEquals(
                    DRAINED, JSON.readTree(line).get("dlqs").get(0).get("dlq").asText(), line);
        }
    }

    /**
     * Under tmux: the row redrawn when dead letters arrive (in place), the newest error message with
     * its control characters escaped, s sorting, j selecting, Enter opening dlq inspect of the
     * selected DLQ and a key coming back, q quitting.
     */
    @Test
    void watchOnATerminalRedrawsWhenDeadLettersArriveSortsOpensInspectAndQuitsOnQ() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed (apt-get install tmux)");
        String dlq = "status-watch-dlt";
        evctl.ok("topics", "create", dlq, "--partitions", "1");
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < 3; i++) {
                p.send(dead(dlq, 0, Instant.now(), "java.lang.IllegalStateException"))
                        .get();
            }
        }
        Path script = home.resolve("watch.sh");
        Files.writeString(
                script,
                "#!/bin/sh\nexport EVCTL_CONFIG='" + home.resolve("evctl").resolve("config.yaml")
                        + "' EVCTL_STATE_DIR='"
                        + home.resolve("state") + "'\n'" + Path.of(System.getProperty("java.home"), "bin", "java")
                        + "' -cp '" + System.getProperty("java.class.path") + "' dev.evctl.cli.Main dlq watch " + dlq
                        + " " + DRAINED + " --interval 300ms\necho WATCH-EXITED\nsleep 30\n");
        String session = "evctl-dlq-watch-" + ProcessHandle.current().pid();
        Tmux terminal = new Tmux(session);
        terminal.run("new-session", "-d", "-s", session, "-x", "160", "-y", "40", "sh " + script);
        try {
            terminal.await("the DLQ's row with 3 pending", screen -> pendingOf(screen, dlq) == 3);
            try (KafkaProducer<byte[], byte[]> p = producer()) {
                for (int i = 0; i < 5; i++) {
                    p.send(dead(
                                    dlq,
                                    0,
                                    Instant.now(),
                                    "java.lang.IllegalStateException",
                                    i < 4 ? "broken" : "no customer 42\u001b[2J"))
                            .get();
                }
            }
            String after = terminal.await("the row redrawn with 8 pending", screen -> pendingOf(screen, dlq) == 8);
            assertTrue(after.contains("evctl dlq watch"), after);
            assertEquals(1, count(after, dlq + " "), "redrawn in place, not appended:\n" + after);
            assertTrue(after.contains("no customer 42\\x1b[2J"), "the newest message, its ESC escaped:\n" + after);
            assertTrue(shown(after).indexOf(DRAINED) < shown(after).indexOf(dlq), "sorted by name first:\n" + after);

            terminal.run("send-keys", "-t", session, "s"); // by pending: the watched DLQ (8) above the drained (0)
            String sorted = terminal.await("sorted by pending", screen -> screen.contains("sorted by pending"));
            assertTrue(shown(sorted).indexOf(dlq) < shown(sorted).indexOf(DRAINED), sorted);

            terminal.run("send-keys", "-t", session, "j"); // selects the first row
            terminal.await("the first row selected", screen -> screen.contains("▶ " + dlq));
            terminal.run("send-keys", "-t", session, "Enter");
            String inspect =
                    terminal.await("dlq inspect of the selected DLQ", screen -> screen.contains("any key goes back"));
            assertTrue(inspect.contains(dlq + ": 8 records, 8 pending"), inspect);
            terminal.run("send-keys", "-t", session, "x");
            terminal.await(
                    "the watch again", screen -> screen.contains("sorted by pending") && !screen.contains("any key"));

            terminal.run("send-keys", "-t", session, "q");
            terminal.await("evctl to quit", screen -> screen.contains("WATCH-EXITED"));
        } finally {
            terminal.run("kill-session", "-t", session);
        }
    }

    /** The table rows' DLQ names in the order shown (the selection mark left out). */
    private static List<String> shown(String screen) {
        return screen.lines()
                .map(l -> l.replace("▶", " ").trim())
                .filter(l -> l.startsWith("status-"))
                .map(l -> l.split("\\s+")[0])
                .toList();
    }

    /** The PENDING cell of the DLQ's row, or -1 while the row is not shown. */
    private static long pendingOf(String screen, String dlq) {
        return screen.lines()
                .map(l -> l.replace("▶", " ").trim())
                .filter(l -> l.startsWith(dlq + " "))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[1]))
                .findFirst()
                .orElse(-1);
    }

    private static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void prometheusTextParsesWithPrometheusOwnParserAndCarriesTheValues() throws Exception {
        Path file = home.resolve("evctl_dlq.prom");
        Evctl.Result r = evctl.ok("dlq", "status", DRAINED, "-o", "prometheus", "--textfile", file.toString());
        assertEquals("", r.out(), "written to the file, not stdout");
        assumeTrue(
                Python.run(List.of(Python.PYTHON, "-c", "import prometheus_client"), 30)
                                .exit()
                        == 0,
                "python3-prometheus-client (Debian) is not installed");
        Python.Out parsed = Python.run(
                List.of(
                        Python.PYTHON,
                        "-c",
                        "import sys\n"
                                + "from prometheus_client.parser import text_string_to_metric_families\n"
                                + "for f in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
                                + "    for s in f.samples:\n"
                                + "        print(f.type, s.name, s.labels['dlq'], s.value)\n",
                        file.toString()),
                30);
        assertEquals(0, parsed.exit(), parsed.out());
        List<String> lines = parsed.out().lines().toList();
        assertTrue(lines.contains("gauge evctl_dlq_records " + DRAINED + " 6.0"), parsed.out());
        assertTrue(lines.contains("gauge evctl_dlq_pending_records " + DRAINED + " 0.0"), parsed.out());
        assertTrue(lines.contains("gauge evctl_dlq_handled_records " + DRAINED + " 6.0"), parsed.out());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("gauge evctl_dlq_growth_records_per_minute " + DRAINED)),
                parsed.out());
        assertFalse(
                parsed.out().contains("evctl_dlq_oldest_pending_age_seconds " + DRAINED),
                "no age when nothing is pending");
        assertTrue(Files.readString(file).contains("# TYPE evctl_dlq_pending_records gauge"));
    }
}
