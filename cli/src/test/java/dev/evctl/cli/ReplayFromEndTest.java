package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --from -N} copies the last N records of each partition, not the last N offsets: on a source written
 * in transactions (a commit marker after every transaction, aborted records in between) the copy, its plan and its
 * dry run count records. Checked with librdkafka reading read_committed.
 */
@Tag("integration")
class ReplayFromEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path home;

    private Evctl evctl;
    private final String broker = SharedBroker.bootstrapServers();

    @BeforeEach
    void setUp() {
        evctl = Evctl.onSharedBroker(home);
    }

    /** 3 partitions; 40 transactions of 3 records a partition, every fourth aborted: 90 committed records each. */
    private String transactionalSource() {
        String topic = "tx-src-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "3");
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("transactional.id", topic);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            int seq = 0;
            for (int t = 0; t < 40; t++) {
                producer.beginTransaction();
                for (int partition = 0; partition < 3; partition++) {
                    for (int i = 0; i < 3; i++) {
                        String v = (t % 4 == 3 ? "aborted-" : "v-") + seq++;
                        producer.send(new ProducerRecord<>(
                                topic,
                                partition,
                                ("k" + seq).getBytes(StandardCharsets.UTF_8),
                                v.getBytes(StandardCharsets.UTF_8)));
                    }
                }
                if (t % 4 == 3) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        return topic;
    }

    @Test
    void fromMinusNCopiesTheLastNRecordsOfEachPartitionOfATransactionalSource() throws Exception {
        assumeTrue(
                Python.run(List.of(Python.PYTHON, "-c", "import confluent_kafka"), 30)
                                .exit()
                        == 0,
                "python3-confluent-kafka is not installed");
        String source = transactionalSource();
        String target = source.replace("src", "dst");
        Map<Integer, List<String>> before = Python.readCommitted(broker, source);
        assertEquals(3, before.size());
        before.values().forEach(records -> assertEquals(90, records.size(), "the source holds 90 committed each"));
        assertTrue(before.get(0).stream().noneMatch(r -> r.contains(hex("aborted"))), "aborted records are not read");

        String plan = evctl.ok("replay", source, "--to-topic", target, "--create-target", "--from", "-25", "--dry-run")
                .err();
        assertTrue(plan.contains("total: 75 records left"), plan);
        JsonNode dry = JSON.readTree(evctl.ok(
                        "replay",
                        source,
                        "--to-topic",
                        target,
                        "--create-target",
                        "--from",
                        "-25",
                        "--dry-run",
                        "-o",
                        "json")
                .out());
        assertEquals(75, dry.path("plan").path("records").asLong(), dry.toString());

        evctl.ok("replay", source, "--to-topic", target, "--create-target", "--from", "-25", "--yes");
        Map<Integer, List<String>> copied = Python.readCommitted(broker, target);
        for (int p = 0; p < 3; p++) {
            List<String> all = before.get(p);
            assertEquals(all.subList(all.size() - 25, all.size()), copied.get(p), "partition " + p);
        }
    }

    private static String hex(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    @Test
    void otherPlansSayTheirCountsAreOffsetsAndAnEmptyNewRangeIsNotFinished() throws Exception {
        String source = transactionalSource();
        String target = source.replace("src", "dst");
        String plan = evctl.ok(
                        "replay", source, "--to-topic", target, "--create-target", "--from", "beginning", "--dry-run")
                .err();
        assertTrue(plan.contains("total: up to "), plan);
        assertTrue(plan.contains("counted in offsets"), plan);
        String empty = evctl.ok("replay", source, "--to-topic", target, "--create-target", "--from", "end", "--dry-run")
                .err();
        assertTrue(empty.contains("(new, nothing to copy)"), empty);
        assertTrue(!empty.contains("finished"), empty);
    }
}
