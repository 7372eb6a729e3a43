package dev.evctl.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;

/** {@link JsonSyntax} says what Jackson's parser says about one JSON value, on chosen and on random inputs. */
class JsonSyntaxTest {

    private static final JsonFactory JACKSON = new JsonFactory();

    /** Jackson's verdict: one JSON value and nothing after it. */
    private static boolean jackson(byte[] b) {
        try (JsonParser p = JACKSON.createParser(b)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean ours(byte[] b) {
        return JsonSyntax.problem(b, 0, b.length) == null;
    }

    @Test
    void chosenInputsGetJacksonsVerdict() {
        List<String> inputs = List.of(
                "{}",
                "[]",
                " { } ",
                "0",
                "-0",
                "1.5e-3",
                "-12E+4",
                "\"\"",
                "true",
                "false",
                "null",
                "{\"a\":[1,{\"b\":null}],\"c\":\"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}",
                "[[[[]]]]",
                "[1,2,3]",
                "\"é日本😀\"",
                "\ufeff{\"bom\":1}",
                // broken
                "",
                " ",
                "{",
                "}",
                "[",
                "]",
                "{\"a\"}",
                "{\"a\":}",
                "{\"a\":1,}",
                "[1,]",
                "[1 2]",
                "{\"a\" 1}",
                "{a:1}",
                "{'a':1}",
                "01",
                "1.",
                ".5",
                "-",
                "1e",
                "1e+",
                "+1",
                "tru",
                "nul",
                "True",
                "NaN",
                "\"abc",
                "\"\\x\"",
                "\"\\u12g4\"",
                "\"a\tb\"",
                "{} {}",
                "1 2",
                "[1]]",
                "{\"a\":1}}",
                "// c\n1",
                "{\"a\":1 \"b\":2}",
                "[\"a\",]",
                "\"\\u00\"",
                "{\"x\":[1,{\"y\":[2,{}]}]",
                "[{\"a\":1},{\"b\":]");
        for (String in : inputs) {
            byte[] b = in.getBytes(StandardCharsets.UTF_8);
            assertEquals(jackson(b), ours(b), "'" + in + "': " + JsonSyntax.problem(b, 0, b.length));
        }
    }

    /** Valid documents cut anywhere, and one byte of them changed: every truncation is refused. */
    @Test
    void truncatedAndMutatedDocumentsGetJacksonsVerdict() {
        Random random = new Random(42);
        String doc = "{\"orderId\":\"o-00000042\",\"qty\":3,\"total\":817.00,\"tags\":[\"a\",\"b\"],"
                + "\"paid\":true,\"note\":null,\"lines\":[{\"sku\":\"SKU-1\",\"n\":-1.5e3}],\"empty\":{}}";
        byte[] full = doc.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            assertEquals(jackson(part), ours(part), "cut at " + cut);
            if (cut > 0 && cut < full.length) {
                assertNotNull(JsonSyntax.problem(part, 0, part.length), "a truncation passes at " + cut);
            }
        }
        byte[] alphabet = "{}[]\":,.-+0123456789eEtrufalsn \\u".getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < 20_000; k++) {
            byte[] m = full.clone();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                m[random.nextInt(m.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            assertEquals(jackson(m), ours(m), new String(m, StandardCharsets.UTF_8));
        }
    }

    @Test
    void randomBytesAreRefusedAsJacksonRefusesThem() {
        Random random = new Random(7);
        for (int k = 0; k < 20_000; k++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            random.nextBytes(b);
            if (nulInFirstFour(b)) {
                // Jackson reads these as UTF-16 or UTF-32; the wire's JSON is UTF-8, where a NUL is never valid
                assertNotNull(JsonSyntax.problem(b, 0, b.length), HexFormat.of().formatHex(b));
                continue;
            }
            assertEquals(jackson(b), ours(b), HexFormat.of().formatHex(b));
        }
    }

    private static boolean nulInFirstFour(byte[] b) {
        for (int k = 0; k < Math.min(4, b.length); k++) {
            if (b[k] == 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void nestingIsBoundedAndTheProblemSaysWhere() {
        String deep = "[".repeat(JsonSyntax.MAX_DEPTH) + "]".repeat(JsonSyntax.MAX_DEPTH);
        assertNull(JsonSyntax.problem(deep.getBytes(StandardCharsets.UTF_8), 0, deep.length()));
        String deeper = "[" + deep + "]";
        assertTrue(JsonSyntax.problem(deeper.getBytes(StandardCharsets.UTF_8), 0, deeper.length())
                .startsWith("nested deeper than 1000"));
        byte[] framed = "\0\0\0\0\1{\"a\":1,}".getBytes(StandardCharsets.UTF_8);
        assertEquals("expected a member name (byte 7)", JsonSyntax.problem(framed, 5, framed.length - 5));
        byte[] overlong = {'"', (byte) 0xc0, (byte) 0xaf, '"'};
        assertEquals("not UTF-8 (byte 1)", JsonSyntax.problem(overlong, 0, overlong.length));
    }
}
