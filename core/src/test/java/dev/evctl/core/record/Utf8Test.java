package dev.evctl.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Utf8Test {

    /** The fast validator must agree with the JDK's strict decoder on every input. */
    @Test
    void validatorAgreesWithTheStrictDecoderOnRandomAndTrickyBytes() {
        byte[][] tricky = {
            "plain ascii".getBytes(StandardCharsets.UTF_8),
            "héllo ✓ 𝄞".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xc0, (byte) 0x80},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xe2, (byte) 0x82},
            {(byte) 0xff},
            {},
            {(byte) 0xc3, 0x28},
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}
        };
        for (byte[] b : tricky) {
            assertEquals(
                    Utf8.decodeStrict(b) != null,
                    Utf8.isValid(b),
                    () -> HexFormat.of().formatHex(b));
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(8)];
            random.nextBytes(b);
            assertEquals(
                    Utf8.decodeStrict(b) != null,
                    Utf8.isValid(b),
                    HexFormat.of().formatHex(b));
        }
    }
}
