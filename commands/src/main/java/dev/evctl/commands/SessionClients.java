package dev.evctl.commands;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.evctl.codecs.RegistryDecoder;
import dev.evctl.core.EvctlException;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ContextConfig;
import dev.evctl.core.config.ContextRule;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.ConnectionOptions;
import dev.evctl.core.kafka.ConnectionResolver;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.oauth.OAuthTokens;
import dev.evctl.sandbox.Sandbox;
import dev.evctl.schema.registry.RegistryClient;

/** A session's client factories: Kafka clients and the registry client, chosen by the context rule. */
public final class SessionClients {

    private final Session session;

    SessionClients(Session session) {
        this.session = session;
    }

    /** Resolves the connection for a command and opens (lazily) its clients. */
    public KafkaClients kafka(KafkaOptions options) {
        Connection connection = new ConnectionResolver(
                        session.configStore().load(), session.env(), this::runningSandbox)
                .resolve(options.toConnectionOptions(session.context()));
        session.verbose("connecting to " + connection.bootstrapServers() + " (from " + connection.origin() + ")");
        return new KafkaClients(connection);
    }

    /** Clients for another context's cluster (e.g. a copy's target), with the given timeout. */
    public KafkaClients kafka(String contextName, Duration timeout) {
        Connection connection = new ConnectionResolver(
                        session.configStore().load(), session.env(), this::runningSandbox)
                .resolve(new ConnectionOptions(contextName, null, null, Map.of(), timeout));
        session.verbose("connecting to " + connection.bootstrapServers() + " (from " + connection.origin() + ")");
        return new KafkaClients(connection);
    }

    /**
     * A decoder of framed Avro through the chosen registry (readable JSON: ISO times, decimals as
     * numbers), or null when no registry is chosen: commands that only may meet Avro use it.
     */
    public RegistryDecoder avroDecoderIfChosen(String urlOption, KafkaOptions kafka) {
        var registry = registryIfChosen(urlOption, kafka);
        return registry == null ? null : new RegistryDecoder(registry, true);
    }

    /**
     * The registry client when one is chosen (flag, environment or context), else null; never an
     * error for its absence. A command's -b without --context means no context at all.
     */
    public RegistryClient registryIfChosen(String urlOption, KafkaOptions kafka) {
        return registryIfChosen(
                session.configStore().load(), urlOption, kafka.timeout(), kafka.bootstrapServers != null);
    }

    /** As {@link #registry(String, Duration)}, for a command whose -b (without --context) means no context at all. */
    public RegistryClient registry(String urlOption, KafkaOptions kafka) {
        return registry(session.configStore().load(), urlOption, kafka.timeout(), kafka.bootstrapServers != null);
    }

    private RegistryClient registryIfChosen(Config config, String urlOption, Duration timeout, boolean bootstrapGiven) {
        ContextConfig ctx = registryContext(config, bootstrapGiven);
        if (urlOption == null
                && session.env().get("EVCTL_REGISTRY_URL") == null
                && (ctx == null || ctx.registryUrl() == null)) {
            return null;
        }
        return registry(config, urlOption, timeout, bootstrapGiven);
    }

    /**
     * The registry client: {@code --registry-url}, else {@code EVCTL_REGISTRY_URL}, else the
     * context's registry. Credentials come from the context's registry properties
     * ({@code basic.auth.user.info: user:${env:PW}} or {@code bearer.auth.token}), resolved here.
     */
    public RegistryClient registry(String urlOption, Duration timeout) {
        return registry(session.configStore().load(), urlOption, timeout, false);
    }

    /**
     * The context the registry settings come from, by {@link ContextRule}:
     * a named one must exist, the current one may be absent, and -b without --context means none.
     */
    private ContextConfig registryContext(Config config, boolean bootstrapGiven) {
        String named = ContextRule.named(session.context(), session.env());
        if (named != null) {
            return config.requireContext(named);
        }
        String current = ContextRule.choose(null, session.env(), config, bootstrapGiven);
        return current == null ? null : config.context(current).orElse(null);
    }

    private RegistryClient registry(Config config, String urlOption, Duration timeout, boolean bootstrapGiven) {
        ContextConfig ctx = registryContext(config, bootstrapGiven);
        String contextName = ContextRule.choose(session.context(), session.env(), config, bootstrapGiven);
        String url = urlOption != null
                ? urlOption
                : session.env().get("EVCTL_REGISTRY_URL") != null
                        ? session.env().get("EVCTL_REGISTRY_URL")
                        : ctx == null ? null : ctx.registryUrl();
        if (url == null || url.isBlank()) {
            throw EvctlException.usage("no schema registry chosen: pass --registry-url URL, set EVCTL_REGISTRY_URL,"
                    + " or give the context one with `evctl config set-context NAME --registry-url URL`");
        }
        Map<String, String> props = ctx == null
                ? Map.of()
                : new SecretReferences(session.env())
                        .resolveAll(ctx.registryProperties(), "context '" + contextName + "'");
        RegistryClient.Settings settings;
        try {
            settings = RegistryClient.Settings.resolve(url, props, timeout);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage(e.getMessage());
        }
        OAuthTokens oauth = OAuthTokens.of(props);
        if (oauth != null) {
            settings = settings.withBearer(oauth);
        }
        session.verbose("schema registry " + settings.url().getScheme() + "://"
                + settings.url().getHost() + ":" + settings.url().getPort());
        return new RegistryClient(settings);
    }

    private Optional<String> runningSandbox() {
        return Sandbox.running(session.sandboxDataDir(null)).map(Sandbox.State::bootstrapServers);
    }
}
