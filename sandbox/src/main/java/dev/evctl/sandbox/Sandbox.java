package dev.evctl.sandbox;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.evctl.sandbox.oauth.OidcServer;
import dev.evctl.sandbox.registry.SandboxRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Lifecycle of the user's sandbox: start in the foreground or detached, find the running one
 * from its state file, stop it cleanly, report status, reset its data.
 */
public final class Sandbox {

    static final String READY_LINE = "EVCTL-SANDBOX-READY";
    private static final String STATE_FILE = "sandbox.state";
    private static final String LOG_FILE = "sandbox.log";
    /** Everything the sandbox writes into its data directory; reset deletes these and nothing else. */
    private static final List<String> OWNED =
            List.of("kraft-logs", "secure", "oauth", "server.properties", STATE_FILE, LOG_FILE);

    /** What a running sandbox publishes about itself. */
    public record State(
            long pid,
            String bootstrapServers,
            Instant startedAt,
            Path dataDir,
            EmbeddedKafka.SecureListener secure,
            String registryUrl,
            OAuth oauth) {

        public State(
                long pid,
                String bootstrapServers,
                Instant startedAt,
                Path dataDir,
                EmbeddedKafka.SecureListener secure,
                String registryUrl) {
            this(pid, bootstrapServers, startedAt, dataDir, secure, registryUrl, null);
        }
    }

    /**
     * The OAUTHBEARER listener of a sandbox started with {@code --oauth}: where it is, the issuer's token endpoint, and
     * the one client that issuer knows (its secret in an owner-only file).
     */
    public record OAuth(
            String bootstrapServers, String tokenUrl, String clientId, Path secretFile, String registryUrl) {}

    /** The client the sandbox's issuer knows, and the audience its tokens are for. */
    public static final String OAUTH_CLIENT = "evctl-sandbox";

    static final String OAUTH_AUDIENCE = "kafka";
    /** Tokens of 10 minutes, each connection checked again every 5: a long tail renews its login. */
    static final Duration OAUTH_TOKEN_LIFETIME = Duration.ofMinutes(10);

    static final long OAUTH_REAUTH_MS = Duration.ofMinutes(5).toMillis();

    /** What {@code sandbox status} reports. */
    public record Status(State state, Duration uptime, int topicCount) {}

    /** The result of a start: the running sandbox and whether it was already running before. */
    public record Started(State state, boolean alreadyRunning) {}

    private Sandbox() {}

    /** The sandbox running on this data directory, if its process is alive. */
    public static Optional<State> running(Path dataDir) {
        Path file = dataDir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        State state;
        try {
            state = readState(file, dataDir);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        boolean alive =
                ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false);
        return alive && !defunct(state.pid()) ? Optional.of(state) : Optional.empty();
    }

    /**
     * A process that has died but was not yet reaped (a zombie: right after {@code kill -9}, before init collects it)
     * counts as alive for {@link ProcessHandle#isAlive}; its /proc state says Z (or X). False where there is no /proc.
     */
    static boolean defunct(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) STATE …: comm may hold spaces and parentheses, so the state follows the last ')'
            int close = stat.lastIndexOf(')');
            char state = close < 0 || close + 2 >= stat.length() ? '?' : stat.charAt(close + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts the broker in this JVM and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM).
     * {@code onReady} is told once it serves.
     */
    public static void runForeground(BrokerSettings settings, Consumer<State> onReady) {
        requireBrokerJars();
        OidcServer oidc = null;
        if (settings.oauth() != null && settings.oauth().jwksUrl() == null) {
            oidc = startIssuer(settings.dataDir());
            settings = settings.withOAuth(new BrokerSettings.OAuthListener(
                    settings.oauth().port(), oidc.jwksUrl(), OAUTH_AUDIENCE, OAUTH_REAUTH_MS));
        }
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(settings);
        } catch (RuntimeException e) {
            if (oidc != null) {
                oidc.close();
            }
            throw e;
        }
        SandboxRegistry registry = startRegistry(settings, kafka, oidc);
        String securedRegistry = oidc == null || registry == null ? null : openSecured(settings, registry, oidc, kafka);
        State state = new State(
                ProcessHandle.current().pid(),
                kafka.bootstrapServers(),
                Instant.now(),
                settings.dataDir().toAbsolutePath(),
                kafka.secureListener(),
                registry == null ? null : registry.url(),
                oidc == null
                        ? null
                        : new OAuth(
                                kafka.oauthBootstrapServers(),
                                oidc.tokenUrl(),
                                OAUTH_CLIENT,
                                settings.dataDir()
                                        .toAbsolutePath()
                                        .resolve("oauth")
                                        .resolve("client-secret"),
                                securedRegistry));
        Path stateFile = state.dataDir().resolve(STATE_FILE);
        SandboxRegistry started = registry;
        OidcServer issuer = oidc;
        Thread hook = new Thread(
                () -> {
                    if (started != null) {
                        started.close();
                    }
                    if (issuer != null) {
                        issuer.close();
                    }
                    kafka.close();
                    deleteQuietly(stateFile);
                },
                "evctl-sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        writeState(stateFile, state);
        onReady.accept(state);
        kafka.awaitShutdown();
    }

    private static void requireBrokerJars() {
        try {
            Class.forName("kafka.server.KafkaRaftServer", false, Sandbox.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new SandboxException(
                    SandboxException.Reason.START_FAILED,
                    "the Kafka broker's jars are not on this JVM's class path"
                            + " (the launcher adds lib/broker for `evctl sandbox`); start it with --detach instead");
        }
    }

    /** The sandbox registry on the broker, or null without one; on failure what already runs is stopped. */
    private static SandboxRegistry startRegistry(BrokerSettings settings, EmbeddedKafka kafka, OidcServer oidc) {
        if (settings.registryPort() == BrokerSettings.NO_REGISTRY) {
            return null;
        }
        try {
            return SandboxRegistry.start(kafka.bootstrapServers(), settings.registryPort());
        } catch (IOException e) {
            if (oidc != null) {
                oidc.close();
            }
            kafka.close();
            throw new SandboxException(
                    SandboxException.Reason.PORT_IN_USE,
                    "cannot open the sandbox registry on port " + settings.registryPort() + ": " + e.getMessage()
                            + "; choose another with --registry-port");
        }
    }

    /** The registry's port that needs the issuer's tokens ({@code --registry-port} + 1, or any free one for 0). */
    private static String openSecured(
            BrokerSettings settings, SandboxRegistry registry, OidcServer oidc, EmbeddedKafka kafka) {
        int port = settings.registryPort() == 0 ? 0 : settings.registryPort() + 1;
        try {
            return registry.openSecured(port, oidc::accepts);
        } catch (IOException e) {
            registry.close();
            oidc.close();
            kafka.close();
            throw new SandboxException(
                    SandboxException.Reason.PORT_IN_USE,
                    "cannot open the sandbox registry's OAuth port " + port + " (--registry-port + 1): "
                            + e.getMessage() + "; choose another --registry-port");
        }
    }

    /** The sandbox's OIDC issuer, its client's secret made once and kept owner-only in the data directory. */
    private static OidcServer startIssuer(Path dataDir) {
        try {
            Path secretFile = Secrets.ensurePasswordFile(
                    Files.createDirectories(dataDir.toAbsolutePath().resolve("oauth"))
                            .resolve("client-secret"));
            return OidcServer.start(
                    0, OAUTH_CLIENT, Files.readString(secretFile).trim(), OAUTH_TOKEN_LIFETIME, OAUTH_AUDIENCE);
        } catch (IOException e) {
            throw new SandboxException(
                    SandboxException.Reason.IO, "cannot start the sandbox's OAuth issuer: " + e.getMessage(), e);
        }
    }

    /**
     * This JVM's class path, plus the broker's jars when they are kept apart from the CLI's
     * ({@code evctl.broker.classpath}, set by the launcher to the distribution's lib/broker).
     */
    static String childClassPath() {
        String classPath = System.getProperty("java.class.path");
        String broker = System.getProperty("evctl.broker.classpath");
        return broker == null || broker.isBlank() ? classPath : classPath + File.pathSeparator + broker;
    }

    /**
     * Starts the sandbox in a background JVM that outlives this one; returns once it serves.
     * A sandbox already running on the data directory is returned as it is.
     */
    public static Started startDetached(BrokerSettings settings, Duration timeout) {
        Path dataDir = settings.dataDir().toAbsolutePath();
        Optional<State> existing = running(dataDir);
        if (existing.isPresent()) {
            return new Started(existing.get(), true);
        }
        EmbeddedKafka.choosePort(settings.port(), "--port");
        if (settings.secure()) {
            EmbeddedKafka.choosePort(settings.securePort(), "--secure-port");
        }
        if (settings.registryPort() > 0) {
            EmbeddedKafka.choosePort(settings.registryPort(), "--registry-port");
        }
        if (settings.oauth() != null && settings.oauth().port() > 0) {
            EmbeddedKafka.choosePort(settings.oauth().port(), "--oauth-port");
        }
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve(LOG_FILE);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            command.add("-XX:+UseSerialGC");
            command.add("-Dorg.slf4j.simpleLogger.logFile=" + log);
            command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
            command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
            command.add("-cp");
            command.add(childClassPath());
            command.add(SandboxMain.class.getName());
            command.add(dataDir.toString());
            command.add(Integer.toString(settings.port()));
            command.add(Boolean.toString(settings.secure()));
            command.add(Integer.toString(settings.securePort()));
            command.add(Integer.toString(settings.registryPort()));
            command.add(
                    settings.oauth() == null
                            ? "-"
                            : Integer.toString(settings.oauth().port()));
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            child.getOutputStream().close();
            String failure = awaitReadyLine(child, timeout);
            if (failure != null) {
                child.destroyForcibly();
                throw new SandboxException(SandboxException.Reason.START_FAILED, failure + " (log: " + log + ")");
            }
            return new Started(
                    running(dataDir)
                            .orElseThrow(() -> new SandboxException(
                                    SandboxException.Reason.START_FAILED,
                                    "the sandbox said it was ready but left no state file in " + dataDir)),
                    false);
        } catch (IOException e) {
            throw new SandboxException(
                    SandboxException.Reason.IO, "cannot start the sandbox process: " + e.getMessage(), e);
        }
    }

    /** Reads the child's stdout until it reports ready; returns null on success, else why it failed. */
    private static String awaitReadyLine(Process child, Duration timeout) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Thread watchdog = new Thread(
                () -> {
                    try {
                        if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                            child.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "evctl-sandbox-start-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String lastError = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.equals(READY_LINE)) {
                watchdog.interrupt();
                return null;
            }
            if (line.startsWith("error: ")) {
                lastError = line.substring("error: ".length());
            }
        }
        return lastError != null ? lastError : "the sandbox process exited before it was ready";
    }

    /** Stops the sandbox on this data directory; returns false when none was running. */
    public static boolean stop(Path dataDir, Duration timeout) {
        Optional<State> state = running(dataDir);
        if (state.isEmpty()) {
            deleteQuietly(dataDir.resolve(STATE_FILE));
            return false;
        }
        ProcessHandle handle = ProcessHandle.of(state.get().pid()).orElse(null);
        if (handle != null) {
            handle.destroy();
            try {
                handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new SandboxException(
                        SandboxException.Reason.IO, "waiting for the sandbox to stop failed: " + e.getMessage());
            }
        }
        deleteQuietly(dataDir.resolve(STATE_FILE));
        return true;
    }

    /** Uptime and topic count of the running sandbox, or empty when none runs. */
    public static Optional<Status> status(Path dataDir, Duration timeout) {
        Optional<State> state = running(dataDir);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, state.get().bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        int topics;
        try (Admin admin = Admin.create(props)) {
            topics = admin.listTopics()
                    .names()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
        } catch (Exception e) {
            throw new SandboxException(
                    SandboxException.Reason.NOT_RUNNING,
                    "the sandbox process " + state.get().pid() + " is alive but "
                            + state.get().bootstrapServers() + " does not answer; try `evctl sandbox stop`");
        }
        return Optional.of(new Status(state.get(), Duration.between(state.get().startedAt(), Instant.now()), topics));
    }

    /** Stops the sandbox if it runs and deletes its data (topics, records, generated secrets). */
    public static void reset(Path dataDir, Duration timeout) {
        stop(dataDir, timeout);
        for (String name : OWNED) {
            deleteRecursively(dataDir.resolve(name));
        }
    }

    static void writeState(Path file, State state) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(state.pid()));
        p.setProperty("bootstrap.servers", state.bootstrapServers());
        p.setProperty("started.at", state.startedAt().toString());
        if (state.registryUrl() != null) {
            p.setProperty("registry.url", state.registryUrl());
        }
        if (state.secure() != null) {
            p.setProperty("secure.bootstrap.servers", state.secure().bootstrapServers());
            p.setProperty("secure.user", state.secure().user());
            p.setProperty("secure.password.file", state.secure().passwordFile().toString());
            p.setProperty(
                    "secure.truststore.pem", state.secure().trustStorePem().toString());
        }
        if (state.oauth() != null) {
            p.setProperty("oauth.bootstrap.servers", state.oauth().bootstrapServers());
            p.setProperty("oauth.token.url", state.oauth().tokenUrl());
            p.setProperty("oauth.client.id", state.oauth().clientId());
            p.setProperty("oauth.secret.file", state.oauth().secretFile().toString());
            if (state.oauth().registryUrl() != null) {
                p.setProperty("oauth.registry.url", state.oauth().registryUrl());
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "evctl sandbox state");
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.IO, "cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.IO, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static State readState(Path file, Path dataDir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        EmbeddedKafka.SecureListener secure = null;
        if (p.getProperty("secure.bootstrap.servers") != null) {
            secure = new EmbeddedKafka.SecureListener(
                    p.getProperty("secure.bootstrap.servers"),
                    p.getProperty("secure.user"),
                    Path.of(p.getProperty("secure.password.file")),
                    Path.of(p.getProperty("secure.truststore.pem")));
        }
        return new State(
                Long.parseLong(p.getProperty("pid")),
                p.getProperty("bootstrap.servers"),
                Instant.parse(p.getProperty("started.at")),
                dataDir.toAbsolutePath(),
                secure,
                p.getProperty("registry.url"),
                p.getProperty("oauth.bootstrap.servers") == null
                        ? null
                        : new OAuth(
                                p.getProperty("oauth.bootstrap.servers"),
                                p.getProperty("oauth.token.url"),
                                p.getProperty("oauth.client.id"),
                                Path.of(p.getProperty("oauth.secret.file")),
                                p.getProperty("oauth.registry.url")));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale state file is detected by its dead pid anyway
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.IO, "cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
