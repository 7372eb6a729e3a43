package dev.evctl.commands.dlq;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** dlq status, again and again: a live view on a terminal, one JSON document per interval when piped. */
@Command(
        name = "watch",
        header = "dlq status every few seconds: a live view on a terminal, one JSON line per interval when piped.",
        mixinStandardHelpOptions = true,
        description = {
            "On a terminal: the status table redrawn in place every --interval, with a sparkline of each DLQ's"
                    + " pending records over the last intervals and its growth highlighted; q quits.",
            "Piped: one dlq status -o json document per interval, one line each, until Ctrl-C or --count."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  evctl dlq watch", "  evctl dlq watch orders-dlt --interval 10s | jq -c '.dlqs[].pending'"})
public final class WatchDlqCommand implements Callable<Integer> {

    private static final String BARS = "▁▂▃▄▅▆▇█";
    private static final int HISTORY = 20;

    private final Session session;

    @Mixin
    DlqStatusOptions selection;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Time between two looks (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N looks (default: until q or Ctrl-C).")
    long count;

    @Mixin
    KafkaOptions kafka;

    private final Map<String, Deque<Long>> pending = new HashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    public WatchDlqCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero()) {
            throw EvctlException.usage("--interval must be positive");
        }
        selection.window();
        if (count < 0) {
            throw EvctlException.usage("--count must be positive, got " + count);
        }
        Thread hook = new Thread(stop::countDown, "evctl-dlq-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (KafkaClients clients = session.clients().kafka(kafka);
                AutoCloseable inShell = session.interrupts().add(stop::countDown)) {
            DlqStatus status = new DlqStatus(clients);
            if (session.stdoutTerminal()) {
                live(status);
            } else {
                piped(status);
            }
        } catch (EvctlException | UncheckedIOException e) {
            throw e;
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return ExitCodes.OK;
    }

    private void piped(DlqStatus status) throws InterruptedException {
        for (long n = 1; ; n++) {
            Json.print(session.out(), status.status(selection.dlqs, selection.window()));
            if ((count > 0 && n >= count) || stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void live(DlqStatus status) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            var saved = terminal.enterRawMode();
            try {
                NonBlockingReader keys = terminal.reader();
                for (long n = 1; ; n++) {
                    DlqStatus.Report report = status.status(selection.dlqs, selection.window());
                    PrintWriter out = terminal.writer();
                    out.print("\033[H\033[2J");
                    out.print(screen(report, terminal.getWidth()).replace("\n", "\r\n"));
                    out.flush();
                    if ((count > 0 && n >= count) || waitForQuit(keys)) {
                        return;
                    }
                }
            } finally {
                terminal.setAttributes(saved);
                terminal.writer().println();
                terminal.writer().flush();
            }
        }
    }

    /** Waits one interval for a key; true when it was q (or Ctrl-C, or Ctrl-D), or evctl is stopping. */
    private boolean waitForQuit(NonBlockingReader keys) throws IOException {
        long end = System.nanoTime() + interval.toNanos();
        while (stop.getCount() > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            int key = keys.read(Math.min(left, 200));
            if (key == 'q' || key == 'Q' || key == 3 || key == 4 || key == NonBlockingReader.EOF) {
                return true;
            }
        }
        return true;
    }

    /** The view: a title line, then one row per DLQ with the sparkline of its pending records. */
    String screen(DlqStatus.Report report, int width) {
        StringBuilder s = new StringBuilder();
        s.append("evctl dlq watch — every ")
                .append(Durations.human(interval))
                .append(", growth over ")
                .append(Durations.human(selection.window()))
                .append(" — ")
                .append(Instant.now().toString(), 0, 19)
                .append("Z — q quits\n\n");
        if (report.dlqs().isEmpty()) {
            return s.append("no dead-letter topics\n").toString();
        }
        Table t = new Table(
                Table.Column.left("DLQ"),
                Table.Column.right("PENDING"),
                Table.Column.left("TREND"),
                Table.Column.right("RECORDS"),
                Table.Column.right("OLDEST"),
                Table.Column.right("GROWTH/MIN"),
                Table.Column.elastic("TOP ERROR"));
        for (DlqStatus.Row r : report.dlqs()) {
            Deque<Long> h = pending.computeIfAbsent(r.dlq(), k -> new ArrayDeque<>());
            h.addLast(r.pending());
            while (h.size() > HISTORY) {
                h.removeFirst();
            }
            String growth = String.format(Locale.ROOT, "%.1f", r.growthPerMinute());
            t.row(
                    r.dlq(),
                    r.pending(),
                    spark(h),
                    r.records(),
                    r.oldestPendingAgeSeconds() == null
                            ? "-"
                            : Durations.human(Duration.ofSeconds(r.oldestPendingAgeSeconds())),
                    r.growthPerMinute() > 0 ? "↑ " + growth : growth,
                    r.topErrorClass() == null ? "-" : r.topErrorClass());
        }
        java.io.StringWriter w = new java.io.StringWriter();
        try (PrintWriter out = new PrintWriter(w)) {
            t.print(out, width);
        }
        String table = w.toString();
        if (session.color()) { // a growing DLQ's row in red
            StringBuilder colored = new StringBuilder();
            for (String line : table.split("\n", -1)) {
                colored.append(line.contains("↑ ") ? "\033[31m" + line + "\033[0m" : line)
                        .append('\n');
            }
            table = colored.substring(0, colored.length() - 1);
        }
        return s.append(table).toString();
    }

    /** Pending over the last looks, lowest to highest as ▁ to █. */
    static String spark(Deque<Long> values) {
        long min = values.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (long v : values) {
            int i = max == min ? 0 : (int) ((v - min) * (BARS.length() - 1) / (max - min));
            s.append(BARS.charAt(i));
        }
        return s.toString();
    }
}
