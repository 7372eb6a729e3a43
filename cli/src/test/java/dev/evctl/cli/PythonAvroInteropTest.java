package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.sandbox.SharedBroker;
import dev.evctl.sandbox.registry.SandboxRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro interop with an independent implementation: Confluent's Python client (Debian's
 * python3-confluent-kafka and python3-avro, run with Debian's /usr/bin/python3) producing and
 * consuming through the sandbox registry. .ci/run installs the packages; where they cannot be
 * installed the test is skipped, and says so.
 */
@Tag("integration")
class PythonAvroInteropTest {

    private static final String SCHEMA = """
            {"type": "record", "name": "Sample", "namespace": "interop", "fields": [
              {"name": "name", "type": "string"},
              {"name": "n", "type": "long"},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "note", "type": ["null", "string"]}
            ]}""";

    private static SandboxRegistry registry;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                Python.run(List.of(Python.PYTHON, "-c", "import confluent_kafka.avro, avro"), 30)
                                .exit()
                        == 0,
                "Debian's python3-confluent-kafka and python3-avro are not installed (.ci/run installs them)");
        registry = SandboxRegistry.start(SharedBroker.bootstrapServers(), 0);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void evctlReadsWhatThePythonClientWrites() throws Exception {
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", registry.url());
        String topic = "py-to-evctl-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", SharedBroker.bootstrapServers());
        Path schema = home.resolve("sample.avsc");
        Files.writeString(schema, SCHEMA);
        Python.Out produced = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("avro_interop.py"),
                        "produce",
                        SharedBroker.bootstrapServers(),
                        registry.url(),
                        topic,
                        schema.toString(),
                        "4"),
                120);
        assertEquals(0, produced.exit(), produced.out());
        List<String> values = evctl.ok("tail", topic, "-b", SharedBroker.bootstrapServers(), "--format", "{value}")
                .out()
                .lines()
                .toList();
        assertEquals(
                List.of(
                        "{\"name\":\"py-0\",\"n\":0,\"tags\":[],\"note\":\"even\"}",
                        "{\"name\":\"py-1\",\"n\":1,\"tags\":[\"a\"],\"note\":null}",
                        "{\"name\":\"py-2\",\"n\":2,\"tags\":[\"a\",\"b\"],\"note\":\"even\"}",
                        "{\"name\":\"py-3\",\"n\":3,\"tags\":[],\"note\":null}"),
                values);
    }

    @Test
    void thePythonClientReadsWhatEvctlWrites() throws Exception {
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", registry.url());
        String topic = "evctl-to-py-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", SharedBroker.bootstrapServers());
        Path schema = home.resolve("sample.avsc");
        Files.writeString(schema, SCHEMA);
        Path lines = home.resolve("in.jsonl");
        Files.writeString(
                lines,
                "{\"name\":\"e-0\",\"n\":10,\"tags\":[\"x\"],\"note\":{\"string\":\"union form\"}}\n"
                        + "{\"name\":\"e-1\",\"n\":11,\"tags\":[],\"note\":null}\n");
        evctl.ok(
                "publish",
                topic,
                "-b",
                SharedBroker.bootstrapServers(),
                "-f",
                lines.toString(),
                "-i",
                "jsonl",
                "--value-format",
                "avro",
                "--schema-file",
                schema.toString());
        Python.Out consumed = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("avro_interop.py"),
                        "consume",
                        SharedBroker.bootstrapServers(),
                        registry.url(),
                        topic,
                        "2"),
                120);
        assertEquals(0, consumed.exit(), consumed.out());
        List<String> values = new ArrayList<>(
                consumed.out().lines().filter(l -> l.startsWith("{")).toList());
        assertEquals(
                List.of(
                        "{\"n\":10,\"name\":\"e-0\",\"note\":\"union form\",\"tags\":[\"x\"]}",
                        "{\"n\":11,\"name\":\"e-1\",\"note\":null,\"tags\":[]}"),
                values);
        assertTrue(registry.url().startsWith("http://127.0.0.1:"));
    }
}
