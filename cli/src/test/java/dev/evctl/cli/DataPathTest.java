package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records pass through tail and publish unchanged and are never dropped, whatever a registry makes of them. */
class DataPathTest {

    @TempDir
    Path home;

    private Evctl evctl;
    private String broker;

    @BeforeEach
    void setUp() {
        broker = SharedBroker.bootstrapServers();
        evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        evctl.ok("config", "set-context", "test", "-b", broker, "--use");
    }

    private String newTopic(String prefix, int partitions) {
        String topic = prefix + "-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", Integer.toString(partitions));
        return topic;
    }

    /** Random binary values, half of them starting with byte 0 as a Confluent frame would (unknown ids, truncated payloads). */
    static void produceRandomBinary(String bootstrap, String topic, int partitions, int count, long seed) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        Random random = new Random(seed);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                byte[] value = new byte[i % 5 == 0 ? 5 : 1 + random.nextInt(64)];
                random.nextBytes(value);
                if (i % 2 == 0) {
                    value[0] = 0;
                }
                byte[] key = i % 3 == 0 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, i % partitions, 1_700_000_000_000L + i, key, value);
                r.headers().add("n", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
    }

    @Test
    void envelopeCopyOfRandomBinaryIsLosslessWithARegistrySet() {
        String source = newTopic("rb", 3);
        String copy = newTopic("rbcopy", 3);
        produceRandomBinary(broker, source, 3, 100, 14);

        Evctl.Result tailed = evctl.ok("tail", source, "--from", "beginning", "--to", "end", "-o", "envelope");
        assertEquals(100, tailed.out().lines().count(), "every record is in the envelope stream:\n" + tailed.err());
        evctl.stdin(tailed.out()).ok("publish", copy, "--input", "envelope");

        List<String> expected = TopicContents.read(broker, source);
        assertEquals(100, expected.size());
        assertEquals(expected, TopicContents.read(broker, copy));
    }

    @Test
    void undecodableFramedValuesAreShownRawNotDropped() {
        String source = newTopic("rbtext", 1);
        produceRandomBinary(broker, source, 1, 20, 7);
        Evctl.Result text = evctl.ok("tail", source, "--from", "beginning", "--to", "end",
                "--value-format", "hex", "--format", "{offset}");
        assertEquals(20, text.out().lines().count(), "explicit format: nothing decoded, nothing dropped\n" + text.err());

        Evctl.Result auto = evctl.expect(ExitCodes.PARTIAL, "tail", source, "--from", "beginning", "--to", "end", "--format", "{offset}");
        assertEquals(20, auto.out().lines().count(), "auto-detected frames that fail to decode are still shown\n" + auto.err());
        assertTrue(auto.err().contains("could not be decoded"), auto.err());
    }

    @Test
    void aByteOrderMarkStartingAFileIsNotData() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String lines = newTopic("bomlines", 1);
        evctl.stdin(concat(bom, "k1:v1\nk2:v2\n".getBytes(StandardCharsets.UTF_8))).ok("publish", lines, "--key-separator", ":");
        assertEquals(List.of("0|k1", "0|k2"), keys(lines));

        String jsonl = newTopic("bomjsonl", 1);
        Path file = home.resolve("bom.jsonl");
        java.nio.file.Files.write(file, concat(bom, "{\"id\":\"a\",\"n\":1}\n{\"id\":\"b\",\"n\":2}\n".getBytes(StandardCharsets.UTF_8)));
        evctl.ok("publish", jsonl, "-f", file.toString(), "--input", "jsonl", "--key-field", "id");
        assertEquals(List.of("0|a", "0|b"), keys(jsonl));

        String source = newTopic("bomsrc", 3);
        evctl.stdin("x:1\ny:2\nz:3\n").ok("publish", source, "--key-separator", ":");
        String envelope = evctl.ok("tail", source, "--from", "beginning", "--to", "end", "-o", "envelope").out();
        String copy = newTopic("bomcopy", 3);
        evctl.stdin(concat(bom, envelope.getBytes(StandardCharsets.UTF_8))).ok("publish", copy, "--input", "envelope");
        assertEquals(TopicContents.read(broker, source), TopicContents.read(broker, copy));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** "partition|key" of every record, the key as text. */
    private List<String> keys(String topic) {
        return TopicContents.read(broker, topic).stream().map(l -> {
            String[] f = l.split("\\|", -1);
            return f[0] + "|" + new String(java.util.HexFormat.of().parseHex(f[2]), StandardCharsets.UTF_8);
        }).toList();
    }
}
