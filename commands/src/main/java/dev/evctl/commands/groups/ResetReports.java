package dev.evctl.commands.groups;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.evctl.commands.Table;
import dev.evctl.core.EvctlException;
import dev.evctl.core.groups.GroupReset;
import dev.evctl.core.tail.OffsetSpec;

/** {@code groups reset}'s reading of {@code --to} and its plan as text. */
final class ResetReports {

    private ResetReports() {}

    /** {@code --to KIND [ARG]} as a reset target; a usage error names what is expected. */
    static GroupReset.Target target(List<String> words) {
        String kind = words.get(0);
        String arg = words.size() > 1 ? words.get(1) : null;
        boolean needsArg = !kind.equals("earliest") && !kind.equals("latest");
        if (needsArg != (arg != null)) {
            throw EvctlException.usage("invalid --to " + String.join(" ", words)
                    + ": expected earliest, latest, offset N, time T," + " duration D or shift-by ±N");
        }
        try {
            return switch (kind) {
                case "earliest" -> new GroupReset.Earliest();
                case "latest" -> new GroupReset.Latest();
                case "offset" -> new GroupReset.Offset(Long.parseLong(arg));
                case "shift-by" -> new GroupReset.ShiftBy(Long.parseLong(arg.startsWith("+") ? arg.substring(1) : arg));
                case "time", "duration" -> {
                    OffsetSpec spec = OffsetSpec.parse(arg, "--to " + kind, Instant.now());
                    if (!(spec instanceof OffsetSpec.AtTime t)) {
                        throw EvctlException.usage("invalid --to " + kind + " '" + arg + "': expected "
                                + (kind.equals("time") ? "an ISO-8601 time" : "a duration such as 15m, 2h, 1d"));
                    }
                    yield new GroupReset.Time(t.time());
                }
                default ->
                    throw EvctlException.usage(
                            "invalid --to " + kind + ": expected earliest, latest, offset, time, duration or shift-by");
            };
        } catch (NumberFormatException e) {
            throw EvctlException.usage("invalid --to " + kind + " '" + arg + "': expected a whole number");
        }
    }

    /** The plan on stderr: the group, and per partition the offsets and lags before and after. */
    static void plan(PrintWriter err, GroupReset.Plan plan, Path undoFrom) {
        err.printf(
                "reset %s (%s, %d member%s)%s%n",
                plan.group(),
                plan.detail().state(),
                plan.detail().members().size(),
                plan.detail().members().size() == 1 ? "" : "s",
                undoFrom == null ? "" : " to snapshot " + undoFrom);
        Table table = new Table(
                Table.Column.elastic("TOPIC"),
                Table.Column.right("PARTITION"),
                Table.Column.right("CURRENT"),
                Table.Column.right("NEW"),
                Table.Column.right("END"),
                Table.Column.right("LAG BEFORE"),
                Table.Column.right("LAG AFTER"));
        for (GroupReset.Change c : plan.changes()) {
            table.row(
                    c.topic(),
                    c.partition(),
                    dash(c.current()),
                    dash(c.target()),
                    c.end(),
                    dash(c.lagBefore()),
                    dash(c.lagAfter()));
        }
        table.print(err, 0);
        plan.notes().forEach(n -> err.println("note: " + n));
        err.flush();
    }

    private static String dash(Long n) {
        return n == null ? "-" : n.toString();
    }
}
