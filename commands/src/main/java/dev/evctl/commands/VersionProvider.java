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
        String version = property("version.properties", "version");
        String kafka = property("/kafka/kafka-version.properties", "version");
        return "evctl " + (version == null ? "dev" : version) + " (kafka-clients " + (kafka == null ? "unknown" : kafka)
                + ", Java " + System.getProperty("java.version") + ")";
    }

    /** A property of a resource beside this class (or absolute), null when the resource or the key is missing. */
    private static String property(String resource, String key) {
        try (InputStream in = VersionProvider.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }
}
