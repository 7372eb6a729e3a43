package dev.evctl.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Who wrote a dead-letter record, told by its headers, and how to read the original record's
 * coordinates and the failure from them.
 */
public enum Convention {

    /** Kafka Connect with {@code errors.deadletterqueue.context.headers.enable=true}: every value is a UTF-8 string. */
    CONNECT("__connect.errors.") {
        @Override
        DeadLetter readHeaders(Headers h, List<String> problems, boolean trace) {
            String p = "__connect.errors.";
            return new DeadLetter(
                    this,
                    text(h, p + "topic"),
                    integer(h, p + "partition", problems),
                    longValue(h, p + "offset", problems),
                    null,
                    text(h, p + "exception.class.name"),
                    text(h, p + "exception.message"),
                    trace ? text(h, p + "exception.stacktrace") : null,
                    pairs(
                            "connector ",
                            text(h, p + "connector.name"),
                            "task ",
                            text(h, p + "task.id"),
                            "stage ",
                            text(h, p + "stage")),
                    problems);
        }
    },

    /**
     * Spring Kafka's {@code DeadLetterPublishingRecoverer}: partition as a 4-byte and offset and
     * timestamp as 8-byte big-endian numbers, the rest UTF-8.
     */
    SPRING("kafka_dlt-") {
        @Override
        DeadLetter readHeaders(Headers h, List<String> problems, boolean trace) {
            String p = "kafka_dlt-";
            boolean keyFailure =
                    h.lastHeader(p + "exception-fqcn") == null && h.lastHeader(p + "key-exception-fqcn") != null;
            String e = keyFailure ? p + "key-exception-" : p + "exception-";
            return new DeadLetter(
                    this,
                    text(h, p + "original-topic"),
                    integer(h, p + "original-partition", problems),
                    longValue(h, p + "original-offset", problems),
                    longValue(h, p + "original-timestamp", problems),
                    firstNonNull(text(h, e + "cause-fqcn"), text(h, e + "fqcn")),
                    text(h, e + "message"),
                    trace ? text(h, e + "stacktrace") : null,
                    pairs(
                            "consumer group ",
                            text(h, p + "original-consumer-group"),
                            "failed on ",
                            keyFailure ? "the key" : null),
                    problems);
        }
    },

    /** SmallRye Reactive Messaging's dead-letter-queue strategy: UTF-8 strings. */
    SMALLRYE("dead-letter-") {
        @Override
        DeadLetter readHeaders(Headers h, List<String> problems, boolean trace) {
            String p = "dead-letter-";
            return new DeadLetter(
                    this,
                    text(h, p + "topic"),
                    integer(h, p + "partition", problems),
                    longValue(h, p + "offset", problems),
                    null,
                    firstNonNull(text(h, p + "cause-class-name"), text(h, p + "exception-class-name")),
                    pairs("", text(h, p + "reason"), "cause: ", text(h, p + "cause")),
                    null,
                    null,
                    problems);
        }
    },

    /** No known header: shown, but never redriven without --to-topic. */
    UNKNOWN("") {
        @Override
        DeadLetter readHeaders(Headers h, List<String> problems, boolean trace) {
            return new DeadLetter(this, null, null, null, null, null, null, null, null, problems);
        }
    };

    /** The prefix shared by the convention's headers (what {@code --strip-error-headers} removes). */
    public final String headerPrefix;

    Convention(String headerPrefix) {
        this.headerPrefix = headerPrefix;
    }

    abstract DeadLetter readHeaders(Headers headers, List<String> problems, boolean trace);

    /** The convention whose headers the record carries (Connect, then Spring, then SmallRye), else UNKNOWN. */
    public static Convention detect(Headers headers) {
        for (Convention c : new Convention[] {CONNECT, SPRING, SMALLRYE}) {
            for (Header h : headers) {
                if (h.key().startsWith(c.headerPrefix)) {
                    return c;
                }
            }
        }
        return UNKNOWN;
    }

    /** Reads the record's dead-letter headers with the given convention, or the detected one when null. */
    public static DeadLetter read(Headers headers, Convention forced) {
        Convention c = forced != null ? forced : detect(headers);
        return c.readHeaders(headers, new ArrayList<>(), true);
    }

    /**
     * As {@link #read}, without the stack trace (null): what selecting, grouping and redriving
     * need, without decoding the largest header of every record.
     */
    public static DeadLetter readBrief(Headers headers, Convention forced) {
        Convention c = forced != null ? forced : detect(headers);
        return c.readHeaders(headers, new ArrayList<>(), false);
    }

    public static Convention parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown convention '" + name + "': expected connect, spring or smallrye");
        }
    }

    /** Whether the header belongs to a dead-letter convention (any of them). */
    public static boolean isErrorHeader(String key) {
        return key.startsWith(CONNECT.headerPrefix)
                || key.startsWith(SPRING.headerPrefix)
                || key.startsWith(SMALLRYE.headerPrefix);
    }

    // ---- header values

    static String text(Headers h, String key) {
        Header header = h.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(Headers h, String key, List<String> problems) {
        Long v = number(h, key, problems, 4);
        if (v != null && (v < 0 || v > Integer.MAX_VALUE)) {
            problems.add(key + ": partition " + v + " out of range");
            return null;
        }
        return v == null ? null : v.intValue();
    }

    private static Long longValue(Headers h, String key, List<String> problems) {
        return number(h, key, problems, 8);
    }

    /** A number written as big-endian binary of {@code width} bytes (Spring) or as decimal text (the others). */
    private static Long number(Headers h, String key, List<String> problems, int width) {
        Header header = h.lastHeader(key);
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] v = header.value();
        String text = new String(v, StandardCharsets.UTF_8).trim();
        if (!text.isEmpty() && text.length() <= 19 && decimalText(text)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // fall through to binary
            }
        }
        if (v.length == 4) {
            return (long) ByteBuffer.wrap(v).getInt();
        }
        if (v.length == 8) {
            return ByteBuffer.wrap(v).getLong();
        }
        problems.add(key + ": not a number (" + v.length + " bytes)");
        return null;
    }

    private static boolean decimalText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** "label value" for each pair whose value is known, joined with ", "; null when none is. */
    private static String pairs(String... labelsAndValues) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            if (labelsAndValues[i + 1] != null) {
                out.add(labelsAndValues[i] + labelsAndValues[i + 1]);
            }
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }
}
