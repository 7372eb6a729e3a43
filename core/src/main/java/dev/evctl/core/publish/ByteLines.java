package dev.evctl.core.publish;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines of raw bytes without decoding them: a line ends at '\n', and a
 * '\r' before it is dropped. Decoding to String and back cost more than sending a record. A
 * UTF-8 byte order mark at the start of the stream (Windows editors write one) is not data.
 */
final class ByteLines {

    interface Visitor {
        void visit(long lineNo, byte[] line);
    }

    private ByteLines() {}

    static void forEach(InputStream in, Visitor visitor) throws IOException {
        byte[] buf = new byte[1 << 20];
        int start = 0;
        int end = 0;
        long lineNo = 0;
        while (true) {
            int scan = start;
            int n;
            // find complete lines in buf[start, end)
            for (int i = scan; i < end; i++) {
                if (buf[i] == '\n') {
                    int stop = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    int from = lineNo == 0 && hasBom(buf, start, stop) ? start + BOM.length : start;
                    visitor.visit(++lineNo, Arrays.copyOfRange(buf, from, stop));
                    start = i + 1;
                }
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                if (end > 0) {
                    int stop = buf[end - 1] == '\r' ? end - 1 : end;
                    int from = lineNo == 0 && hasBom(buf, 0, stop) ? BOM.length : 0;
                    visitor.visit(++lineNo, Arrays.copyOfRange(buf, from, stop));
                }
                return;
            }
            end += n;
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static boolean hasBom(byte[] buf, int from, int to) {
        return to - from >= BOM.length && buf[from] == BOM[0] && buf[from + 1] == BOM[1] && buf[from + 2] == BOM[2];
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
