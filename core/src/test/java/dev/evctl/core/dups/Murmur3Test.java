package dev.evctl.core.dups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class Murmur3Test {

    /** As Guava prints a 128-bit hash: h1 then h2, each in little-endian bytes (the vectors are Guava's murmur3_128). */
    private static String hex(String s) {
        long[] h = new long[2];
        Murmur3.hash128(s.getBytes(StandardCharsets.UTF_8), h);
        StringBuilder out = new StringBuilder();
        for (long half : h) {
            for (int i = 0; i < 8; i++) {
                out.append(String.format("%02x", (half >>> (8 * i)) & 0xff));
            }
        }
        return out.toString();
    }

    @Test
    void matchesTheReferenceVectors() {
        assertEquals("00000000000000000000000000000000", hex(""));
        assertEquals("6c1b07bc7bbc4be347939ac4a93c437a", hex("The quick brown fox jumps over the lazy dog"));
        assertEquals("029bbd41b3a7d8cb191dae486a901e5b", hex("hello"));
    }

    @Test
    void everyTailLengthIsHashedAndDistinct() {
        Set<String> seen = new HashSet<>();
        String s = "";
        for (int i = 0; i < 40; i++) { // lengths 0..39: every tail case, one and two blocks
            seen.add(hex(s));
            s += (char) ('a' + i % 26);
        }
        assertEquals(40, seen.size());
        assertNotEquals(hex("e-1"), hex("e-2"));
    }
}
