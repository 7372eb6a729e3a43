package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evctl.sandbox.registry.SandboxRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The brokers people run: evctl's main commands against Apache Kafka 2.8.2 (ZooKeeper) and 3.9.1 (KRaft), each
 * started in its own JVM from Maven Central's jars (the 4.x broker is every other test's). Topics, publish, tail
 * {@code -N}, exactly-once replay alone, {@code --parallel} and {@code --join}, {@code replay status}, DLQ redrive
 * (twice: the second redrives nothing), groups reset and undo, and Avro through a registry kept on that broker. The
 * records are counted by librdkafka reading read_committed and the Avro values read by Confluent's Python client.
 */
@Tag("integration")
class BrokerMatrixTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String ORDER_SCHEMA = """
            {"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"n","type":"long"}]}""";

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Execution(ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "Apache Kafka {0}")
    @ValueSource(strings = {"2.8.2", "3.9.1"})
    void mainCommandsWorkOnTheBrokersPeopleRun(String version) throws Exception {
        assumeTrue(Python.hasConfluentKafka(), "needs Debian's python3-confluent-kafka (.ci/run installs it)");
        try (OldBroker broker = OldBroker.start(version, Files.createDirectories(work.resolve("broker")))) {
            String bootstrap = broker.bootstrapServers();
            Evctl evctl = new Evctl(home);
            evctl.ok("config", "set-context", "old", "-b", bootstrap, "--use");

            evctl.ok("topics", "create", "orders", "--partitions", "3");
            assertTrue(evctl.ok("topics", "list").out().contains("orders"));
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                lines.append("{\"id\":\"o-")
                        .append(i)
                        .append("\",\"amount\":")
                        .append(i)
                        .append(".10}\n");
            }
            Path orders = Files.writeString(work.resolve("orders.jsonl"), lines);
            evctl.ok("publish", "orders", "-f", orders.toString(), "-i", "jsonl", "--key-field", "id");
            Map<Integer, List<String>> source = Python.readCommitted(bootstrap, "orders");
            assertEquals(300, count(source), "librdkafka reads every published record");
            assertEquals(3, source.size(), "keyed records spread over the three partitions");

            String tail =
                    evctl.ok("tail", "orders", "--from", "-2", "--to", "end").out();
            assertEquals(6, tail.lines().count(), "tail -2 shows the last 2 records of each partition:\n" + tail);

            replays(evctl, bootstrap, source);
            groups(evctl, bootstrap);
            redrive(evctl, bootstrap);
            avro(evctl, bootstrap);
        }
    }

    /** Exactly-once replay by one process, by two workers here, and by a joining worker; each copy equal. */
    private void replays(Evctl evctl, String bootstrap, Map<Integer, List<String>> source) throws Exception {
        JsonNode single = JSON.readTree(
                evctl.ok("replay", "orders", "--to-topic", "copy-single", "--create-target", "--yes", "-o", "json")
                        .out());
        assertEquals(300, single.get("copied").asInt());
        assertTrue(single.get("exactlyOnce").asBoolean());
        assertEquals(source, Python.readCommitted(bootstrap, "copy-single"), "partition by partition, in order");

        evctl.ok(
                "replay",
                "orders",
                "--to-topic",
                "copy-parallel",
                "--create-target",
                "--parallel",
                "2",
                "--job-id",
                "matrix-parallel",
                "--yes");
        assertEquals(source, Python.readCommitted(bootstrap, "copy-parallel"));
        JsonNode status = JSON.readTree(
                evctl.ok("replay", "status", "matrix-parallel", "-o", "json").out());
        assertTrue(status.get("complete").asBoolean(), status.toString());
        assertEquals(300, status.get("copied").asInt());

        evctl.ok(
                "replay",
                "orders",
                "--to-topic",
                "copy-join",
                "--create-target",
                "--join",
                "--job-id",
                "matrix-join",
                "--yes");
        assertEquals(source, Python.readCommitted(bootstrap, "copy-join"));
        // run again: the job is finished, nothing is copied twice
        evctl.ok("replay", "orders", "--to-topic", "copy-join", "--join", "--job-id", "matrix-join", "--yes");
        assertEquals(300, count(Python.readCommitted(bootstrap, "copy-join")));
    }

    /** Reset to the beginning, then to the end, then undo: the committed offsets as the broker's admin API says. */
    private void groups(Evctl evctl, String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) { // a group that has consumed 10 records of each partition
            Map<TopicPartition, OffsetAndMetadata> at = new java.util.HashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                at.put(new TopicPartition("orders", partition), new OffsetAndMetadata(10));
            }
            admin.alterConsumerGroupOffsets("billing", at).all().get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(10L, 10L, 10L), committed(bootstrap, "billing"));
        evctl.ok("groups", "reset", "billing", "--topic", "orders", "--to", "earliest", "--yes");
        assertEquals(List.of(0L, 0L, 0L), committed(bootstrap, "billing"));
        evctl.ok("groups", "reset", "billing", "--topic", "orders", "--to", "latest", "--yes");
        List<Long> latest = committed(bootstrap, "billing");
        assertEquals(300L, latest.stream().mapToLong(Long::longValue).sum());
        evctl.ok("groups", "reset", "billing", "--undo", "--yes");
        assertEquals(List.of(0L, 0L, 0L), committed(bootstrap, "billing"), "undo restores the offsets before");
    }

    /** Four Kafka Connect dead letters redriven to partition 0 of their topic once, and not again on a rerun. */
    private void redrive(Evctl evctl, String bootstrap) throws Exception {
        evctl.ok("topics", "create", "orders-dlq");
        evctl.ok(
                "publish",
                "orders-dlq",
                "--key",
                "k",
                "--value",
                "{\"id\":\"late\"}",
                "--count",
                "4",
                "-H",
                "__connect.errors.topic=orders",
                "-H",
                "__connect.errors.partition=0",
                "-H",
                "__connect.errors.offset=5",
                "-H",
                "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException");
        JsonNode first = JSON.readTree(
                evctl.ok("dlq", "redrive", "orders-dlq", "--yes", "-o", "json").out());
        assertEquals(4, first.get("redriven").asInt(), first.toString());
        JsonNode again = JSON.readTree(
                evctl.ok("dlq", "redrive", "orders-dlq", "--yes", "-o", "json").out());
        assertEquals(0, again.get("redriven").asInt(), again.toString());
        assertEquals(304, count(Python.readCommitted(bootstrap, "orders")), "each dead letter arrived once");
    }

    /** Avro values through a registry whose store is this broker's {@code _schemas} topic, read by Python's client. */
    private void avro(Evctl evctl, String bootstrap) throws Exception {
        try (SandboxRegistry registry = SandboxRegistry.start(bootstrap, 0)) {
            Path schema = Files.writeString(work.resolve("order.avsc"), ORDER_SCHEMA);
            Path values = Files.writeString(
                    work.resolve("avro.jsonl"), "{\"id\":\"a-1\",\"n\":1}\n{\"id\":\"a-2\",\"n\":2}\n");
            evctl.ok("topics", "create", "orders-avro");
            evctl.ok(
                    "publish",
                    "orders-avro",
                    "-f",
                    values.toString(),
                    "-i",
                    "jsonl",
                    "--value-format",
                    "avro",
                    "--schema-file",
                    schema.toString(),
                    "--registry-url",
                    registry.url());
            Python.Out read = Python.run(
                    List.of(
                            Python.PYTHON,
                            Python.script("avro_interop.py"),
                            "consume",
                            bootstrap,
                            registry.url(),
                            "orders-avro",
                            "2"),
                    120);
            assertEquals(0, read.exit(), read.out());
            List<String> ids = new ArrayList<>();
            read.out()
                    .lines()
                    .filter(l -> l.startsWith("{"))
                    .forEach(l -> ids.add(l.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1")));
            assertEquals(List.of("a-1", "a-2"), ids, read.out());
        }
    }

    private static long count(Map<Integer, List<String>> byPartition) {
        return byPartition.values().stream().mapToLong(List::size).sum();
    }

    /** The group's committed offsets of orders' partitions 0–2, from the broker's admin API. */
    private static List<Long> committed(String bootstrap, String group) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            List<Long> out = new ArrayList<>();
            for (int partition = 0; partition < 3; partition++) {
                OffsetAndMetadata o = offsets.get(new TopicPartition("orders", partition));
                out.add(o == null ? -1 : o.offset());
            }
            return out;
        }
    }
}
