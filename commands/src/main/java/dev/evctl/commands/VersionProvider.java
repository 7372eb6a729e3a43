package dev.evctl.commands;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, with the Kafka client version beside it. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /**
     * The version line. Read from resources only (no Kafka class, no logging): `evctl --version`
     * answers without building the command model (see Main).
     */
    public static String line() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        String kafka = "unknown";
        try (InputStream in = VersionProvider.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                kafka = p.getProperty("version", kafka);
            }
        } catch (IOException e) {
            // the version stays unknown
        }
        return "evctl " + (version == null ? "dev" : version) + " (kafka-clients " + kafka + ", Java "
                + System.getProperty("java.version") + ")";
    }
}
