package dev.evctl.core;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Shows control characters as escapes ({@code \x1b}, {@code \u009b}), so that a record's content
 * or a name from the user cannot clear a terminal, retitle its window or move its cursor. Used
 * for terminals only; piped output stays byte-exact.
 */
public final class ControlChars {

    private ControlChars() {}

    /** C0 controls but tab and newline, DEL, and the C1 controls (U+0080-U+009F). */
    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
    }

    /** The text with control characters escaped, newlines too (a message is one line). */
    public static String escapeLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || c == '\n') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append(escape(c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escape(int c) {
        return c < 0x80 ? String.format("\\x%02x", c) : String.format("\\u%04x", c);
    }

    /**
     * A stream that escapes control characters in what is written through it; {@link #raw} writes
     * the caller's own escape sequences (colours) unchanged. UTF-8 text is assumed for C1 controls
     * (encoded as C2 80 to C2 9F); other bytes pass as they are.
     */
    public static final class Escaping extends FilterOutputStream {

        private boolean afterC2;

        public Escaping(OutputStream out) {
            super(out);
        }

        /** Writes the bytes unescaped. */
        public void raw(byte[] b) throws IOException {
            pendingC2();
            out.write(b);
        }

        @Override
        public void write(int b) throws IOException {
            int c = b & 0xff;
            if (afterC2) {
                afterC2 = false;
                if (c >= 0x80 && c <= 0x9f) {
                    out.write(escape(c).getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                out.write(0xc2);
            }
            if (c == 0xc2) {
                afterC2 = true;
            } else if (isControl(c) && c < 0x80) {
                out.write(escape(c).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(c);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                int c = b[i] & 0xff;
                if (afterC2 || c == 0xc2 || (c < 0x80 && isControl(c))) {
                    out.write(b, start, i - start);
                    write(c);
                    start = i + 1;
                }
            }
            out.write(b, start, end - start);
        }

        private void pendingC2() throws IOException {
            if (afterC2) {
                afterC2 = false;
                out.write(0xc2);
            }
        }

        @Override
        public void flush() throws IOException {
            pendingC2();
            out.flush();
        }
    }
}
