package dev.evctl.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test data for copies: awkward records in, and a topic's records out as a sorted multiset. */
final class TopicContents {

    private TopicContents() {}

    /**
     * Writes {@code count} records over the topic's partitions: binary values (every byte value),
     * null keys and null values now and then, a repeated header and one with a null value, and
     * explicit timestamps.
     */
    static void produceAwkward(String bootstrap, String topic, int partitions, int count) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "20");
        p.put("batch.size", "1048576");
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                byte[] key = i % 7 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
                byte[] value = i % 13 == 0 ? null : new byte[] {(byte) i, (byte) (i >> 8), 0, (byte) 0xff, (byte) 0x80};
                ProducerRecord<byte[], byte[]> r =
                        new ProducerRecord<>(topic, i % partitions, 1_600_000_000_000L + i * 1000L, key, value);
                r.headers()
                        .add("trace", ("t" + i).getBytes(StandardCharsets.UTF_8))
                        .add("trace", ("u" + i).getBytes(StandardCharsets.UTF_8))
                        .add("empty", null);
                producer.send(r, (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new AssertionError("could not write the test records to " + topic, failed.get());
        }
    }

    /** Every committed record of the topic as "partition|timestamp|key|value|headers", sorted. */
    static List<String> read(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                tps.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<TopicPartition, Long> end = settledEnd(bootstrap, c, tps, deadline);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(line(r));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * The end offsets once no transaction is open: a committed transaction's markers reach its
     * partitions just after commitTransaction returns, and until then read_committed stops short.
     */
    private static Map<TopicPartition, Long> settledEnd(
            String bootstrap, KafkaConsumer<byte[], byte[]> committed, List<TopicPartition> tps, long deadline) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> all = new KafkaConsumer<>(p)) {
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(tps);
                if (stable.equals(all.endOffsets(tps))) {
                    return stable;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "a transaction stayed open on " + tps + ": " + stable + " vs " + all.endOffsets(tps));
                }
                Thread.onSpinWait();
            }
        }
    }

    static String line(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder h = new StringBuilder();
        r.headers()
                .forEach(x -> h.append(x.key())
                        .append('=')
                        .append(x.value() == null ? "null" : HexFormat.of().formatHex(x.value()))
                        .append(';'));
        return r.partition() + "|" + r.timestamp() + "|"
                + (r.key() == null ? "null" : HexFormat.of().formatHex(r.key())) + "|"
                + (r.value() == null ? "null" : HexFormat.of().formatHex(r.value())) + "|" + h;
    }

    static String sharedBroker() {
        return SharedBroker.bootstrapServers();
    }
}
