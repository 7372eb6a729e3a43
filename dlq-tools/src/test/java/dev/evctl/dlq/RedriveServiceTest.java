package dev.evctl.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.topics.TopicService;
import dev.evctl.sandbox.SharedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redrive and skip as a service: the preview counts what a run then does; a skip's markers keep
 * a later redrive of everything from sending those records; the DLQ's group follows.
 */
@Tag("integration")
class RedriveServiceTest {

    private KafkaClients clients;
    private RedriveService service;
    private String dlq;
    private String orders;

    @BeforeEach
    void setUp() {
        clients = new KafkaClients(new Connection(
                SharedBroker.bootstrapServers(),
                Map.of(),
                Duration.ofSeconds(30),
                "test",
                new SecretReferences(Map.of())));
        service = new RedriveService(clients, line -> {}, Duration.ofSeconds(30));
        String run = UUID.randomUUID().toString().substring(0, 8);
        dlq = "svc-dlq-" + run;
        orders = "svc-orders-" + run;
        TopicService topics = new TopicService(clients);
        topics.create(dlq, 1, Optional.empty(), Map.of(), false);
        topics.create(orders, 1, Optional.empty(), Map.of(), false);
        try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of())) {
            for (int i = 0; i < 12; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                        dlq, 0, ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
                r.headers()
                        .add("__connect.errors.topic", orders.getBytes(StandardCharsets.UTF_8))
                        .add("__connect.errors.partition", "0".getBytes(StandardCharsets.UTF_8))
                        .add("__connect.errors.offset", Integer.toString(i).getBytes(StandardCharsets.UTF_8))
                        .add(
                                "__connect.errors.exception.class.name",
                                (i % 3 == 0
                                                ? "java.lang.IllegalStateException"
                                                : "org.apache.kafka.common.errors.TimeoutException")
                                        .getBytes(StandardCharsets.UTF_8));
                p.send(r);
            }
        }
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private Redrive.Options options(Selection selection, boolean skip) {
        return new Redrive.Options(
                dlq, selection, null, null, false, false, skip ? Integer.MAX_VALUE : 3, skip, skip ? "obsolete" : null);
    }

    private RedriveService.Result run(Redrive.Options options, String jobId) {
        RedriveService.Prepared p =
                service.prepare(options, jobId, new OffsetSpec.Beginning(), new OffsetSpec.End(), true, 0);
        return service.run(p, (engine, plan, afterFence) -> engine.run(plan, (copied, filtered) -> {}, afterFence));
    }

    @Test
    void aSkipKeepsALaterRedriveOfEverythingFromSendingThoseRecords() {
        Selection illegalState = new Selection("IllegalStateException", null, null, null);
        RedriveService.Counts preview =
                service.preview(options(illegalState, true), new OffsetSpec.Beginning(), new OffsetSpec.End());
        assertEquals(4, preview.selected());
        assertEquals(8, preview.outcomes().get("NOT_SELECTED"));
        RedriveService.Result skipped = run(options(illegalState, true), "skip-" + dlq);
        assertTrue(skipped.report().complete());
        assertEquals(4, skipped.counts().outcomes().get("SKIP"));

        RedriveService.Counts all =
                service.preview(options(Selection.ALL, false), new OffsetSpec.Beginning(), new OffsetSpec.End());
        assertEquals(8, all.selected());
        assertEquals(4, all.outcomes().get("HANDLED_BEFORE"));
        RedriveService.Result redriven = run(options(Selection.ALL, false), "redrive-" + dlq);
        assertEquals(8, redriven.counts().outcomes().get("REDRIVE"));
        assertEquals(Map.of(orders, 8L), redriven.counts().destinations());

        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of("isolation.level", "read_committed"))) {
            TopicPartition tp = new TopicPartition(orders, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (keys.size() < 8 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    keys.add(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(
                List.of("k1", "k2", "k4", "k5", "k7", "k8", "k10", "k11"),
                keys,
                "the skipped k0, k3, k6, k9 never arrive");
        // everything handled: the DLQ's group is at the end, and nothing is left to select
        assertEquals(
                0,
                service.preview(options(Selection.ALL, false), new OffsetSpec.Beginning(), new OffsetSpec.End())
                        .selected());
    }
}
