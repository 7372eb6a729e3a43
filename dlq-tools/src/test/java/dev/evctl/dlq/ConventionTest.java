package dev.evctl.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Reading the documented header names of Connect and SmallRye, Spring's binary numbers, and malformed values. */
class ConventionTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void connectContextHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add("__connect.errors.topic", utf8("orders"));
        h.add("__connect.errors.partition", utf8("2"));
        h.add("__connect.errors.offset", utf8("1234"));
        h.add("__connect.errors.connector.name", utf8("jdbc-sink"));
        h.add("__connect.errors.task.id", utf8("0"));
        h.add("__connect.errors.stage", utf8("VALUE_CONVERTER"));
        h.add("__connect.errors.exception.class.name", utf8("org.apache.kafka.connect.errors.DataException"));
        h.add("__connect.errors.exception.message", utf8("Converting byte[] to Kafka Connect data failed"));
        DeadLetter l = Convention.read(h, null);
        assertEquals(Convention.CONNECT, l.convention());
        assertEquals("orders", l.originalTopic());
        assertEquals(2, l.originalPartition());
        assertEquals(1234L, l.originalOffset());
        assertEquals("org.apache.kafka.connect.errors.DataException", l.exceptionClass());
        assertEquals("connector jdbc-sink, task 0, stage VALUE_CONVERTER", l.detail());
        assertTrue(l.problems().isEmpty());
    }

    @Test
    void smallRyeHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add("dead-letter-reason", utf8("price must be positive"));
        h.add("dead-letter-cause", utf8("bad input"));
        h.add("dead-letter-topic", utf8("prices"));
        h.add("dead-letter-partition", utf8("0"));
        h.add("dead-letter-offset", utf8("77"));
        h.add("dead-letter-exception-class-name", utf8("java.lang.IllegalArgumentException"));
        DeadLetter l = Convention.read(h, null);
        assertEquals(Convention.SMALLRYE, l.convention());
        assertEquals("prices", l.originalTopic());
        assertEquals(77L, l.originalOffset());
        assertEquals("java.lang.IllegalArgumentException", l.exceptionClass());
        assertEquals("price must be positive, cause: bad input", l.message());
    }

    @Test
    void springBinaryNumbersAndMalformedValues() {
        RecordHeaders h = new RecordHeaders();
        h.add("kafka_dlt-original-topic", utf8("orders"));
        h.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(1).array());
        h.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(99).array());
        h.add("kafka_dlt-exception-fqcn", utf8("java.lang.IllegalStateException"));
        DeadLetter l = Convention.read(h, null);
        assertEquals(Convention.SPRING, l.convention());
        assertEquals(1, l.originalPartition());
        assertEquals(99L, l.originalOffset());

        RecordHeaders bad = new RecordHeaders();
        bad.add("__connect.errors.topic", utf8("orders"));
        bad.add("__connect.errors.partition", utf8("two"));
        DeadLetter broken = Convention.read(bad, null);
        assertNull(broken.originalPartition());
        assertEquals(
                "__connect.errors.partition: not a number (3 bytes)",
                broken.problems().get(0));
    }

    @Test
    void recordsWithoutDeadLetterHeadersAreUnknown() {
        RecordHeaders h = new RecordHeaders();
        h.add("traceparent", utf8("00-abc"));
        assertEquals(Convention.UNKNOWN, Convention.read(h, null).convention());
        assertEquals(Convention.SMALLRYE, Convention.parse("smallrye"));
    }

    @Test
    void messagePatternsMaskWhatVaries() {
        assertEquals(MessagePattern.of("order 42 has no customer"), MessagePattern.of("order 9917 has no customer"));
        assertEquals(
                MessagePattern.of("lookup of 3f2a9c1e-0b7d-4c1a-9e0f-1a2b3c4d5e6f failed"),
                MessagePattern.of("lookup of 00000000-1111-2222-3333-444444444444 failed"));
        assertEquals(MessagePattern.of("user 'alice' not found"), MessagePattern.of("user 'bob' not found"));
        assertTrue(!MessagePattern.of("connection refused").equals(MessagePattern.of("timed out")));
    }
}
