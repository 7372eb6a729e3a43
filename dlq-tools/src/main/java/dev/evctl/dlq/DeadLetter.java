package dev.evctl.dlq;

import java.util.List;

/**
 * What a dead-letter record says about the record that failed: where it came from and why.
 * Unknown fields are null; {@code problems} lists headers that were present but unreadable.
 *
 * @param detail convention-specific context (connector and task, consumer group, cause)
 */
public record DeadLetter(
        Convention convention,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        Long originalTimestamp,
        String exceptionClass,
        String message,
        String stacktrace,
        String detail,
        List<String> problems) {

    public DeadLetter {
        problems = List.copyOf(problems);
    }

    /** The exception class for grouping: the one named, or "(none)". */
    public String errorClass() {
        return exceptionClass == null ? "(none)" : exceptionClass;
    }
}
