package dev.evctl.core.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.evctl.core.EvctlException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads and writes the YAML config file at its XDG location, or where {@code EVCTL_CONFIG} says. */
public final class ConfigStore {

    /** Jackson's YAML writer, made only when the file is written. */
    private static final class Writer {
        static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }

    private final Path file;

    public ConfigStore(Path file) {
        this.file = file;
    }

    /**
     * {@code $EVCTL_CONFIG}, else {@code $XDG_CONFIG_HOME/evctl/config.yaml}, else {@code
     * ~/.config/evctl/config.yaml}.
     */
    public static ConfigStore fromEnvironment(Map<String, String> env) {
        return new ConfigStore(new Dirs(env).configFile());
    }

    public Path file() {
        return file;
    }

    /**
     * Parses a config with every kind of entry from memory, so the YAML parser's classes are
     * loaded and initialised before the real file is read (see the CLI's start-up warm-up
     * (dev.evctl.cli.startup.Warmup)).
     */
    public static void warmUp() {
        parse(
                "current-context: w\ncontexts:\n  w:\n    bootstrap-servers: h:1\n    properties: {a: b}\n"
                        + "    registry-url: http://h:2\n    registry-properties: {c: d}\n",
                Path.of("warm-up"));
    }

    /** The last config read or written, with the file's state then: a shell or one command reads it once. */
    private record Cached(Path file, FileTime modified, long size, Config config) {}

    private static volatile Cached cached;

    /** The config, or an empty one when the file does not exist yet. */
    public Config load() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Config.empty();
        } catch (IOException e) {
            throw EvctlException.badInput("cannot read config file " + file + ": " + e.getMessage());
        }
        Cached last = cached;
        if (last != null
                && last.file().equals(file)
                && last.modified().equals(attributes.lastModifiedTime())
                && last.size() == attributes.size()) {
            return last.config();
        }
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
        Config config = parse(text, file);
        cached = new Cached(file, attributes.lastModifiedTime(), attributes.size(), config);
        return config;
    }

    /**
     * The file's YAML through SnakeYAML's node tree into the config records. Jackson's data
     * binding would do the same in one call, but its set-up costs about 60 ms of every command's
     * start for a file of a dozen lines; Jackson writes the file ({@link #save}), which only
     * config edits do. Scalars are kept as written ({@code 0755} stays "0755", as Jackson reads a
     * string), and a problem names the key and line.
     */
    static Config parse(String text, Path file) {
        Node root;
        try {
            // the composer alone, as Yaml.compose uses it: a Yaml object also makes a Constructor, whose
            // static logger starts the JDK's System.Logger lookup (a scan of every jar, about 45 ms)
            LoaderOptions options = new LoaderOptions();
            root = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            String at =
                    e.getProblemMark() == null ? "" : ":" + (e.getProblemMark().getLine() + 1);
            throw EvctlException.badInput("malformed config file " + file + at + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw EvctlException.badInput("malformed config file " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("invalid YAML"));
        }
        if (root == null || isNull(root)) {
            return Config.empty();
        }
        Map<String, Node> top = mapping(root, "", file, "current-context", "contexts");
        Map<String, ContextConfig> contexts = new TreeMap<>();
        Node listed = top.get("contexts");
        if (listed != null && !isNull(listed)) {
            mapping(listed, "contexts", file).forEach((name, value) -> {
                String at = "contexts." + name;
                Map<String, Node> c = isNull(value)
                        ? Map.of()
                        : mapping(
                                value,
                                at,
                                file,
                                "bootstrap-servers",
                                "properties",
                                "registry-url",
                                "registry-properties");
                contexts.put(
                        name,
                        new ContextConfig(
                                scalar(c.get("bootstrap-servers"), at + ".bootstrap-servers", file),
                                strings(c.get("properties"), at + ".properties", file),
                                scalar(c.get("registry-url"), at + ".registry-url", file),
                                strings(c.get("registry-properties"), at + ".registry-properties", file)));
            });
        }
        return new Config(scalar(top.get("current-context"), "current-context", file), contexts);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String line(Node node) {
        return ":" + (node.getStartMark().getLine() + 1);
    }

    /** A mapping's entries in file order; with {@code keys}, any other key is an error naming it. */
    private static Map<String, Node> mapping(Node node, String at, Path file, String... keys) {
        if (!(node instanceof MappingNode map)) {
            throw EvctlException.badInput("malformed config file " + file + line(node) + ": "
                    + (at.isEmpty() ? "the file" : "'" + at + "'") + " must be a mapping of keys to values");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple entry : map.getValue()) {
            String key = scalar(entry.getKeyNode(), at.isEmpty() ? "a key" : at + " key", file);
            if (keys.length > 0 && !List.of(keys).contains(key)) {
                throw EvctlException.badInput("malformed config file " + file + line(entry.getKeyNode())
                        + ": unknown key '" + (at.isEmpty() ? "" : at + ".") + key + "'");
            }
            out.put(key, entry.getValueNode());
        }
        return out;
    }

    private static String scalar(Node node, String at, Path file) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw EvctlException.badInput(
                    "malformed config file " + file + line(node) + ": '" + at + "' must be a single value");
        }
        return scalar.getValue();
    }

    private static Map<String, String> strings(Node node, String at, Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && !isNull(node)) {
            mapping(node, at, file).forEach((k, v) -> out.put(k, scalar(v, at + "." + k, file)));
        }
        return out;
    }

    /** Loads the config, requires context {@code name} in it, and saves what {@code change} makes of it. */
    public void updateContext(String name, java.util.function.UnaryOperator<Config> change) {
        Config config = load();
        config.requireContext(name);
        save(change.apply(config));
    }

    /** Writes atomically, readable by the owner only (the file may reference secrets). */
    public void save(Config config) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, Writer.YAML.writeValueAsString(config));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            cached = null;
        } catch (IOException e) {
            throw EvctlException.badInput("cannot write config file " + file + ": " + e.getMessage());
        }
    }
}
