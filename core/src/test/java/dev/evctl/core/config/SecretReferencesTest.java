package dev.evctl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.evctl.core.EvctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferencesTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"%s\";";

    @Test
    void resolvesEnvAndFileReferencesAndScrubsThemFromMessages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret-from-file\n");
        SecretReferences refs = new SecretReferences(Map.of("PW", "s3cret-from-env"));
        Map<String, String> resolved = refs.resolveAll(
                Map.of(
                        "sasl.jaas.config", JAAS.formatted("${file:" + file + "}"),
                        "ssl.key.password", "${env:PW}",
                        "client.id", "plain"),
                "test");
        assertEquals(JAAS.formatted("s3cret-from-file"), resolved.get("sasl.jaas.config"));
        assertEquals("s3cret-from-env", resolved.get("ssl.key.password"));
        assertEquals("failed with **** and ****", refs.scrub("failed with s3cret-from-env and s3cret-from-file"));
    }

    @Test
    void missingReferencesAreUsageErrorsThatDoNotLeakOtherValues() {
        SecretReferences refs = new SecretReferences(Map.of());
        EvctlException e = assertThrows(
                EvctlException.class, () -> refs.resolve("ssl.key.password", "${env:NOPE}", "context 'x'"));
        assertTrue(e.getMessage().contains("${env:NOPE}") && e.getMessage().contains("context 'x'"), e.getMessage());
        assertThrows(EvctlException.class, () -> refs.resolve("p", "${file:/does/not/exist}", "x"));
    }

    @Test
    void clearSecretsAreDetectedAndRedactedButReferencesAreShown() {
        assertTrue(SecretReferences.holdsClearSecret("sasl.jaas.config", JAAS.formatted("hunter2")));
        assertFalse(SecretReferences.holdsClearSecret("sasl.jaas.config", JAAS.formatted("${env:PW}")));
        assertTrue(SecretReferences.holdsClearSecret("ssl.truststore.password", "changeit"));
        assertFalse(SecretReferences.holdsClearSecret("ssl.truststore.password", "${file:/run/secrets/ts}"));
        assertFalse(SecretReferences.holdsClearSecret("client.id", "anything"));
        assertTrue(SecretReferences.holdsClearSecret("basic.auth.user.info", "ci:hunter2"));
        assertFalse(SecretReferences.holdsClearSecret("basic.auth.user.info", "ci:${env:REGISTRY_PW}"));
        assertEquals("ci:****", SecretReferences.redact("basic.auth.user.info", "ci:hunter2"));

        assertEquals(JAAS.formatted("****"), SecretReferences.redact("sasl.jaas.config", JAAS.formatted("hunter2")));
        assertEquals("****", SecretReferences.redact("ssl.key.password", "hunter2"));
        assertEquals("${env:PW}", SecretReferences.redact("ssl.key.password", "${env:PW}"));
    }
}
