package dev.evctl.schema;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A schema file's bytes as text, read the same way wherever they come from (the working tree, a
 * commit, a baseline directory): UTF-8, a leading byte order mark dropped (Windows editors write
 * one; it is not JSON), line ends kept as written.
 */
public final class SchemaText {

    private SchemaText() {}

    /** The text; {@link IllegalArgumentException} says why the bytes are not UTF-8 text. */
    public static String decode(byte[] bytes) {
        if (bytes.length >= 2
                && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                        || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            throw new IllegalArgumentException(
                    "it is UTF-16 text (it starts with a UTF-16 byte order mark): save it" + " as UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IllegalArgumentException("it is not UTF-8 text (byte " + in.position() + " is 0x"
                    + String.format("%02X", bytes[Math.min(in.position(), bytes.length - 1)] & 0xFF) + ")");
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
