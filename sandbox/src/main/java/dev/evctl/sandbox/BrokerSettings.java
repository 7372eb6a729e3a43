package dev.evctl.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run one embedded broker.
 *
 * @param dataDir    where the KRaft log and the sandbox state live; reused between runs
 * @param port       plaintext port on 127.0.0.1, 0 for any free port
 * @param securePort SASL_SSL port, 0 for any free port; ignored unless {@code secure}
 * @param secure     also open a SASL_SSL listener (SCRAM-SHA-512 over TLS, self-signed certificate)
 * @param overrides  extra broker properties, applied last
 * @param registryPort port of the sandbox schema registry on 127.0.0.1, 0 for any free port, or {@link #NO_REGISTRY}
 * @param oauth      an OAUTHBEARER listener (SASL_PLAINTEXT) validating tokens against a JWKS; null for none
 */
public record BrokerSettings(
        Path dataDir,
        int port,
        int securePort,
        boolean secure,
        Map<String, String> overrides,
        int registryPort,
        OAuthListener oauth) {

    /**
     * A SASL_PLAINTEXT listener on 127.0.0.1:{@code port} (0: any free port) whose broker validates OAuth tokens with
     * Kafka's own {@code OAuthBearerValidatorCallbackHandler} against {@code jwksUrl}, for {@code audience}; a
     * connection re-checks its token every {@code reauthMs}.
     */
    public record OAuthListener(int port, String jwksUrl, String audience, long reauthMs) {}

    public static final int DEFAULT_PORT = 9092;
    /** No schema registry beside the broker (the test suites' broker). */
    public static final int NO_REGISTRY = -1;

    public BrokerSettings {
        overrides = Map.copyOf(overrides);
    }

    public BrokerSettings(
            Path dataDir, int port, int securePort, boolean secure, Map<String, String> overrides, int registryPort) {
        this(dataDir, port, securePort, secure, overrides, registryPort, null);
    }

    public BrokerSettings(Path dataDir, int port, int securePort, boolean secure, Map<String, String> overrides) {
        this(dataDir, port, securePort, secure, overrides, NO_REGISTRY);
    }

    /** These settings with an OAUTHBEARER listener (a null {@code jwksUrl}: the sandbox's own issuer, started first). */
    public BrokerSettings withOAuth(OAuthListener listener) {
        return new BrokerSettings(dataDir, port, securePort, secure, overrides, registryPort, listener);
    }

    public static BrokerSettings plain(Path dataDir, int port) {
        return new BrokerSettings(dataDir, port, 0, false, Map.of());
    }
}
