package dev.evctl.core.tail;

import java.time.Duration;

/** How a tail ended: records read, shown, filtered out and undecodable, and how long it ran. */
public record TailResult(long read, long shown, long filtered, long failed, Duration elapsed) {}
