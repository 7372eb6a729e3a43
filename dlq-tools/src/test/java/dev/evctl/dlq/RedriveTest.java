package dev.evctl.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** A redrive's decision per record, without a broker: where it goes, or why it is held back. */
class RedriveTest {

    private static ConsumerRecord<byte[], byte[]> deadLetter(String originalTopic) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("__connect.errors.topic", originalTopic.getBytes(StandardCharsets.UTF_8));
        headers.add("__connect.errors.partition", "0".getBytes(StandardCharsets.UTF_8));
        headers.add("__connect.errors.offset", "7".getBytes(StandardCharsets.UTF_8));
        headers.add("__connect.errors.exception.class.name", "x.Boom".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(
                "orders-dlq",
                0,
                3,
                0L,
                TimestampType.CREATE_TIME,
                0,
                1,
                null,
                new byte[] {1},
                headers,
                Optional.empty());
    }

    private static Redrive redrive(String toTopic) {
        return new Redrive(
                new Redrive.Options("orders-dlq", Selection.ALL, null, toTopic, false, false, 3, false, null),
                topic -> 1,
                Map.of());
    }

    @Test
    void aDeadLetterWhoseOriginalTopicIsTheDlqItselfIsHeldBackAsALoop() {
        Redrive.Decision d = redrive(null).decide(deadLetter("orders-dlq"));
        assertEquals(Redrive.Outcome.LOOP_GUARD, d.outcome());
        assertTrue(d.why().contains("its original topic is the DLQ itself"), d.why());

        Redrive.Decision to = redrive("orders-dlq").decide(deadLetter("orders"));
        assertEquals(Redrive.Outcome.LOOP_GUARD, to.outcome());
        assertTrue(to.why().contains("--to-topic is the DLQ itself"), to.why());

        Redrive.Decision ordinary = redrive(null).decide(deadLetter("orders"));
        assertEquals(Redrive.Outcome.REDRIVE, ordinary.outcome());
        assertEquals("orders", ordinary.destination());
    }
}
