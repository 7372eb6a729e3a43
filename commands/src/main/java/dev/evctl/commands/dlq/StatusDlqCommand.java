package dev.evctl.commands.dlq;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.evctl.commands.DurationConverter;
import dev.evctl.commands.Durations;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Json;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.Session;
import dev.evctl.commands.Table;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.dlq.DlqStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Whether dead letters pile up: for cron, dashboards and a glance. */
@Command(
        name = "status",
        header = "How dead-letter topics stand: pending, oldest, growth, top error; thresholds and Prometheus.",
        mixinStandardHelpOptions = true,
        description = {
            "One row per DLQ: records, pending (neither redriven nor skipped), handled, the oldest pending record's"
                    + " age, records per minute over --window (and the window before), the commonest error class of"
                    + " its newest " + DlqStatus.SAMPLE + " records.",
            "Without DLQ names: every topic named like a DLQ (-dlq, .dlq, -dlt, .DLT, dlq-…, …dead-letter…) whose"
                    + " newest records carry dead-letter headers; retry topics and evctl's own are left out, and"
                    + " stderr says which and why.",
            "--fail-if-* exit 1 when a DLQ crosses them (one line each on stderr), 0 otherwise."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl dlq status",
            "  evctl dlq status orders-dlt payments.DLT --fail-if-pending 0 --fail-if-older 1h",
            "  * * * * * evctl dlq status -o prometheus --textfile /var/lib/node_exporter/textfile/evctl_dlq.prom"
        })
public final class StatusDlqCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    DlqStatusOptions selection;

    @Option(names = "--fail-if-pending", paramLabel = "N", description = "Exit 1 when a DLQ has more than N pending.")
    Long failIfPending;

    @Option(
            names = "--fail-if-older",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Exit 1 when a DLQ's oldest pending record is older than this.")
    Duration failIfOlder;

    @Option(
            names = "--fail-if-growing",
            paramLabel = "N",
            description = "Exit 1 when a DLQ grows by more than N records per minute over --window.")
    Double failIfGrowing;

    /** The output forms. */
    public enum Format {
        text,
        json,
        prometheus
    }

    @Option(
            names = {"-o", "--output"},
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); prometheus is the text exposition"
                    + " format.")
    Format output;

    @Option(
            names = "--textfile",
            paramLabel = "PATH",
            description = "Write the output to PATH atomically (for node_exporter's textfile collector) instead of"
                    + " stdout.")
    Path textfile;

    @Mixin
    KafkaOptions kafka;

    public StatusDlqCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Duration window = selection.window();
        DlqStatus.Report report;
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            report = new DlqStatus(clients).status(selection.dlqs, window);
        }
        report.skipped().forEach(s -> session.err().println("evctl: skipped " + s.topic() + ": " + s.why()));
        String text = switch (output) {
            case json -> render(out -> Json.print(out, report));
            case prometheus -> prometheus(report);
            case text -> render(out -> table(report, out));
        };
        if (textfile != null) {
            write(textfile, text);
        } else {
            session.out().print(text);
            session.out().flush();
        }
        List<String> crossed = crossed(report);
        crossed.forEach(line -> session.err().println("evctl: " + line));
        session.err().flush();
        return crossed.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private static String render(java.util.function.Consumer<PrintWriter> printer) {
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            printer.accept(out);
        }
        return s.toString();
    }

    private void table(DlqStatus.Report report, PrintWriter out) {
        if (report.dlqs().isEmpty()) {
            out.println("no dead-letter topics");
            return;
        }
        Table t = new Table(
                Table.Column.left("DLQ"),
                Table.Column.right("RECORDS"),
                Table.Column.right("PENDING"),
                Table.Column.right("HANDLED"),
                Table.Column.right("OLDEST PENDING"),
                Table.Column.right("GROWTH/MIN"),
                Table.Column.elastic("TOP ERROR"));
        for (DlqStatus.Row r : report.dlqs()) {
            t.row(
                    r.dlq(),
                    r.records(),
                    r.pending(),
                    r.handled(),
                    r.oldestPendingAgeSeconds() == null ? "-" : age(r.oldestPendingAgeSeconds()),
                    String.format(Locale.ROOT, "%.1f (was %.1f)", r.growthPerMinute(), r.previousGrowthPerMinute()),
                    r.topErrorClass() == null
                            ? "-"
                            : r.topErrorClass() + String.format(Locale.ROOT, " (%.0f%%)", 100 * r.topErrorShare()));
        }
        t.print(out, session.terminalWidth());
    }

    private static String age(long seconds) {
        return Durations.human(Duration.ofSeconds(seconds));
    }

    /** The lines of the DLQs that cross a --fail-if-* threshold. */
    private List<String> crossed(DlqStatus.Report report) {
        List<String> out = new ArrayList<>();
        for (DlqStatus.Row r : report.dlqs()) {
            if (failIfPending != null && r.pending() > failIfPending) {
                out.add(r.dlq() + ": " + r.pending() + " pending, more than --fail-if-pending " + failIfPending);
            }
            if (failIfOlder != null
                    && r.oldestPendingAgeSeconds() != null
                    && r.oldestPendingAgeSeconds() > failIfOlder.toSeconds()) {
                out.add(r.dlq() + ": the oldest pending record is " + age(r.oldestPendingAgeSeconds())
                        + " old, older than --fail-if-older " + age(failIfOlder.toSeconds()));
            }
            if (failIfGrowing != null && r.growthPerMinute() > failIfGrowing) {
                out.add(r.dlq() + ": growing by " + r.growthPerMinute() + " records/min over the last "
                        + age(report.window()) + ", more than --fail-if-growing " + failIfGrowing);
            }
        }
        return out;
    }

    /** The Prometheus text exposition format: one gauge family per measure, labelled by DLQ. */
    static String prometheus(DlqStatus.Report report) {
        StringBuilder out = new StringBuilder();
        family(out, report, "evctl_dlq_records", "Records in the dead-letter topic.", r -> (double) r.records());
        family(out, report, "evctl_dlq_pending_records", "Dead letters neither redriven nor skipped.", r ->
                (double) r.pending());
        family(out, report, "evctl_dlq_handled_records", "Dead letters redriven or skipped.", r ->
                (double) r.handled());
        family(
                out,
                report,
                "evctl_dlq_oldest_pending_age_seconds",
                "Age of the oldest pending dead letter (absent when none is pending).",
                r -> r.oldestPendingAgeSeconds() == null
                        ? null
                        : r.oldestPendingAgeSeconds().doubleValue());
        family(
                out,
                report,
                "evctl_dlq_growth_records_per_minute",
                "Records per minute written to the dead-letter topic over the status window.",
                DlqStatus.Row::growthPerMinute);
        family(
                out,
                report,
                "evctl_dlq_top_error_share",
                "Share of the newest dead letters with the commonest error class (label error_class).",
                r -> r.topErrorShare());
        return out.toString();
    }

    private static void family(
            StringBuilder out, DlqStatus.Report report, String name, String help, Function<DlqStatus.Row, Double> v) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        for (DlqStatus.Row r : report.dlqs()) {
            Double value = v.apply(r);
            if (value == null) {
                continue;
            }
            out.append(name).append("{dlq=\"").append(label(r.dlq())).append('"');
            if (name.equals("evctl_dlq_top_error_share")) {
                out.append(",error_class=\"").append(label(r.topErrorClass())).append('"');
            }
            out.append("} ").append(number(value)).append('\n');
        }
    }

    private static String label(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Writes beside the file, then moves it over: a collector never reads half a file. */
    private static void write(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw EvctlException.usage("cannot write --textfile " + file + ": " + e.getMessage());
        }
    }
}
