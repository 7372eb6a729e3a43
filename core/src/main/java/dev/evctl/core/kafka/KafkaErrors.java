package dev.evctl.core.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.evctl.core.EvctlException;
import dev.evctl.core.EvctlException.Kind;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Turns Kafka client exceptions into one-line {@link EvctlException}s an operator can act on. */
public final class KafkaErrors {

    private KafkaErrors() {
    }

    /** {@code action} says what was being done, e.g. "listing topics". */
    public static EvctlException translate(Throwable error, Connection connection, String action) {
        Throwable e = unwrap(error);
        if (e instanceof EvctlException evctl) {
            return evctl;
        }
        String where = connection.bootstrapServers();
        String detail = connection.scrub(firstLine(e.getMessage()));
        if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) {
            return new EvctlException(Kind.CONNECTION, "cannot reach " + where + " within "
                    + connection.timeout().toSeconds() + " s while " + action
                    + " — is the broker up? try `evctl sandbox status` or --timeout", error);
        }
        if (e instanceof AuthenticationException) {
            return new EvctlException(Kind.CONNECTION, "authentication failed on " + where + " (" + connection.origin()
                    + "): " + detail, error);
        }
        if (e instanceof AuthorizationException) {
            return new EvctlException(Kind.CONNECTION, "not authorized on " + where + " while " + action + ": " + detail, error);
        }
        if (e instanceof ConfigException) {
            if (detail.contains("bootstrap")) {
                return new EvctlException(Kind.CONNECTION, "cannot resolve bootstrap servers '" + where + "': " + detail, error);
            }
            return new EvctlException(Kind.USAGE, "invalid Kafka client setting (" + connection.origin() + "): " + detail, error);
        }
        if (e instanceof UnknownTopicOrPartitionException) {
            return new EvctlException(Kind.NOT_FOUND, action + ": topic or partition does not exist on " + where, error);
        }
        if (e instanceof TopicExistsException) {
            return new EvctlException(Kind.USAGE, detail + " (use --if-not-exists to accept an existing topic)", error);
        }
        if (e instanceof RecordTooLargeException) {
            return new EvctlException(Kind.BAD_INPUT, "record too large while " + action + ": " + detail, error);
        }
        if (e instanceof InvalidPartitionsException || e instanceof InvalidReplicationFactorException
                || e instanceof InvalidConfigurationException || e instanceof InvalidTopicException
                || e instanceof PolicyViolationException || e instanceof InvalidRequestException) {
            return new EvctlException(Kind.USAGE, action + " was refused by " + where + ": " + detail, error);
        }
        if (e instanceof KafkaException) {
            return new EvctlException(Kind.CONNECTION, action + " failed on " + where + ": " + detail, error);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new EvctlException(Kind.PARTIAL, "interrupted while " + action, error);
        }
        return new EvctlException(Kind.CONNECTION, action + " failed on " + where + ": " + e.getClass().getSimpleName()
                + (detail.isEmpty() ? "" : ": " + detail), error);
    }

    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || (t instanceof KafkaException && t.getClass() == KafkaException.class)) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
