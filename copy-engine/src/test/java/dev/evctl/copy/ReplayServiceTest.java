package dev.evctl.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.KafkaClients;
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

/** Replay's decisions without a command line: what a plan refuses, what it says, and a run that copies exactly. */
@Tag("integration")
class ReplayServiceTest {

    private KafkaClients clients;
    private ReplayService service;
    private String source;
    private final List<String> diagnostics = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clients = new KafkaClients(new Connection(
                SharedBroker.bootstrapServers(),
                Map.of(),
                Duration.ofSeconds(30),
                "test",
                new SecretReferences(Map.of())));
        service = new ReplayService(clients, null, diagnostics::add, Duration.ofSeconds(30));
        source = "svc-src-" + UUID.randomUUID().toString().substring(0, 8);
        new TopicService(clients).create(source, 2, Optional.empty(), Map.of(), false);
        try (KafkaProducer<byte[], byte[]> p = clients.producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>(
                        source,
                        i % 2,
                        1_600_000_000_000L + i,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private ReplayService.Request request(
            String target, boolean createTarget, boolean ontoSource, ReplayService.PartitionMapping mapping) {
        return new ReplayService.Request(
                source,
                target,
                List.of(),
                ReplayService.Range.parse("beginning", "end"),
                mapping,
                null,
                "none",
                false,
                0,
                true,
                null,
                createTarget,
                ontoSource,
                false);
    }

    @Test
    void aPlanOntoItsOwnSourceIsRefusedUnlessAsked() {
        EvctlException e = assertThrows(
                EvctlException.class,
                () -> service.prepare(request(source, false, false, ReplayService.PartitionMapping.same)));
        assertEquals(EvctlException.Kind.USAGE, e.kind());
        ReplayService.Prepared onto =
                service.prepare(request(source, false, true, ReplayService.PartitionMapping.same));
        assertEquals(10, onto.plan().remainingRecords());
        assertEquals(10, onto.heldByTarget(), "the target (the source) holds its own 10 records");
    }

    @Test
    void aMissingTargetIsNotFoundUnlessCreatedAndThenKeepsOldRecords() {
        String target = source + "-copy";
        assertEquals(
                EvctlException.Kind.NOT_FOUND,
                assertThrows(
                                EvctlException.class,
                                () -> service.prepare(
                                        request(target, false, false, ReplayService.PartitionMapping.same)))
                        .kind());
        ReplayService.Prepared p = service.prepare(request(target, true, false, ReplayService.PartitionMapping.same));
        assertTrue(
                p.notes().stream().anyMatch(n -> n.contains("will be created with 2 partitions")),
                p.notes().toString());
        assertEquals(0, p.heldByTarget());
    }

    @Test
    void aTargetWithFewerPartitionsNeedsTheHashMapping() {
        String target = source + "-one";
        new TopicService(clients).create(target, 1, Optional.empty(), Map.of(), false);
        assertEquals(
                EvctlException.Kind.BAD_INPUT,
                assertThrows(
                                EvctlException.class,
                                () -> service.prepare(
                                        request(target, false, false, ReplayService.PartitionMapping.same)))
                        .kind());
        ReplayService.Prepared p = service.prepare(request(target, false, false, ReplayService.PartitionMapping.hash));
        CopyReport report = p.engine().run(p.plan(), (copied, filtered) -> {});
        assertTrue(report.complete());
        assertEquals(10, report.copied());
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(Map.of("isolation.level", "read_committed"))) {
            TopicPartition tp = new TopicPartition(target, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(10, values.size(), values.toString());
        }
        // the same request again is the same job, finished: nothing left
        assertEquals(
                0,
                service.prepare(request(target, false, false, ReplayService.PartitionMapping.hash))
                        .plan()
                        .remainingRecords());
    }
}
