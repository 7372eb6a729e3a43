package dev.evctl.core.tail;

import java.time.Duration;

/** How a tail ended: records read, shown and filtered out, and how long it ran. */
public record TailResult(long read, long shown, long filtered, Duration elapsed) {
}
