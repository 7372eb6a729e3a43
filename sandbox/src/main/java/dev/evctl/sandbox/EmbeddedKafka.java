package dev.evctl.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Runs Apache Kafka's own broker in this JVM: one KRaft node acting as broker and controller,
 * bound to 127.0.0.1 only. Used by {@code evctl sandbox} and by the test suites.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The SCRAM user created on the secure listener. */
    public static final String SECURE_USER = "evctl";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final SecureListener secure;
    private final String oauthBootstrapServers;
    private volatile boolean closed;

    private EmbeddedKafka(
            KafkaRaftServer server, String bootstrapServers, SecureListener secure, String oauthBootstrapServers) {
        this.oauthBootstrapServers = oauthBootstrapServers;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.secure = secure;
    }

    /** Where and how clients reach the SASL_SSL listener. */
    public record SecureListener(String bootstrapServers, String user, Path passwordFile, Path trustStorePem) {}

    /**
     * Formats the data directory when it is new, starts the broker and returns once it answers
     * metadata requests.
     */
    public static EmbeddedKafka start(BrokerSettings settings) {
        Path dataDir = settings.dataDir().toAbsolutePath();
        int port = choosePort(settings.port(), "--port");
        int controllerPort = choosePort(0, null);
        int securePort = settings.secure() ? choosePort(settings.securePort(), "--secure-port") : -1;
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("kraft-logs");
            Map<String, String> props = brokerProperties(logDir, port, controllerPort, securePort);
            SecureListener secure = null;
            if (settings.secure()) {
                Path secureDir = dataDir.resolve("secure");
                SelfSignedTls tls = SelfSignedTls.ensure(secureDir);
                props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
                props.put(
                        "listener.name.sasl_ssl.ssl.keystore.location",
                        tls.keyStore().toString());
                props.put("listener.name.sasl_ssl.ssl.keystore.password", tls.storePassword());
                props.put("listener.name.sasl_ssl.ssl.key.password", tls.storePassword());
                props.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
                props.put(
                        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                secure = new SecureListener(
                        "127.0.0.1:" + securePort,
                        SECURE_USER,
                        Secrets.ensurePasswordFile(secureDir.resolve("password")),
                        tls.trustPem());
            }
            int oauthPort = -1;
            if (settings.oauth() != null) {
                oauthPort = choosePort(settings.oauth().port(), "--oauth-port");
                oauthListener(props, settings.oauth(), oauthPort);
            }
            props.putAll(settings.overrides());
            Path configFile = dataDir.resolve("server.properties");
            writeProperties(configFile, props);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(configFile);
            }
            Properties serverProps = new Properties();
            serverProps.putAll(props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(serverProps, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(
                    server, "127.0.0.1:" + port, secure, oauthPort < 0 ? null : "127.0.0.1:" + oauthPort);
            try {
                kafka.awaitReady(Duration.ofSeconds(60));
                if (secure != null) {
                    kafka.upsertScramUser(
                            secure.user(),
                            Files.readString(secure.passwordFile()).trim());
                }
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            return kafka;
        } catch (IOException e) {
            throw new SandboxException(
                    SandboxException.Reason.IO,
                    "cannot prepare the sandbox data directory " + dataDir + ": " + e.getMessage(),
                    e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The OAUTHBEARER listener's address, or null when the broker was started without one. */
    public String oauthBootstrapServers() {
        return oauthBootstrapServers;
    }

    /** The SASL_SSL listener, or null when the broker was started without {@code secure}. */
    public SecureListener secureListener() {
        return secure;
    }

    /** Blocks until the broker has been shut down (by {@link #close()} or a signal). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * Adds the OAUTHBEARER listener: SASL_PLAINTEXT on loopback, tokens validated by Kafka's own handler against the
     * JWKS (which Kafka 4.x must find in {@code org.apache.kafka.sasl.oauthbearer.allowed.urls}: set here, in the
     * broker's JVM), re-authentication on so a connection's token is checked again before it expires.
     */
    private static void oauthListener(Map<String, String> props, BrokerSettings.OAuthListener oauth, int port) {
        props.put("listeners", props.get("listeners") + ",OAUTH://127.0.0.1:" + port);
        props.put("advertised.listeners", props.get("advertised.listeners") + ",OAUTH://127.0.0.1:" + port);
        props.put(
                "listener.security.protocol.map",
                props.get("listener.security.protocol.map") + ",OAUTH:SASL_PLAINTEXT");
        props.put("listener.name.oauth.sasl.enabled.mechanisms", "OAUTHBEARER");
        props.put(
                "listener.name.oauth.oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        props.put(
                "listener.name.oauth.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        props.put("sasl.oauthbearer.jwks.endpoint.url", oauth.jwksUrl());
        props.put("sasl.oauthbearer.expected.audience", oauth.audience());
        props.put("connections.max.reauth.ms", Long.toString(oauth.reauthMs()));
        String allowed = System.getProperty(ALLOWED_URLS, "");
        if (!java.util.Arrays.asList(allowed.split(",")).contains(oauth.jwksUrl())) {
            System.setProperty(ALLOWED_URLS, allowed.isBlank() ? oauth.jwksUrl() : allowed + "," + oauth.jwksUrl());
        }
    }

    /** The JVM system property Kafka 4.x checks every JWKS and token URL against (empty by default). */
    private static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

    private static Map<String, String> brokerProperties(Path logDir, int port, int controllerPort, int securePort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
        String advertised = "PLAINTEXT://127.0.0.1:" + port;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (securePort > 0) {
            listeners += ",SASL_SSL://127.0.0.1:" + securePort;
            advertised += ",SASL_SSL://127.0.0.1:" + securePort;
            protocols += ",SASL_SSL:SASL_SSL";
        }
        p.put("listeners", listeners);
        p.put("advertised.listeners", advertised);
        p.put("listener.security.protocol.map", protocols);
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.hours", "168");
        return p;
    }

    private static void format(Path configFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        int rc;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"}, out);
        }
        if (rc != 0) {
            throw new SandboxException(
                    SandboxException.Reason.START_FAILED,
                    "formatting the sandbox log directory failed: "
                            + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static void writeProperties(Path file, Map<String, String> props) throws IOException {
        StringBuilder text = new StringBuilder("# written by evctl sandbox at every start; edits are overwritten\n");
        props.forEach((k, v) ->
                text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Secrets.writeOwnerOnly(file, text.toString()); // the secure listener's keystore password is in it
    }

    /**
     * Returns {@code requested} after checking it is free on 127.0.0.1, or a free port when 0.
     * The check-then-bind window is small and only on loopback.
     */
    static int choosePort(int requested, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requested));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandboxException(
                    SandboxException.Reason.PORT_IN_USE,
                    "port " + requested + " on 127.0.0.1 is already in use; choose another with " + option);
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(props);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new SandboxException(
                                SandboxException.Reason.START_FAILED,
                                "the broker on " + bootstrapServers + " did not answer within " + timeout.toSeconds()
                                        + " s",
                                e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SandboxException(
                            SandboxException.Reason.START_FAILED,
                            "the broker on " + bootstrapServers + " did not register within " + timeout.toSeconds()
                                    + " s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private void upsertScramUser(String user, String password) {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new SandboxException(
                    SandboxException.Reason.START_FAILED,
                    "could not create the SCRAM user '" + user + "' on the sandbox: " + e.getMessage(),
                    e);
        }
    }
}
