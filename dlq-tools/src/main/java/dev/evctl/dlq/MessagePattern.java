package dev.evctl.dlq;

import java.util.regex.Pattern;

/**
 * A failure message with its variable parts masked, so one bug is one row: UUIDs, long hex ids,
 * numbers and quoted values become placeholders.
 */
public final class MessagePattern {

    private static final Pattern UUID =
            Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern HEX = Pattern.compile(
            // hex with at least one digit and one letter, either first
            "\\b(?:0x)?[0-9a-fA-F]*\\d[0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*\\b"
                    + "|\\b(?:0x)?[0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*\\d[0-9a-fA-F]*\\b");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern NUMBER = Pattern.compile("-?\\b\\d+(?:[.,]\\d+)*\\b");
    private static final Pattern ID_WITH_DIGITS = Pattern.compile("\\b[A-Za-z]+[-_]\\d[\\w-]*\\b");

    private MessagePattern() {}

    public static String of(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String m = message.lines().findFirst().orElse("").strip();
        m = UUID.matcher(m).replaceAll("<uuid>");
        m = QUOTED.matcher(m).replaceAll("'<value>'");
        m = ID_WITH_DIGITS.matcher(m).replaceAll("<id>");
        m = HEX.matcher(m).replaceAll(r -> r.group().length() >= 8 ? "<hex>" : r.group());
        m = NUMBER.matcher(m).replaceAll("<n>");
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }
}
