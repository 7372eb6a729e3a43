package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.sandbox.SandboxStartCommand;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evctl doctor against the shared broker, an unreachable one, and a config file others can read. */
@Tag("integration")
class DoctorTest {

    @TempDir
    Path home;

    @Test
    void reportsEachCheckWithItsOutcome() throws Exception {
        Evctl evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        Files.setPosixFilePermissions(home.resolve("config.yaml"), PosixFilePermissions.fromString("rw-------"));
        String ok = evctl.ok("doctor").out();
        // a PLAINTEXT connection authenticates nobody: doctor must not say it does
        assertTrue(
                ok.lines()
                        .anyMatch(l ->
                                l.startsWith("ok    broker") && l.contains("1 broker, not authenticated (PLAINTEXT)")),
                ok);
        assertTrue(ok.lines().anyMatch(l -> l.startsWith("ok    config file")), ok);
        assertTrue(ok.lines().anyMatch(l -> l.startsWith("skip  registry")), ok);

        Files.setPosixFilePermissions(home.resolve("config.yaml"), PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(evctl.ok("doctor")
                .out()
                .lines()
                .anyMatch(l -> l.startsWith("warn  config file") && l.contains("chmod 600")));

        evctl.ok("config", "set-context", "nowhere", "-b", "127.0.0.1:1");
        Evctl.Result down =
                evctl.expect(ExitCodes.CHECK_FAILED, "--context", "nowhere", "doctor", "--timeout", "1s", "-o", "json");
        assertTrue(down.out().contains("\"status\":\"FAIL\",\"name\":\"broker\""), down.out());
    }

    @Test
    void saysAuthenticatedOnlyForSaslAndWarnsOfSecretsInClear() throws Exception {
        Evctl evctl = new Evctl(home);
        var secure = SharedBroker.get().secureListener();
        List<String> args =
                new ArrayList<>(List.of("config", "set-context", "secure", "-b", secure.bootstrapServers(), "--use"));
        SandboxStartCommand.secureProperties(secure).forEach((k, v) -> args.addAll(List.of("-p", k + "=" + v)));
        evctl.ok(args.toArray(String[]::new));
        String sasl = evctl.ok("doctor").out();
        assertTrue(
                sasl.lines().anyMatch(l -> l.startsWith("ok    broker") && l.contains("authenticated (SASL_SSL)")),
                sasl);

        Files.writeString(
                home.resolve("config.yaml"),
                "current-context: c\ncontexts:\n  c:\n    bootstrap-servers: " + SharedBroker.bootstrapServers()
                        + "\n    properties:\n      ssl.keystore.password: hunter2\n");
        String clear = evctl.ok("doctor").out();
        assertTrue(
                clear.lines().anyMatch(l -> l.startsWith("warn  secrets") && l.contains("ssl.keystore.password")),
                clear);
        assertTrue(!clear.contains("hunter2"), clear);
    }
}
