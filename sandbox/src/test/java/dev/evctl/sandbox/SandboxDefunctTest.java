package dev.evctl.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox whose process was killed but not yet reaped (a zombie, as right after {@code kill -9}) is not running:
 * {@code sandbox start} must not answer "already running" for it.
 */
class SandboxDefunctTest {

    @TempDir
    Path dir;

    @Test
    void aZombieIsNotALiveProcess() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
        // a parent that does not reap its exited child keeps it a zombie while the parent sleeps
        Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0.1 & echo $!; exec sleep 30")
                .redirectErrorStream(true)
                .start();
        try {
            long child;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                child = Long.parseLong(out.readLine().trim());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!Sandbox.defunct(child)) {
                    assertTrue(System.nanoTime() < deadline, "the child did not exit within 10 s");
                    Thread.onSpinWait();
                }
            }
            assertTrue(
                    ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
                    "the JDK calls a zombie alive: the reason for the check");
            assertTrue(Sandbox.defunct(child));
            assertFalse(Sandbox.defunct(ProcessHandle.current().pid()), "this JVM runs");
            Sandbox.writeState(
                    dir.resolve("sandbox.state"),
                    new Sandbox.State(child, "127.0.0.1:9092", Instant.now(), dir, null, null));
            assertTrue(Sandbox.running(dir).isEmpty(), "a killed sandbox is not running");
            Sandbox.writeState(
                    dir.resolve("sandbox.state"),
                    new Sandbox.State(ProcessHandle.current().pid(), "127.0.0.1:9092", Instant.now(), dir, null, null));
            assertTrue(Sandbox.running(dir).isPresent(), "a live one is");
        } finally {
            parent.destroyForcibly();
        }
    }
}
