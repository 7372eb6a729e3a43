package dev.evctl.commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.evctl.core.config.ConfigStore;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.ConnectionResolver;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.sandbox.Sandbox;

/**
 * Everything a command may touch outside itself: the streams, the environment, whether they are
 * terminals, and the global flags. One per invocation; tests make their own with captured streams.
 */
public final class Session {

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final InputStream in;
    private final Map<String, String> env;
    private final boolean stdoutTerminal;
    private final boolean stderrTerminal;
    private final boolean stdinTerminal;
    private boolean verbose;
    private boolean stacktrace;
    private boolean noColor;
    private String context;

    public Session(OutputStream stdout, PrintWriter err, InputStream in, Map<String, String> env,
                   boolean stdoutTerminal, boolean stderrTerminal, boolean stdinTerminal) {
        this.stdout = stdout;
        this.out = new PrintWriter(new java.io.OutputStreamWriter(stdout, java.nio.charset.StandardCharsets.UTF_8), true);
        this.err = err;
        this.in = in;
        this.env = Map.copyOf(env);
        this.stdoutTerminal = stdoutTerminal;
        this.stderrTerminal = stderrTerminal;
        this.stdinTerminal = stdinTerminal;
    }

    /** Raw standard output, for data written as bytes (records). Flush {@link #out()} before using it. */
    public OutputStream stdout() {
        return stdout;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public InputStream in() {
        return in;
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean stdoutTerminal() {
        return stdoutTerminal;
    }

    public boolean stderrTerminal() {
        return stderrTerminal;
    }

    /**
     * How wide tables may be: 0 (unlimited) unless stdout is a terminal; then {@code COLUMNS} when
     * set, else what {@code stty size} says of the terminal, else 0.
     */
    public int terminalWidth() {
        if (!stdoutTerminal) {
            return 0;
        }
        String columns = env.get("COLUMNS");
        if (columns != null && columns.matches("\\d{1,4}")) {
            return Integer.parseInt(columns);
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] size = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split(" ");
            return stty.waitFor() == 0 && size.length == 2 ? Integer.parseInt(size[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Shell history and undo snapshots: {@code $EVCTL_STATE_DIR}, else {@code $XDG_STATE_HOME/evctl}, else {@code ~/.local/state/evctl}. */
    public Path stateDir() {
        return new dev.evctl.core.config.Dirs(env).stateDir();
    }

    /** Whether questions can be asked: stdin and stderr are both terminals. */
    public boolean interactive() {
        return stdinTerminal && stderrTerminal;
    }

    /** Colour on stdout: a terminal, no {@code --no-color}, no {@code NO_COLOR}. */
    public boolean color() {
        return stdoutTerminal && !noColor && !env.containsKey("NO_COLOR");
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean stacktrace() {
        return stacktrace;
    }

    public void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    public void setStacktrace(boolean stacktrace) {
        this.stacktrace = stacktrace;
    }

    public void setNoColor(boolean noColor) {
        this.noColor = noColor;
    }

    public void setContext(String context) {
        this.context = context;
    }

    public String context() {
        return context;
    }

    public ConfigStore configStore() {
        return ConfigStore.fromEnvironment(env);
    }

    public Path sandboxDataDir(Path override) {
        if (override != null) {
            return override;
        }
        return new dev.evctl.core.config.Dirs(env).sandboxDir();
    }

    /** Resolves the connection for a command and opens (lazily) its clients. */
    public KafkaClients kafka(KafkaOptions options) {
        Connection connection = new ConnectionResolver(configStore().load(), env, this::runningSandbox)
                .resolve(options.toConnectionOptions(context));
        verbose("connecting to " + connection.bootstrapServers() + " (from " + connection.origin() + ")");
        return new KafkaClients(connection);
    }

    /** Clients for another context's cluster (e.g. a copy's target), with the given timeout. */
    public KafkaClients kafka(String contextName, Duration timeout) {
        Connection connection = new ConnectionResolver(configStore().load(), env, this::runningSandbox)
                .resolve(new dev.evctl.core.kafka.ConnectionOptions(contextName, null, null, java.util.Map.of(), timeout));
        verbose("connecting to " + connection.bootstrapServers() + " (from " + connection.origin() + ")");
        return new KafkaClients(connection);
    }

    /**
     * The registry client: {@code --registry-url}, else {@code EVCTL_REGISTRY_URL}, else the
     * context's registry. Credentials come from the context's registry properties
     * ({@code basic.auth.user.info: user:${env:PW}} or {@code bearer.auth.token}), resolved here.
     */
    /**
     * A decoder of framed Avro through the chosen registry (readable JSON: ISO times, decimals as
     * numbers), or null when no registry is chosen: commands that only may meet Avro use it.
     */
    public dev.evctl.core.avro.AvroCodec.Decoder avroDecoderIfChosen(String urlOption, KafkaOptions kafka) {
        var registry = registryIfChosen(urlOption, kafka);
        return registry == null ? null : new dev.evctl.core.avro.AvroCodec.Decoder(registry, true);
    }

    /**
     * The registry client when one is chosen (flag, environment or context), else null; never an
     * error for its absence. A command's -b without --context means no context at all.
     */
    public dev.evctl.schema.registry.RegistryClient registryIfChosen(String urlOption, KafkaOptions kafka) {
        return registryIfChosen(configStore().load(), urlOption, kafka.timeout(), kafka.bootstrapServers != null);
    }

    /** As {@link #registry(String, Duration)}, for a command whose -b (without --context) means no context at all. */
    public dev.evctl.schema.registry.RegistryClient registry(String urlOption, KafkaOptions kafka) {
        return registry(configStore().load(), urlOption, kafka.timeout(), kafka.bootstrapServers != null);
    }

    private dev.evctl.schema.registry.RegistryClient registryIfChosen(dev.evctl.core.config.Config config, String urlOption,
                                                                      Duration timeout, boolean bootstrapGiven) {
        dev.evctl.core.config.ContextConfig ctx = registryContext(config, bootstrapGiven);
        if (urlOption == null && env.get("EVCTL_REGISTRY_URL") == null && (ctx == null || ctx.registryUrl() == null)) {
            return null;
        }
        return registry(config, urlOption, timeout, bootstrapGiven);
    }

    public dev.evctl.schema.registry.RegistryClient registry(String urlOption, Duration timeout) {
        return registry(configStore().load(), urlOption, timeout, false);
    }

    /**
     * The context the registry settings come from, by {@link dev.evctl.core.config.ContextRule}:
     * a named one must exist, the current one may be absent, and -b without --context means none.
     */
    private dev.evctl.core.config.ContextConfig registryContext(dev.evctl.core.config.Config config, boolean bootstrapGiven) {
        String named = dev.evctl.core.config.ContextRule.named(context, env);
        if (named != null) {
            return config.requireContext(named);
        }
        String current = dev.evctl.core.config.ContextRule.choose(null, env, config, bootstrapGiven);
        return current == null ? null : config.context(current).orElse(null);
    }

    private dev.evctl.schema.registry.RegistryClient registry(dev.evctl.core.config.Config config, String urlOption, Duration timeout,
                                                              boolean bootstrapGiven) {
        dev.evctl.core.config.ContextConfig ctx = registryContext(config, bootstrapGiven);
        String contextName = dev.evctl.core.config.ContextRule.choose(context, env, config, bootstrapGiven);
        String url = urlOption != null ? urlOption : env.get("EVCTL_REGISTRY_URL") != null ? env.get("EVCTL_REGISTRY_URL")
                : ctx == null ? null : ctx.registryUrl();
        if (url == null || url.isBlank()) {
            throw dev.evctl.core.EvctlException.usage("no schema registry chosen: pass --registry-url URL, set EVCTL_REGISTRY_URL,"
                    + " or give the context one with `evctl config set-context NAME --registry-url URL`");
        }
        java.util.Map<String, String> props = ctx == null ? java.util.Map.of()
                : new dev.evctl.core.config.SecretReferences(env).resolveAll(ctx.registryProperties(), "context '" + contextName + "'");
        dev.evctl.schema.registry.RegistryClient.Settings settings;
        try {
            settings = dev.evctl.schema.registry.RegistryClient.Settings.resolve(url, props, timeout);
        } catch (IllegalArgumentException e) {
            throw dev.evctl.core.EvctlException.usage(e.getMessage());
        }
        verbose("schema registry " + settings.url().getScheme() + "://" + settings.url().getHost() + ":" + settings.url().getPort());
        return new dev.evctl.schema.registry.RegistryClient(settings);
    }

    private Optional<String> runningSandbox() {
        return Sandbox.running(sandboxDataDir(null)).map(Sandbox.State::bootstrapServers);
    }

    private final java.util.List<Runnable> interruptHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Registers what Ctrl-C should do while a command runs inside {@code evctl shell} (stop a
     * tail or a copy after its current batch); outside the shell the JVM's shutdown hooks do it.
     * Closing the returned handle unregisters it.
     */
    public AutoCloseable onInterrupt(Runnable handler) {
        interruptHandlers.add(handler);
        return () -> interruptHandlers.remove(handler);
    }

    /** Runs the registered Ctrl-C handlers; returns whether there was any. */
    public boolean interrupt() {
        interruptHandlers.forEach(Runnable::run);
        return !interruptHandlers.isEmpty();
    }

    /** A diagnostic line on stderr, shown with {@code --verbose} only. */
    public void verbose(String message) {
        if (verbose) {
            err.println("evctl: " + message);
            err.flush();
        }
    }
}
