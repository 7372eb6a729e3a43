package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in files get a line that names the mistake: a schema declared as one type holding another, an unknown
 * JSON Schema type, a $ref to nothing, broken JSON (without Jackson's internals) — and the gate says an invalid file
 * once and does not count it as incompatible.
 */
class ErrorsThatMisleadTest {

    @TempDir
    Path home;

    private Evctl evctl;

    @BeforeEach
    void setUp() throws Exception {
        evctl = new Evctl(home);
        Files.createDirectories(home.resolve("empty"));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(home.resolve(name), text);
    }

    private String check(String file, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "schema";
        args[1] = "check";
        args[2] = "-f";
        args[3] = file;
        System.arraycopy(more, 0, args, 4, more.length);
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--against=dir:" + home.resolve("empty");
        Evctl.Result r = evctl.expect(ExitCodes.BAD_INPUT, all);
        String both = r.out() + r.err();
        assertFalse(
                both.contains("Exception") || both.contains("REDACTED") || both.contains("StreamReadFeature"), both);
        return both;
    }

    @Test
    void aSchemaDeclaredAsOneTypeThatHoldsAnotherIsNamed() throws Exception {
        Path json = file(
                "order.json",
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                        + "\"properties\":{\"a\":{\"type\":\"string\"}}}");
        assertTrue(check(json.toString(), "--type", "avro")
                .contains("declared as Avro but the file holds JSON Schema (--type)"));
        Path avro =
                file("x.avsc", "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        assertTrue(
                check(avro.toString(), "--type", "json").contains("declared as JSON Schema but the file holds Avro"));
        Evctl.Result publish = evctl.expect(
                ExitCodes.BAD_INPUT,
                "publish",
                "t",
                "-b",
                "127.0.0.1:1",
                "--value-format",
                "protobuf",
                "--schema-file",
                avro.toString(),
                "--value",
                "{}");
        assertTrue(
                publish.err().contains("holds Avro, not the Protobuf that --value-format protobuf sends"),
                publish.err());
    }

    @Test
    void aJsonSchemaThatIsValidJsonButNoSchemaSaysWhatIsWrong() throws Exception {
        assertTrue(check(file("objekt.json", "{\"type\":\"objekt\"}").toString(), "--type", "json")
                .contains("invalid JSON Schema: unknown type 'objekt'"));
        assertTrue(check(
                        file("ref.json", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/x\"}}}")
                                .toString(),
                        "--type",
                        "json")
                .contains("$ref '#/definitions/x' points to nothing in the document"));
    }

    @Test
    void anInvalidFileIsSaidOnceAndIsNotCountedIncompatible() throws Exception {
        Path broken = file("broken.json", "{\"type\":\"record\",");
        String both = check(broken.toString());
        assertEquals(1, both.split("Unexpected end-of-input", -1).length - 1, "the error once: " + both);
        assertTrue(both.contains(broken + ":1: INVALID_SCHEMA — not checked (the error is on stderr)"), both);
        assertTrue(both.contains("0 compatible, 0 incompatible, 1 not checked"), both);
    }

    @Test
    void aBrokenUndoSnapshotIsNamedWithoutJacksonsInternals() throws Exception {
        Path snapshot = file("snap.json", "{\"group\":\n");
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT,
                "groups",
                "reset",
                "g",
                "--undo",
                snapshot.toString(),
                "-b",
                "127.0.0.1:1",
                "--yes");
        assertTrue(r.err().contains("is not readable JSON: Unexpected end-of-input"), r.err());
        assertTrue(r.err().contains("at line 2, column 1"), r.err());
        assertFalse(r.err().contains("REDACTED") || r.err().contains("StreamReadFeature"), r.err());
    }
}
