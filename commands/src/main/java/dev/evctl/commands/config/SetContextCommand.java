package dev.evctl.commands.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.core.aws.AwsIamLogin;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ConfigStore;
import dev.evctl.core.config.ContextConfig;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.oauth.OAuthLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates or updates a context. Secrets must be references, never clear text. */
@Command(
        name = "set-context",
        mixinStandardHelpOptions = true,
        description = {
            "Create or update context NAME.",
            "Secret properties (passwords, tokens, JAAS configs) must be $${env:NAME} or $${file:PATH} references."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl config set-context prod -b kafka-1:9093 \\",
            "      --property security.protocol=SASL_SSL --property sasl.mechanism=SCRAM-SHA-512 \\",
            "      --property 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"ops\" password=\"$${env:KAFKA_PASSWORD}\";'",
            "  evctl config set-context msk -b b-1.prod.x1y2z3.c2.kafka.eu-west-1.amazonaws.com:9098 --aws-iam"
                    + " --aws-profile prod"
        })
public final class SetContextCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "NAME", description = "Context name.")
    String name;

    @Option(
            names = {"-b", "--bootstrap-server"},
            paramLabel = "HOST:PORT",
            description = "Bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = {"-p", "--property"},
            paramLabel = "KEY=VALUE",
            description = "A Kafka client property (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a property (repeatable).")
    List<String> unset = new ArrayList<>();

    @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry URL for this context.")
    String registryUrl;

    @Option(
            names = "--registry-property",
            paramLabel = "KEY=VALUE",
            description =
                    "Registry client setting: basic.auth.user.info=USER:$${env:PW}, bearer.auth.token=$${env:TOKEN},"
                            + " ssl.truststore.location=FILE, ssl.keystore.location=FILE with their passwords "
                            + "as references (repeatable).")
    Map<String, String> registryProperties = new LinkedHashMap<>();

    @Option(
            names = "--oauth-token-url",
            paramLabel = "URL",
            description = "Log in with OAuth 2 / OIDC client credentials at this token endpoint: Kafka by"
                    + " SASL/OAUTHBEARER (SASL_SSL unless -p security.protocol=SASL_PLAINTEXT), the registry with the"
                    + " same login as a bearer token.")
    String oauthTokenUrl;

    @Option(names = "--oauth-client-id", paramLabel = "ID", description = "The OAuth client id.")
    String oauthClientId;

    @Option(
            names = "--oauth-client-secret",
            paramLabel = "REF",
            description = "The OAuth client secret, only as $${env:NAME} or $${file:PATH}.")
    String oauthClientSecret;

    @Option(names = "--oauth-scope", paramLabel = "SCOPE", description = "The OAuth scope to ask for.")
    String oauthScope;

    @Option(
            names = "--oauth-extension",
            paramLabel = "KEY=VALUE",
            description = "A SASL extension sent with the token (Confluent Cloud: logicalCluster=lkc-…,"
                    + " identityPoolId=pool-…); repeatable.")
    Map<String, String> oauthExtensions = new LinkedHashMap<>();

    @Option(
            names = "--aws-iam",
            description =
                    "Log in to Amazon MSK with IAM (SASL_SSL, AWS_MSK_IAM) with the standard AWS credential chain:"
                            + " environment, profile, web identity, container or instance role.")
    boolean awsIam;

    @Option(
            names = "--aws-region",
            paramLabel = "REGION",
            description = "The region to sign for; needed when the bootstrap servers are not MSK broker names"
                    + " (b-1.NAME.ID.c2.kafka.REGION.amazonaws.com).")
    String awsRegion;

    @Option(names = "--aws-profile", paramLabel = "NAME", description = "Take the AWS credentials from this profile.")
    String awsProfile;

    @Option(names = "--aws-role-arn", paramLabel = "ARN", description = "Assume this IAM role (STS) to log in.")
    String awsRoleArn;

    @Option(names = "--use", description = "Also make it the current context.")
    boolean use;

    public SetContextCommand(Session session) {
        this.session = session;
    }

    private static Map<String, String> merge(Map<String, String> old, Map<String, String> updates) {
        Map<String, String> out = new LinkedHashMap<>(old);
        out.putAll(updates);
        return out;
    }

    @Override
    public Integer call() {
        if (SecretReferences.urlHoldsPassword(registryUrl)) {
            throw EvctlException.usage(
                    "refusing to store a password in clear in --registry-url: drop user:password@ and pass"
                            + " --registry-property basic.auth.user.info=USER:${env:NAME}");
        }
        refuseClearSecrets(registryProperties);
        refuseClearSecrets(properties);
        OAuthLogin login = oauthLogin();
        if (login != null && awsIam) {
            throw EvctlException.usage("a context logs in one way: --oauth-token-url or --aws-iam, not both");
        }
        ConfigStore store = session.configStore();
        Config config = store.load();
        ContextConfig old = config.context(name).orElse(null);
        Map<String, String> props = new LinkedHashMap<>(old == null ? Map.of() : old.properties());
        props.putAll(properties);
        unset.forEach(props::remove);
        Map<String, String> registryUpdates = new LinkedHashMap<>(registryProperties);
        if (login != null) {
            props.putAll(login.kafkaProperties(props.get("security.protocol")));
            registryUpdates.putAll(login.registryProperties());
        }
        String bootstrap = bootstrapServers != null ? bootstrapServers : old == null ? null : old.bootstrapServers();
        if (bootstrap == null) {
            throw EvctlException.usage("a new context needs --bootstrap-server");
        }
        AwsIamLogin iam = awsLogin(bootstrap);
        if (iam != null) {
            props.remove(AwsIamLogin.REGION_PROPERTY);
            props.putAll(iam.kafkaProperties(properties.get("security.protocol")));
        }
        ContextConfig updated = new ContextConfig(
                bootstrap,
                props,
                registryUrl != null ? registryUrl : old == null ? null : old.registryUrl(),
                merge(old == null ? Map.of() : old.registryProperties(), registryUpdates));
        config = config.withContext(name, updated);
        if (use || config.currentContext() == null) {
            config = config.withCurrentContext(name);
        }
        store.save(config);
        session.err()
                .println("context '" + name + "' " + (old == null ? "created" : "updated") + " in " + store.file());
        return ExitCodes.OK;
    }

    /** The OAuth login the --oauth-* options describe, or null when none is given. */
    private OAuthLogin oauthLogin() {
        if (oauthTokenUrl == null) {
            if (oauthClientId != null
                    || oauthClientSecret != null
                    || oauthScope != null
                    || !oauthExtensions.isEmpty()) {
                throw EvctlException.usage("--oauth-client-id, --oauth-client-secret, --oauth-scope and"
                        + " --oauth-extension go with --oauth-token-url");
            }
            return null;
        }
        if (oauthClientId == null || oauthClientSecret == null) {
            throw EvctlException.usage("--oauth-token-url needs --oauth-client-id and --oauth-client-secret");
        }
        if (SecretReferences.holdsClearSecret("clientSecret", oauthClientSecret)) {
            throw EvctlException.usage(
                    "refusing to store a secret in clear for --oauth-client-secret: write it as ${env:NAME} or"
                            + " ${file:PATH}");
        }
        return new OAuthLogin(oauthTokenUrl, oauthClientId, oauthClientSecret, oauthScope, oauthExtensions);
    }

    /** The AWS MSK IAM login the --aws-* options describe, or null without --aws-iam. */
    private AwsIamLogin awsLogin(String bootstrap) {
        if (!awsIam) {
            if (awsRegion != null || awsProfile != null || awsRoleArn != null) {
                throw EvctlException.usage("--aws-region, --aws-profile and --aws-role-arn go with --aws-iam");
            }
            return null;
        }
        if (awsRegion == null && !AwsIamLogin.namesMskBrokers(bootstrap)) {
            throw EvctlException.usage("--aws-iam needs --aws-region: '" + bootstrap + "' is not an MSK broker name"
                    + " (b-1.NAME.ID.c2.kafka.REGION.amazonaws.com), so it does not say which region to sign for");
        }
        return new AwsIamLogin(awsRegion, awsProfile, awsRoleArn);
    }

    private static void refuseClearSecrets(Map<String, String> settings) {
        settings.forEach((k, v) -> {
            if (SecretReferences.holdsClearSecret(k, v)) {
                throw EvctlException.usage(
                        "refusing to store a secret in clear for '" + k + "': write it as ${env:NAME} or ${file:PATH}");
            }
        });
    }
}
