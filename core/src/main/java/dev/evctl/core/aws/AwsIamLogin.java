package dev.evctl.core.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An AWS MSK IAM login (SASL mechanism {@code AWS_MSK_IAM}), as a context stores it: the settings of Amazon's
 * {@code aws-msk-iam-auth} library, whose login module signs each connection with the standard AWS credential chain
 * (environment, profile, web identity, container, instance), optionally through an assumed role.
 *
 * @param region  the region to sign for, null when the broker's host name carries it (an MSK name)
 * @param profile the AWS profile to take credentials from, null for the default chain
 * @param roleArn a role to assume with STS, null for none
 */
public record AwsIamLogin(String region, String profile, String roleArn) {

    public static final String MECHANISM = "AWS_MSK_IAM";

    /**
     * The context property that holds the signing region. It is the AWS SDK's own system property, and evctl sets it
     * in its JVM from the context rather than passing it to the Kafka client (see {@link AwsIam#prepare}).
     */
    public static final String REGION_PROPERTY = "aws.region";

    static final String LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    static final String CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";

    /** An MSK broker's name: b-1.NAME.ID.c2.kafka.REGION.amazonaws.com, also kafka-serverless and the China suffix. */
    private static final Pattern MSK_HOST = Pattern.compile(
            "(?i)[^,]*\\.kafka(?:-serverless)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?"
                    + "(?::\\d+)?");

    /** The Kafka client properties of this login; {@code protocol} null: SASL_SSL, as MSK has. */
    public Map<String, String> kafkaProperties(String protocol) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol == null ? "SASL_SSL" : protocol);
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.client.callback.handler.class", CALLBACK_HANDLER);
        StringBuilder jaas = new StringBuilder(LOGIN_MODULE).append(" required");
        if (profile != null) {
            jaas.append(" awsProfileName=\"").append(profile).append('"');
        }
        if (roleArn != null) {
            jaas.append(" awsRoleArn=\"").append(roleArn).append("\" awsRoleSessionName=\"evctl\"");
            if (region != null) {
                // the regional STS endpoint, which AWS recommends over the global one
                jaas.append(" awsStsRegion=\"").append(region).append('"');
            }
        }
        if (profile != null || roleArn != null) {
            // the library would otherwise fall back to the default chain's credentials when the profile or the role
            // gives none: a login as someone the user did not name
            jaas.append(" awsAddDefaultProviders=\"false\"");
        }
        p.put("sasl.jaas.config", jaas.append(';').toString());
        if (region != null) {
            p.put(REGION_PROPERTY, region);
        }
        return p;
    }

    /** Whether every bootstrap server is an MSK broker name, whose region the library reads from the name. */
    public static boolean namesMskBrokers(String bootstrapServers) {
        for (String server : bootstrapServers.split(",")) {
            if (!MSK_HOST.matcher(server.trim()).matches()) {
                return false;
            }
        }
        return true;
    }
}
