package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.sandbox.SandboxStartCommand;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SASL_SSL (SCRAM-SHA-512 over TLS) through a context whose password is a reference. */
@Tag("integration")
class SecureListenerTest {

    @TempDir
    Path home;

    private static List<String> contextArgs(String name, Map<String, String> props) {
        List<String> args = new ArrayList<>(List.of(
                "config",
                "set-context",
                name,
                "-b",
                SharedBroker.get().secureListener().bootstrapServers()));
        props.forEach((k, v) -> {
            args.add("-p");
            args.add(k + "=" + v);
        });
        return args;
    }

    @Test
    void rightPasswordConnectsWrongPasswordFailsWithTheAuthCodeAndNoSecret() throws Exception {
        EmbeddedKafka.SecureListener secure = SharedBroker.get().secureListener();
        String realPassword = Files.readString(secure.passwordFile()).trim();
        Evctl evctl = new Evctl(home).env("WRONG_PW", "not-the-password-123");

        evctl.ok(contextArgs("secure", SandboxStartCommand.secureProperties(secure))
                .toArray(String[]::new));
        evctl.ok("--context", "secure", "topics", "create", "secured-" + System.nanoTime());
        assertTrue(evctl.ok("--context", "secure", "topics", "list").out().contains("secured-"));

        Map<String, String> wrong = new LinkedHashMap<>(SandboxStartCommand.secureProperties(secure));
        wrong.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + secure.user()
                        + "\" password=\"${env:WRONG_PW}\";");
        evctl.ok(contextArgs("wrong", wrong).toArray(String[]::new));
        Evctl.Result r = evctl.expect(ExitCodes.CONNECTION, "--context", "wrong", "topics", "list", "--timeout", "5s");
        assertTrue(r.err().contains("authentication failed"), r.err());
        assertFalse(r.err().contains("not-the-password-123"), "the wrong secret is not echoed");
        assertFalse(r.err().contains(realPassword), "the real secret is not echoed");
        assertFalse(evctl.ok("config", "view").out().contains(realPassword));
    }
}
