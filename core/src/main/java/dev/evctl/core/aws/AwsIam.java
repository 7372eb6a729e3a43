package dev.evctl.core.aws;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.evctl.core.EvctlException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

/**
 * Amazon's {@code aws-msk-iam-auth} library and the AWS SDK under it, which only contexts that log in with
 * {@code AWS_MSK_IAM} need. The packaged launcher keeps their jars out of the CLI's class path (lib/aws, named by the
 * system property {@code evctl.aws.lib}) so that they cost other commands nothing; they are loaded here, in a class
 * loader of their own, when a Kafka client of such a context is made.
 */
public final class AwsIam {

    /** The launcher's system property naming the directory of the library's jars. */
    static final String LIB = "evctl.aws.lib";

    private static ClassLoader loader;

    private AwsIam() {}

    /**
     * Readies client properties (as {@code Connection} makes them) for a Kafka client of this thread: for an
     * {@code AWS_MSK_IAM} login, the context's region becomes the AWS SDK's {@code aws.region} system property and
     * the library's class loader becomes this thread's context class loader, where Kafka looks for the login module
     * and callback handler the properties name (the client's own threads, made next, inherit it). Other properties
     * are left as they are.
     */
    public static void prepare(Properties clientProperties) {
        Object region = clientProperties.remove(AwsIamLogin.REGION_PROPERTY);
        if (!AwsIamLogin.MECHANISM.equalsIgnoreCase(String.valueOf(clientProperties.get("sasl.mechanism")))) {
            return;
        }
        if (region != null && !region.toString().isBlank()) {
            System.setProperty(AwsIamLogin.REGION_PROPERTY, region.toString().trim());
        }
        Thread.currentThread().setContextClassLoader(loader());
    }

    /** The library's class loader; a usage error when this installation does not have the library. */
    static synchronized ClassLoader loader() {
        if (loader == null) {
            ClassLoader candidate = libraryLoader();
            try {
                Class.forName(AwsIamLogin.LOGIN_MODULE, false, candidate);
            } catch (ClassNotFoundException e) {
                throw new EvctlException(
                        EvctlException.Kind.USAGE,
                        "this evctl installation has no AWS MSK IAM library (" + System.getProperty(LIB, "lib/aws")
                                + " is missing or incomplete): reinstall evctl from its distribution",
                        e);
            }
            loader = candidate;
        }
        return loader;
    }

    private static ClassLoader libraryLoader() {
        ClassLoader parent = AwsIam.class.getClassLoader();
        String lib = System.getProperty(LIB);
        if (lib == null) { // not started by the packaged launcher (a test, an IDE): the library is on the class path
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(lib))) {
            for (Path jar :
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            return parent; // reported by loader() as a missing library
        }
        return new URLClassLoader("evctl-aws", jars.toArray(URL[]::new), parent);
    }

    /**
     * The AWS identity a login would sign with, found as the library finds it (the same options, the same chain) but
     * without any call to AWS: where the credentials came from and their access key id, which is not a secret.
     *
     * @param source the SDK's name for the provider that answered (environment, system properties, profile, …)
     * @param temporary whether they are session credentials (a session token with them)
     */
    public record Identity(String source, String accessKeyId, boolean temporary) {}

    /** The identity of Kafka client properties (secrets resolved) that log in with AWS_MSK_IAM; null for others. */
    public static Identity identity(Map<String, String> clientProperties) {
        String jaas = clientProperties.get("sasl.jaas.config");
        if (!AwsIamLogin.MECHANISM.equalsIgnoreCase(clientProperties.get("sasl.mechanism")) || jaas == null) {
            return null;
        }
        Map<String, Object> options = new HashMap<>();
        JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas)))
                .configurationEntries()
                .forEach(e -> options.putAll(e.getOptions()));
        options.put("awsMaxRetries", "0"); // one look: a check should not sit through the login's back-off
        ClassLoader library = loader();
        Object provider = null;
        try {
            Class<?> type =
                    Class.forName("software.amazon.msk.auth.iam.internals.MSKCredentialProvider", true, library);
            provider = type.getConstructor(Map.class).newInstance(options);
            Object credentials = type.getMethod("resolveCredentials").invoke(provider);
            Class<?> api = Class.forName("software.amazon.awssdk.identity.spi.AwsCredentialsIdentity", true, library);
            String key = (String) api.getMethod("accessKeyId").invoke(credentials);
            Object name = api.getMethod("providerName").invoke(credentials);
            boolean session = Class.forName(
                            "software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity", true, library)
                    .isInstance(credentials);
            String codes =
                    name instanceof Optional<?> o && o.isPresent() ? o.get().toString() : "";
            return new Identity(source(codes, library, options), key, session);
        } catch (InvocationTargetException e) {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
                chain.append(t).append(' ');
            }
            throw new EvctlException(
                    EvctlException.Kind.CONNECTION, noCredentials(chain.toString(), clientProperties), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the AWS MSK IAM library is not the version evctl was built with", e);
        } finally {
            close(provider);
        }
    }

    private static final Pattern STS_REFUSAL =
            // the chain's account of its provider: "…@289fdb08): not authorized to assume arn:… (Service: Sts, Status
            // Code: 403"
            Pattern.compile("(?:\\)|StsException): ([^()\\[\\]]+?) \\(Service: Sts, Status Code: (\\d+)");
    private static final Pattern JAAS_OPTION = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /**
     * Why a login had no credentials to sign with, from the SDK's account of it ({@code message}): STS's refusal of
     * the context's role in STS's words, or where the chain looked. Never the credentials themselves.
     */
    public static String noCredentials(String message, Map<String, String> clientProperties) {
        Map<String, String> options = new HashMap<>();
        Matcher o = JAAS_OPTION.matcher(String.valueOf(clientProperties.get("sasl.jaas.config")));
        while (o.find()) {
            options.put(o.group(1), o.group(2));
        }
        String role = options.get("awsRoleArn");
        Matcher sts = STS_REFUSAL.matcher(message);
        if (role != null && sts.find()) {
            return "AWS STS refused to let the base credentials assume role " + role + ": " + sts.group(1) + " (HTTP "
                    + sts.group(2) + ") — check the role's trust policy and the base credentials (AWS_ACCESS_KEY_ID,"
                    + " AWS_PROFILE)";
        }
        if (role != null && message.contains("Unable to execute HTTP request")) {
            return "AWS STS could not be reached to assume role " + role + " — check the network path to STS"
                    + " (AWS_ENDPOINT_URL_STS, a proxy)";
        }
        String profile = options.get("awsProfileName");
        return "no AWS credentials: "
                + (profile != null
                        ? "profile '" + profile + "' has none (~/.aws/credentials, ~/.aws/config, AWS_CONFIG_FILE)"
                        : "the AWS credential chain found none (environment, system properties, web identity,"
                                + " profile, container, instance role) — set AWS_ACCESS_KEY_ID and"
                                + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the context's --aws-profile, or run where an"
                                + " IAM role is attached");
    }

    /**
     * Says where credentials came from. The SDK names their provider by its user-agent metric codes ("n" for a
     * profile, "i,n" for a role assumed from one), whose names its {@code BusinessMetricFeatureId} enum gives.
     */
    private static String source(String codes, ClassLoader library, Map<String, Object> options)
            throws ReflectiveOperationException {
        Class<?> ids = Class.forName("software.amazon.awssdk.core.useragent.BusinessMetricFeatureId", true, library);
        List<String> sources = new ArrayList<>();
        for (String code : codes.split(",")) {
            for (Object id : ids.getEnumConstants()) {
                if (code.trim().equals(ids.getMethod("value").invoke(id))) {
                    sources.add(sourceName(((Enum<?>) id).name(), options));
                }
            }
        }
        return sources.isEmpty() ? "the AWS credential chain" : String.join(", via ", sources);
    }

    private static String sourceName(String id, Map<String, Object> options) {
        String profile = String.valueOf(options.getOrDefault(
                "awsProfileName",
                Optional.ofNullable(System.getenv("AWS_PROFILE")).orElse("default")));
        return switch (id) {
            case "CREDENTIALS_ENV_VARS" -> "the environment (AWS_ACCESS_KEY_ID)";
            case "CREDENTIALS_JVM_SYSTEM_PROPERTIES" -> "JVM system properties (aws.accessKeyId)";
            case "CREDENTIALS_PROFILE" -> "profile '" + profile + "'";
            case "CREDENTIALS_STS_ASSUME_ROLE" -> "role " + options.getOrDefault("awsRoleArn", "") + " (STS)";
            case "CREDENTIALS_IMDS" -> "the EC2 instance role";
            case "CREDENTIALS_HTTP" -> "the container role";
            default ->
                id.replaceFirst("^CREDENTIALS_", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' ');
        };
    }

    private static void close(Object provider) {
        if (provider instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) { // nothing to do about a provider that cannot close; the check's answer stands
                return;
            }
        }
    }
}
