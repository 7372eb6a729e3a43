package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy in front of the registry that answers its HTML login page with HTTP 200: every command says so (exit 3),
 * none reports success.
 */
class RegistryProxyTest {

    @TempDir
    Path home;

    private HttpServer proxy;
    private Evctl evctl;

    @BeforeEach
    void setUp() throws Exception {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html><head><title>Sign in</title></head><body>Corporate SSO</body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        evctl = new Evctl(home)
                .env(
                        "EVCTL_REGISTRY_URL",
                        "http://127.0.0.1:" + proxy.getAddress().getPort());
    }

    @AfterEach
    void tearDown() {
        proxy.stop(0);
    }

    @Test
    void htmlWithHttp200IsARegistryErrorEverywhere() throws Exception {
        Path schema = home.resolve("order.avsc");
        Files.writeString(
                schema, "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        for (String[] command : new String[][] {
            {"schema", "register", "orders-value", "-f", schema.toString()},
            {"schema", "list"},
            {"schema", "check", "-f", schema.toString(), "--subject", "orders-value"},
            {"schema", "check", "-f", schema.toString(), "--subject", "orders-value", "--remote"}
        }) {
            Evctl.Result r = evctl.expect(ExitCodes.CONNECTION, command);
            assertTrue(
                    r.err().contains("not JSON") && r.err().contains("<html>"),
                    String.join(" ", command) + ": " + r.err());
            if (command[1].equals("check")) {
                // the gate still writes a result per subject (every format gets one): not checked, never compatible
                assertTrue(
                        r.out().contains("orders-value: BACKWARD — NOT CHECKED (REGISTRY_ERROR)")
                                && !r.out().contains("— compatible"),
                        r.out());
            } else {
                assertEquals("", r.out(), String.join(" ", command) + " printed a result");
            }
        }
    }
}
