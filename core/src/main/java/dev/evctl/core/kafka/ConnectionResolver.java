package dev.evctl.core.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ContextConfig;
import dev.evctl.core.config.ContextRule;
import dev.evctl.core.config.SecretReferences;

/**
 * Chooses the cluster and client properties from, in order: {@code -b}, {@code --context} /
 * {@code EVCTL_CONTEXT} / the current context, then a running sandbox. {@code --command-config}
 * and {@code -X} are applied on top, {@code -X} last.
 */
public final class ConnectionResolver {

    private final Config config;
    private final Map<String, String> env;
    private final Supplier<Optional<String>> runningSandbox;

    public ConnectionResolver(Config config, Map<String, String> env, Supplier<Optional<String>> runningSandbox) {
        this.config = config;
        this.env = env;
        this.runningSandbox = runningSandbox;
    }

    public Connection resolve(ConnectionOptions options) {
        SecretReferences secrets = new SecretReferences(env);
        Map<String, String> props = new LinkedHashMap<>();
        String bootstrap = null;
        String origin;

        String contextName = ContextRule.choose(options.context(), env, config, options.bootstrapServers() != null);
        if (contextName != null) {
            String name = contextName;
            ContextConfig context = config.requireContext(name);
            props.putAll(secrets.resolveAll(context.properties(), "context '" + name + "'"));
            bootstrap = context.bootstrapServers();
            origin = "context '" + name + "'";
        } else if (options.bootstrapServers() == null) {
            String named = env.get("EVCTL_CONFIG");
            if (named != null && !named.isBlank() && !Files.exists(Path.of(named))) {
                // not "no contexts": the records would silently go to the local sandbox
                throw EvctlException.usage("EVCTL_CONFIG names " + named + ", which does not exist — fix the path,"
                        + " create it with `evctl config set-context NAME -b HOST:PORT`, or pass -b HOST:PORT");
            }
            Optional<String> sandbox = runningSandbox.get();
            if (sandbox.isEmpty()) {
                throw EvctlException.usage(
                        "no Kafka cluster chosen and the sandbox is not running: pass -b HOST:PORT or --context NAME,"
                                + " or start a local one with `evctl sandbox start --detach`");
            }
            bootstrap = sandbox.get();
            origin = "the running sandbox (no context set)";
        } else {
            origin = "-b";
        }
        if (options.bootstrapServers() != null) {
            bootstrap = options.bootstrapServers();
            origin = contextName != null ? origin + " with -b " + bootstrap : "-b " + bootstrap;
        }
        if (options.commandConfig() != null) {
            props.putAll(secrets.resolveAll(
                    readProperties(options.commandConfig()),
                    options.commandConfig().toString()));
        }
        props.putAll(secrets.resolveAll(ClientProperties.checked(options.overrides(), "-X"), "-X"));
        if (bootstrap == null || bootstrap.isBlank()) {
            throw EvctlException.usage(origin + " has no bootstrap servers; set them with `evctl config set-context`");
        }
        checkBootstrap(bootstrap, origin);
        if (options.timeout() != null
                && (options.timeout().isNegative() || options.timeout().isZero())) {
            throw EvctlException.usage("--timeout must be more than 0, got "
                    + options.timeout().toString().substring(2).toLowerCase(Locale.ROOT));
        }
        props.remove("bootstrap.servers");
        return new Connection(bootstrap, props, options.timeout(), origin, secrets);
    }

    /** Every bootstrap server is HOST:PORT (a bracketed IPv6 address as the host), port 1-65535. */
    static void checkBootstrap(String bootstrap, String origin) {
        for (String server : bootstrap.split(",")) {
            String s = server.trim().replaceFirst("^[A-Za-z_]+://", "");
            int colon = s.lastIndexOf(':');
            String host = colon < 0 ? s : s.substring(0, colon);
            String port = colon < 0 ? "" : s.substring(colon + 1);
            if (s.isEmpty() || colon < 0 || (host.contains(":") && !host.startsWith("["))) {
                throw EvctlException.usage("bootstrap server '" + s + "' (" + origin + ") has no port: write HOST:PORT,"
                        + " e.g. " + (s.isEmpty() ? "localhost" : s) + ":9092");
            }
            if (host.isEmpty()) {
                throw EvctlException.usage("bootstrap server '" + s + "' (" + origin + ") has no host: write HOST:PORT,"
                        + " e.g. localhost" + s);
            }
            int n;
            try {
                n = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 65535) {
                throw EvctlException.usage("bootstrap server '" + s + "' (" + origin + ") has port '" + port
                        + "': a port is a number from 1 to 65535");
            }
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw EvctlException.badInput("--command-config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw EvctlException.badInput("cannot read --command-config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
