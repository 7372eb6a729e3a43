package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evctl sandbox start --oauth}: an OIDC issuer and an OAUTHBEARER listener beside the sandbox's others, and a
 * {@code sandbox-oauth} context that logs in there with the issuer's one client, its secret a {@code ${file:…}}
 * reference to an owner-only file. Topics, publish and tail work through it; the plain listener stays open.
 */
@Tag("integration")
class SandboxOAuthTest {

    @TempDir
    Path home;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theSandboxOAuthContextLogsInAndWorks() throws Exception {
        int port = freePort();
        int oauthPort = freePort();
        Evctl evctl = new Evctl(home);
        String dataDir = home.resolve("data").toString();
        try {
            Evctl.Result started = evctl.ok(
                    "sandbox",
                    "start",
                    "--detach",
                    "--port",
                    Integer.toString(port),
                    "--oauth",
                    "--oauth-port",
                    Integer.toString(oauthPort),
                    "--data-dir",
                    dataDir,
                    "--registry-port",
                    "0");
            assertTrue(
                    started.err().contains("OAuth listener at 127.0.0.1:" + oauthPort + " (OAUTHBEARER"),
                    started.err());
            assertTrue(evctl.ok("config", "get-contexts").out().contains("sandbox-oauth"));

            Path secret = home.resolve("data").resolve("oauth").resolve("client-secret");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
            String config = Files.readString(home.resolve("config.yaml"));
            assertTrue(config.contains("${file:" + secret.toAbsolutePath() + "}"), config);
            assertFalse(config.contains(Files.readString(secret).trim()), "the secret itself is not in the config");

            String topic = "oauth-sandbox-" + System.nanoTime();
            evctl.ok("--context", "sandbox-oauth", "topics", "create", topic);
            evctl.ok("--context", "sandbox-oauth", "publish", topic, "--value", "{\"n\":1}", "--count", "5");
            assertEquals(
                    5,
                    evctl.ok("--context", "sandbox-oauth", "tail", topic, "--from", "beginning", "--to", "end")
                            .out()
                            .lines()
                            .count());
            // the same records through the plain listener: one broker
            assertEquals(
                    5,
                    evctl.ok("--context", "sandbox", "tail", topic, "--from", "beginning", "--to", "end")
                            .out()
                            .lines()
                            .count());
        } finally {
            evctl.run("sandbox", "stop", "--data-dir", dataDir);
        }
    }
}
