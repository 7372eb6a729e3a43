package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox commands as a newcomer uses them, with a detached sandbox of the test's own. */
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
            Evctl.Result started = evctl.ok("sandbox", "start", "--detach", "--port", Integer.toString(port), "--data-dir", dataDir);
            assertTrue(started.err().contains("sandbox running at 127.0.0.1:" + port), started.err());
            Evctl.Result again = evctl.ok("sandbox", "start", "--detach", "--port", Integer.toString(port), "--data-dir", dataDir);
            assertTrue(again.err().contains("already running at 127.0.0.1:" + port), again.err());

            assertTrue(evctl.ok("config", "get-contexts").out().contains("* sandbox"), "start created and selected the context");
            JsonNode status = new ObjectMapper().readTree(evctl.ok("sandbox", "status", "--data-dir", dataDir, "-o", "json").out());
            assertTrue(status.get("running").asBoolean());
            assertEquals("127.0.0.1:" + port, status.get("bootstrapServers").asText());

            evctl.ok("config", "delete-context", "sandbox");
            Evctl env = new Evctl(home).env("EVCTL_SANDBOX_DIR", dataDir);
            Evctl.Result verbose = env.ok("topics", "create", "made-without-context", "--verbose");
            assertTrue(verbose.err().contains("the running sandbox"), "--verbose says the sandbox was chosen: " + verbose.err());
            assertEquals(1, new ObjectMapper().readTree(env.ok("sandbox", "status", "-o", "json").out()).get("topics").asInt());
        } finally {
            evctl.ok("sandbox", "stop", "--data-dir", dataDir);
        }
        evctl.expect(ExitCodes.NOT_FOUND, "sandbox", "status", "--data-dir", dataDir);
    }
}
