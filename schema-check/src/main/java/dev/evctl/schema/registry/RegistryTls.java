package dev.evctl.schema.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the registry client from the context's registry properties, named as Kafka names them:
 * {@code ssl.truststore.location} (PEM, PKCS12 or JKS; {@code ssl.truststore.type} or the file
 * extension decides), {@code ssl.truststore.password}, and for client certificates
 * {@code ssl.keystore.location}, {@code ssl.keystore.password}, {@code ssl.key.password}.
 */
public final class RegistryTls {

    private RegistryTls() {}

    /** The SSL context, or null when no TLS property is set (the JDK's defaults then apply). */
    public static SSLContext context(Map<String, String> props) {
        String trust = props.get("ssl.truststore.location");
        String keys = props.get("ssl.keystore.location");
        if (trust == null && keys == null) {
            return null;
        }
        try {
            TrustManagerFactory tmf = null;
            if (trust != null) {
                KeyStore store =
                        load(Path.of(trust), props.get("ssl.truststore.type"), props.get("ssl.truststore.password"));
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
            }
            KeyManagerFactory kmf = null;
            if (keys != null) {
                String password = props.get("ssl.keystore.password");
                KeyStore store = load(Path.of(keys), props.get("ssl.keystore.type"), password);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPassword = props.getOrDefault("ssl.key.password", password);
                kmf.init(store, keyPassword == null ? new char[0] : keyPassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // the message names the file, never a password
            throw new IllegalArgumentException("cannot set up TLS for the registry from "
                    + (trust != null ? trust : keys) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null
                            ? ""
                            : " (" + e.getMessage().lines().findFirst().orElse("") + ")"));
        }
    }

    private static KeyStore load(Path file, String type, String password) throws IOException, GeneralSecurityException {
        String kind = type != null
                ? type.toUpperCase()
                : file.toString().endsWith(".pem") || file.toString().endsWith(".crt")
                        ? "PEM"
                        : file.toString().endsWith(".jks") ? "JKS" : "PKCS12";
        if (kind.equals("PEM")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (InputStream in = Files.newInputStream(file)) {
                Collection<? extends Certificate> certs =
                        CertificateFactory.getInstance("X.509").generateCertificates(in);
                int i = 0;
                for (Certificate c : certs) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
            }
            return store;
        }
        KeyStore store = KeyStore.getInstance(kind);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }
}
