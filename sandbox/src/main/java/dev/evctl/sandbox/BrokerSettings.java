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
 */
public record BrokerSettings(Path dataDir, int port, int securePort, boolean secure, Map<String, String> overrides) {

    public static final int DEFAULT_PORT = 9092;

    public BrokerSettings {
        overrides = Map.copyOf(overrides);
    }

    public static BrokerSettings plain(Path dataDir, int port) {
        return new BrokerSettings(dataDir, port, 0, false, Map.of());
    }
}
