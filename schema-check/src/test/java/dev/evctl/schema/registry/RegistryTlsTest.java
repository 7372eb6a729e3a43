package dev.evctl.schema.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over TLS: a private CA trust store (PEM) and a client certificate, against a real HTTPS server.
 */
@Tag("integration")
class RegistryTlsTest {

    private static final String PW = "store-pw-123";

    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(
                p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "keytool " + String.join(" ", args) + ": " + out);
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PW.toCharArray());
        }
        return ks;
    }

    @Test
    void trustsAPrivateCaAndPresentsAClientCertificate() throws Exception {
        Path server = dir.resolve("server.p12");
        Path client = dir.resolve("client.p12");
        Path serverPem = dir.resolve("server.pem");
        Path clientPem = dir.resolve("client.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=registry",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                server.toString(),
                "-storepass",
                PW,
                "-keypass",
                PW);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                server.toString(),
                "-storepass",
                PW,
                "-file",
                serverPem.toString());
        keytool(
                "-genkeypair",
                "-alias",
                "client",
                "-keyalg",
                "EC",
                "-dname",
                "CN=ci",
                "-storetype",
                "PKCS12",
                "-keystore",
                client.toString(),
                "-storepass",
                PW,
                "-keypass",
                PW);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "client",
                "-keystore",
                client.toString(),
                "-storepass",
                PW,
                "-file",
                clientPem.toString());

        // the server trusts only the client's certificate and requires one
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(server), PW.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(RegistryTlsTest.pemStore(clientPem));
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        https.createContext("/", ex -> {
            byte[] body = "{\"compatibilityLevel\":\"FULL\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        https.start();
        try {
            URI url = URI.create("https://127.0.0.1:" + https.getAddress().getPort());
            SSLContext tls = RegistryTls.context(Map.of(
                    "ssl.truststore.location",
                    serverPem.toString(),
                    "ssl.keystore.location",
                    client.toString(),
                    "ssl.keystore.password",
                    PW));
            RegistryClient ok = new RegistryClient(
                    new RegistryClient.Settings(url, null, null, null, Duration.ofSeconds(5), 0, tls));
            assertEquals("FULL", ok.compatibilityLevel(null));

            SSLContext noClientCert = RegistryTls.context(Map.of("ssl.truststore.location", serverPem.toString()));
            RegistryException refused = assertThrows(
                    RegistryException.class,
                    () -> new RegistryClient(new RegistryClient.Settings(
                                    url, null, null, null, Duration.ofSeconds(5), 0, noClientCert))
                            .compatibilityLevel(null));
            assertTrue(refused.unreachable(), refused.getMessage());

            RegistryException untrusted = assertThrows(
                    RegistryException.class,
                    () -> new RegistryClient(
                                    new RegistryClient.Settings(url, null, null, null, Duration.ofSeconds(5), 0, null))
                            .compatibilityLevel(null));
            assertTrue(untrusted.unreachable(), untrusted.getMessage());

            IllegalArgumentException wrongPassword = assertThrows(
                    IllegalArgumentException.class,
                    () -> RegistryTls.context(
                            Map.of("ssl.keystore.location", client.toString(), "ssl.keystore.password", "not-" + PW)));
            assertTrue(wrongPassword.getMessage().contains(client.toString()), wrongPassword.getMessage());
            assertFalse(wrongPassword.getMessage().contains(PW), "passwords never appear in the message");
        } finally {
            https.stop(0);
        }
    }

    private static KeyStore pemStore(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("c", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return ks;
    }
}
