package dev.evctl.core.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.evctl.core.EvctlException;
import dev.evctl.core.aws.AwsIam;
import dev.evctl.core.aws.AwsIamLogin;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ConfigStore;
import dev.evctl.core.config.ContextConfig;
import dev.evctl.core.config.ContextRule;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.Connection;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
import dev.evctl.core.oauth.OAuthTokens;

/**
 * The checks of {@code evctl doctor}, in order: the config file and the secret files it names
 * (permissions, secrets in clear), the context chosen, the broker (reachable, authenticated, its
 * size and metadata.version) and the schema registry. Each check is a typed result with its time.
 */
public final class Doctor {

    /** A check's outcome; shown as written here. */
    public enum Status {
        OK("ok"),
        WARN("warn"),
        FAIL("FAIL"),
        SKIP("skip");

        private final String shown;

        Status(String shown) {
            this.shown = shown;
        }

        @JsonValue
        @Override
        public String toString() {
            return shown;
        }
    }

    /** One check's outcome. */
    public record Check(Status status, String name, String detail, long millis) {}

    /** The registry chosen for the check; its global compatibility level proves it reachable and authorized. */
    public interface Registry {
        String globalCompatibility();
    }

    /**
     * What the checks look at.
     *
     * @param contextFlag    {@code --context}, or null
     * @param bootstrapGiven whether {@code -b} was given (it sets the context aside)
     * @param kafka          the Kafka clients of the chosen connection (throws on bad settings)
     * @param registry       the registry chosen (null: none; throws on bad settings)
     */
    public record Request(
            ConfigStore store,
            String contextFlag,
            Map<String, String> env,
            boolean bootstrapGiven,
            Supplier<KafkaClients> kafka,
            Supplier<Registry> registry) {}

    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:([^}]+)}");

    private Doctor() {}

    /** Every check, in order. */
    public static List<Check> run(Request request) {
        List<Check> checks = new ArrayList<>();
        Config config = timed(checks, "config", () -> request.store().load());
        if (config != null) {
            configChecks(request, config, checks);
        }
        try (KafkaClients clients = timed(checks, "connection settings", request.kafka())) {
            if (clients != null) {
                Check login = oauthLogin(clients);
                if (login == null) {
                    login = awsLogin(clients);
                }
                if (login != null) {
                    checks.add(login);
                }
                checks.add(broker(clients));
            }
        }
        Registry registry = timed(checks, "registry settings", request.registry());
        if (registry != null) {
            long start = System.nanoTime();
            try {
                checks.add(new Check(
                        Status.OK,
                        "registry",
                        "reachable and authorized; global compatibility " + registry.globalCompatibility(),
                        ms(start)));
            } catch (RuntimeException e) {
                checks.add(new Check(Status.FAIL, "registry", e.getMessage(), ms(start)));
            }
        } else if (checks.stream().noneMatch(c -> c.name().equals("registry settings"))) {
            checks.add(new Check(
                    Status.SKIP, "registry", "none chosen (--registry-url, EVCTL_REGISTRY_URL or the context's)", 0));
        }
        return checks;
    }

    /** Whether any check failed (warnings allowed). */
    public static boolean failed(List<Check> checks) {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
    }

    private static void configChecks(Request request, Config config, List<Check> checks) {
        Path file = request.store().file();
        checks.add(permissions("config file", file));
        String name = ContextRule.choose(request.contextFlag(), request.env(), config, request.bootstrapGiven());
        ContextConfig ctx = name == null ? null : config.contexts().get(name);
        checks.add(new Check(
                ctx != null ? Status.OK : Status.WARN,
                "context",
                name == null
                        ? "none chosen: -b, or the running sandbox"
                        : ctx == null ? "'" + name + "' is not in " + file : "'" + name + "'",
                0));
        if (ctx == null) {
            return;
        }
        // secrets written in clear by hand (set-context refuses them; a hand edit does not)
        TreeSet<String> clear = new TreeSet<>();
        List<String> values = new ArrayList<>();
        for (Map<String, String> properties : List.of(
                java.util.Objects.requireNonNullElse(ctx.properties(), Map.<String, String>of()),
                java.util.Objects.requireNonNullElse(ctx.registryProperties(), Map.<String, String>of()))) {
            properties.forEach((k, v) -> {
                values.add(v);
                if (SecretReferences.holdsClearSecret(k, v)) {
                    clear.add(k);
                }
            });
        }
        if (SecretReferences.urlHoldsPassword(ctx.registryUrl())) {
            clear.add("registry-url");
        }
        if (!clear.isEmpty()) {
            checks.add(new Check(
                    Status.WARN,
                    "secrets",
                    "written in clear in " + file + ": " + String.join(", ", clear)
                            + " — use ${env:NAME} or ${file:PATH} references",
                    0));
        }
        for (String v : values) {
            Matcher m = FILE_REFERENCE.matcher(v);
            while (m.find()) {
                checks.add(permissions("secret file", Path.of(m.group(1))));
            }
        }
    }

    /**
     * For a connection that logs in with OAuth client credentials: a token fetched now, as Kafka's login would, and
     * whom it names until when (null for other connections).
     */
    private static Check oauthLogin(KafkaClients clients) {
        long start = System.nanoTime();
        OAuthTokens tokens;
        try {
            tokens = OAuthTokens.ofKafka(clients.connection().clientProperties());
        } catch (IllegalArgumentException e) { // a JAAS line Kafka cannot read
            return new Check(
                    Status.FAIL,
                    "login",
                    "invalid sasl.jaas.config (" + clients.connection().origin() + "): "
                            + clients.connection().scrub(e.getMessage()),
                    ms(start));
        }
        if (tokens == null) {
            return null;
        }
        try {
            OAuthTokens.Token token = tokens.inspect();
            String expires = token.expires() == null
                    ? "no expiry in the token"
                    : "expires " + token.expires() + " (in "
                            + Duration.between(Instant.now(), token.expires()).toSeconds() + " s)";
            return new Check(
                    Status.OK,
                    "login",
                    "OAuth token from " + tokens.describe() + ": principal '" + token.principal() + "', " + expires,
                    ms(start));
        } catch (RuntimeException e) {
            return new Check(Status.FAIL, "login", clients.connection().scrub(e.getMessage()), ms(start));
        }
    }

    /**
     * For a connection that logs in with AWS MSK IAM: the credentials the login would sign with, found as it finds
     * them (no call to AWS), named by their source and access key id (null for other connections).
     */
    private static Check awsLogin(KafkaClients clients) {
        long start = System.nanoTime();
        Connection connection = clients.connection();
        try {
            AwsIam.Identity identity = AwsIam.identity(connection.clientProperties());
            if (identity == null) {
                return null;
            }
            String region = connection.clientProperties().get(AwsIamLogin.REGION_PROPERTY);
            return new Check(
                    Status.OK,
                    "login",
                    "AWS MSK IAM with " + (identity.temporary() ? "temporary " : "") + "credentials from "
                            + identity.source() + ", access key id " + identity.accessKeyId() + ", signing for "
                            + (region == null ? "the region in the broker's name" : "region " + region)
                            + " (not checked with AWS; the broker checks them)",
                    ms(start));
        } catch (EvctlException e) {
            return new Check(Status.FAIL, "login", connection.scrub(e.getMessage()), ms(start));
        } catch (IllegalArgumentException e) { // a JAAS line Kafka cannot read
            return new Check(
                    Status.FAIL,
                    "login",
                    "invalid sasl.jaas.config (" + connection.origin() + "): " + connection.scrub(e.getMessage()),
                    ms(start));
        }
    }

    private static Check broker(KafkaClients clients) {
        long start = System.nanoTime();
        try {
            var admin = clients.admin();
            long timeout = clients.connection().timeout().toMillis();
            int brokers = admin.describeCluster()
                    .nodes()
                    .get(timeout, TimeUnit.MILLISECONDS)
                    .size();
            String version = admin
                    .describeFeatures()
                    .featureMetadata()
                    .get(timeout, TimeUnit.MILLISECONDS)
                    .finalizedFeatures()
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().equals("metadata.version"))
                    .map(e -> " level " + e.getValue().maxVersionLevel())
                    .findFirst()
                    .orElse("");
            String protocol = String.valueOf(
                            clients.connection().properties(Map.of()).getOrDefault("security.protocol", "PLAINTEXT"))
                    .toUpperCase(Locale.ROOT);
            // only SASL authenticates the client; TLS alone encrypts, PLAINTEXT does neither
            String security = protocol.startsWith("SASL")
                    ? ", authenticated (" + protocol + ")"
                    : protocol.equals("SSL") ? ", TLS (no SASL authentication)" : ", not authenticated (PLAINTEXT)";
            return new Check(
                    Status.OK,
                    "broker",
                    clients.connection().bootstrapServers() + " ("
                            + clients.connection().origin() + "): " + brokers + " broker" + (brokers == 1 ? "" : "s")
                            + security + ", metadata.version" + version,
                    ms(start));
        } catch (Exception e) {
            return new Check(
                    Status.FAIL,
                    "broker",
                    KafkaErrors.translate(e, clients.connection(), "describing the cluster")
                            .getMessage(),
                    ms(start));
        }
    }

    private static <T> T timed(List<Check> checks, String name, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } catch (RuntimeException e) {
            checks.add(new Check(Status.FAIL, name, e.getMessage(), ms(start)));
            return null;
        }
    }

    /** Warns when a file others can read: it holds (or names) secrets. */
    private static Check permissions(String what, Path file) {
        boolean config = what.equals("config file");
        if (!Files.exists(file)) {
            return new Check(
                    config ? Status.OK : Status.FAIL,
                    what,
                    file + (config ? " (not created yet)" : " does not exist"),
                    0);
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            boolean open = p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
            return new Check(
                    open ? Status.WARN : Status.OK,
                    what,
                    file
                            + (open
                                    ? " is readable by group or others: chmod 600 " + file
                                    : " is readable by its owner" + " only"),
                    0);
        } catch (Exception e) {
            return new Check(Status.WARN, what, file + ": cannot read its permissions (" + e.getMessage() + ")", 0);
        }
    }

    private static long ms(long start) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
