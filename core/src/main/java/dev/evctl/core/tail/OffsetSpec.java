package dev.evctl.core.tail;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.evctl.core.EvctlException;

/**
 * A position in a partition as the user writes it for {@code --from} and {@code --to}:
 * {@code beginning}, {@code end}, an offset, {@code -N} (N before the end), an ISO-8601 time
 * (UTC when it has no zone), or a duration ago such as {@code 15m}, {@code 2h30m}, {@code 1d}.
 */
public sealed interface OffsetSpec {

    record Beginning() implements OffsetSpec {}

    record End() implements OffsetSpec {}

    record Absolute(long offset) implements OffsetSpec {}

    record FromEnd(long count) implements OffsetSpec {}

    record AtTime(Instant time) implements OffsetSpec {}

    Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

    /**
     * Parses {@code text}; {@code option} names the flag in the error message.
     *
     * @param now the instant durations count back from
     */
    static OffsetSpec parse(String text, String option, Instant now) {
        String t = text == null ? "" : text.trim();
        if (t.equals("beginning") || t.equals("earliest")) {
            return new Beginning();
        }
        if (t.equals("end") || t.equals("latest")) {
            return new End();
        }
        if (t.matches("\\d+")) {
            return new Absolute(parseLong(t, text, option));
        }
        if (t.matches("-\\d+")) {
            long n = parseLong(t.substring(1), text, option);
            if (n == 0) {
                throw EvctlException.usage("invalid " + option + " '" + text + "': -N counts records back from the"
                        + " end and -0 is none — use " + option + " end to start at the end");
            }
            return new FromEnd(n);
        }
        Matcher m = DURATION.matcher(t);
        if (!t.isEmpty() && m.matches()) {
            Duration d = Duration.ZERO;
            d = d.plusDays(group(m, 1))
                    .plusHours(group(m, 2))
                    .plusMinutes(group(m, 3))
                    .plusSeconds(group(m, 4))
                    .plusMillis(group(m, 5));
            return new AtTime(now.minus(d));
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return new AtTime(now.minus(Duration.parse(t)));
            } catch (DateTimeParseException ignored) {
                // fall through to the error
            }
        }
        try {
            return new AtTime(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the forms without a zone
        }
        try {
            return new AtTime(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // try a date alone
        }
        try {
            return new AtTime(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // error below
        }
        throw EvctlException.usage("invalid " + option + " '" + text + "': expected beginning, end, an offset, -N,"
                + " an ISO-8601 time (2026-11-22T05:00:00Z) or a duration ago (15m, 2h, 1d)");
    }

    /**
     * A time as {@code --from} takes one: ISO-8601, or a duration ago (15m, 2h, 1d); any other position is a usage
     * error naming {@code option}.
     */
    static Instant time(String text, String option, Instant now) {
        if (parse(text, option, now) instanceof AtTime at) {
            return at.time();
        }
        throw EvctlException.usage("invalid " + option + " '" + text + "': expected an ISO-8601 time"
                + " (2026-11-22T05:00:00Z) or a duration ago (15m, 2h, 1d)");
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }

    private static long parseLong(String digits, String text, String option) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw EvctlException.usage("invalid " + option + " '" + text + "': offset out of range");
        }
    }
}
