package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records pass through tail and publish unchanged and are never dropped, whatever a registry makes of them. */
@Tag("integration")
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

    /**
     * Random binary values, half of them starting with byte 0 as a Confluent frame would (unknown ids, truncated
     * payloads).
     */
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
                ProducerRecord<byte[], byte[]> r =
                        new ProducerRecord<>(topic, i % partitions, 1_700_000_000_000L + i, key, value);
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
        Evctl.Result text = evctl.ok(
                "tail", source, "--from", "beginning", "--to", "end", "--value-format", "hex", "--format", "{offset}");
        assertEquals(
                20, text.out().lines().count(), "explicit format: nothing decoded, nothing dropped\n" + text.err());

        Evctl.Result auto = evctl.expect(
                ExitCodes.PARTIAL, "tail", source, "--from", "beginning", "--to", "end", "--format", "{offset}");
        assertEquals(
                20,
                auto.out().lines().count(),
                "auto-detected frames that fail to decode are still shown\n" + auto.err());
        assertTrue(auto.err().contains("could not be decoded"), auto.err());
    }

    @Test
    void aByteOrderMarkStartingAFileIsNotData() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String lines = newTopic("bomlines", 1);
        evctl.stdin(concat(bom, "k1:v1\nk2:v2\n".getBytes(StandardCharsets.UTF_8)))
                .ok("publish", lines, "--key-separator", ":");
        assertEquals(List.of("0|k1", "0|k2"), keys(lines));

        String jsonl = newTopic("bomjsonl", 1);
        Path file = home.resolve("bom.jsonl");
        Files.write(
                file, concat(bom, "{\"id\":\"a\",\"n\":1}\n{\"id\":\"b\",\"n\":2}\n".getBytes(StandardCharsets.UTF_8)));
        evctl.ok("publish", jsonl, "-f", file.toString(), "--input", "jsonl", "--key-field", "id");
        assertEquals(List.of("0|a", "0|b"), keys(jsonl));

        String source = newTopic("bomsrc", 3);
        evctl.stdin("x:1\ny:2\nz:3\n").ok("publish", source, "--key-separator", ":");
        String envelope = evctl.ok("tail", source, "--from", "beginning", "--to", "end", "-o", "envelope")
                .out();
        String copy = newTopic("bomcopy", 3);
        evctl.stdin(concat(bom, envelope.getBytes(StandardCharsets.UTF_8))).ok("publish", copy, "--input", "envelope");
        assertEquals(TopicContents.read(broker, source), TopicContents.read(broker, copy));
    }

    /** -f <(jq …) names a pipe, which can be read once: the whole input is still checked before anything is sent. */
    @Test
    void aPipeNamedAsTheFileIsReadOnceAndCheckedWhole() throws Exception {
        Path fifo = home.resolve("lines.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        String topic = newTopic("fifo", 1);
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        evctl.ok("publish", topic, "-f", fifo.toString(), "--input", "jsonl", "--key-field", "id");
        writer.join();
        assertEquals(List.of("0|a", "0|b", "0|c"), keys(topic));

        Thread bad = new Thread(() -> {
            try {
                Files.writeString(fifo, "{\"id\":\"d\"}\nnot json\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        bad.start();
        evctl.expect(ExitCodes.BAD_INPUT, "publish", topic, "-f", fifo.toString(), "--input", "jsonl");
        bad.join();
        assertEquals(List.of("0|a", "0|b", "0|c"), keys(topic), "a bad line in a pipe sends nothing");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** "partition|key" of every record, the key as text. */
    private List<String> keys(String topic) {
        return TopicContents.read(broker, topic).stream()
                .map(l -> {
                    String[] f = l.split("\\|", -1);
                    return f[0] + "|" + new String(HexFormat.of().parseHex(f[2]), StandardCharsets.UTF_8);
                })
                .toList();
    }

    @Test
    void numbersAreShownAsStoredInEveryView() {
        String topic = newTopic("numbers", 1);
        String value = "{\"a\":0.1000000000000000055511151231257827,\"b\":817.00,\"c\":12345678901234567890123,"
                + "\"d\":1e400,\"e\":-0}";
        evctl.stdin(value + "\n").ok("publish", topic);

        String json =
                evctl.ok("tail", topic, "--value-format", "json", "-o", "json").out();
        assertTrue(json.contains("\"value\":" + value + ","), json);
        assertTrue(evctl.ok("tail", topic, "--query", "b", "-o", "json").out().contains("\"value\":817.00,"));
        assertEquals(
                "817.00 1e400 0.1000000000000000055511151231257827",
                evctl.ok("tail", topic, "--format", "{value.b} {value.d} {value.a}")
                        .out()
                        .trim());
        Evctl.Result where = evctl.ok("tail", topic, "--where", "b == `817` && d > `1`", "--format", "{value}");
        assertEquals(value, where.out().trim(), where.err());
        String pretty = evctl.stdoutTerminal()
                .ok("tail", topic, "--to", "end", "--no-color")
                .out();
        assertTrue(
                pretty.contains("\"b\" : 817.00") && pretty.contains("\"d\" : 1e400") && pretty.contains("\"e\" : -0"),
                pretty);
    }

    @Test
    void fromMinusNCountsRecordsNotOffsetsOnATransactionalTopic() {
        String topic = newTopic("txn", 1);
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("transactional.id", "datapath-" + topic);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            for (int t = 0; t < 3; t++) {
                producer.beginTransaction();
                for (int i = 0; i < 2; i++) {
                    producer.send(new ProducerRecord<>(topic, ("v" + t + i).getBytes(StandardCharsets.UTF_8)));
                }
                producer.commitTransaction();
            }
        }
        assertEquals(
                "v21",
                evctl.ok("tail", topic, "--from", "-1", "--format", "{value}")
                        .out()
                        .trim(),
                "the last record, though the last offset is a commit marker");
        assertEquals(
                List.of("v11", "v20", "v21"),
                evctl.ok("tail", topic, "--from", "-3", "--format", "{value}")
                        .out()
                        .lines()
                        .toList());
        assertEquals(
                6,
                evctl.ok("tail", topic, "--from", "-100", "--format", "{value}")
                        .out()
                        .lines()
                        .count());
    }

    @Test
    void aValueThatIsNotJsonIsReportedAndATombstoneDiffersFromTheBytesNull() {
        String topic = newTopic("notjson", 1);
        evctl.stdin("{\"ok\":1}\nnot json\nnull\n").ok("publish", topic);
        evctl.ok("publish", topic, "--null-value");

        Evctl.Result reported = evctl.expect(
                ExitCodes.PARTIAL, "tail", topic, "--value-format", "json", "--format", "{offset} {value}");
        assertEquals(
                List.of("0 {\"ok\":1}", "1 not json", "2 null", "3 (tombstone)"),
                reported.out().lines().toList(),
                "the bad value is still shown, raw");
        assertTrue(reported.err().contains(topic + "/0@1: value is not JSON"), reported.err());
        assertTrue(reported.err().contains("1 could not be decoded"), reported.err());
        Evctl.Result failed =
                evctl.expect(ExitCodes.BAD_INPUT, "tail", topic, "--value-format", "json", "--on-error", "fail");
        assertTrue(failed.err().contains("@1: value is not JSON"), failed.err());

        List<String> json = evctl.expect(ExitCodes.PARTIAL, "tail", topic, "--value-format", "json", "-o", "json")
                .out()
                .lines()
                .toList();
        assertTrue(json.get(2).contains("\"value\":null,\"headers\""), json.get(2));
        assertTrue(json.get(3).contains("\"value\":null,\"tombstone\":true,"), json.get(3));
        List<String> text = evctl.ok("tail", topic).out().lines().toList();
        // a tombstone has no value column: no value makes a line of two columns
        assertTrue(text.get(2).endsWith("\tnull") && text.get(3).equals(topic + "/0@3\tnull"), text.toString());
    }

    @Test
    void onATerminalControlCharactersFromDataAreEscapedAndPipedOutputStaysExact() throws Exception {
        String topic = newTopic("ctl", 1);
        String hostile = "a\u001b[2J\u001b]0;owned\u0007b\bc\u009bd";
        Properties p = new Properties();
        p.put("bootstrap.servers", broker);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                    topic, hostile.getBytes(StandardCharsets.UTF_8), hostile.getBytes(StandardCharsets.UTF_8));
            r.headers().add("h\u001b[31m", hostile.getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        }
        for (String[] view : new String[][] {{}, {"--format", "{key} {value} {headers}"}}) {
            List<String> args = new ArrayList<>(List.of("tail", topic, "--to", "end", "--no-color"));
            args.addAll(List.of(view));
            String shown = new Evctl(home)
                    .env("EVCTL_REGISTRY_URL", SharedRegistry.url())
                    .stdoutTerminal()
                    .ok(args.toArray(String[]::new))
                    .out();
            assertTrue(
                    shown.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x08 || c == 0x9b),
                    "no control character of the data reaches the terminal: " + shown);
            assertTrue(shown.contains("a\\x1b[2J\\x1b]0;owned\\x07b\\x08c\\u009bd"), shown);
        }
        String piped = evctl.ok("tail", topic, "--format", "{value}").out();
        assertEquals(hostile + "\n", piped, "piped output is byte-exact");

        Evctl.Result error = evctl.env("EVCTL_CONTEXT", "\u001b[2Jctx").expect(ExitCodes.NOT_FOUND, "topics", "list");
        assertTrue(error.err().contains("\\x1b[2Jctx") && !error.err().contains("\u001b"), error.err());
    }
}
