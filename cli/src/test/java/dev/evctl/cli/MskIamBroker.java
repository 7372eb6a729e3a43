package dev.evctl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.spi.LoginModule;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;

/**
 * A test broker whose SASL_SSL listener takes Amazon MSK's IAM login (SASL mechanism AWS_MSK_IAM) and checks it as
 * MSK does: the client's first message is a SigV4-presigned {@code kafka-cluster:Connect} request, whose signature
 * this server recomputes from the one key pair it knows. Test-only and written from AWS's published SigV4
 * specification, not from the client library it tests, so a wrong secret, another region or a stale date fail here
 * as they would on MSK (which answers "Access denied").
 */
final class MskIamBroker implements AutoCloseable {

    static final String MECHANISM = "AWS_MSK_IAM";

    /** Every access key id this broker let in, in order (a test asserts who logged in). */
    static final List<String> ACCEPTED = new CopyOnWriteArrayList<>();

    private final EmbeddedKafka kafka;

    private MskIamBroker(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /** A key pair the broker accepts; with a session token (temporary credentials from STS), only with it. */
    record Key(String accessKeyId, String secretAccessKey, String sessionToken) {}

    /** A broker that knows these key pairs and signs for {@code region}. */
    static MskIamBroker start(Path dir, String region, Key... keys) {
        StringBuilder known = new StringBuilder();
        for (Key k : keys) {
            known.append(known.length() == 0 ? "" : ",")
                    .append(k.accessKeyId())
                    .append(':')
                    .append(k.secretAccessKey());
            if (k.sessionToken() != null) {
                known.append(':').append(k.sessionToken());
            }
        }
        String jaas = Module.class.getName() + " required keys=\"" + known + "\" region=\"" + region + "\";";
        return new MskIamBroker(EmbeddedKafka.start(new BrokerSettings(
                dir,
                0,
                0,
                true,
                Map.of(
                        "listener.name.sasl_ssl.sasl.enabled.mechanisms", MECHANISM,
                        "listener.name.sasl_ssl.aws_msk_iam.sasl.jaas.config", jaas,
                        "listener.name.sasl_ssl.aws_msk_iam.sasl.server.callback.handler.class",
                                Keys.class.getName()))));
    }

    /** The IAM listener and its certificate. */
    EmbeddedKafka.SecureListener listener() {
        return kafka.secureListener();
    }

    /** The open listener, to check what arrived with a client that is not evctl's. */
    String plainBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        kafka.close();
    }

    /** The broker's login module for the listener: all it does is make the mechanism known to the JVM's SASL. */
    public static final class Module implements LoginModule {
        static {
            Security.addProvider(new SaslProvider());
        }

        @Override
        public void initialize(
                Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {
            // nothing to log in to: the keys reach the server through its callback handler (Keys)
        }

        @Override
        public boolean login() {
            return true;
        }

        @Override
        public boolean commit() {
            return true;
        }

        @Override
        public boolean abort() {
            return false;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    static final class SaslProvider extends Provider {
        private static final long serialVersionUID = 1L;

        SaslProvider() {
            super("evctl test AWS_MSK_IAM server", "1.0", "SigV4 checks of AWS_MSK_IAM logins, for tests");
            put("SaslServerFactory." + MECHANISM, Factory.class.getName());
        }
    }

    public static final class Factory implements SaslServerFactory {
        @Override
        public SaslServer createSaslServer(
                String mechanism, String protocol, String serverName, Map<String, ?> props, CallbackHandler cbh)
                throws SaslException {
            if (!MECHANISM.equals(mechanism) || !(cbh instanceof Keys keys)) {
                throw new SaslException("not configured for " + mechanism);
            }
            return new Server(keys);
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return new String[] {MECHANISM};
        }
    }

    /** The listener's server callback handler: the known key pairs and the region, from the JAAS options. */
    public static final class Keys implements AuthenticateCallbackHandler {
        final Map<String, Key> known = new java.util.HashMap<>();
        String region;

        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
            Map<String, ?> options = entries.get(0).getOptions();
            for (String k : ((String) options.get("keys")).split(",")) {
                String[] parts = k.split(":", 3);
                known.put(parts[0], new Key(parts[0], parts[1], parts.length > 2 ? parts[2] : null));
            }
            region = (String) options.get("region");
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            throw new UnsupportedCallbackException(callbacks[0]);
        }

        @Override
        public void close() {}
    }

    /** One connection's login: a single message, checked as SigV4 presigned query parameters. */
    static final class Server implements SaslServer {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final DateTimeFormatter AMZ_DATE =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

        private final Keys keys;
        private String principal;

        Server(Keys keys) {
            this.keys = keys;
        }

        @Override
        public String getMechanismName() {
            return MECHANISM;
        }

        @Override
        public byte[] evaluateResponse(byte[] response) throws SaslException {
            JsonNode p;
            try {
                p = JSON.readTree(response);
            } catch (IOException e) {
                throw new SaslAuthenticationException("Invalid authentication payload");
            }
            String refusal = refusal(p);
            if (refusal != null) {
                // MSK's own words to the client; the reason is the test's to read in the broker's log
                throw new SaslAuthenticationException("[" + UUID.randomUUID() + "]: Access denied (" + refusal + ")");
            }
            principal = p.path("x-amz-credential").asText().split("/")[0];
            ACCEPTED.add(principal);
            return ("{\"version\":\"2020_10_22\",\"request-id\":\"" + UUID.randomUUID() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** Why the payload is refused, or null when its signature is the one the known secret makes. */
        private String refusal(JsonNode p) {
            if (!"2020_10_22".equals(p.path("version").asText())
                    || !"kafka-cluster:Connect".equals(p.path("action").asText())
                    || !"AWS4-HMAC-SHA256".equals(p.path("x-amz-algorithm").asText())
                    || !"host".equals(p.path("x-amz-signedheaders").asText())) {
                return "not a SigV4 kafka-cluster:Connect request: " + p;
            }
            String[] scope = p.path("x-amz-credential").asText().split("/", -1);
            if (scope.length != 5 || !"kafka-cluster".equals(scope[3]) || !"aws4_request".equals(scope[4])) {
                return "bad credential scope";
            }
            Key key = keys.known.get(scope[0]);
            if (key == null) {
                return "unknown access key";
            }
            if (key.sessionToken() != null
                    && !key.sessionToken().equals(p.path("x-amz-security-token").asText())) {
                return "not the session token issued with the key";
            }
            if (!scope[2].equals(keys.region)) {
                return "signed for region " + scope[2];
            }
            String date = p.path("x-amz-date").asText();
            Instant signed;
            try {
                signed = Instant.from(AMZ_DATE.parse(date));
            } catch (DateTimeParseException e) {
                return "bad date";
            }
            long expires = p.path("x-amz-expires").asLong(-1);
            Instant now = Instant.now();
            if (!date.startsWith(scope[1])
                    || expires <= 0
                    || expires > 900
                    || signed.isAfter(now.plus(Duration.ofMinutes(5)))
                    || now.isAfter(signed.plusSeconds(expires))) {
                return "expired or not yet valid";
            }
            String expected = signature(p, scope, date, key.secretAccessKey());
            boolean same = MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII),
                    p.path("x-amz-signature").asText().getBytes(StandardCharsets.US_ASCII));
            return same ? null : "signature mismatch";
        }

        /** The SigV4 signature of the presigned GET https://HOST/?Action=kafka-cluster:Connect&X-Amz-… . */
        private static String signature(JsonNode p, String[] scope, String date, String secretAccessKey) {
            Map<String, String> query = new TreeMap<>();
            query.put("Action", "kafka-cluster:Connect");
            query.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
            query.put("X-Amz-Credential", p.path("x-amz-credential").asText());
            query.put("X-Amz-Date", date);
            query.put("X-Amz-Expires", p.path("x-amz-expires").asText());
            query.put("X-Amz-SignedHeaders", "host");
            if (p.hasNonNull("x-amz-security-token")) {
                query.put("X-Amz-Security-Token", p.path("x-amz-security-token").asText());
            }
            StringBuilder canonicalQuery = new StringBuilder();
            query.forEach((k, v) -> canonicalQuery
                    .append(canonicalQuery.length() == 0 ? "" : "&")
                    .append(uriEncode(k))
                    .append('=')
                    .append(uriEncode(v)));
            String host = p.path("host").asText();
            String canonicalRequest = "GET\n/\n" + canonicalQuery + "\nhost:" + host + "\n\nhost\n" + sha256Hex("");
            String scopeText = String.join("/", scope[1], scope[2], scope[3], scope[4]);
            String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scopeText + "\n" + sha256Hex(canonicalRequest);
            byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scope[1]);
            key = hmac(key, scope[2]);
            key = hmac(key, scope[3]);
            key = hmac(key, "aws4_request");
            return HexFormat.of().formatHex(hmac(key, toSign));
        }

        /** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XX. */
        private static String uriEncode(String s) {
            StringBuilder out = new StringBuilder();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || c == '-'
                        || c == '_'
                        || c == '.'
                        || c == '~') {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }

        private static String sha256Hex(String s) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] hmac(byte[] key, String data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean isComplete() {
            return principal != null;
        }

        @Override
        public String getAuthorizationID() {
            return principal;
        }

        @Override
        public byte[] unwrap(byte[] incoming, int offset, int len) {
            throw new IllegalStateException("no security layer");
        }

        @Override
        public byte[] wrap(byte[] outgoing, int offset, int len) {
            throw new IllegalStateException("no security layer");
        }

        @Override
        public Object getNegotiatedProperty(String name) {
            return null;
        }

        @Override
        public void dispose() {}
    }
}
