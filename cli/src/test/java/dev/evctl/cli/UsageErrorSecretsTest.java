package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A usage error names what was wrong and never echoes a secret: not the value after a mistyped option, not a JAAS
 * line, not a URL's password, not the value of a secret-bearing key, however picocli words its message.
 */
class UsageErrorSecretsTest {

    private static final String SECRET = "hunter2pw";

    @TempDir
    Path home;

    private String usageError(String... args) {
        Evctl.Result r = new Evctl(home).expect(ExitCodes.USAGE, args);
        String all = r.out() + r.err();
        assertFalse(all.contains(SECRET), String.join(" ", args) + " echoed the secret:\n" + all);
        assertFalse(all.contains("\tat "), "no stack trace:\n" + all);
        return r.err();
    }

    @Test
    void aMistypedOptionIsNamedWithoutTheUrlAfterIt() {
        String err = usageError("schema", "list", "--registry-urll", "http://ci:" + SECRET + "@registry:8081");
        assertTrue(err.contains("'--registry-urll'"), err);
        assertTrue(err.contains("--registry-url"), "suggests the right option: " + err);
    }

    @Test
    void aMistypedOptionIsNamedWithoutTheValueAfterItEvenWhenTheValueLooksHarmless() {
        String err = usageError("tail", "orders", "--passwrd", SECRET);
        assertTrue(err.contains("'--passwrd'"), err);
    }

    @Test
    void aLowerCaseXWithAJaasLineIsNamedWithoutIt() {
        usageError(
                "tail",
                "orders",
                "-x",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
                        + " password=\"" + SECRET + "\";");
    }

    @Test
    void anOptionGivenWithEqualsIsNamedWithoutItsValue() {
        usageError("schema", "list", "--registry-urll=https://ci:" + SECRET + "@registry");
        usageError("tail", "orders", "--sasl-password=" + SECRET);
    }

    @Test
    void aBadValueOfAKnownOptionDoesNotEchoASecretBesideIt() {
        usageError("tail", "orders", "--max", "many", "-X", "basic.auth.user.info=ci:" + SECRET);
        usageError("tail", "orders", "--max", "many", "--registry-url", "https://ci:" + SECRET + "@registry");
        usageError("tail", "orders", "-X", "sasl.jaas.config=x required password=\"" + SECRET + "\";", "--nope");
    }
}
