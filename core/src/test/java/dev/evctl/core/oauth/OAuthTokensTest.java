package dev.evctl.core.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The registry's OAuth token is renewed at 80 % of its lifetime; the Kafka side's URLs are allowed for Kafka 4.x. */
class OAuthTokensTest {

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void aTokenIsRenewedAtEightyPercentOfItsLifetime() {
        long iat = 1_800_000_000L;
        assertEquals(
                (iat + 80) * 1000, OAuthTokens.renewAt(jwt("{\"iat\":" + iat + ",\"exp\":" + (iat + 100) + "}"), 0));
        // no expiry, or no JWT at all: fetched again next time
        assertEquals(42, OAuthTokens.renewAt(jwt("{\"sub\":\"x\"}"), 42));
        assertEquals(42, OAuthTokens.renewAt("opaque-token", 42));
    }

    @Test
    void theContextsTokenAndJwksUrlsAreAllowed() {
        String before = System.getProperty(OAuthLogin.ALLOWED_URLS);
        try {
            System.setProperty(OAuthLogin.ALLOWED_URLS, "https://other/token");
            Properties p = new Properties();
            p.put("sasl.oauthbearer.token.endpoint.url", "https://idp.example/token");
            OAuthLogin.allowUrlsOf(p);
            OAuthLogin.allowUrlsOf(p); // listed once
            assertEquals("https://other/token,https://idp.example/token", System.getProperty(OAuthLogin.ALLOWED_URLS));
        } finally {
            if (before == null) {
                System.clearProperty(OAuthLogin.ALLOWED_URLS);
            } else {
                System.setProperty(OAuthLogin.ALLOWED_URLS, before);
            }
        }
    }

    @Test
    void theLoginIsKafkasOwnAndTheSecretOnlyAReference() {
        OAuthLogin login =
                new OAuthLogin("https://idp/token", "evctl", "${env:S}", "kafka", Map.of("logicalCluster", "lkc-1"));
        Map<String, String> kafka = login.kafkaProperties(null);
        assertEquals("SASL_SSL", kafka.get("security.protocol"));
        assertEquals("OAUTHBEARER", kafka.get("sasl.mechanism"));
        assertEquals(
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId=\"evctl\""
                        + " clientSecret=\"${env:S}\" scope=\"kafka\" extension_logicalCluster=\"lkc-1\";",
                kafka.get("sasl.jaas.config"));
        assertTrue(login.registryProperties().get("bearer.auth.client.secret").equals("${env:S}"));
    }
}
