package dev.evctl.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.evctl.core.ControlChars;
import dev.evctl.core.trace.Trace;

/** {@code trace}'s text forms: the table of hops and the Mermaid sequence diagram. */
final class TraceText {

    private static final String[] HEADER = {"TIME", "+Δ", "TOPIC", "AT", "KEY", "MATCHED BY", "TYPE"};

    /** Widths a followed hop is printed with (its table's widths are not known in advance). */
    private static final int[] FOLLOW_WIDTHS = {24, 7, 16, 9, 12, 22, 0};

    private TraceText() {}

    /** The hops, one line each, with their groups and what stands out (a dead letter, a slow gap) below; "" if none. */
    static String table(Trace trace, Duration slow, boolean terminal) {
        if (trace.hops().isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < trace.hops().size(); i++) {
            rows.add(cells(trace.hops().get(i), trace.hops().get(0), terminal));
        }
        int[] widths = new int[HEADER.length];
        for (int c = 0; c < HEADER.length; c++) {
            widths[c] = HEADER[c].length();
            for (String[] r : rows) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        widths[HEADER.length - 1] = 0; // the last column is not padded
        StringBuilder out = new StringBuilder(format(HEADER, widths));
        for (int i = 0; i < rows.size(); i++) {
            Trace.Hop hop = trace.hops().get(i);
            out.append(format(rows.get(i), widths));
            out.append(details(hop, i == 0 ? null : trace.hops().get(i - 1), slow, terminal));
        }
        return out.toString();
    }

    /** One hop found while following, in the table's form. */
    static String line(Trace.Hop hop, Trace.Hop previous, Duration slow, boolean terminal) {
        return format(cells(hop, previous == null ? hop : previous, terminal), FOLLOW_WIDTHS)
                + details(hop, previous, slow, terminal);
    }

    private static String[] cells(Trace.Hop hop, Trace.Hop first, boolean terminal) {
        return new String[] {
            hop.timestamp().toString(),
            "+" + Durations.human(Duration.between(first.timestamp(), hop.timestamp())),
            data(hop.topic(), terminal),
            hop.partition() + "@" + hop.offset(),
            hop.key() == null ? "-" : data(hop.key(), terminal),
            hop.matchedBy(),
            hop.type() == null ? "-" : data(hop.type(), terminal)
        };
    }

    /** The lines under a hop: its groups, its dead letter, a slow gap before it. */
    private static String details(Trace.Hop hop, Trace.Hop previous, Duration slow, boolean terminal) {
        StringBuilder out = new StringBuilder();
        out.append("    groups: ")
                .append(hop.groups().isEmpty() ? "none read this topic" : groups(hop))
                .append('\n');
        Trace.DeadLetter d = hop.deadLetter();
        if (d != null) {
            out.append("    dead letter: ").append(data(d.errorClass(), terminal));
            if (d.message() != null) {
                out.append(": ").append(ControlChars.escapeLine(d.message()));
            }
            if (d.originalTopic() != null) {
                out.append(" (from ").append(data(d.originalTopic(), terminal));
                if (d.originalPartition() != null && d.originalOffset() != null) {
                    out.append(' ').append(d.originalPartition()).append('@').append(d.originalOffset());
                }
                out.append(')');
            }
            out.append('\n');
        }
        if (slow != null && previous != null) {
            Duration gap = Duration.between(previous.timestamp(), hop.timestamp());
            if (gap.compareTo(slow) > 0) {
                out.append("    slow: ")
                        .append(Durations.human(gap))
                        .append(" after the previous hop (over --slow ")
                        .append(Durations.human(slow))
                        .append(")\n");
            }
        }
        return out.toString();
    }

    private static String groups(Trace.Hop hop) {
        List<String> parts = new ArrayList<>();
        for (Trace.GroupPosition g : hop.groups()) {
            parts.add(
                    switch (g.state()) {
                        case CONSUMED -> g.group() + " ✓";
                        case PENDING -> g.group() + " … " + g.behind() + " behind";
                        case NO_OFFSET -> g.group() + " ✗ no offset";
                    });
        }
        return String.join(", ", parts);
    }

    private static String format(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(Math.max(0, widths[i] - cells[i].length())));
            }
        }
        return line.toString().stripTrailing() + "\n";
    }

    /** Data on a terminal has its control characters escaped; piped, it is as it came. */
    private static String data(String text, boolean terminal) {
        return terminal ? ControlChars.escapeLine(text) : text;
    }

    /**
     * The hops as a Mermaid sequence diagram: the topics as participants in the order the id reached them, an arrow
     * per step with its delay and how the id was found, the groups and any dead letter as notes.
     */
    static String mermaid(Trace trace) {
        StringBuilder out = new StringBuilder("sequenceDiagram\n");
        out.append("    %% evctl trace ")
                .append(mermaidText(trace.id()))
                .append(", ")
                .append(trace.window().from())
                .append(" to ")
                .append(trace.window().to())
                .append('\n');
        Map<String, String> alias = new LinkedHashMap<>();
        for (Trace.Hop h : trace.hops()) {
            alias.computeIfAbsent(h.topic(), t -> "T" + (alias.size() + 1));
        }
        alias.forEach((topic, a) -> out.append("    participant ")
                .append(a)
                .append(" as ")
                .append(mermaidText(topic))
                .append('\n'));
        Trace.Hop previous = null;
        for (Trace.Hop h : trace.hops()) {
            String to = alias.get(h.topic());
            String what = h.matchedBy() + (h.type() == null ? "" : ", " + h.type());
            if (previous == null) {
                out.append("    Note over ")
                        .append(to)
                        .append(": ")
                        .append(mermaidText(h.timestamp() + " " + h.partition() + "@" + h.offset() + " (" + what + ")"))
                        .append('\n');
            } else {
                out.append("    ")
                        .append(alias.get(previous.topic()))
                        .append("->>")
                        .append(to)
                        .append(": ")
                        .append(mermaidText("+" + Durations.human(Duration.between(previous.timestamp(), h.timestamp()))
                                + " " + h.partition() + "@" + h.offset() + " (" + what + ")"))
                        .append('\n');
            }
            if (!h.groups().isEmpty()) {
                out.append("    Note right of ")
                        .append(to)
                        .append(": ")
                        .append(mermaidText(groups(h)))
                        .append('\n');
            }
            if (h.deadLetter() != null) {
                out.append("    Note over ")
                        .append(to)
                        .append(": ")
                        .append(mermaidText("dead letter: "
                                + h.deadLetter().errorClass()
                                + (h.deadLetter().message() == null
                                        ? ""
                                        : ": " + h.deadLetter().message())))
                        .append('\n');
            }
            previous = h;
        }
        return out.toString();
    }

    /** Text Mermaid reads as text: no line breaks, and its syntax characters as entity codes. */
    private static String mermaidText(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : ControlChars.escapeLine(s).toCharArray()) {
            switch (c) {
                case ';', '#', ':', '%', '<', '>', '"' ->
                    out.append("#").append((int) c).append(';');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
