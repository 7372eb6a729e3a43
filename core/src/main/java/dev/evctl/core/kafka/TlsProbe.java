package dev.evctl.core.kafka;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * After a client without TLS got no answer: does the first bootstrap address speak TLS? A Kafka
 * TLS listener drops a plaintext client without a word, which looks like a broker that is down.
 */
final class TlsProbe {

    private TlsProbe() {}

    /**
     * A sentence for the error when a plaintext client met a TLS listener, or a TLS client a
     * plaintext one; null otherwise (or when unsure).
     */
    static String tlsMismatch(Connection connection) {
        Object protocol = connection.properties(Map.of()).getOrDefault("security.protocol", "PLAINTEXT");
        boolean clientTls = String.valueOf(protocol).toUpperCase(Locale.ROOT).contains("SSL");
        String first = connection.bootstrapServers().split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            String host = first.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(first.substring(colon + 1));
            SSLContext context = SSLContext.getInstance("TLS");
            // only to learn whether the port speaks TLS: nothing is sent, the certificate is not trusted for anything
            context.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                // a first TLS handshake in a JVM is slow on a busy machine (CI on 2 cores took over 1 s): it runs only
                // after a
                // failure, so waiting longer costs nothing when all is well
                socket.setSoTimeout(3000);
                try {
                    socket.startHandshake();
                } catch (SSLException | EOFException notTls) {
                    return clientTls
                            ? "TLS handshake failed — is the listener TLS? (security.protocol " + protocol
                                    + "; a plaintext listener wants PLAINTEXT or SASL_PLAINTEXT)"
                            : null;
                }
                return clientTls
                        ? null
                        : "the listener speaks TLS and the client does not — set security.protocol to SSL"
                                + " or SASL_SSL (in the context, or -X security.protocol=SSL)";
            }
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            return null;
        }
    }
}
