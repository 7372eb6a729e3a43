package dev.evctl.commands.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.commands.DurationConverter;
import dev.evctl.core.EvctlException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code dlq status} and {@code dlq watch} look at: the DLQs (or every one found) and the growth window. */
public final class DlqStatusOptions {

    @Parameters(paramLabel = "DLQ", arity = "0..*", description = "The DLQs (default: every one found).")
    List<String> dlqs = new ArrayList<>();

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            defaultValue = "15m",
            converter = DurationConverter.class,
            description = "Growth is measured over this much time (default: ${DEFAULT-VALUE}).")
    Duration window;

    /** The window, refused unless positive. */
    Duration window() {
        if (window.isNegative() || window.isZero()) {
            throw EvctlException.usage("--window must be positive");
        }
        return window;
    }
}
