package dev.evctl.sandbox.oauth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.evctl.sandbox.Forms;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * A small OpenID Connect issuer for the sandbox: a client-credentials token endpoint that issues signed JWTs (RS256,
 * jose4j) to its one configured client, and refuses any other id or secret ({@code 401 invalid_client}), and the
 * JWKS a broker's {@code OAuthBearerValidatorCallbackHandler} checks them against. Plain http on 127.0.0.1.
 */
public final class OidcServer implements AutoCloseable {

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final String clientId;
    private final byte[] clientSecret;
    private final Duration lifetime;
    private final String audience;
    private final AtomicLong issued = new AtomicLong();

    private OidcServer(
            HttpServer server, RsaJsonWebKey key, String clientId, String clientSecret, Duration lifetime, String aud) {
        this.server = server;
        this.key = key;
        this.clientId = clientId;
        this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
        this.lifetime = lifetime;
        this.audience = aud;
    }

    /**
     * Starts on 127.0.0.1:{@code port} (0: any free port), issuing tokens of {@code lifetime} for {@code audience} to
     * the one client.
     */
    public static OidcServer start(int port, String clientId, String clientSecret, Duration lifetime, String audience)
            throws IOException {
        RsaJsonWebKey key;
        try {
            key = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IOException("cannot make the signing key: " + e.getMessage(), e);
        }
        key.setKeyId("evctl-sandbox-1");
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        OidcServer oidc = new OidcServer(http, key, clientId, clientSecret, lifetime, audience);
        http.createContext("/token", oidc::token);
        http.createContext("/jwks", oidc::jwks);
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "evctl-sandbox-oidc");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return oidc;
    }

    public String tokenUrl() {
        return base() + "/token";
    }

    public String jwksUrl() {
        return base() + "/jwks";
    }

    /** How many tokens were issued (a refreshing client asks again). */
    public long issued() {
        return issued.get();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Whether {@code authorization} ({@code Authorization} header) holds a bearer token this issuer signed, for its
     * audience, not expired (30 s of clock skew): the sandbox registry's secured port asks this of every request.
     */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        try {
            new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(30)
                    .setExpectedIssuer(base())
                    .setExpectedAudience(audience)
                    .setVerificationKey(key.getPublicKey())
                    .build()
                    .process(authorization.substring(7).trim());
            return true;
        } catch (InvalidJwtException e) {
            return false;
        }
    }

    private void token(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            answer(ex, 405, "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> form = Forms.decode(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair =
                    new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon > 0) {
                id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            answer(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (!clientId.equals(id)
                || secret == null
                || !MessageDigest.isEqual(clientSecret, secret.getBytes(StandardCharsets.UTF_8))) {
            answer(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}");
            return;
        }
        try {
            String jwt = sign(form.get("scope"));
            issued.incrementAndGet();
            answer(
                    ex,
                    200,
                    "{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetime.toSeconds()
                            + "}");
        } catch (JoseException e) {
            answer(ex, 500, "{\"error\":\"server_error\"}");
        }
    }

    private String sign(String scope) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(base());
        claims.setSubject(clientId);
        claims.setAudience(audience);
        claims.setIssuedAtToNow();
        NumericDate exp = NumericDate.now();
        exp.addSeconds(lifetime.toSeconds());
        claims.setExpirationTime(exp);
        claims.setGeneratedJwtId();
        if (scope != null && !scope.isBlank()) {
            claims.setStringClaim("scope", scope);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private void jwks(HttpExchange ex) throws IOException {
        answer(ex, 200, new JsonWebKeySet(key).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
