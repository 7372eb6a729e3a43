package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish → tail round trips with schemas that use other schemas: an Avro reference and a Protobuf
 * import, from a file and from a registered subject or id, against the sandbox registry.
 */
@Tag("integration")
class PublishReferencesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Evctl evctl;
    private String n;

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        n = Long.toString(System.nanoTime());
    }

    @Test
    void anAvroReferenceFromAFileAndFromTheRegistry() throws Exception {
        String ns = "com.example.r" + n;
        Path customer = Files.writeString(
                home.resolve("customer.avsc"),
                "{\"type\": \"record\", \"name\": \"Customer\", \"namespace\": \"" + ns + "\", \"fields\": ["
                        + "{\"name\": \"name\", \"type\": \"string\"}]}");
        Path order = Files.writeString(
                home.resolve("order.avsc"),
                "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"" + ns + "\", \"fields\": ["
                        + "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"customer\", \"type\": \"" + ns
                        + ".Customer\"}]}");
        String topic = topic("avro-ref");
        // without the reference: one line that says how to give it, nothing sent
        Evctl.Result missing = evctl.expect(
                ExitCodes.BAD_INPUT,
                publish(
                        topic,
                        "{\"id\":\"a0\",\"customer\":{\"name\":\"X\"}}",
                        "--value-format",
                        "avro",
                        "--schema-file",
                        order.toString()));
        assertTrue(missing.err().contains("Undefined") && missing.err().contains("--reference"), missing.err());
        evctl.ok(publish(
                topic,
                "{\"id\":\"a1\",\"customer\":{\"name\":\"Ann\"}}",
                "--value-format",
                "avro",
                "--schema-file",
                order.toString(),
                "--reference",
                ns + ".Customer=" + customer));
        // the reference was registered under the type's name, and the schema with a reference to it
        JsonNode latest = JSON.readTree(
                evctl.ok("schema", "get", topic + "-value", "-o", "json").out());
        assertEquals(ns + ".Customer", latest.at("/references/0/subject").asText(), latest.toString());
        evctl.ok(publish(
                topic,
                "{\"id\":\"a2\",\"customer\":{\"name\":\"Bo\"}}",
                "--value-format",
                "avro",
                "--subject",
                topic + "-value"));
        evctl.ok(publish(
                topic,
                "{\"id\":\"a3\",\"customer\":{\"name\":\"Cy\"}}",
                "--value-format",
                "avro",
                "--schema-id",
                latest.path("id").asText()));
        evctl.ok(publish(
                topic,
                "{\"id\":\"a4\",\"customer\":{\"name\":\"Di\"}}",
                "--value-format",
                "avro",
                "--schema-file",
                order.toString(),
                "--reference",
                ns + ".Customer=" + ns + ".Customer:1"));
        assertEquals(
                List.of(
                        "{\"id\":\"a1\",\"customer\":{\"name\":\"Ann\"}}",
                        "{\"id\":\"a2\",\"customer\":{\"name\":\"Bo\"}}",
                        "{\"id\":\"a3\",\"customer\":{\"name\":\"Cy\"}}",
                        "{\"id\":\"a4\",\"customer\":{\"name\":\"Di\"}}"),
                tail(topic));
    }

    @Test
    void aProtobufImportFromAFileAProtoPathAndTheRegistry() throws Exception {
        String imported = "c" + n + "/customer.proto";
        Path lib = Files.createDirectories(home.resolve("lib/c" + n));
        Files.writeString(
                lib.resolve("customer.proto"),
                "syntax = \"proto3\";\npackage shop;\n"
                        + "import \"google/protobuf/timestamp.proto\";\nmessage Customer {\n  string name = 1;\n"
                        + "  google.protobuf.Timestamp since = 2;\n}\n");
        Path order = Files.writeString(
                Files.createDirectories(home.resolve("src")).resolve("order.proto"),
                "syntax = \"proto3\";\npackage shop;\nimport \"" + imported + "\";\nmessage Order {\n  string id = 1;\n"
                        + "  Customer customer = 2;\n}\n");
        String topic = topic("proto-import");
        Evctl.Result notFound = evctl.expect(
                ExitCodes.BAD_INPUT,
                publish(topic, "{\"id\":\"p0\"}", "--value-format", "protobuf", "--schema-file", order.toString()));
        assertEquals(
                List.of("evctl: error: " + order + ":3: import \"" + imported + "\" is neither beside the file nor in a"
                        + " --proto-path directory (looked in " + order.getParent() + "): add --proto-path DIR, or"
                        + " --reference " + imported + "=SUBJECT for a registered one"),
                notFound.err().lines().filter(l -> l.startsWith("evctl:")).toList());
        evctl.ok(publish(
                topic,
                "{\"id\":\"p1\",\"customer\":{\"name\":\"Ann\",\"since\":\"2026-01-02T03:04:05Z\"}}",
                "--value-format",
                "protobuf",
                "--schema-file",
                order.toString(),
                "--proto-path",
                home.resolve("lib").toString()));
        JsonNode latest = JSON.readTree(
                evctl.ok("schema", "get", topic + "-value", "-o", "json").out());
        assertEquals(imported, latest.at("/references/0/name").asText(), latest.toString());
        assertEquals(imported, latest.at("/references/0/subject").asText(), latest.toString());
        evctl.ok(publish(
                topic,
                "{\"id\":\"p2\",\"customer\":{\"name\":\"Bo\"}}",
                "--value-format",
                "protobuf",
                "--subject",
                topic + "-value"));
        evctl.ok(publish(
                topic,
                "{\"id\":\"p3\"}",
                "--value-format",
                "protobuf",
                "--schema-id",
                latest.path("id").asText()));
        // the import named as a registered subject instead of a file
        evctl.ok(publish(
                topic,
                "{\"id\":\"p4\",\"customer\":{\"name\":\"Di\"}}",
                "--value-format",
                "protobuf",
                "--schema-file",
                order.toString(),
                "--reference",
                imported + "=" + imported + ":1"));
        assertEquals(
                List.of(
                        "{\"id\":\"p1\",\"customer\":{\"name\":\"Ann\",\"since\":\"2026-01-02T03:04:05Z\"}}",
                        "{\"id\":\"p2\",\"customer\":{\"name\":\"Bo\"}}",
                        "{\"id\":\"p3\"}",
                        "{\"id\":\"p4\",\"customer\":{\"name\":\"Di\"}}"),
                tail(topic));
    }

    @Test
    void referencesGoWithASchemaFile() {
        assertEquals(
                List.of("evctl: error: --reference goes with --schema-file and --value-format avro or protobuf (a"
                        + " schema taken by --subject or --schema-id carries its registered references)"),
                evctl.expect(
                                ExitCodes.USAGE,
                                "publish",
                                "t",
                                "-b",
                                SharedBroker.bootstrapServers(),
                                "--value-format",
                                "avro",
                                "--subject",
                                "s",
                                "--reference",
                                "a=b:1")
                        .err()
                        .lines()
                        .filter(l -> l.startsWith("evctl:"))
                        .toList());
    }

    private String topic(String what) {
        String topic = what + "-" + n;
        evctl.ok("topics", "create", topic, "-b", SharedBroker.bootstrapServers());
        return topic;
    }

    private String[] publish(String topic, String line, String... options) throws Exception {
        Path in = Files.writeString(home.resolve("in-" + System.nanoTime() + ".jsonl"), line + "\n");
        List<String> args = new java.util.ArrayList<>(
                List.of("publish", topic, "-b", SharedBroker.bootstrapServers(), "-f", in.toString()));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    private List<String> tail(String topic) {
        return evctl.ok("tail", topic, "-b", SharedBroker.bootstrapServers(), "--format", "{value}")
                .out()
                .lines()
                .toList();
    }
}
