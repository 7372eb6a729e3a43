package dev.evctl.core.dups;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.tail.OffsetRange;
import dev.evctl.core.tail.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the ids carried by more than one record of a topic's range, reading it once. Each id is
 * kept as a 128-bit hash with where it was first seen (36 bytes a slot) in a table within a memory
 * budget; past the budget, the table and every later record are spilled to disk in 64 buckets by
 * hash and each bucket is then checked on its own (exact too; the budget bounds one bucket at a
 * time). Two different ids share a hash with odds of about n²/2¹²⁹ (below 10⁻²¹ for a billion ids).
 */
public final class DuplicateFinder {

    /** Bytes a slot of the table takes: two hash halves, partition, offset, timestamp. */
    static final int SLOT_BYTES = 8 + 8 + 4 + 8 + 8;

    private static final int BUCKETS = 64;

    /** One record carrying a duplicated id. */
    @JsonPropertyOrder({"partition", "offset", "timestamp"})
    public record Copy(int partition, long offset, long timestamp) {}

    /** An id carried by more than one record, with each of them. */
    @JsonPropertyOrder({"id", "copies"})
    public record Duplicate(String id, List<Copy> copies) {}

    /** What the read found. {@code withoutId}: records with no id there; {@code undecodable}: values not decoded. */
    @JsonPropertyOrder({
        "topic",
        "records",
        "distinctIds",
        "duplicatedIds",
        "extraCopies",
        "withoutId",
        "undecodable",
        "spilled",
        "duplicates"
    })
    public record Result(
            String topic,
            long records,
            long distinctIds,
            long duplicatedIds,
            long extraCopies,
            long withoutId,
            long undecodable,
            boolean spilled,
            List<Duplicate> duplicates) {}

    private final KafkaClients clients;
    private final IdReader ids;
    private final long budget;
    private final Path spillDir;

    /** {@code budget}: bytes the table may take; {@code spillDir}: where buckets go past it. */
    public DuplicateFinder(KafkaClients clients, IdReader ids, long budget, Path spillDir) {
        this.clients = clients;
        this.ids = ids;
        this.budget = budget;
        this.spillDir = spillDir;
    }

    public Result find(String topic, OffsetSpec from, OffsetSpec to) {
        Duration timeout = clients.connection().timeout();
        Scan scan = new Scan();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of(
                "isolation.level", "read_committed",
                "client.id", "evctl-dups",
                "fetch.max.wait.ms", "20",
                "max.poll.records", "10000",
                "max.partition.fetch.bytes", "4194304"))) {
            List<TopicPartition> tps = new ArrayList<>();
            clients.describeTopic(topic).partitions().forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            OffsetRange range = OffsetRange.resolve(c, tps, from, to, false, timeout);
            Map<TopicPartition, Long> stop = new HashMap<>();
            Set<TopicPartition> open = new HashSet<>();
            for (TopicPartition tp : tps) {
                long s = range.start().get(tp);
                long e = Math.min(range.stop().get(tp), range.end().get(tp));
                stop.put(tp, e);
                if (s < e) {
                    open.add(tp);
                }
            }
            c.assign(open);
            for (TopicPartition tp : open) {
                c.seek(tp, range.start().get(tp));
            }
            IdReader.Missing[] why = new IdReader.Missing[1];
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= stop.get(tp)) {
                        continue;
                    }
                    scan.records++;
                    byte[] id = ids.id(r, why);
                    if (id == null) {
                        if (why[0] == IdReader.Missing.NOT_DECODED) {
                            scan.undecodable++;
                        } else {
                            scan.withoutId++;
                        }
                        continue;
                    }
                    scan.add(id, r.partition(), r.offset(), r.timestamp());
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    if (c.position(tp, timeout) >= stop.get(tp)) {
                        open.remove(tp);
                        c.pause(List.of(tp));
                    }
                }
            }
        } catch (EvctlException e) {
            scan.close();
            throw e;
        } catch (RuntimeException e) {
            scan.close();
            throw KafkaErrors.translate(e, clients.connection(), "reading '" + topic + "'");
        }
        return scan.result(topic);
    }

    /** The table, the duplicates found so far, and the buckets once spilled. */
    private final class Scan {
        long records;
        long withoutId;
        long undecodable;
        private final long[] hash = new long[2];
        private long[] h1;
        private long[] h2;
        private int[] partitions;
        private long[] offsets;
        private long[] timestamps;
        private int used;
        private final Map<Key, Group> groups = new HashMap<>();
        private DataOutputStream[] buckets;
        private Path dir;

        Scan() {
            int capacity = 1 << 16;
            while (capacity > 1024 && (long) capacity * SLOT_BYTES > budget) {
                capacity >>= 1;
            }
            allocate(capacity);
        }

        private void allocate(int capacity) {
            h1 = new long[capacity];
            h2 = new long[capacity];
            partitions = new int[capacity];
            offsets = new long[capacity];
            timestamps = new long[capacity];
            used = 0;
        }

        void add(byte[] id, int partition, long offset, long timestamp) {
            Murmur3.hash128(id, hash);
            long a = hash[0];
            long b = hash[1] == 0 && a == 0 ? 1 : hash[1]; // (0, 0) marks a free slot
            Group g = groups.isEmpty() ? null : groups.get(new Key(a, b));
            if (g != null) {
                g.copies.add(new Copy(partition, offset, timestamp));
                return;
            }
            if (buckets != null) {
                spill(a, b, partition, offset, timestamp, id);
                return;
            }
            int mask = h1.length - 1;
            int i = (int) (a ^ (a >>> 32)) & mask;
            while (h1[i] != 0 || h2[i] != 0) {
                if (h1[i] == a && h2[i] == b) { // the second record of this id
                    Group first = new Group(new String(id, StandardCharsets.UTF_8));
                    first.copies.add(new Copy(partitions[i], offsets[i], timestamps[i]));
                    first.copies.add(new Copy(partition, offset, timestamp));
                    groups.put(new Key(a, b), first);
                    return;
                }
                i = (i + 1) & mask;
            }
            h1[i] = a;
            h2[i] = b;
            partitions[i] = partition;
            offsets[i] = offset;
            timestamps[i] = timestamp;
            used++;
            if (used * 10L > h1.length * 7L) {
                grow();
            }
        }

        private void grow() {
            long next = (long) h1.length * 2;
            if (next * SLOT_BYTES > budget) {
                startSpilling();
                return;
            }
            long[] oa = h1;
            long[] ob = h2;
            int[] op = partitions;
            long[] oo = offsets;
            long[] ot = timestamps;
            allocate((int) next);
            int mask = h1.length - 1;
            for (int j = 0; j < oa.length; j++) {
                if (oa[j] != 0 || ob[j] != 0) {
                    int i = (int) (oa[j] ^ (oa[j] >>> 32)) & mask;
                    while (h1[i] != 0 || h2[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    h1[i] = oa[j];
                    h2[i] = ob[j];
                    partitions[i] = op[j];
                    offsets[i] = oo[j];
                    timestamps[i] = ot[j];
                    used++;
                }
            }
        }

        /** The table is as big as the budget lets it be: it goes to the buckets, and so does every later id. */
        private void startSpilling() {
            try {
                dir = Files.createTempDirectory(spillDir, "evctl-dups-");
                buckets = new DataOutputStream[BUCKETS];
                for (int k = 0; k < BUCKETS; k++) {
                    buckets[k] = new DataOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(dir.resolve("bucket-" + k)), 1 << 16));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill to " + spillDir + ": " + e.getMessage(), e);
            }
            for (int j = 0; j < h1.length; j++) {
                if (h1[j] != 0 || h2[j] != 0) {
                    spill(h1[j], h2[j], partitions[j], offsets[j], timestamps[j], null);
                }
            }
            allocate(1);
        }

        private void spill(long a, long b, int partition, long offset, long timestamp, byte[] id) {
            try {
                DataOutputStream out = buckets[(int) (a >>> 58)];
                out.writeLong(a);
                out.writeLong(b);
                out.writeInt(partition);
                out.writeLong(offset);
                out.writeLong(timestamp);
                out.writeInt(id == null ? -1 : id.length);
                if (id != null) {
                    out.write(id);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill to " + dir + ": " + e.getMessage(), e);
            }
        }

        Result result(String topic) {
            long distinct;
            try {
                distinct = buckets == null ? used : readBuckets();
            } finally {
                close();
            }
            List<Duplicate> out = new ArrayList<>();
            long extra = 0;
            for (Group g : groups.values()) {
                g.copies.sort(Comparator.comparingInt(Copy::partition).thenComparingLong(Copy::offset));
                out.add(new Duplicate(g.id, List.copyOf(g.copies)));
                extra += g.copies.size() - 1;
            }
            out.sort(Comparator.comparingInt((Duplicate d) -> d.copies().get(0).partition())
                    .thenComparingLong(d -> d.copies().get(0).offset()));
            return new Result(
                    topic, records, distinct, out.size(), extra, withoutId, undecodable, buckets != null, out);
        }

        /** Each bucket on its own: its ids, and a group for each id seen more than once. Returns the distinct ids. */
        private long readBuckets() {
            long distinct = 0;
            try {
                for (DataOutputStream b : buckets) {
                    b.close();
                }
                for (int k = 0; k < BUCKETS; k++) {
                    Map<Key, List<Copy>> seen = new HashMap<>();
                    Map<Key, String> names = new HashMap<>();
                    try (DataInputStream in = new DataInputStream(
                            new BufferedInputStream(Files.newInputStream(dir.resolve("bucket-" + k)), 1 << 16))) {
                        while (true) {
                            long a;
                            try {
                                a = in.readLong();
                            } catch (EOFException end) {
                                break;
                            }
                            Key key = new Key(a, in.readLong());
                            Copy copy = new Copy(in.readInt(), in.readLong(), in.readLong());
                            int length = in.readInt();
                            if (length >= 0) {
                                names.putIfAbsent(key, new String(in.readNBytes(length), StandardCharsets.UTF_8));
                            }
                            seen.computeIfAbsent(key, x -> new ArrayList<>(1)).add(copy);
                        }
                    }
                    distinct += seen.size();
                    seen.forEach((key, copies) -> {
                        if (copies.size() > 1) {
                            Group g = new Group(names.get(key));
                            g.copies.addAll(copies);
                            groups.put(key, g);
                        }
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spilled ids in " + dir + ": " + e.getMessage(), e);
            }
            return distinct; // an id grouped before the spill was spilled once, with the table
        }

        void close() {
            if (buckets != null) {
                for (DataOutputStream b : buckets) {
                    try {
                        b.close();
                    } catch (IOException ignored) {
                        // deleted below
                    }
                }
            }
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary directory
                }
            }
        }
    }

    private record Key(long a, long b) {}

    private static final class Group {
        final String id;
        final List<Copy> copies = new ArrayList<>(2);

        Group(String id) {
            this.id = id;
        }
    }
}
