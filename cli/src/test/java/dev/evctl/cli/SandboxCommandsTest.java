package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox commands as a newcomer uses them, with a detached sandbox of the test's own. */
@Tag("integration")
class SandboxCommandsTest {

    @TempDir
    Path home;

    @Test
    void startTwiceStatusUseWithoutContextStopAndStatusAgain() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Evctl evctl = new Evctl(home);
        String dataDir = home.resolve("data").toString();
        try {
            Evctl.Result started = evctl.ok(
                    "sandbox",
                    "start",
                    "--detach",
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dataDir,
                    "--registry-port",
                    "0");
            assertTrue(started.err().contains("sandbox running at 127.0.0.1:" + port), started.err());
            Evctl.Result again = evctl.ok(
                    "sandbox",
                    "start",
                    "--detach",
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dataDir,
                    "--registry-port",
                    "0");
            assertTrue(again.err().contains("already running at 127.0.0.1:" + port), again.err());
            Evctl.Result secure = evctl.expect(
                    ExitCodes.USAGE,
                    "sandbox",
                    "start",
                    "--detach",
                    "--secure",
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dataDir,
                    "--registry-port",
                    "0");
            assertTrue(secure.err().contains("running without the secure listener: stop it first"), secure.err());

            assertTrue(
                    evctl.ok("config", "get-contexts").out().contains("* sandbox"),
                    "start created and selected the context");
            JsonNode status = new ObjectMapper()
                    .readTree(evctl.ok("sandbox", "status", "--data-dir", dataDir, "-o", "json")
                            .out());
            assertTrue(status.get("running").asBoolean());
            assertEquals(
                    List.of(
                            "running",
                            "dataDir",
                            "bootstrapServers",
                            "pid",
                            "startedAt",
                            "uptimeSeconds",
                            "topics",
                            "registryUrl"),
                    Evctl.fields(status),
                    "the sandbox status document (README: JSON output)");
            assertEquals("127.0.0.1:" + port, status.get("bootstrapServers").asText());
            assertTrue(status.get("registryUrl").asText().startsWith("http://127.0.0.1:"), status.toString());

            // the newcomer's Avro flow on the sandbox's own registry, through the 'sandbox' context
            Path schema = home.resolve("order.avsc");
            Files.writeString(
                    schema,
                    "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                            + "{\"name\":\"total\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\","
                            + "\"precision\":9,\"scale\":2}}]}");
            evctl.ok("topics", "create", "orders");
            evctl.ok(
                    "publish",
                    "orders",
                    "--value",
                    "{\"id\":\"o-1\",\"total\":12.50}",
                    "--value-format",
                    "avro",
                    "--schema-file",
                    schema.toString());
            assertEquals(
                    "{\"id\":\"o-1\",\"total\":12.50}",
                    evctl.ok("tail", "orders", "--format", "{value}").out().trim(),
                    "decoded through the sandbox registry, decimal kept readable");
            assertEquals(
                    List.of("orders-value"),
                    evctl.ok("schema", "list").out().lines().toList());
            Files.writeString(schema, Files.readString(schema).replace("\"string\"}", "\"int\"}"));
            assertTrue(evctl.expect(
                            ExitCodes.CHECK_FAILED,
                            "schema",
                            "check",
                            "-f",
                            schema.toString(),
                            "--subject",
                            "orders-value")
                    .out()
                    .contains("TYPE_MISMATCH at /fields/0/type"));

            evctl.ok("config", "delete-context", "sandbox");
            Evctl env = new Evctl(home).env("EVCTL_SANDBOX_DIR", dataDir);
            Evctl.Result verbose = env.ok("topics", "create", "made-without-context", "--verbose");
            assertTrue(
                    verbose.err().contains("the running sandbox"),
                    "--verbose says the sandbox was chosen: " + verbose.err());
            assertEquals(
                    3,
                    new ObjectMapper()
                            .readTree(env.ok("sandbox", "status", "-o", "json").out())
                            .get("topics")
                            .asInt(),
                    "_schemas, orders and made-without-context");

            // a read-only command never writes: dlq inspect on a cluster where no redrive ever ran creates no state
            // topic
            env.ok("topics", "create", "orders-dlt");
            env.stdin("failed\n").ok("publish", "orders-dlt");
            env.ok("dlq", "inspect", "orders-dlt");
            env.ok("dlq", "redrive", "orders-dlt", "--to-topic", "orders", "--dry-run");
            List<String> topics =
                    env.ok("topics", "list", "--internal").out().lines().toList();
            assertTrue(
                    topics.stream().noneMatch(t -> t.startsWith("evctl-dlq-state")),
                    "dlq inspect and a dry run created " + topics);
        } finally {
            evctl.ok("sandbox", "stop", "--data-dir", dataDir);
        }
        evctl.expect(ExitCodes.NOT_FOUND, "sandbox", "status", "--data-dir", dataDir);
        JsonNode stopped = new ObjectMapper()
                .readTree(evctl.expect(ExitCodes.NOT_FOUND, "sandbox", "status", "--data-dir", dataDir, "-o", "json")
                        .out());
        assertEquals(List.of("running", "dataDir"), Evctl.fields(stopped));
        assertFalse(stopped.get("running").asBoolean());
    }
}
