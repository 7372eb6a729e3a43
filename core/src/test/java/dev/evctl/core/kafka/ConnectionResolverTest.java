package dev.evctl.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ContextConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionResolverTest {

    private static final Config CONFIG = Config.empty()
            .withContext("dev", ContextConfig.of("dev:9092", Map.of("client.id", "from-context", "acks", "1")))
            .withContext("prod", ContextConfig.of("prod:9092", Map.of()))
            .withCurrentContext("dev");

    private static ConnectionOptions options(String context, String bootstrap, Map<String, String> x) {
        return new ConnectionOptions(context, bootstrap, null, x, Duration.ofSeconds(3));
    }

    @Test
    void currentContextThenEnvThenFlagWins() {
        ConnectionResolver r = new ConnectionResolver(CONFIG, Map.of(), Optional::empty);
        assertEquals("dev:9092", r.resolve(options(null, null, Map.of())).bootstrapServers());
        ConnectionResolver withEnv = new ConnectionResolver(CONFIG, Map.of("EVCTL_CONTEXT", "prod"), Optional::empty);
        assertEquals("prod:9092", withEnv.resolve(options(null, null, Map.of())).bootstrapServers());
        assertEquals("dev:9092", withEnv.resolve(options("dev", null, Map.of())).bootstrapServers());
    }

    @Test
    void bootstrapFlagAloneIgnoresTheCurrentContextsProperties() {
        Connection c =
                new ConnectionResolver(CONFIG, Map.of(), Optional::empty).resolve(options(null, "b:1", Map.of()));
        assertEquals("b:1", c.bootstrapServers());
        assertEquals(Map.of(), c.clientProperties());
    }

    @Test
    void commandConfigThenXOverridesApplyInOrder(@TempDir Path dir) throws Exception {
        Path props = dir.resolve("client.properties");
        Files.writeString(props, "acks=0\nlinger.ms=7\n");
        Connection c = new ConnectionResolver(CONFIG, Map.of(), Optional::empty)
                .resolve(new ConnectionOptions("dev", null, props, Map.of("linger.ms", "9"), Duration.ofSeconds(1)));
        assertEquals("0", c.clientProperties().get("acks"));
        assertEquals("9", c.clientProperties().get("linger.ms"));
        assertEquals("from-context", c.clientProperties().get("client.id"));
    }

    @Test
    void clientsPushNoMetricsAndReportToNoMBeansUnlessTheUserAsks() {
        ConnectionResolver r = new ConnectionResolver(CONFIG, Map.of(), Optional::empty);
        Properties plain = r.resolve(options("dev", null, Map.of())).properties(Map.of("linger.ms", "5"));
        assertEquals("false", plain.getProperty("enable.metrics.push"));
        assertEquals("", plain.getProperty("metric.reporters"));
        assertEquals("5", plain.getProperty("linger.ms"));
        Properties asked = r.resolve(options("dev", null, Map.of("enable.metrics.push", "true")))
                .properties(Map.of("enable.metrics.push", "false"));
        assertEquals("true", asked.getProperty("enable.metrics.push"));
    }

    @Test
    void aBootstrapServerWithoutPortOrHostAndANonPositiveTimeoutAreUsageErrors() {
        ConnectionResolver r = new ConnectionResolver(CONFIG, Map.of(), Optional::empty);
        for (String[] bad : new String[][] {
            {"127.0.0.1", "has no port"},
            {":9092", "has no host"},
            {"host:99999", "a port is a number"},
            {"a:1,b", "'b'"},
            {"host:x", "has port 'x'"}
        }) {
            EvctlException e = assertThrows(EvctlException.class, () -> r.resolve(options(null, bad[0], Map.of())));
            assertEquals(EvctlException.Kind.USAGE, e.kind(), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
        for (String good : new String[] {"h:1", "h:1, k:2", "[::1]:9092", "SASL_SSL://broker:9093"}) {
            assertEquals(good, r.resolve(options(null, good, Map.of())).bootstrapServers());
        }
        for (Duration t : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5)}) {
            EvctlException e = assertThrows(
                    EvctlException.class, () -> r.resolve(new ConnectionOptions(null, "h:1", null, Map.of(), t)));
            assertTrue(e.getMessage().startsWith("--timeout must be more than 0"), e.getMessage());
        }
    }

    @Test
    void unknownContextIsNotFoundAndListsTheKnownOnes() {
        EvctlException e = assertThrows(
                EvctlException.class,
                () -> new ConnectionResolver(CONFIG, Map.of(), Optional::empty)
                        .resolve(options("stage", null, Map.of())));
        assertEquals(EvctlException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("'stage'") && e.getMessage().contains("dev, prod"), e.getMessage());
    }

    @Test
    void withNothingChosenTheRunningSandboxIsUsedElseAUsageError() {
        ConnectionResolver sandbox =
                new ConnectionResolver(Config.empty(), Map.of(), () -> Optional.of("127.0.0.1:9092"));
        assertEquals(
                "127.0.0.1:9092", sandbox.resolve(options(null, null, Map.of())).bootstrapServers());
        EvctlException e = assertThrows(
                EvctlException.class,
                () -> new ConnectionResolver(Config.empty(), Map.of(), Optional::empty)
                        .resolve(options(null, null, Map.of())));
        assertEquals(EvctlException.Kind.USAGE, e.kind());
    }

    @Test
    void missingCommandConfigIsBadInput() {
        EvctlException e = assertThrows(
                EvctlException.class,
                () -> new ConnectionResolver(CONFIG, Map.of(), Optional::empty)
                        .resolve(new ConnectionOptions(null, "b:1", Path.of("/nope.properties"), Map.of(), null)));
        assertEquals(EvctlException.Kind.BAD_INPUT, e.kind());
    }
}
