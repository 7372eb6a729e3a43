package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON Schema end to end: publish --value-format json-schema (validated, framed), tail, register, and the gate
 * offline and against the registry.
 */
@Tag("integration")
class JsonSchemaWireTest {

    private static final String SCHEMA = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "properties": {
                "id": {"type": "string"},
                "total": {"type": "number", "minimum": 0}
              },
              "required": ["id"],
              "additionalProperties": false
            }
            """;

    @TempDir
    Path home;

    private Evctl evctl;
    private String topic;
    private Path schema;

    @BeforeEach
    void setUp() throws Exception {
        evctl = SharedRegistry.evctl(home);
        topic = "json-wire-" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        schema = home.resolve("order.json");
        Files.writeString(schema, SCHEMA);
    }

    @Test
    void validatedRecordsAreFramedAndReadBackAsSent() throws Exception {
        Path lines = home.resolve("orders.jsonl");
        Files.writeString(lines, "{\"id\":\"o-1\",\"total\":817.00}\n{\"id\":\"o-2\"}\n");
        evctl.ok(
                "publish",
                topic,
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--value-format",
                "json-schema",
                "--schema-file",
                schema.toString());
        String hex = evctl.ok("tail", topic, "--max", "1", "--value-format", "hex", "--format", "{value}")
                .out()
                .trim();
        assertTrue(
                hex.startsWith("00")
                        && hex.substring(10).startsWith(HexFormat.of().formatHex("{\"id\"".getBytes())),
                hex);
        assertEquals(
                List.of("{\"id\":\"o-1\",\"total\":817.00}", "{\"id\":\"o-2\"}"),
                evctl.ok("tail", topic, "--format", "{value}").out().lines().toList(),
                "the JSON as sent, 817.00 and all");
        assertEquals(
                List.of("o-1"),
                evctl.ok("tail", topic, "--where", "total > `800`", "--format", "{value.id}")
                        .out()
                        .lines()
                        .toList());
        assertTrue(evctl.ok("schema", "get", topic + "-value").out().contains("additionalProperties"));
    }

    @Test
    void aRecordThatBreaksTheSchemaIsOneLineAndNothingIsSent() throws Exception {
        Path lines = home.resolve("bad.jsonl");
        Files.writeString(lines, "{\"id\":\"o-1\",\"total\":1}\n{\"id\":\"o-2\",\"total\":-5}\n");
        String err = evctl.expect(
                        ExitCodes.BAD_INPUT,
                        "publish",
                        topic,
                        "-f",
                        lines.toString(),
                        "-i",
                        "jsonl",
                        "--value-format",
                        "json-schema",
                        "--schema-file",
                        schema.toString())
                .err();
        assertTrue(err.contains(":2: does not match the JSON Schema: $.total: must have a minimum value of 0"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals("", evctl.ok("tail", topic, "--format", "{value}").out(), "nothing was sent");
    }

    @Test
    void theGateChecksJsonSchemaFilesOfflineAndAgainstTheRegistry() throws Exception {
        Path repo = home.resolve("repo");
        Files.createDirectories(repo);
        Path file = repo.resolve("order.json");
        Files.writeString(file, SCHEMA);
        Git.run(repo, "init", "-q");
        Git.run(repo, "add", ".");
        Git.run(repo, "commit", "-q", "-m", "v1");
        String subject = "json-orders-" + System.nanoTime() + "-value";
        evctl.ok("schema", "register", subject, "-f", file.toString());
        // a new optional property in a closed model: BACKWARD passes, FORWARD fails (old readers refuse it)
        Files.writeString(
                file,
                SCHEMA.replace(
                        "\"total\": {\"type\": \"number\", \"minimum\": 0}",
                        "\"total\": {\"type\": \"number\", \"minimum\": 0},\n    \"note\": {\"type\": \"string\"}"));
        evctl.ok("schema", "check", "-f", file.toString(), "--against", "git:HEAD");
        String forward = evctl.expect(
                        ExitCodes.CHECK_FAILED,
                        "schema",
                        "check",
                        "-f",
                        file.toString(),
                        "--against",
                        "git:HEAD",
                        "--level",
                        "FORWARD")
                .out();
        assertTrue(
                forward.startsWith(file
                        + ":7: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #/properties/note: readers on version 1"
                        + " cannot read data written with the new schema"),
                forward);
        evctl.ok("schema", "check", "-f", file.toString(), "--subject", subject);
        evctl.ok("schema", "check", "-f", file.toString(), "--subject", subject, "--remote");
        // a type change breaks BACKWARD: here and in the registry's own words
        Files.writeString(file, SCHEMA.replace("\"id\": {\"type\": \"string\"}", "\"id\": {\"type\": \"integer\"}"));
        String local = evctl.expect(
                        ExitCodes.CHECK_FAILED, "schema", "check", "-f", file.toString(), "--subject", subject)
                .out();
        String remote = evctl.expect(
                        ExitCodes.CHECK_FAILED,
                        "schema",
                        "check",
                        "-f",
                        file.toString(),
                        "--subject",
                        subject,
                        "--remote")
                .out();
        assertTrue(
                local.startsWith(file
                        + ":5: TYPE_CHANGED at #/properties/id: the new schema cannot read data "
                        + "written with version 1"),
                local);
        assertEquals(local.lines().findFirst(), remote.lines().findFirst(), "the registry says the same");
        // schema diff against the subject's latest version, by JSON pointer
        assertEquals(
                List.of("~ /properties/id/type: \"string\" -> \"integer\""),
                evctl.expect(ExitCodes.CHECK_FAILED, "schema", "diff", subject, "-f", file.toString())
                        .out()
                        .lines()
                        .toList());
    }
}
