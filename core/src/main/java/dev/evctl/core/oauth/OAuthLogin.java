package dev.evctl.core.oauth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * An OAuth 2 client-credentials login (OIDC), as a context stores it: Kafka's own SASL/OAUTHBEARER settings (its
 * {@code OAuthBearerLoginCallbackHandler} fetches and refreshes the token) and the registry's {@code bearer.auth.*}
 * settings for the same login. The secret is only ever a {@code ${env:…}}/{@code ${file:…}} reference here.
 *
 * @param extensions SASL extensions (Confluent Cloud's {@code logicalCluster}, {@code identityPoolId}, …)
 */
public record OAuthLogin(
        String tokenUrl, String clientId, String clientSecret, String scope, Map<String, String> extensions) {

    /** The JVM system property Kafka 4.x checks every token and JWKS URL against (empty by default). */
    public static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

    static final String LOGIN_HANDLER = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";
    static final String LOGIN_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

    public OAuthLogin {
        extensions = Map.copyOf(extensions);
    }

    /**
     * The Kafka client properties of this login; {@code protocol} is the context's {@code security.protocol} (null:
     * SASL_SSL, as a real cluster has).
     */
    public Map<String, String> kafkaProperties(String protocol) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol == null ? "SASL_SSL" : protocol);
        p.put("sasl.mechanism", "OAUTHBEARER");
        p.put("sasl.login.callback.handler.class", LOGIN_HANDLER);
        p.put("sasl.oauthbearer.token.endpoint.url", tokenUrl);
        StringBuilder jaas = new StringBuilder(LOGIN_MODULE).append(" required");
        jaas.append(" clientId=\"").append(clientId).append('"');
        jaas.append(" clientSecret=\"").append(clientSecret).append('"');
        if (scope != null) {
            jaas.append(" scope=\"").append(scope).append('"');
        }
        extensions.forEach((k, v) ->
                jaas.append(" extension_").append(k).append("=\"").append(v).append('"'));
        p.put("sasl.jaas.config", jaas.append(';').toString());
        return p;
    }

    /** The registry client's settings of the same login (the names of Confluent's registry client). */
    public Map<String, String> registryProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bearer.auth.credentials.source", "OAUTHBEARER");
        p.put("bearer.auth.issuer.endpoint.url", tokenUrl);
        p.put("bearer.auth.client.id", clientId);
        p.put("bearer.auth.client.secret", clientSecret);
        if (scope != null) {
            p.put("bearer.auth.scope", scope);
        }
        return p;
    }

    /**
     * Lists the token and JWKS URLs of these client properties in {@link #ALLOWED_URLS}, beside any already there: Kafka
     * 4.x refuses a URL that is not listed, and a user should never meet that error for the URL their context names.
     */
    public static void allowUrlsOf(Properties clientProperties) {
        List<String> urls = new ArrayList<>();
        for (String key : List.of("sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.jwks.endpoint.url")) {
            Object url = clientProperties.get(key);
            if (url != null && !url.toString().isBlank()) {
                urls.add(url.toString().trim());
            }
        }
        allow(urls);
    }

    /** Adds the URLs to {@link #ALLOWED_URLS}. */
    public static synchronized void allow(List<String> urls) {
        if (urls.isEmpty()) {
            return;
        }
        Set<String> allowed = new LinkedHashSet<>();
        String now = System.getProperty(ALLOWED_URLS, "");
        for (String u : now.split(",")) {
            if (!u.isBlank()) {
                allowed.add(u.trim());
            }
        }
        if (allowed.addAll(urls)) {
            System.setProperty(ALLOWED_URLS, String.join(",", allowed));
        }
    }
}
