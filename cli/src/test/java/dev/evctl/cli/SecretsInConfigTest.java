package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import dev.evctl.commands.ExitCodes;
import dev.evctl.schema.registry.TranscriptRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OAuth client secret and a password in a registry URL are treated like any SASL password. */
class SecretsInConfigTest {

    private static final String OAUTH = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
            + " clientId=\"evctl\" clientSecret=\"s3cr3t-oauth\";";

    @TempDir
    Path home;

    @Test
    void setContextRefusesThemInClear() {
        Evctl evctl = new Evctl(home);
        Evctl.Result oauth = evctl.expect(
                ExitCodes.USAGE, "config", "set-context", "c", "-b", "h:9092", "-p", "sasl.jaas.config=" + OAUTH);
        assertTrue(oauth.err().contains("refusing to store a secret in clear"), oauth.err());
        Evctl.Result url = evctl.expect(
                ExitCodes.USAGE,
                "config",
                "set-context",
                "c",
                "-b",
                "h:9092",
                "--registry-url",
                "https://ops:s3cr3t-url@registry:8081");
        assertTrue(url.err().contains("--registry-property basic.auth.user.info"), url.err());
        evctl.ok(
                "config",
                "set-context",
                "c",
                "-b",
                "h:9092",
                "-p",
                "sasl.jaas.config=" + OAUTH.replace("s3cr3t-oauth", "${env:CLIENT_SECRET}"));
    }

    @Test
    void configViewRedactsThemInAHandWrittenFile() throws Exception {
        Files.writeString(
                home.resolve("config.yaml"),
                "current-context: c\ncontexts:\n  c:\n    bootstrap-servers: h:9092\n"
                        + "    properties:\n      sasl.jaas.config: '" + OAUTH
                        + "'\n    registry-url: https://ops:s3cr3t-url@registry:8081\n");
        String shown = new Evctl(home).ok("config", "view").out();
        assertFalse(shown.contains("s3cr3t"), shown);
        assertTrue(shown.contains("clientSecret=\"****\"") && shown.contains("https://ops:****@registry:8081"), shown);
    }

    @Test
    void userInfoInARegistryUrlBecomesBasicAuth() throws Exception {
        try (TranscriptRegistry registry = new TranscriptRegistry()) {
            registry.answer("subjects_prefix");
            String url = registry.url().replace("http://", "http://ops:p%40ss@");
            new Evctl(home).ok("schema", "list", "--prefix", "api-", "--registry-url", url);
            assertEquals(
                    "Basic " + Base64.getEncoder().encodeToString("ops:p@ss".getBytes(StandardCharsets.UTF_8)),
                    registry.sent().get(0).authorization());
        }
    }
}
