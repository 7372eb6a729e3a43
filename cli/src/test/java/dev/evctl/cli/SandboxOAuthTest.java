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
            // the context's registry is the port that needs the issuer's token: evctl logs in; without a token, 401
            Path schema = Files.writeString(
                    home.resolve("order.avsc"),
                    "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
            evctl.ok("--context", "sandbox-oauth", "schema", "register", "orders-value", "-f", schema.toString());
            assertTrue(evctl.ok("--context", "sandbox-oauth", "schema", "list")
                    .out()
                    .contains("orders-value"));
            String registry = java.util.regex.Pattern.compile("registry needing its token at (\\S+)\\)")
                    .matcher(started.err())
                    .results()
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(started.err()))
                    .group(1);
            java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry + "/subjects"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            java.net.http.HttpResponse<String> forged = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry + "/subjects"))
                                    .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, forged.statusCode(), "an unsigned token is refused");
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
