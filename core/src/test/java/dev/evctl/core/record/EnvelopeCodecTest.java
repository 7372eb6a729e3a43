package dev.evctl.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

    private static String write(Envelope e) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = EnvelopeCodec.generator(out)) {
            EnvelopeCodec.write(g, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void binaryEmptyNullAndDuplicateHeadersSurviveARoundTrip() throws Exception {
        byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10};
        List<RecordHeader> headers = List.of(
                new RecordHeader("h", "one".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("h", "two".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("bin", binary),
                new RecordHeader("nothing", null),
                new RecordHeader("empty", new byte[0]));
        Envelope original = new Envelope("t", 2, 7, 1_700_000_000_123L, "CreateTime", new byte[0], binary, headers);

        String line = write(original);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line per record");
        assertTrue(line.contains("\"valueEncoding\":\"base64\""), line);

        OutgoingRecord back = EnvelopeCodec.parse(line.trim());
        assertEquals(2, back.partition());
        assertEquals(1_700_000_000_123L, back.timestamp());
        assertArrayEquals(new byte[0], back.key());
        assertArrayEquals(binary, back.value());
        assertEquals(5, back.headers().size());
        for (int i = 0; i < headers.size(); i++) {
            assertEquals(headers.get(i).name(), back.headers().get(i).name());
            assertArrayEquals(headers.get(i).value(), back.headers().get(i).value());
        }
    }

    @Test
    void utf8TextIsWrittenAsPlainStringsAndNullsStayNull() throws Exception {
        String line = write(
                new Envelope("t", 0, 0, 1, "CreateTime", null, "héllo ✓".getBytes(StandardCharsets.UTF_8), List.of()));
        assertTrue(line.contains("\"key\":null") && line.contains("\"value\":\"héllo ✓\""), line);
        OutgoingRecord back = EnvelopeCodec.parse(line);
        assertNull(back.key());
        assertEquals("héllo ✓", new String(back.value(), StandardCharsets.UTF_8));
    }

    @Test
    void invalidEnvelopesNameTheWrongField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.parse("{\"value\":1}"))
                .getMessage()
                .contains("'value'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.parse("{\"partition\":-1}"))
                .getMessage()
                .contains("'partition'"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> EnvelopeCodec.parse("{\"value\":\"!!\",\"valueEncoding\":\"base64\"}"))
                .getMessage()
                .contains("base64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.parse("{\"vaule\":\"x\"}"))
                .getMessage()
                .contains("unknown envelope field 'vaule'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.parse("{nope"))
                .getMessage()
                .startsWith("invalid JSON"));
    }
}
