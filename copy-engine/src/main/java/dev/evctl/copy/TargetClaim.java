package dev.evctl.copy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A job's claim on its target topic, made on the target's cluster so two jobs cannot both copy into one target.
 *
 * <p>Every process of a job that is about to copy first becomes the one member of a liveness group of its own
 * ({@code evctl-claim-live.JOB.ID}: a consumer group, so a process that dies leaves it within the session timeout;
 * one group a process, so no process ever waits on another's rebalance), then appends a claim naming that group to the one-partition topic {@value #TOPIC}, then reads that partition up to its own claim. The
 * partition orders every claim: the earliest claim on the target whose job still has a live process holds it. A
 * claim of the same job is shared (its {@code --join} workers and a re-run); a claim of another job whose processes
 * are all gone is taken over (its record is deleted); a claim of another live job refuses this one, which withdraws
 * its own. A newcomer never fences the holder: it only reads. The claim is released (its record deleted) when the
 * run ends.
 */
public final class TargetClaim implements AutoCloseable {

    /** The compacted topic of claims, one record per live claim, keyed {@code TARGET/CLAIM-ID}. */
    public static final String TOPIC = "evctl-target-claims";

    /** How long a killed process keeps its job's claim: the liveness group's session timeout. */
    public static final Duration SESSION = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An earlier claim on the same target, as read from the claims topic. */
    record Claim(String key, String target, String job, String group, String host, long pid, long at) {}

    private final KafkaClients clients;
    private final String key;
    private final String group;
    private final Liveness liveness;
    private boolean released;
    private boolean shared;

    private TargetClaim(KafkaClients clients, String key, String group, Liveness liveness) {
        this.clients = clients;
        this.key = key;
        this.group = group;
        this.liveness = liveness;
    }

    /** The prefix of the liveness groups of a job's processes ({@code evctl-claim-live.JOB.}). */
    public static String livenessPrefix(String jobId) {
        return "evctl-claim-live." + jobId + ".";
    }

    /**
     * Claims {@code target} for {@code jobId}, or refuses (a usage error naming the job that holds it).
     *
     * @param diagnostics told of claims taken over from jobs with no live process
     */
    public static TargetClaim acquire(KafkaClients clients, String target, String jobId, Consumer<String> diagnostics) {
        ensureTopic(clients);
        String id = UUID.randomUUID().toString();
        String group = livenessPrefix(jobId) + id.substring(0, 8);
        Liveness liveness = new Liveness(clients, group);
        String key = target + "/" + id;
        TargetClaim claim = new TargetClaim(clients, key, group, liveness);
        try {
            liveness.start();
            long mine = write(clients, key, target, jobId, group);
            for (Claim earlier : earlierClaims(clients, target, mine)) {
                if (earlier.job().equals(jobId)) {
                    claim.shared = true;
                    continue; // another process (or an earlier run) of the same job: the claim is shared
                }
                if (live(clients, earlier.group())) {
                    throw EvctlException.usage("target '" + target + "' is being written by job " + earlier.job()
                            + " (claimed " + Instant.ofEpochMilli(earlier.at()) + " on " + earlier.host() + ", pid "
                            + earlier.pid() + "): wait for it to finish (evctl replay status " + earlier.job()
                            + "), then copy beside it with --append if that is meant");
                }
                diagnostics.accept("note: job " + earlier.job() + " claimed target '" + target + "' at "
                        + Instant.ofEpochMilli(earlier.at()) + " and has no live process: its claim is taken over");
                tombstone(clients, earlier.key());
            }
            return claim;
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    /** Another process of the same job (a {@code --join} worker, a run not yet released) claimed the target first. */
    public boolean shared() {
        return shared;
    }

    /** Releases the claim: its record is deleted and this process leaves the job's liveness group. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            tombstone(clients, key);
        } catch (RuntimeException e) {
            // the claim lapses anyway once this process leaves the liveness group
        }
        liveness.close();
        try {
            clients.admin().deleteConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the group was already gone, or the cluster did not answer: an empty group expires on its own
        }
    }

    private static void ensureTopic(KafkaClients clients) {
        try {
            clients.admin()
                    .createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                            .configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"))))
                    .all()
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw KafkaErrors.translate(e, clients.connection(), "creating the claims topic " + TOPIC);
            }
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), "creating the claims topic " + TOPIC);
        }
    }

    /** Appends this process's claim; returns its offset. */
    private static long write(KafkaClients clients, String key, String target, String jobId, String group) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown host";
        }
        String value = JSON.createObjectNode()
                .put("v", 1)
                .put("target", target)
                .put("job", jobId)
                .put("group", group)
                .put("host", host)
                .put("pid", ProcessHandle.current().pid())
                .put("at", System.currentTimeMillis())
                .toString();
        try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of("client.id", "evctl-claim", "linger.ms", "0"))) {
            return p.send(new ProducerRecord<>(
                            TOPIC, 0, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)))
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), "claiming target '" + target + "'");
        }
    }

    private static void tombstone(KafkaClients clients, String key) {
        try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of("client.id", "evctl-claim", "linger.ms", "0"))) {
            p.send(new ProducerRecord<>(TOPIC, 0, key.getBytes(StandardCharsets.UTF_8), null))
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), "releasing a claim on " + TOPIC);
        }
    }

    /** The claims on {@code target} before offset {@code mine} that were not withdrawn, oldest first. */
    static List<Claim> earlierClaims(KafkaClients clients, String target, long mine) {
        Map<String, Claim> claims = new LinkedHashMap<>();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        long deadline = System.nanoTime() + clients.connection().timeout().toNanos();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of("client.id", "evctl-claim"))) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            while (c.position(tp) < mine) {
                if (System.nanoTime() > deadline) {
                    throw EvctlException.connection("could not read " + TOPIC + " up to offset " + mine + " within "
                            + clients.connection().timeout().toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= mine || r.key() == null) {
                        continue;
                    }
                    String k = new String(r.key(), StandardCharsets.UTF_8);
                    if (!k.startsWith(target + "/")) {
                        continue;
                    }
                    if (r.value() == null) {
                        claims.remove(k);
                        continue;
                    }
                    parse(k, r.value()).ifPresent(claim -> claims.put(k, claim));
                }
            }
        }
        return new ArrayList<>(claims.values());
    }

    private static Optional<Claim> parse(String key, byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            return Optional.of(new Claim(
                    key,
                    n.path("target").asText(),
                    n.path("job").asText(),
                    n.path("group").asText(),
                    n.path("host").asText(),
                    n.path("pid").asLong(),
                    n.path("at").asLong()));
        } catch (Exception e) {
            return Optional.empty(); // not a claim evctl wrote: ignored
        }
    }

    /** Whether a claim's liveness group has a member: the process that made the claim is running. */
    static boolean live(KafkaClients clients, String group) {
        try {
            Map<String, ConsumerGroupDescription> found = clients.admin()
                    .describeConsumerGroups(List.of(group))
                    .all()
                    .get(clients.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
            Collection<ConsumerGroupDescription> groups = found.values();
            return groups.stream().anyMatch(g -> !g.members().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw KafkaErrors.translate(e, clients.connection(), "asking whether job group " + group + " is live");
        } catch (Exception e) {
            throw KafkaErrors.translate(e, clients.connection(), "asking whether job group " + group + " is live");
        }
    }

    /** This process's membership of its job's liveness group, kept by a thread that polls (and so heartbeats). */
    private static final class Liveness implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final CountDownLatch joined = new CountDownLatch(1);
        private final Thread thread;
        private final Duration timeout;
        private volatile boolean closing;
        private volatile RuntimeException failure;

        private final KafkaClients clients;

        Liveness(KafkaClients clients, String group) {
            this.clients = clients;
            this.consumer = clients.groupMember(
                    group,
                    Map.of(
                            "client.id", "evctl-claim",
                            "auto.offset.reset", "latest",
                            "session.timeout.ms", Long.toString(SESSION.toMillis()),
                            "heartbeat.interval.ms", "1000",
                            "max.poll.records", "1"));
            this.thread = new Thread(this::run, "evctl-claim-liveness");
            this.thread.setDaemon(true);
            this.timeout = clients.connection().timeout().plus(SESSION);
        }

        void start() {
            thread.start();
            try {
                if (!joined.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw failure != null
                            ? KafkaErrors.translate(failure, clients.connection(), "joining the job's liveness group")
                            : EvctlException.connection(
                                    "could not join the job's liveness group within " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EvctlException.connection("interrupted while claiming the target");
            }
            if (failure != null) {
                throw KafkaErrors.translate(failure, clients.connection(), "joining the job's liveness group");
            }
        }

        private void run() {
            try {
                consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        joined.countDown();
                    }
                });
                while (!closing) {
                    consumer.poll(Duration.ofMillis(500));
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                failure = e;
                joined.countDown();
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }

        @Override
        public void close() {
            closing = true;
            if (!thread.isAlive() && failure == null && joined.getCount() > 0) {
                consumer.close(); // never started
                return;
            }
            consumer.wakeup();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
