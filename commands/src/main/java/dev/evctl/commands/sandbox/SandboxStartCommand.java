package dev.evctl.commands.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ConfigStore;
import dev.evctl.core.config.ContextConfig;
import dev.evctl.core.oauth.OAuthLogin;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the sandbox and points the {@code sandbox} context at it. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Start the sandbox broker and create or update the 'sandbox' context.",
            "Data is kept between runs in the data directory; starting twice is harmless."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  evctl sandbox start --detach", "  evctl sandbox start --port 19092 --secure --detach"})
public final class SandboxStartCommand implements Callable<Integer> {

    private final Session session;

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Plaintext port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    SandboxDir dataDir;

    @Option(
            names = {"-d", "--detach"},
            description = "Run in the background and return once it serves.")
    boolean detach;

    @Option(
            names = "--secure",
            description =
                    "Also open a SASL_SSL listener (SCRAM-SHA-512, self-signed TLS) and a 'sandbox-secure' context.")
    boolean secure;

    @Option(
            names = "--secure-port",
            defaultValue = "9093",
            description = "SASL_SSL port with --secure (default: ${DEFAULT-VALUE}).")
    int securePort;

    @Option(
            names = "--registry-port",
            defaultValue = "8081",
            description = "Port of the sandbox schema registry on 127.0.0.1 (default: ${DEFAULT-VALUE}; -1 for none).")
    int registryPort;

    @Option(
            names = "--oauth",
            description = "Also run an OAuth 2 / OIDC issuer and an OAUTHBEARER listener (SASL_PLAINTEXT, tokens"
                    + " checked by Kafka's own validator), and write a 'sandbox-oauth' context that logs in there.")
    boolean oauth;

    @Option(
            names = "--oauth-port",
            paramLabel = "PORT",
            description = "OAUTHBEARER port with --oauth (default: --port + 3, so 9095).")
    Integer oauthPort;

    public SandboxStartCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Path dir = dataDir.resolve(session);
        BrokerSettings settings = new BrokerSettings(dir, port, securePort, secure, Map.of(), registryPort);
        if (oauth) {
            settings = settings.withOAuth(
                    new BrokerSettings.OAuthListener(oauthPort != null ? oauthPort : port + 3, null, null, 0));
        }
        if (detach) {
            return detached(settings);
        }
        var existing = Sandbox.running(dir);
        if (existing.isPresent()) {
            refuseMissingSecureListener(existing.get());
            updateContexts(existing.get());
            session.err()
                    .println("sandbox already running at " + existing.get().bootstrapServers() + " (pid "
                            + existing.get().pid() + ", data " + dir + ")");
            session.err().flush();
            return ExitCodes.OK;
        }
        Sandbox.runForeground(settings, state -> {
            updateContexts(state);
            session.err()
                    .println("sandbox running at " + state.bootstrapServers() + " (data " + dir
                            + "); context 'sandbox' updated. Ctrl-C stops it.");
            secureNote(state);
            session.err().flush();
        });
        return ExitCodes.OK;
    }

    /** Starts the broker in a process of its own (or finds it running) and returns once it answers. */
    private int detached(BrokerSettings settings) {
        Sandbox.Started started = Sandbox.startDetached(settings, Duration.ofSeconds(90));
        Sandbox.State state = started.state();
        if (started.alreadyRunning()) {
            refuseMissingSecureListener(state);
        }
        updateContexts(state);
        session.err()
                .println(
                        started.alreadyRunning()
                                ? "sandbox already running at " + state.bootstrapServers() + " (pid " + state.pid()
                                        + ", data " + state.dataDir() + ")"
                                : "sandbox running at " + state.bootstrapServers() + " (pid " + state.pid() + ", data "
                                        + state.dataDir() + "); context 'sandbox' updated");
        secureNote(state);
        session.err().flush();
        return ExitCodes.OK;
    }

    /** --secure asked of a sandbox that runs without it: the listener cannot be added to a running broker. */
    private void refuseMissingSecureListener(Sandbox.State state) {
        if (oauth && state.oauth() == null) {
            throw EvctlException.usage(
                    "the sandbox at " + state.bootstrapServers() + " is running without the OAuth listener:"
                            + " stop it first (`evctl sandbox stop`), then `evctl sandbox start --oauth`");
        }
        if (secure && state.secure() == null) {
            throw EvctlException.usage(
                    "the sandbox at " + state.bootstrapServers() + " is running without the secure listener:"
                            + " stop it first (`evctl sandbox stop`), then `evctl sandbox start --secure`");
        }
    }

    private void secureNote(Sandbox.State state) {
        if (state.registryUrl() != null) {
            session.err()
                    .println("schema registry at " + state.registryUrl()
                            + " (a development registry, not for production)");
        }
        if (state.oauth() != null) {
            session.err()
                    .println("OAuth listener at " + state.oauth().bootstrapServers() + " (OAUTHBEARER, issuer "
                            + state.oauth().tokenUrl() + ", client '"
                            + state.oauth().clientId()
                            + "'"
                            + (state.oauth().registryUrl() == null
                                    ? ""
                                    : ", registry needing its token at "
                                            + state.oauth().registryUrl())
                            + "); context 'sandbox-oauth' updated");
        }
        if (state.secure() != null) {
            session.err()
                    .println("secure listener at " + state.secure().bootstrapServers() + " (SASL_SSL, user '"
                            + state.secure().user() + "'); context 'sandbox-secure' updated");
        }
    }

    private void updateContexts(Sandbox.State state) {
        ConfigStore store = session.configStore();
        Config config = store.load();
        config = config.withContext(
                "sandbox", new ContextConfig(state.bootstrapServers(), Map.of(), state.registryUrl(), Map.of()));
        if (state.secure() != null) {
            config = config.withContext(
                    "sandbox-secure",
                    new ContextConfig(
                            state.secure().bootstrapServers(),
                            secureProperties(state.secure()),
                            state.registryUrl(),
                            Map.of()));
        }
        if (state.oauth() != null) {
            OAuthLogin login = new OAuthLogin(
                    state.oauth().tokenUrl(),
                    state.oauth().clientId(),
                    "${file:" + state.oauth().secretFile() + "}",
                    null,
                    Map.of());
            config = config.withContext(
                    "sandbox-oauth",
                    new ContextConfig(
                            state.oauth().bootstrapServers(),
                            login.kafkaProperties("SASL_PLAINTEXT"),
                            state.oauth().registryUrl(),
                            state.oauth().registryUrl() == null ? Map.of() : login.registryProperties()));
        }
        if (config.currentContext() == null) {
            config = config.withCurrentContext("sandbox");
        }
        store.save(config);
    }

    /** Client settings for the secure listener; the password stays a ${file:…} reference. */
    public static Map<String, String> secureProperties(EmbeddedKafka.SecureListener secure) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + secure.user()
                        + "\" password=\"${file:" + secure.passwordFile() + "}\";");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", secure.trustStorePem().toString());
        return p;
    }
}
