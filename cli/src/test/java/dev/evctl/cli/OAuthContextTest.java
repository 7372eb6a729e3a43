package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.oauth.OidcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context that logs in with OAuth 2 client credentials ({@code set-context --oauth-*}): Kafka through SASL/OAUTHBEARER
 * with Kafka's own login handler, against a broker that validates each token with Kafka's own validator and a JWKS;
 * the registry with the same login as a bearer token. The issuer is the sandbox's ({@link OidcServer}: signed JWTs,
 * its one client only). A wrong secret fails in one line, exit 3, with no secret in any output.
 */
@Tag("integration")
class OAuthContextTest {

    private static final String CLIENT = "evctl-cli";
    private static final String SECRET = "s3cret-" + System.nanoTime();

    private static OidcServer oidc;
    private static EmbeddedKafka kafka;

    @TempDir
    static Path brokerDir;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        oidc = OidcServer.start(0, CLIENT, SECRET, Duration.ofMinutes(10), "kafka");
        kafka = EmbeddedKafka.start(new BrokerSettings(
                brokerDir,
                0,
                0,
                false,
                Map.of(),
                BrokerSettings.NO_REGISTRY,
                new BrokerSettings.OAuthListener(0, oidc.jwksUrl(), "kafka", 60_000)));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (oidc != null) {
            oidc.close();
        }
    }

    /** {@code config set-context NAME --oauth-*} on a SASL_PLAINTEXT listener, the secret from $OAUTH_SECRET; current. */
    static void oauthContext(Evctl evctl, String name, String bootstrap, String tokenUrl, String client) {
        evctl.ok(
                "config",
                "set-context",
                name,
                "-b",
                bootstrap,
                "-p",
                "security.protocol=SASL_PLAINTEXT",
                "--oauth-token-url",
                tokenUrl,
                "--oauth-client-id",
                client,
                "--oauth-client-secret",
                "${env:OAUTH_SECRET}",
                "--use");
    }

    private Evctl evctl(String secret, String registryUrl) {
        Evctl evctl = new Evctl(home).env("OAUTH_SECRET", secret);
        List<String> args = new java.util.ArrayList<>(List.of(
                "config",
                "set-context",
                "oidc",
                "-b",
                kafka.oauthBootstrapServers(),
                "-p",
                "security.protocol=SASL_PLAINTEXT",
                "--oauth-token-url",
                oidc.tokenUrl(),
                "--oauth-client-id",
                CLIENT,
                "--oauth-client-secret",
                "${env:OAUTH_SECRET}",
                "--use"));
        if (registryUrl != null) {
            args.addAll(List.of("--registry-url", registryUrl));
        }
        evctl.ok(args.toArray(String[]::new));
        return evctl;
    }

    @Test
    void kafkaThroughOAuthBearer() throws Exception {
        Evctl evctl = evctl(SECRET, null);
        String config = Files.readString(home.resolve("config.yaml"));
        assertFalse(config.contains(SECRET), "the secret is stored only as its reference");
        assertTrue(config.contains("${env:OAUTH_SECRET}"), config);

        long before = oidc.issued();
        String topic = "oauth-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", "2");
        evctl.ok("publish", topic, "--key", "k", "--value", "{\"n\":1}", "--count", "10");
        assertEquals(
                10,
                evctl.ok("tail", topic, "--from", "beginning", "--to", "end")
                        .out()
                        .lines()
                        .count());
        assertTrue(oidc.issued() > before, "evctl logged in at the token endpoint");
        String doctor = evctl.ok("doctor").out();
        assertTrue(
                doctor.contains("OAuth token from " + oidc.tokenUrl() + " (client '" + CLIENT + "'): principal '"
                        + CLIENT + "', expires "),
                doctor);
        assertFalse(doctor.contains(SECRET), doctor);
        assumeTrue(Python.hasConfluentKafka(), "needs Debian's python3-confluent-kafka (.ci/run installs it)");
        // librdkafka, on the broker's plain listener, sees the records sent through the OAuth one
        assertEquals(
                10,
                Python.readCommitted(kafka.bootstrapServers(), topic).values().stream()
                        .mapToInt(List::size)
                        .sum());
    }

    @Test
    void aWrongSecretIsOneLineExitThreeAndNoSecret() {
        Evctl evctl = evctl("not-the-" + SECRET, null);
        Evctl.Result r = evctl.expect(ExitCodes.CONNECTION, "topics", "list");
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertFalse(err.contains(SECRET), err);
        assertFalse(r.out().contains(SECRET) || err.contains("at org.") || err.contains("Exception:"), err);
    }

    @Test
    void anUnreachableTokenEndpointIsOneLineExitThree() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Evctl evctl = new Evctl(home).env("OAUTH_SECRET", SECRET);
        String url = "http://127.0.0.1:" + closed + "/token";
        oauthContext(evctl, "gone", kafka.oauthBootstrapServers(), url, CLIENT);
        Evctl.Result r = evctl.expect(ExitCodes.CONNECTION, "topics", "list");
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("OAuth login failed at " + url), err);
        assertFalse(err.contains(SECRET), err);
    }

    @Test
    void aTokenTheBrokerDoesNotTrustIsRefusedInOneLine() throws Exception {
        // another issuer (another key, another audience): its token is valid there, and the broker refuses it
        try (OidcServer other = OidcServer.start(0, CLIENT, SECRET, Duration.ofMinutes(10), "not-kafka")) {
            Evctl evctl = new Evctl(home).env("OAUTH_SECRET", SECRET);
            oauthContext(evctl, "other", kafka.oauthBootstrapServers(), other.tokenUrl(), CLIENT);
            Evctl.Result r = evctl.expect(ExitCodes.CONNECTION, "topics", "list");
            String err = r.err().strip();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains("authentication failed on " + kafka.oauthBootstrapServers()), err);
            assertFalse(err.contains(SECRET) || err.contains("eyJ"), "no secret and no token: " + err);
        }
    }

    @Test
    void anExpiredTokenIsRefusedInOneLine() throws Exception {
        // an issuer whose clock is a minute ahead of its tokens: each one has expired when it arrives
        try (OidcServer stale = OidcServer.start(0, CLIENT, SECRET, Duration.ofSeconds(-60), "kafka")) {
            Evctl evctl = new Evctl(home).env("OAUTH_SECRET", SECRET);
            oauthContext(evctl, "stale", kafka.oauthBootstrapServers(), stale.tokenUrl(), CLIENT);
            Evctl.Result r = evctl.expect(ExitCodes.CONNECTION, "topics", "list");
            String err = r.err().strip();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains("the broker refused the OAuth token from " + stale.tokenUrl()), err);
            assertTrue(err.contains("expired"), err);
            assertFalse(err.contains(SECRET) || err.contains("eyJ"), "no secret and no token: " + err);
        }
    }

    @Test
    void doctorReportsAJaasLineKafkaCannotReadAsAFailedCheckNotABug() {
        Evctl evctl = new Evctl(home);
        evctl.ok(
                "config",
                "set-context",
                "garbled",
                "-b",
                kafka.oauthBootstrapServers(),
                "-p",
                "security.protocol=SASL_PLAINTEXT",
                "-p",
                "sasl.mechanism=OAUTHBEARER",
                "-p",
                "sasl.oauthbearer.token.endpoint.url=" + oidc.tokenUrl(),
                "-p",
                "sasl.jaas.config=not a login module line",
                "--use");
        Evctl.Result r = evctl.expect(ExitCodes.CHECK_FAILED, "doctor");
        assertTrue(r.out().contains("invalid sasl.jaas.config"), r.out() + r.err());
    }

    @Test
    void theRegistryGetsABearerTokenOfTheSameLogin() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "none" : auth);
            byte[] body = "[\"orders-value\"]".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
            ex.sendResponseHeaders(auth != null && auth.startsWith("Bearer ey") ? 200 : 401, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
        try {
            Evctl evctl =
                    evctl(SECRET, "http://127.0.0.1:" + registry.getAddress().getPort());
            long before = oidc.issued();
            assertTrue(evctl.ok("schema", "list").out().contains("orders-value"));
            assertTrue(oidc.issued() > before, "the registry's token came from the same login");
            assertTrue(authorizations.stream().allMatch(a -> a.startsWith("Bearer ey")), authorizations.toString());

            Evctl wrong = evctl(
                    "not-the-" + SECRET,
                    "http://127.0.0.1:" + registry.getAddress().getPort());
            Evctl.Result r = wrong.expect(ExitCodes.CONNECTION, "schema", "list");
            assertTrue(r.err().contains("the registry's OAuth login failed at " + oidc.tokenUrl()), r.err());
            assertFalse(r.err().contains(SECRET), r.err());
        } finally {
            registry.stop(0);
        }
    }
}
