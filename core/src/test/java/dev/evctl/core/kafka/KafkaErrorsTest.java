package dev.evctl.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.evctl.core.EvctlException;
import dev.evctl.core.config.Config;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A bug is a bug (exit 70) at whatever depth it is wrapped; the cluster's own failures stay one-line errors. */
class KafkaErrorsTest {

    private static final Connection CONNECTION = new ConnectionResolver(Config.empty(), Map.of(), Optional::empty)
            .resolve(new ConnectionOptions(null, "127.0.0.1:1", null, Map.of(), Duration.ofSeconds(1)));

    @Test
    void aBugWrappedByAFutureOrTheClientIsThrownAsItIs() {
        NullPointerException bug = new NullPointerException("a bug");
        for (Throwable wrapped : new Throwable[] {
            bug,
            new ExecutionException(bug),
            new CompletionException(bug),
            new KafkaException(bug),
            new ExecutionException(new KafkaException(bug))
        }) {
            assertSame(
                    bug,
                    assertThrows(
                            NullPointerException.class,
                            () -> KafkaErrors.translate(wrapped, CONNECTION, "listing topics")));
        }
    }

    @Test
    void theClustersFailuresAreStillErrorsWithTheirKind() {
        EvctlException e = KafkaErrors.translate(
                new ExecutionException(new TimeoutException("timed out")), CONNECTION, "listing topics");
        assertEquals(EvctlException.Kind.CONNECTION, e.kind());
    }
}
