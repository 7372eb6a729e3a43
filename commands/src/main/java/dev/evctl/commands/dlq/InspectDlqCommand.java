package dev.evctl.commands.dlq;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.commands.Table;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.dlq.DlqInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What is in a DLQ, grouped by cause. */
@Command(
        name = "inspect",
        header = "Summarize a dead-letter topic: records, pending, and counts by topic and error.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl dlq inspect orders-dlt", "  evctl dlq inspect orders-dlt --since 1d --top 5 -o json"},
        description = {
            "Summarize a dead-letter topic: records, pending (not redriven or skipped), and counts by original "
                    + "topic, exception",
            "class and message pattern (ids and numbers masked, so one bug is one row), with sample offsets."
        })
public final class InspectDlqCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "DLQ")
    String dlq;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only records written since: ISO-8601 time or a duration ago (2h, 1d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only records written before this time.")
    String until;

    @Option(
            names = "--top",
            defaultValue = "10",
            paramLabel = "N",
            description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public InspectDlqCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        DlqOptions range = new DlqOptions();
        range.since = since;
        range.until = until;
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            DlqInspector.Summary s = new DlqInspector(clients).inspect(dlq, range.from(), range.to(), null);
            int width = session.terminalWidth();
            output.show(session.out(), s, (summary, out) -> text(summary, out, width));
        }
        return ExitCodes.OK;
    }

    /** The counts, first and last record, then a table per grouping (original topic, class, message, convention). */
    private void text(DlqInspector.Summary s, java.io.PrintWriter out, int width) {
        out.printf(
                "%s: %d record%s, %d pending, %d handled (group %s)%n",
                dlq, s.records(), s.records() == 1 ? "" : "s", s.pending(), s.handled(), s.group());
        if (s.records() == 0) {
            out.println("empty: nothing to inspect");
            return;
        }
        out.printf(
                "first %s, last %s%s%n",
                Instant.ofEpochMilli(s.firstSeen()),
                Instant.ofEpochMilli(s.lastSeen()),
                s.malformed() > 0 ? "; " + s.malformed() + " with unreadable dead-letter headers" : "");
        table(out, width, "ORIGINAL TOPIC", s.byOriginalTopic());
        table(out, width, "EXCEPTION CLASS", s.byErrorClass());
        table(out, width, "MESSAGE PATTERN", s.byMessagePattern());
        table(out, width, "CONVENTION", s.byConvention());
    }

    private void table(java.io.PrintWriter out, int width, String title, List<DlqInspector.Row> rows) {
        out.println();
        Table table = new Table(
                Table.Column.right("RECORDS"),
                Table.Column.right("PENDING"),
                Table.Column.elastic("SAMPLES"),
                Table.Column.elastic(title));
        rows.stream()
                .limit(top)
                .forEach(r -> table.row(r.records(), r.pending(), String.join(",", r.samples()), r.name()));
        table.print(out, width);
        if (rows.size() > top) {
            out.printf("(%d more; --top N or -o json)%n", rows.size() - top);
        }
    }
}
