package dev.evctl.core.publish;

import java.time.Duration;
import java.util.List;

/**
 * What a publish did: records and bytes the broker acknowledged (injected copies included), time
 * taken, the input lines it skipped, and what it injected on purpose (null without --duplicates,
 * --reorder or --poison).
 */
public record PublishResult(
        String topic, long records, long bytes, Duration elapsed, List<String> skipped, Injection.Report injected) {

    public PublishResult {
        skipped = List.copyOf(skipped);
    }

    public PublishResult(String topic, long records, long bytes, Duration elapsed, List<String> skipped) {
        this(topic, records, bytes, elapsed, skipped, null);
    }

    public double recordsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? records / seconds : records;
    }
}
