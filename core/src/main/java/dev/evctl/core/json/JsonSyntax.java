package dev.evctl.core.json;

import java.util.Arrays;

/**
 * Whether bytes hold exactly one JSON value (RFC 8259, UTF-8), without building or tokenising anything: what a
 * tail needs to show a JSON Schema value as it is. Jackson's tokenizer did the same at a third of a million-record
 * tail's time (names canonicalised, numbers scanned into buffers, a parser made per record); {@code
 * JsonSyntaxTest} holds this to Jackson's verdict on valid, broken and random inputs.
 */
public final class JsonSyntax {

    /** Deeper nesting is refused, as Jackson's default read constraints refuse it. */
    static final int MAX_DEPTH = 1000;

    private final byte[] b;
    private final int end;
    private int i;

    private JsonSyntax(byte[] b, int offset, int length) {
        this.b = b;
        this.i = offset;
        this.end = offset + length;
    }

    /**
     * Null when {@code bytes[offset, offset + length)} is one JSON value with optional white space around it;
     * otherwise what is wrong and at which byte (counted from {@code offset}).
     */
    public static String problem(byte[] bytes, int offset, int length) {
        JsonSyntax s = new JsonSyntax(bytes, offset, length);
        int start = offset;
        try {
            if (length >= 3
                    && bytes[offset] == (byte) 0xef
                    && bytes[offset + 1] == (byte) 0xbb
                    && bytes[offset + 2] == (byte) 0xbf) {
                s.i += 3; // a byte-order mark, which Jackson (and so every evctl JSON reader) skips too
            }
            s.ws();
            if (s.i == s.end) {
                return "no JSON value";
            }
            s.value();
            s.ws();
            if (s.i != s.end) {
                return "more than one JSON value (byte " + (s.i - start) + ")";
            }
            return null;
        } catch (Bad e) {
            return e.getMessage() + " (byte " + (s.i - start) + ")";
        }
    }

    private static final class Bad extends Exception {
        Bad(String what) {
            super(what, null, false, false);
        }
    }

    /** One value; arrays and objects with an explicit stack of open containers (no recursion, bounded depth). */
    private void value() throws Bad {
        byte[] open = new byte[16];
        int depth = 0;
        while (true) {
            // a value is expected here
            ws();
            if (i == end) {
                throw new Bad("truncated");
            }
            byte c = b[i];
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    throw new Bad("nested deeper than " + MAX_DEPTH);
                }
                if (depth == open.length) {
                    open = Arrays.copyOf(open, depth * 2);
                }
                open[depth++] = c;
                i++;
                ws();
                if (i < end && b[i] == (c == '{' ? '}' : ']')) {
                    i++; // empty: closed at once, a value like any other
                    depth--;
                } else {
                    if (c == '{') {
                        member();
                    }
                    continue;
                }
            } else {
                scalar();
            }
            // a value ended: close what it ends, or go on to the next element
            while (true) {
                if (depth == 0) {
                    return;
                }
                ws();
                if (i == end) {
                    throw new Bad("truncated");
                }
                byte container = open[depth - 1];
                byte close = container == '{' ? (byte) '}' : (byte) ']';
                if (b[i] == close) {
                    i++;
                    depth--;
                } else if (b[i] == ',') {
                    i++;
                    if (container == '{') {
                        ws();
                        member();
                    }
                    break;
                } else {
                    throw new Bad("expected ',' or '" + (char) close + "'");
                }
            }
        }
    }

    /** An object member's name and colon; its value follows. */
    private void member() throws Bad {
        if (i == end) {
            throw new Bad("truncated");
        }
        if (b[i] != '"') {
            throw new Bad("expected a member name");
        }
        string();
        ws();
        if (i == end) {
            throw new Bad("truncated");
        }
        if (b[i] != ':') {
            throw new Bad("expected ':'");
        }
        i++;
    }

    private void scalar() throws Bad {
        byte c = b[i];
        switch (c) {
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw new Bad("unexpected character");
                }
            }
        }
    }

    private void literal(String word) throws Bad {
        for (int k = 0; k < word.length(); k++, i++) {
            if (i == end) {
                throw new Bad("truncated");
            }
            if (b[i] != word.charAt(k)) {
                throw new Bad("unexpected character");
            }
        }
    }

    private void number() throws Bad {
        if (b[i] == '-') {
            i++;
        }
        if (i == end) {
            throw new Bad("truncated");
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            digits();
        } else {
            throw new Bad("a number needs a digit");
        }
        if (i < end && b[i] == '.') {
            i++;
            if (i == end || b[i] < '0' || b[i] > '9') {
                throw new Bad(i == end ? "truncated" : "a number needs a digit after '.'");
            }
            digits();
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (i == end || b[i] < '0' || b[i] > '9') {
                throw new Bad(i == end ? "truncated" : "a number needs a digit in its exponent");
            }
            digits();
        }
    }

    private void digits() {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
    }

    /** A string, escapes checked, its bytes valid UTF-8 (no surrogates, no overlong forms). */
    private void string() throws Bad {
        i++; // the opening quote
        while (true) {
            if (i == end) {
                throw new Bad("truncated");
            }
            int c = b[i] & 0xff;
            if (c == '"') {
                i++;
                return;
            }
            if (c == '\\') {
                escape();
            } else if (c < 0x20) {
                throw new Bad("a control character in a string");
            } else if (c < 0x80) {
                i++;
            } else {
                utf8(c);
            }
        }
    }

    private void escape() throws Bad {
        i++;
        if (i == end) {
            throw new Bad("truncated");
        }
        switch (b[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i++;
            case 'u' -> {
                i++;
                for (int k = 0; k < 4; k++, i++) {
                    if (i == end) {
                        throw new Bad("truncated");
                    }
                    byte h = b[i];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                        throw new Bad("a \\u escape needs four hex digits");
                    }
                }
            }
            default -> throw new Bad("an unknown escape");
        }
    }

    private void utf8(int c) throws Bad {
        int n;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            min = 0x10000;
        } else {
            throw new Bad("not UTF-8");
        }
        int cp = c & (0x3f >> n);
        for (int k = 1; k <= n; k++) {
            if (i + k >= end) {
                throw new Bad("truncated");
            }
            int d = b[i + k] & 0xff;
            if ((d & 0xc0) != 0x80) {
                throw new Bad("not UTF-8");
            }
            cp = (cp << 6) | (d & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw new Bad("not UTF-8");
        }
        i += n + 1;
    }

    private void ws() {
        while (i < end) {
            byte c = b[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
            } else {
                return;
            }
        }
    }
}
