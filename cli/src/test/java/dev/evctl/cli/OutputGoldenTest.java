package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One table and one JSON document of every command that prints them, pinned in golden files
 * (src/test/resources/golden/output), on a broker of its own holding fixed records: a change of a column, a
 * field or its order shows up in review as a diff of those files. What differs from run to run (the broker's
 * address, topic ids, times, durations and rates) is replaced by a placeholder first. Regenerate after a
 * deliberate change with {@code mvn -pl cli verify -Dit.test=OutputGoldenTest -Devctl.golden.update=true}.
 */
@Tag("integration")
class OutputGoldenTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "output");
    private static final long T0 = 1767225600000L; // 2026-01-01T00:00:00Z

    @TempDir
    static Path dir;

    private static EmbeddedKafka broker;
    private static Evctl evctl;
    private static String topicId;

    @BeforeAll
    static void fixedCluster() throws Exception {
        broker = EmbeddedKafka.start(
                new BrokerSettings(dir.resolve("broker"), 0, 0, false, Map.of("log.retention.ms", "-1")));
        evctl = new Evctl(dir.resolve("home")).env("COLUMNS", "120");
        evctl.ok("config", "set-context", "golden", "-b", broker.bootstrapServers(), "--use");
        evctl.ok("topics", "create", "orders", "--partitions", "2");
        evctl.ok("topics", "create", "orders-dlt", "--partitions", "1");
        evctl.ok("topics", "create", "scratch", "--partitions", "1");
        Map<String, Object> props = Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "key.serializer", ByteArraySerializer.class,
                "value.serializer", ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
            for (int i = 0; i < 6; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                        "orders",
                        i % 2,
                        T0 + i * 60_000L,
                        bytes("o-" + i),
                        bytes("{\"id\":" + i + ",\"total\":817.00}"));
                r.headers().add("traceparent", bytes("t-" + i));
                p.send(r).get(); // one batch per record: the same log bytes every run (replay's plan shows them)
            }
            for (int i = 0; i < 3; i++) {
                ProducerRecord<byte[], byte[]> r =
                        new ProducerRecord<>("orders-dlt", 0, T0 + 3_600_000L + i, bytes("o-" + i), bytes("bad " + i));
                r.headers().add("__connect.errors.topic", bytes("orders"));
                r.headers().add("__connect.errors.partition", bytes(Integer.toString(i % 2)));
                r.headers().add("__connect.errors.offset", bytes(Integer.toString(i / 2)));
                r.headers()
                        .add(
                                "__connect.errors.exception.class.name",
                                bytes(
                                        i == 2
                                                ? "java.lang.NullPointerException"
                                                : "org.apache.kafka.connect.errors.DataException"));
                r.headers().add("__connect.errors.exception.message", bytes("record " + i + " is not valid"));
                p.send(r).get();
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(
                            "billing",
                            Map.of(
                                    new TopicPartition("orders", 0), new OffsetAndMetadata(1),
                                    new TopicPartition("orders", 1), new OffsetAndMetadata(3)))
                    .all()
                    .get();
            topicId = admin.describeTopics(List.of("orders"))
                    .allTopicNames()
                    .get()
                    .get("orders")
                    .topicId()
                    .toString();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyCommandsTableAndJsonMatchTheirGoldenFiles() throws Exception {
        List<String[]> commands = List.of(
                new String[] {"topics-list", "topics", "list"},
                new String[] {"topics-describe", "topics", "describe", "orders"},
                new String[] {"groups-list", "groups", "list"},
                new String[] {"groups-describe", "groups", "describe", "billing"},
                new String[] {
                    "groups-reset-dry-run",
                    "groups",
                    "reset",
                    "billing",
                    "--topic",
                    "orders",
                    "--to",
                    "earliest",
                    "--dry-run"
                },
                new String[] {
                    "replay-dry-run", "replay", "orders", "--to-topic", "orders-copy", "--create-target", "--dry-run"
                },
                new String[] {"dlq-inspect", "dlq", "inspect", "orders-dlt"},
                new String[] {"dlq-show", "dlq", "show", "orders-dlt"},
                new String[] {"dlq-status", "dlq", "status", "orders-dlt"},
                new String[] {"dlq-redrive-dry-run", "dlq", "redrive", "orders-dlt", "--dry-run"},
                new String[] {"tail", "tail", "orders", "--from", "beginning", "--to", "end"},
                new String[] {
                    "trace", "trace", "o-1", "--topics", "orders,orders-dlt", "--around", "2026-01-01T00:30:00Z"
                },
                new String[] {"publish", "publish", "scratch", "--value", "x", "--key", "k"},
                new String[] {"config-get-contexts", "config", "get-contexts"});
        List<String> differ = new ArrayList<>();
        for (String[] c : commands) {
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            Evctl.Result text = evctl.ok(args);
            // plans and summaries go to stderr in text mode (stdout stays data): both are pinned
            check(c[0] + ".txt", text.out() + (text.err().isEmpty() ? "" : "--- stderr\n" + text.err()), differ);
            String[] json = Arrays.copyOf(args, args.length + 2);
            json[args.length] = "-o";
            json[args.length + 1] = "json";
            check(c[0] + ".json", evctl.ok(json).out(), differ);
        }
        // dups exits 1 when it finds a duplicate: the three dead letters share their original topic
        String[] dups = {"dups", "orders-dlt", "--id-header", "__connect.errors.topic"};
        check("dups.txt", evctl.expect(1, dups).out(), differ);
        String[] dupsJson = Arrays.copyOf(dups, dups.length + 2);
        dupsJson[dups.length] = "-o";
        dupsJson[dups.length + 1] = "json";
        check("dups.json", evctl.expect(1, dupsJson).out(), differ);
        assertEquals(
                List.of(),
                differ,
                "output differs from its golden file (regenerate with -Devctl.golden.update=true if meant)");
    }

    /** The CI gate's four report formats, offline, on an incompatible change and a compatible one. */
    @Test
    void theGatesReportsMatchTheirGoldenFiles() throws Exception {
        Path work = Files.createDirectories(dir.resolve("gate"));
        Path released = Files.createDirectories(work.resolve("released"));
        String v1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[\n"
                + "  {\"name\":\"id\",\"type\":\"string\"},\n  {\"name\":\"total\",\"type\":\"double\"}]}\n";
        String v2 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[\n"
                + "  {\"name\":\"id\",\"type\":\"long\"},\n  {\"name\":\"total\",\"type\":\"double\"},\n"
                + "  {\"name\":\"note\",\"type\":\"string\"}]}\n";
        Files.writeString(released.resolve("order.avsc"), v1);
        Files.writeString(released.resolve("customer.avsc"), v1.replace("Order", "Customer"));
        Files.writeString(work.resolve("order.avsc"), v2);
        Files.writeString(work.resolve("customer.avsc"), v1.replace("Order", "Customer"));
        Files.writeString(
                work.resolve("evctl-schemas.yaml"),
                "schemas:\n  - subject: orders-value\n    file: order.avsc\n"
                        + "  - subject: customers-value\n    file: customer.avsc\n");
        List<String> differ = new ArrayList<>();
        for (String format : List.of("text", "json", "junit", "github")) {
            Evctl.Result r = evctl.expect(
                    1,
                    "schema",
                    "check",
                    "--schemas",
                    work.resolve("evctl-schemas.yaml").toString(),
                    "--against",
                    "dir:" + released,
                    "-o",
                    format);
            check(
                    "schema-check." + format + ".txt",
                    r.out() + (r.err().isEmpty() ? "" : "--- stderr\n" + r.err()),
                    differ);
        }
        assertEquals(
                List.of(),
                differ,
                "output differs from its golden file (regenerate with -Devctl.golden.update=true if meant)");
    }

    private static final List<Map.Entry<Pattern, String>> VOLATILE = List.of(
            Map.entry(
                    Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?(Z|[+-]\\d\\d:\\d\\d)"),
                    "<time>"),
            Map.entry(Pattern.compile("\"(seconds|millis|recordsPerSecond|etaSeconds)\":[0-9.eE+-]+"), "\"$1\":0"),
            Map.entry(Pattern.compile("\\b\\d+(\\.\\d+)? (s|ms)\\b"), "N $2"),
            Map.entry(Pattern.compile("\\b\\d+(\\.\\d+)? records/s\\b"), "N records/s"),
            // dlq status: the fixed records' age grows with the clock
            Map.entry(Pattern.compile("\\b\\d+d\\d+h\\b"), "<age>"),
            Map.entry(Pattern.compile("\"oldestPendingAgeSeconds\":\\d+"), "\"oldestPendingAgeSeconds\":0"),
            // a job's id hashes the clusters' addresses, which are new ports every run
            Map.entry(Pattern.compile("\\breplay-[0-9a-f]{12}\\b"), "replay-<job>"),
            Map.entry(Pattern.compile(" time=\"[0-9.]+\""), " time=\"N\""),
            Map.entry(Pattern.compile("timestamp=\"[^\"]*\""), "timestamp=\"<time>\""));

    private static void check(String name, String output, List<String> differ) throws Exception {
        String normal = output.replace(broker.bootstrapServers(), "HOST:PORT")
                .replace(topicId, "<topic-id>")
                .replace(dir.toString(), "<dir>");
        for (Map.Entry<Pattern, String> v : VOLATILE) {
            normal = v.getKey().matcher(normal).replaceAll(v.getValue());
        }
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("evctl.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, normal);
        } else if (!Files.exists(file) || !Files.readString(file).equals(normal)) {
            differ.add(name);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
