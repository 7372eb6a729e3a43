package dev.evctl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class SandboxLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void detachedSandboxStartsOnceReportsStatusStopsAndKeepsData() throws Exception {
        BrokerSettings settings = new BrokerSettings(dataDir, freePort(), 0, false, Map.of());
        Sandbox.Started first = Sandbox.startDetached(settings, Duration.ofSeconds(90));
        try {
            assertFalse(first.alreadyRunning());
            assertEquals("127.0.0.1:" + settings.port(), first.state().bootstrapServers());

            Sandbox.Started second = Sandbox.startDetached(settings, Duration.ofSeconds(90));
            assertTrue(second.alreadyRunning(), "a second start finds the running sandbox");
            assertEquals(first.state().pid(), second.state().pid());

            Sandbox.Status status =
                    Sandbox.status(dataDir, Duration.ofSeconds(10)).orElseThrow();
            assertEquals(0, status.topicCount());
        } finally {
            assertTrue(Sandbox.stop(dataDir, Duration.ofSeconds(60)));
        }
        assertTrue(Sandbox.running(dataDir).isEmpty());
        assertTrue(Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties")), "stop keeps the data");

        Sandbox.reset(dataDir, Duration.ofSeconds(10));
        assertFalse(Files.exists(dataDir.resolve("kraft-logs")), "reset deletes the data");
    }

    @Test
    void portInUseIsRefusedNamingThePortAndTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            SandboxException e = assertThrows(
                    SandboxException.class,
                    () -> Sandbox.startDetached(BrokerSettings.plain(dataDir, port), Duration.ofSeconds(30)));
            assertEquals(SandboxException.Reason.PORT_IN_USE, e.reason());
            assertTrue(e.getMessage().contains("port " + port) && e.getMessage().contains("--port"), e.getMessage());
        }
    }

    @Test
    void stopWithNothingRunningSaysSo() {
        assertFalse(Sandbox.stop(dataDir, Duration.ofSeconds(5)));
        assertTrue(Sandbox.status(dataDir, Duration.ofSeconds(5)).isEmpty());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
