package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

/**
 * The JDK's NIO selectors: the HTTP client's selector thread, which would hold the JVM's exit for
 * 0.3 s, is ended before exit; the provider Main names is the one the JDK would find itself.
 */
class SelectorThreadTest {

    @Test
    void theNamedSelectorProviderIsTheOneTheJdkChoosesOnThisSystem() {
        assertEquals(
                null, System.getProperty("java.nio.channels.spi.SelectorProvider"), "the test JVM lets the JDK choose");
        String named = Main.defaultSelectorProvider(System.getProperty("os.name"));
        assertNotNull(named, "evctl names a provider on " + System.getProperty("os.name"));
        assertEquals(SelectorProvider.provider().getClass().getName(), named);
    }

    @Test
    void theHttpClientsSelectorThreadEndsWhenReleased() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("ok", response.body());
            List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
                    .filter(t ->
                            t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                    .toList();
            assertFalse(selectors.isEmpty(), "the client runs a selector thread");

            Main.releaseSelectorThreads();

            for (Thread t : selectors) {
                t.join(10_000);
                assertFalse(t.isAlive(), t.getName() + " still running");
            }
        } finally {
            server.stop(0);
        }
    }
}
