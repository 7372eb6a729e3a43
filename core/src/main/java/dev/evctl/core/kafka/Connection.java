package dev.evctl.core.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import dev.evctl.core.aws.AwsIam;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.oauth.OAuthLogin;

/**
 * A resolved connection: where the cluster is, the client properties with secrets resolved, and
 * how it was chosen (for {@code --verbose}). Never print {@link #clientProperties()}.
 */
public record Connection(
        String bootstrapServers,
        Map<String, String> clientProperties,
        Duration timeout,
        String origin,
        SecretReferences secrets) {

    public Connection {
        clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * Client properties with bootstrap servers and the given defaults, user settings winning. No
     * metric reporter by default: Kafka's JMX reporter registers an MBean per client metric,
     * about 40 ms of a command's start, for a process nobody attaches a JMX console to. No push of
     * client metrics to the broker (KIP-714) by default either: its reporter names every metric
     * (a tail's CPU 0.55 -> 0.50 s) for a process that lives a second; a context can turn it on. An OAuth or AWS
     * IAM login also readies this JVM for the client (allowed token URLs; the AWS library's class loader).
     */
    public Properties properties(Map<String, String> defaults) {
        Properties p = new Properties();
        p.put("metric.reporters", "");
        p.put("enable.metrics.push", "false");
        p.putAll(defaults);
        p.putAll(clientProperties);
        p.put("bootstrap.servers", bootstrapServers);
        OAuthLogin.allowUrlsOf(p);
        AwsIam.prepare(p);
        return p;
    }

    /** A message with every resolved secret replaced, safe to print. */
    public String scrub(String message) {
        return secrets.scrub(message);
    }
}
