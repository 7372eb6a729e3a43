package dev.evctl.schema.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The recorded answers of a real Confluent Schema Registry 7.9.9, as copied into this module's
 * test resources (a user's clone has only the repository). {@code ConformanceCopyTest} keeps the
 * copy equal to the developers' shared folder where that exists.
 */
public final class Conformance {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Conformance() {}

    /** A recorded JSON file, by its path under conformance/ (works from this module's test-jar too). */
    public static JsonNode json(String name) {
        try (InputStream in = Conformance.class.getResourceAsStream("/conformance/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource conformance/" + name + " is missing");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder of the copy, for listing; only from this module's own tests (test-classes is a directory). */
    public static Path dir(String name) {
        URL url = Conformance.class.getResource("/conformance/" + name);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException(
                    "test resource folder conformance/" + name + " is missing or not a directory: " + url);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
