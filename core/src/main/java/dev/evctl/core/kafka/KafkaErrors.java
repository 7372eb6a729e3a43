package dev.evctl.core.kafka;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.evctl.core.EvctlException;
import dev.evctl.core.EvctlException.Kind;
import dev.evctl.core.aws.AwsIam;
import dev.evctl.core.aws.AwsIamLogin;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Turns Kafka client exceptions into one-line {@link EvctlException}s an operator can act on. */
public final class KafkaErrors {

    private KafkaErrors() {}

    /** {@code action} says what was being done, e.g. "listing topics". */
    public static EvctlException translate(Throwable error, Connection connection, String action) {
        Throwable e = unwrap(error);
        if (e instanceof EvctlException evctl) {
            return evctl;
        }
        String where = connection.bootstrapServers();
        String detail = connection.scrub(firstLine(e.getMessage()));
        EvctlException connecting = connectionProblem(e, error, connection, action, detail);
        if (connecting != null) {
            return connecting;
        }
        if (e instanceof UnknownTopicOrPartitionException) {
            return new EvctlException(
                    Kind.NOT_FOUND, action + ": topic or partition does not exist on " + where, error);
        }
        if (e instanceof TopicExistsException) {
            return new EvctlException(Kind.USAGE, detail + " (use --if-not-exists to accept an existing topic)", error);
        }
        if (e instanceof InvalidTimestampException) {
            return new EvctlException(
                    Kind.BAD_INPUT,
                    "the broker refused the record's timestamp while " + action + ": " + detail
                            + " — a topic takes timestamps within message.timestamp.before.max.ms before and"
                            + " message.timestamp.after.max.ms (1 hour by default) after the broker's clock",
                    error);
        }
        if (e instanceof InvalidRecordException) {
            return new EvctlException(
                    Kind.BAD_INPUT, "the broker refused a record while " + action + ": " + detail, error);
        }
        if (e instanceof IllegalArgumentException && e != error) {
            // thrown inside the Kafka client while it read its settings (a malformed JAAS line, say)
            String what = detail.contains("JAAS") ? "sasl.jaas.config" : "Kafka client setting";
            return new EvctlException(
                    Kind.USAGE, "invalid " + what + " (" + connection.origin() + "): " + detail, error);
        }
        if (e instanceof RuntimeException bug && !(e instanceof KafkaException)) {
            // not the cluster's doing, however deep the client or a future wrapped it: a bug, reported as one (exit
            // 70), never as "cannot connect"
            throw bug;
        }
        if (e instanceof RecordTooLargeException) {
            return new EvctlException(Kind.BAD_INPUT, "record too large while " + action + ": " + detail, error);
        }
        if (e instanceof InvalidPartitionsException
                || e instanceof InvalidReplicationFactorException
                || e instanceof InvalidConfigurationException
                || e instanceof InvalidTopicException
                || e instanceof PolicyViolationException
                || e instanceof InvalidRequestException) {
            return new EvctlException(Kind.USAGE, action + " was refused by " + where + ": " + detail, error);
        }
        if (e instanceof KafkaException) {
            return new EvctlException(Kind.CONNECTION, action + " failed on " + where + ": " + detail, error);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new EvctlException(Kind.PARTIAL, "interrupted while " + action, error);
        }
        return new EvctlException(
                Kind.CONNECTION,
                action + " failed on " + where + ": " + e.getClass().getSimpleName()
                        + (detail.isEmpty() ? "" : ": " + detail),
                error);
    }

    /**
     * A failure to connect, authenticate or be authorized, or a client setting that is wrong (null for any other):
     * each names the connection's origin (context, flag) where the cause is likely there.
     */
    private static EvctlException connectionProblem(
            Throwable e, Throwable error, Connection connection, String action, String detail) {
        String where = connection.bootstrapServers();
        String login = loginFailure(error, connection);
        if (login != null) {
            return new EvctlException(Kind.CONNECTION, login, error);
        }
        if (e instanceof SslAuthenticationException) {
            return new EvctlException(
                    Kind.CONNECTION,
                    "TLS handshake failed with " + where + " — is the listener TLS?"
                            + " (security.protocol "
                            + connection.properties(Map.of()).getOrDefault("security.protocol", "PLAINTEXT")
                            + ", " + connection.origin() + "): " + detail,
                    error);
        }
        if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) {
            String tls = TlsProbe.tlsMismatch(connection);
            if (tls != null) {
                return new EvctlException(
                        Kind.CONNECTION, "no answer from " + where + " while " + action + ": " + tls, error);
            }
            return new EvctlException(
                    Kind.CONNECTION,
                    "cannot reach " + where + " within "
                            + connection.timeout().toSeconds() + " s while " + action
                            + " — is the broker up? try `evctl sandbox status` or --timeout",
                    error);
        }
        if (e instanceof AuthenticationException
                && AwsIamLogin.MECHANISM.equalsIgnoreCase(
                        connection.clientProperties().get("sasl.mechanism"))) {
            return new EvctlException(Kind.CONNECTION, awsLoginFailure(connection, detail), error);
        }
        if (e instanceof AuthenticationException) {
            return new EvctlException(
                    Kind.CONNECTION,
                    "authentication failed on " + where + " (" + connection.origin() + "): " + detail
                            + tokenRefusal(connection, detail),
                    error);
        }
        if (e instanceof AuthorizationException) {
            return new EvctlException(
                    Kind.CONNECTION, "not authorized on " + where + " while " + action + ": " + detail, error);
        }
        if (e instanceof ConfigException) {
            if (detail.contains("bootstrap")) {
                return new EvctlException(
                        Kind.CONNECTION, "cannot resolve bootstrap servers '" + where + "': " + detail, error);
            }
            return new EvctlException(
                    Kind.USAGE, "invalid Kafka client setting (" + connection.origin() + "): " + detail, error);
        }
        return null;
    }

    /**
     * A client that could not log in (a JAAS login module failed while the client was made): for OAUTHBEARER, which
     * token endpoint refused and why, in the endpoint's own words; null for anything else.
     */
    private static String loginFailure(Throwable error, Connection connection) {
        Throwable login = null;
        Throwable innermost = error;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.security.auth.login.LoginException) {
                login = t;
            }
            innermost = t;
        }
        if (login == null) {
            return null;
        }
        // the login module wraps its causes into the message: "a.b.KafkaException: a.b.C: java.io.IOException: why"
        String why = connection
                .scrub(firstLine(innermost.getMessage()))
                .replaceFirst("^(?:[a-z][\\w$]*(?:\\.[\\w$]+)*\\.[A-Z][\\w$]*: )+", "")
                .replace("; will not attempt further retries", "");
        Map<String, String> props = connection.clientProperties();
        String tokenUrl = props.get("sasl.oauthbearer.token.endpoint.url");
        if ("OAUTHBEARER".equalsIgnoreCase(props.get("sasl.mechanism")) && tokenUrl != null) {
            return "OAuth login failed at " + tokenUrl + " (" + connection.origin() + "): " + why
                    + " — check the context's client id and secret";
        }
        return "login failed for " + connection.bootstrapServers() + " (" + connection.origin() + "): " + why;
    }

    /**
     * What an OAUTHBEARER broker's bare {@code {"status":"invalid_token"}} (RFC 7628) means for the user, who cannot
     * see the token: empty for other failures.
     */
    private static String tokenRefusal(Connection connection, String detail) {
        String url = connection.clientProperties().get("sasl.oauthbearer.token.endpoint.url");
        if (!detail.contains("invalid_token") || url == null) {
            return "";
        }
        return " — the broker refused the OAuth token from " + url + ": it has expired, or its issuer, signing key or"
                + " audience is not one the broker trusts (`evctl doctor` shows the token's principal and expiry)";
    }

    /**
     * An AWS MSK IAM login that failed: no credentials on this side (the chain's long account of every provider it
     * tried is left out), or the broker's refusal of the signed login in its own words.
     */
    private static String awsLoginFailure(Connection connection, String detail) {
        if (detail.contains("Failed to find AWS IAM Credentials")) {
            return "AWS IAM login for " + connection.origin() + " failed: "
                    + AwsIam.noCredentials(detail, connection.clientProperties());
        }
        return "AWS IAM login refused by " + connection.bootstrapServers() + " (" + connection.origin() + "): "
                + detail + " — check the AWS credentials (`evctl doctor` shows which it uses) and that their IAM"
                + " policy allows kafka-cluster:Connect";
    }

    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException
                        || t instanceof CompletionException
                        || (t instanceof KafkaException && t.getClass() == KafkaException.class))
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
