package dev.evctl.core.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.evctl.core.EvctlException;

/** Reads and writes the YAML config file at its XDG location, or where {@code EVCTL_CONFIG} says. */
public final class ConfigStore {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public ConfigStore(Path file) {
        this.file = file;
    }

    /** {@code $EVCTL_CONFIG}, else {@code $XDG_CONFIG_HOME/evctl/config.yaml}, else {@code ~/.config/evctl/config.yaml}. */
    public static ConfigStore fromEnvironment(Map<String, String> env) {
        String explicit = env.get("EVCTL_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigStore(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new ConfigStore(base.resolve("evctl").resolve("config.yaml"));
    }

    public Path file() {
        return file;
    }

    /**
     * Reads a config with every kind of entry from memory, so the mapper has built and cached its
     * readers before the real file is read (see {@link dev.evctl.core.Warmup}).
     */
    public static void warmUp() throws IOException {
        YAML.readValue("current-context: w\ncontexts:\n  w:\n    bootstrap-servers: h:1\n    properties: {a: b}\n"
                + "    registry-url: http://h:2\n    registry-properties: {c: d}\n", Config.class);
    }

    /** The config, or an empty one when the file does not exist yet. */
    public Config load() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Config.empty();
        } catch (AccessDeniedException e) {
            throw EvctlException.badInput("cannot read config file " + file + ": permission denied");
        } catch (IOException e) {
            throw EvctlException.badInput("cannot read config file " + file + ": " + e.getMessage());
        }
        if (text.isBlank()) {
            return Config.empty();
        }
        try {
            Config config = YAML.readValue(text, Config.class);
            return config == null ? Config.empty() : config;
        } catch (UnrecognizedPropertyException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining("."));
            throw EvctlException.badInput("malformed config file " + file + ": unknown key '" + path + "'");
        } catch (JsonProcessingException e) {
            throw EvctlException.badInput("malformed config file " + file + location(e) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("invalid YAML"));
        }
    }

    /** Writes atomically, readable by the owner only (the file may reference secrets). */
    public void save(Config config) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, YAML.writeValueAsString(config));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EvctlException.badInput("cannot write config file " + file + ": " + e.getMessage());
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
    }
}
