package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON Schema interop with an independent implementation: Confluent's Python client (Debian's
 * python3-confluent-kafka with python3-jsonschema, which validates each record) producing and
 * consuming through the sandbox registry. .ci/run installs the packages; where they cannot be
 * installed the test is skipped, and says so.
 */
@Tag("integration")
class PythonJsonSchemaInteropTest {

    private static final String SCHEMA = """
            {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Order", "type": "object",
             "properties": {"id": {"type": "string"}, "total": {"type": "number"}, "tags": {"type": "array", \
            "items": {"type": "string"}}},
             "required": ["id"], "additionalProperties": false}""";

    @TempDir
    Path home;

    @BeforeAll
    static void python() throws Exception {
        assumeTrue(
                Python.run(
                                        List.of(
                                                Python.PYTHON,
                                                "-c",
                                                "import confluent_kafka.schema_registry.json_schema, jsonschema"),
                                        30)
                                .exit()
                        == 0,
                "Debian's python3-confluent-kafka and python3-jsonschema are not installed (.ci/run installs them)");
    }

    @Test
    void evctlReadsWhatThePythonClientWritesAndTheReverse() throws Exception {
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        Path schema = home.resolve("order.json");
        Files.writeString(schema, SCHEMA);
        String fromPython = "py-json-to-evctl-" + System.nanoTime();
        evctl.ok("topics", "create", fromPython, "-b", SharedBroker.bootstrapServers());
        Python.Out produced = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("jsonschema_interop.py"),
                        "produce",
                        SharedBroker.bootstrapServers(),
                        SharedRegistry.url(),
                        fromPython,
                        schema.toString(),
                        "2"),
                120);
        assertEquals(0, produced.exit(), produced.out());
        assertEquals(
                List.of(
                        "k0 {\"id\": \"py-0\", \"total\": 0.5, \"tags\": []}",
                        "k1 {\"id\": \"py-1\", \"total\": 10.5, \"tags\": [\"a\"]}"),
                evctl.ok("tail", fromPython, "-b", SharedBroker.bootstrapServers(), "--format", "{key} {value}")
                        .out()
                        .lines()
                        .toList(),
                "the JSON as Python wrote it, byte for byte");

        String toPython = "evctl-json-to-py-" + System.nanoTime();
        evctl.ok("topics", "create", toPython, "-b", SharedBroker.bootstrapServers());
        Path lines = home.resolve("in.jsonl");
        Files.writeString(lines, "{\"id\":\"e-0\",\"total\":817.00,\"tags\":[\"x\"]}\n{\"id\":\"e-1\"}\n");
        evctl.ok(
                "publish",
                toPython,
                "-b",
                SharedBroker.bootstrapServers(),
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--value-format",
                "json-schema",
                "--schema-file",
                schema.toString());
        Python.Out consumed = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("jsonschema_interop.py"),
                        "consume",
                        SharedBroker.bootstrapServers(),
                        SharedRegistry.url(),
                        toPython,
                        schema.toString(),
                        "2"),
                120);
        assertEquals(0, consumed.exit(), consumed.out());
        assertEquals(
                List.of("{\"id\":\"e-0\",\"tags\":[\"x\"],\"total\":817.0}", "{\"id\":\"e-1\"}"),
                consumed.out().lines().filter(l -> l.startsWith("{")).toList());
    }
}
