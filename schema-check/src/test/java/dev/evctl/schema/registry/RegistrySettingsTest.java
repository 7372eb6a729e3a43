package dev.evctl.schema.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A registry's URL and client properties become its settings in one place: basic auth from either source, never both.
 */
class RegistrySettingsTest {

    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void userInfoInTheUrlIsBasicAuthAndLeavesTheUrl() {
        RegistryClient.Settings s =
                RegistryClient.Settings.resolve("https://ci:s3cr%40t@registry.example:8081/base", Map.of(), T);
        assertEquals("ci", s.user());
        assertEquals("s3cr@t", s.password());
        assertEquals("https://registry.example:8081/base", s.url().toString(), "the password is not kept in the URL");
    }

    @Test
    void basicAuthAndBearerComeFromTheProperties() {
        RegistryClient.Settings s = RegistryClient.Settings.resolve(
                "http://r:8081", Map.of("basic.auth.user.info", "svc:pw:with:colons", "bearer.auth.token", "tok"), T);
        assertEquals("svc", s.user());
        assertEquals("pw:with:colons", s.password());
        assertEquals("tok", s.bearer().get());
        assertNull(RegistryClient.Settings.resolve("http://r:8081", Map.of(), T).user());
    }

    @Test
    void oneSourceOfCredentialsAndAUrlWithAHost() {
        IllegalArgumentException both = assertThrows(
                IllegalArgumentException.class,
                () -> RegistryClient.Settings.resolve("http://a:b@r:8081", Map.of("basic.auth.user.info", "c:d"), T));
        assertTrue(both.getMessage().contains("keep one of them"), both.getMessage());
        assertFalse(
                both.getMessage().contains("b@") || both.getMessage().contains(":d"),
                "no secret in the message: " + both.getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> RegistryClient.Settings.resolve("registry:8081", Map.of(), T))
                .getMessage()
                .contains("expected http://HOST:PORT"));
    }
}
