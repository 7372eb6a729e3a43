package dev.evctl.core.publish;

import java.time.Duration;
import java.util.List;

/** What a publish did: records and bytes sent, time taken, and the input lines it skipped. */
public record PublishResult(String topic, long records, long bytes, Duration elapsed, List<String> skipped) {

    public PublishResult {
        skipped = List.copyOf(skipped);
    }

    public double recordsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? records / seconds : records;
    }
}
