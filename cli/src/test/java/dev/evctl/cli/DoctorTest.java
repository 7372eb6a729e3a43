package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evctl doctor against the shared broker, an unreachable one, and a config file others can read. */
class DoctorTest {

    @TempDir
    Path home;

    @Test
    void reportsEachCheckWithItsOutcome() throws Exception {
        Evctl evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        Files.setPosixFilePermissions(home.resolve("config.yaml"), PosixFilePermissions.fromString("rw-------"));
        String ok = evctl.ok("doctor").out();
        assertTrue(ok.lines().anyMatch(l -> l.startsWith("ok    broker") && l.contains("1 broker, authenticated")), ok);
        assertTrue(ok.lines().anyMatch(l -> l.startsWith("ok    config file")), ok);
        assertTrue(ok.lines().anyMatch(l -> l.startsWith("skip  registry")), ok);

        Files.setPosixFilePermissions(home.resolve("config.yaml"), PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(evctl.ok("doctor").out().lines().anyMatch(l -> l.startsWith("warn  config file") && l.contains("chmod 600")));

        evctl.ok("config", "set-context", "nowhere", "-b", "127.0.0.1:1");
        Evctl.Result down = evctl.expect(ExitCodes.CHECK_FAILED, "--context", "nowhere", "doctor", "--timeout", "1s", "-o", "json");
        assertTrue(down.out().contains("\"status\":\"FAIL\",\"name\":\"broker\""), down.out());
    }
}
