package dev.evctl.core.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.security.auth.login.AppConfigurationEntry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.core.EvctlException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.oauthbearer.ClientCredentialsJwtRetriever;

/**
 * Bearer tokens of a client-credentials login for the schema registry, fetched by Kafka's own
 * {@link ClientCredentialsJwtRetriever} (the handler the Kafka side logs in with), kept until most of their lifetime
 * has passed, then fetched again: a long command never sends an expired token.
 */
public final class OAuthTokens implements Supplier<String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token is renewed once this share of its lifetime has passed, as Kafka's login refreshes at 80 %. */
    private static final double RENEW_AT = 0.8;

    private final String tokenUrl;
    private final Map<String, String> options;
    private final String login;
    private String token;
    private long renewAtMillis;

    /** The login at {@code tokenUrl} with the login module's options ({@code clientId}, {@code clientSecret}, …). */
    private OAuthTokens(String tokenUrl, Map<String, String> options, String login) {
        this.tokenUrl = tokenUrl;
        this.options = Map.copyOf(options);
        this.login = login;
    }

    /** The login of a context's registry properties ({@code bearer.auth.*}, secrets resolved). */
    public OAuthTokens(String tokenUrl, String clientId, String clientSecret, String scope) {
        this(tokenUrl, options(clientId, clientSecret, scope), "the registry's OAuth login");
    }

    private static Map<String, String> options(String clientId, String clientSecret, String scope) {
        Map<String, String> options = new HashMap<>();
        options.put("clientId", clientId);
        options.put("clientSecret", clientSecret);
        if (scope != null) {
            options.put("scope", scope);
        }
        return options;
    }

    /**
     * The login of Kafka client properties (secrets resolved) that log in with SASL/OAUTHBEARER at a token endpoint,
     * read from their JAAS line as Kafka reads it; null for any other client.
     */
    public static OAuthTokens ofKafka(Map<String, String> clientProperties) {
        String url = clientProperties.get("sasl.oauthbearer.token.endpoint.url");
        String jaas = clientProperties.get("sasl.jaas.config");
        if (!"OAUTHBEARER".equalsIgnoreCase(clientProperties.get("sasl.mechanism")) || url == null || jaas == null) {
            return null;
        }
        Map<String, String> options = new HashMap<>();
        JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas)))
                .configurationEntries()
                .forEach(e -> e.getOptions().forEach((k, v) -> options.put(k, String.valueOf(v))));
        return new OAuthTokens(url, options, "the Kafka OAuth login");
    }

    /** A token's subject (the principal the broker will see) and when it expires (null: the token does not say). */
    public record Token(String principal, Instant expires) {}

    /** Logs in now and says as whom, until when: {@code doctor}'s check. */
    public Token inspect() {
        String jwt = get();
        String[] parts = jwt.split("\\.");
        try {
            JsonNode claims = parts.length < 2
                    ? JSON.createObjectNode()
                    : JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return new Token(
                    claims.path("sub").asText(null),
                    claims.has("exp") ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null);
        } catch (IOException | IllegalArgumentException e) {
            return new Token(null, null);
        }
    }

    /** The token endpoint and the client id, for messages. */
    public String describe() {
        return tokenUrl + " (client '" + options.get("clientId") + "')";
    }

    /**
     * The registry's token source of these registry properties when they ask for an OAuth login
     * ({@code bearer.auth.credentials.source=OAUTHBEARER}), else null.
     */
    public static OAuthTokens of(Map<String, String> registryProperties) {
        if (!"OAUTHBEARER".equalsIgnoreCase(registryProperties.get("bearer.auth.credentials.source"))) {
            return null;
        }
        String url = registryProperties.get("bearer.auth.issuer.endpoint.url");
        String id = registryProperties.get("bearer.auth.client.id");
        String secret = registryProperties.get("bearer.auth.client.secret");
        if (url == null || id == null || secret == null) {
            throw EvctlException.usage(
                    "bearer.auth.credentials.source=OAUTHBEARER needs bearer.auth.issuer.endpoint.url,"
                            + " bearer.auth.client.id and bearer.auth.client.secret in the context's registry properties");
        }
        return new OAuthTokens(url, id, secret, registryProperties.get("bearer.auth.scope"));
    }

    @Override
    public synchronized String get() {
        long now = System.currentTimeMillis();
        if (token == null || now >= renewAtMillis) {
            token = fetch();
            renewAtMillis = renewAt(token, now);
        }
        return token;
    }

    private String fetch() {
        OAuthLogin.allow(List.of(tokenUrl));
        // Kafka's retriever reads its retry and timeout settings from the client configs: their defaults, as a Kafka
        // client of the same login has them
        Map<String, Object> configs = new HashMap<>(new AdminClientConfig(
                        Map.of("bootstrap.servers", "unused:9092", "sasl.oauthbearer.token.endpoint.url", tokenUrl))
                .values());
        try (ClientCredentialsJwtRetriever retriever = new ClientCredentialsJwtRetriever()) {
            retriever.configure(
                    configs,
                    "OAUTHBEARER",
                    List.of(new AppConfigurationEntry(
                            OAuthLogin.LOGIN_MODULE, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)));
            return retriever.retrieve();
        } catch (IOException | RuntimeException e) {
            String secret = options.getOrDefault("clientSecret", "");
            String why = firstLine(e);
            throw new EvctlException(
                    EvctlException.Kind.CONNECTION,
                    login + " failed at " + describe() + ": " + (secret.isEmpty() ? why : why.replace(secret, "****")),
                    e);
        }
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** When to renew: at 80 % of the token's lifetime by its {@code iat}/{@code exp}; a token without them, now. */
    static long renewAt(String jwt, long now) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return now;
        }
        try {
            JsonNode claims =
                    JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (!claims.has("exp")) {
                return now;
            }
            long exp = claims.get("exp").asLong() * 1000;
            long iat = claims.has("iat") ? claims.get("iat").asLong() * 1000 : now;
            return iat + (long) ((exp - iat) * RENEW_AT);
        } catch (IOException | IllegalArgumentException e) {
            return now;
        }
    }
}
