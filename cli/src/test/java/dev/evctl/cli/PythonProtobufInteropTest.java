package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * Protobuf interop with an independent implementation: Confluent's Python client (Debian's
 * python3-confluent-kafka with python3-protobuf) producing and consuming through the sandbox
 * registry. The Python client registers its schema as a base64 FileDescriptorProto, as the real
 * registry accepts. .ci/run installs the packages; where they cannot be installed the test is
 * skipped, and says so. Messages are the file's first message: confluent-kafka 1.7 writes other
 * message indexes unsigned (not zigzag, fixed in 1.8), which no Java reader can agree with.
 */
@Tag("integration")
class PythonProtobufInteropTest {

    private static final String PROTO = """
            syntax = "proto3";
            package interop;

            message Sample {
              string name = 1;
              int64 n = 2;
              repeated string tags = 3;
              Inner inner = 4;

              message Inner {
                int32 x = 1;
              }
            }
            """;

    @TempDir
    Path home;

    @BeforeAll
    static void python() throws Exception {
        assumeTrue(
                Python.run(
                                        List.of(
                                                Python.PYTHON,
                                                "-c",
                                                "import confluent_kafka.schema_registry.protobuf, google.protobuf"),
                                        30)
                                .exit()
                        == 0,
                "Debian's python3-confluent-kafka and python3-protobuf are not installed (.ci/run installs them)");
    }

    @Test
    void evctlReadsWhatThePythonClientWrites() throws Exception {
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        String topic = "py-proto-to-evctl-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", SharedBroker.bootstrapServers());
        Python.Out produced = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("protobuf_interop.py"),
                        "produce",
                        SharedBroker.bootstrapServers(),
                        SharedRegistry.url(),
                        topic,
                        "3"),
                120);
        assertEquals(0, produced.exit(), produced.out());
        List<String> values = evctl.ok(
                        "tail", topic, "-b", SharedBroker.bootstrapServers(), "--format", "{key} {value}")
                .out()
                .lines()
                .toList();
        assertEquals(
                List.of(
                        "k0 {\"name\":\"py-0\",\"inner\":{}}",
                        "k1 {\"name\":\"py-1\",\"n\":\"1000000007\",\"tags\":[\"a\"],\"inner\":{\"x\":-1}}",
                        "k2 {\"name\":\"py-2\",\"n\":\"2000000014\",\"tags\":[\"a\",\"b\"],\"inner\":{\"x\":-2}}"),
                values);
        String stored = evctl.ok("schema", "get", topic + "-value").out();
        assertTrue(stored.contains("message Sample {"), "the base64 descriptor is stored as .proto text: " + stored);
    }

    @Test
    void thePythonClientReadsWhatEvctlWrites() throws Exception {
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        String topic = "evctl-proto-to-py-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", SharedBroker.bootstrapServers());
        Path proto = home.resolve("sample.proto");
        Files.writeString(proto, PROTO);
        Path lines = home.resolve("in.jsonl");
        Files.writeString(
                lines,
                "{\"name\":\"e-0\",\"n\":\"9007199254740993\",\"tags\":[\"x\"],\"inner\":{\"x\":7}}\n"
                        + "{\"name\":\"e-1\"}\n");
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
                "protobuf",
                "--schema-file",
                proto.toString());
        Python.Out consumed = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("protobuf_interop.py"),
                        "consume",
                        SharedBroker.bootstrapServers(),
                        SharedRegistry.url(),
                        topic,
                        "2"),
                120);
        assertEquals(0, consumed.exit(), consumed.out());
        assertEquals(
                List.of(
                        "{\"inner\":{\"x\":7},\"n\":\"9007199254740993\",\"name\":\"e-0\",\"tags\":[\"x\"]}",
                        "{\"name\":\"e-1\"}"),
                consumed.out().lines().filter(l -> l.startsWith("{")).toList());
    }

    /**
     * A schema that imports another file: evctl finds the import beside the file, registers it as a subject named like
     * its import path (as Confluent's serializer does) and the schema with a reference to it; the Python client reads
     * the values and the registry's references, and writes its own with an import, which evctl reads back.
     */
    @Test
    void importsTravelAsReferencesBothWays() throws Exception {
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        String n = Long.toString(System.nanoTime());
        String imported = "common" + n + "/customer.proto";
        Path dir = Files.createDirectories(home.resolve("proto/common" + n));
        Files.writeString(
                dir.resolve("customer.proto"),
                "syntax = \"proto3\";\npackage shop;\nmessage Customer {\n" + "  string name = 1;\n}\n");
        Path order = home.resolve("proto/order.proto");
        Files.writeString(
                order,
                "syntax = \"proto3\";\npackage shop;\nimport \"" + imported + "\";\nmessage Order {\n"
                        + "  string id = 1;\n  shop.Customer customer = 2;\n}\n");
        String topic = "evctl-proto-import-" + n;
        evctl.ok("topics", "create", topic, "-b", SharedBroker.bootstrapServers());
        Path lines = Files.writeString(
                home.resolve("orders.jsonl"), "{\"id\":\"e-0\",\"customer\":{\"name\":\"Ann\"}}\n{\"id\":\"e-1\"}\n");
        evctl.ok(
                "publish",
                topic,
                "-b",
                SharedBroker.bootstrapServers(),
                "-f",
                lines.toString(),
                "--value-format",
                "protobuf",
                "--schema-file",
                order.toString());
        Python.Out consumed = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("protobuf_interop.py"),
                        "consume-import",
                        SharedBroker.bootstrapServers(),
                        SharedRegistry.url(),
                        topic,
                        imported),
                120);
        assertEquals(0, consumed.exit(), consumed.out());
        assertEquals(
                List.of(
                        "{\"customer\":{\"name\":\"Ann\"},\"id\":\"e-0\"}",
                        "{\"id\":\"e-1\"}",
                        "REFERENCE " + imported + " " + imported),
                consumed.out()
                        .lines()
                        .filter(l -> l.startsWith("{") || l.startsWith("REFERENCE"))
                        .toList());
        assertEquals(
                List.of("{\"id\":\"e-0\",\"customer\":{\"name\":\"Ann\"}}", "{\"id\":\"e-1\"}"),
                evctl.ok("tail", topic, "-b", SharedBroker.bootstrapServers(), "--format", "{value}")
                        .out()
                        .lines()
                        .toList());

        String fromPython = "py-proto-import-" + n;
        String pyImport = "pycommon" + n + "/customer.proto";
        evctl.ok("topics", "create", fromPython, "-b", SharedBroker.bootstrapServers());
        Python.Out produced = Python.run(
                List.of(
                        Python.PYTHON,
                        Python.script("protobuf_interop.py"),
                        "produce-import",
                        SharedBroker.bootstrapServers(),
                        SharedRegistry.url(),
                        fromPython,
                        pyImport),
                120);
        assertEquals(0, produced.exit(), produced.out());
        assertEquals(
                List.of(
                        "k0 {\"id\":\"py-0\",\"customer\":{\"name\":\"c-0\"}}",
                        "k1 {\"id\":\"py-1\",\"customer\":{\"name\":\"c-1\"}}"),
                evctl.ok("tail", fromPython, "-b", SharedBroker.bootstrapServers(), "--format", "{key} {value}")
                        .out()
                        .lines()
                        .toList());
    }
}
