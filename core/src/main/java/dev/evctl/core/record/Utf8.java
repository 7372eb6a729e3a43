package dev.evctl.core.record;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: text only when the bytes round-trip exactly. */
public final class Utf8 {

    private Utf8() {}

    /** Whether the bytes are well-formed UTF-8 (no overlongs, surrogates or truncated sequences). */
    public static boolean isValid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int len;
            int min;
            if ((b & 0xE0) == 0xC0) {
                len = 2;
                min = 0x80;
            } else if ((b & 0xF0) == 0xE0) {
                len = 3;
                min = 0x800;
            } else if ((b & 0xF8) == 0xF0) {
                len = 4;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + len > n) {
                return false;
            }
            int cp = b & (0x7F >> len);
            for (int k = 1; k < len; k++) {
                int c = bytes[i + k];
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += len;
        }
        return true;
    }

    /** The text the bytes encode, or null when they are not valid UTF-8. */
    public static String decodeStrict(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
