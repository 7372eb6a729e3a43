package dev.evctl.commands.dlq;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
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
import picocli.CommandLine;
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
                    + " pending records over the last intervals, its growth highlighted and its newest error message."
                    + " Keys: s sorts (name, pending, growth, oldest), j/k or the arrows select a row, Enter opens"
                    + " dlq inspect of it (any key comes back), q quits.",
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

    /** The orders the rows can be shown in; s goes to the next. */
    enum Sort {
        NAME("name", Comparator.comparing(DlqStatus.Row::dlq)),
        PENDING("pending", Comparator.comparingLong(DlqStatus.Row::pending).reversed()),
        GROWTH(
                "growth",
                Comparator.comparingDouble(DlqStatus.Row::growthPerMinute).reversed()),
        OLDEST(
                "oldest",
                Comparator.comparing(
                        DlqStatus.Row::oldestPendingAgeSeconds, Comparator.nullsLast(Comparator.reverseOrder())));

        final String label;
        final Comparator<DlqStatus.Row> order;

        Sort(String label, Comparator<DlqStatus.Row> order) {
            this.label = label;
            this.order = order.thenComparing(DlqStatus.Row::dlq);
        }

        Sort next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    private Sort sort = Sort.NAME;
    private String selected;

    private void live(DlqStatus status) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            var saved = terminal.enterRawMode();
            try {
                NonBlockingReader keys = terminal.reader();
                DlqStatus.Report report = look(status);
                long looks = 1;
                long next = System.nanoTime() + interval.toNanos();
                draw(terminal, report);
                while (stop.getCount() > 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime());
                    if (left <= 0) {
                        if (count > 0 && looks >= count) {
                            return;
                        }
                        report = look(status);
                        looks++;
                        next = System.nanoTime() + interval.toNanos();
                        draw(terminal, report);
                        continue;
                    }
                    int key = keys.read(Math.min(left, 200));
                    switch (key) {
                        case NonBlockingReader.READ_EXPIRED -> {}
                        case 'q', 'Q', 3, 4, NonBlockingReader.EOF -> {
                            return;
                        }
                        case 's', 'S' -> {
                            sort = sort.next();
                            draw(terminal, report);
                        }
                        case 'j', 'J' -> move(report, 1, terminal);
                        case 'k', 'K' -> move(report, -1, terminal);
                        case 27 -> { // an arrow key: ESC [ A (up) or ESC [ B (down)
                            if (keys.read(50) == '[') {
                                int arrow = keys.read(50);
                                if (arrow == 'A' || arrow == 'B') {
                                    move(report, arrow == 'B' ? 1 : -1, terminal);
                                }
                            }
                        }
                        case '\r', '\n', 'i', 'I' -> {
                            List<DlqStatus.Row> rows = sorted(report);
                            if (selected == null && !rows.isEmpty()) {
                                selected = rows.get(0).dlq();
                            }
                            if (selected != null) {
                                terminal.setAttributes(saved);
                                inspect(terminal, keys, selected);
                                terminal.enterRawMode();
                                draw(terminal, report);
                            }
                        }
                        default -> {}
                    }
                }
            } finally {
                terminal.setAttributes(saved);
                terminal.writer().println();
                terminal.writer().flush();
            }
        }
    }

    /** One dlq status; each DLQ's pending count joins its sparkline's history. */
    private DlqStatus.Report look(DlqStatus status) {
        DlqStatus.Report report = status.status(selection.dlqs, selection.window());
        for (DlqStatus.Row r : report.dlqs()) {
            Deque<Long> h = pending.computeIfAbsent(r.dlq(), k -> new ArrayDeque<>());
            h.addLast(r.pending());
            while (h.size() > HISTORY) {
                h.removeFirst();
            }
        }
        return report;
    }

    private void draw(Terminal terminal, DlqStatus.Report report) {
        PrintWriter out = terminal.writer();
        out.print("\033[H\033[2J");
        out.print(screen(report, terminal.getWidth()).replace("\n", "\r\n"));
        out.flush();
    }

    /** Moves the selected row down (1) or up (-1) in the order shown. */
    private void move(DlqStatus.Report report, int by, Terminal terminal) {
        List<DlqStatus.Row> rows = sorted(report);
        if (rows.isEmpty()) {
            return;
        }
        int at = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).dlq().equals(selected)) {
                at = i;
            }
        }
        at = at < 0 ? 0 : Math.max(0, Math.min(rows.size() - 1, at + by));
        selected = rows.get(at).dlq();
        draw(terminal, report);
    }

    private List<DlqStatus.Row> sorted(DlqStatus.Report report) {
        return report.dlqs().stream().sorted(sort.order).toList();
    }

    /** dlq inspect of one DLQ, printed over the view (the terminal in its normal mode); a key goes back. */
    private void inspect(Terminal terminal, NonBlockingReader keys, String dlq) throws IOException {
        PrintWriter out = terminal.writer();
        out.print("\033[H\033[2J");
        out.flush();
        InspectDlqCommand inspect = new InspectDlqCommand(session);
        new CommandLine(inspect).parseArgs(dlq);
        inspect.kafka = kafka;
        try {
            inspect.call();
        } catch (EvctlException e) {
            session.out().flush();
            out.println("evctl: error: " + e.getMessage());
        }
        session.out().flush();
        out.println();
        out.println("— dlq inspect " + dlq + " — any key goes back to the watch, q quits it —");
        out.flush();
        var raw = terminal.enterRawMode();
        try {
            while (stop.getCount() > 0) {
                int key = keys.read(200);
                if (key == 'q' || key == 'Q' || key == 3 || key == 4 || key == NonBlockingReader.EOF) {
                    stop.countDown();
                }
                if (key != NonBlockingReader.READ_EXPIRED) {
                    return;
                }
            }
        } finally {
            terminal.setAttributes(raw);
        }
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
                .append("Z — sorted by ")
                .append(sort.label)
                .append("\n")
                .append("s sorts · j/k or ↑/↓ select · Enter opens dlq inspect · q quits\n\n");
        if (report.dlqs().isEmpty()) {
            return s.append("no dead-letter topics\n").toString();
        }
        Table t = new Table(
                Table.Column.left("  DLQ"),
                Table.Column.right("PENDING"),
                Table.Column.left("TREND"),
                Table.Column.right("RECORDS"),
                Table.Column.right("OLDEST"),
                Table.Column.right("GROWTH/MIN"),
                Table.Column.left("TOP ERROR"),
                Table.Column.elastic("NEWEST ERROR"));
        List<DlqStatus.Row> rows = sorted(report);
        for (DlqStatus.Row r : rows) {
            String growth = String.format(Locale.ROOT, "%.1f", r.growthPerMinute());
            t.row(
                    (r.dlq().equals(selected) ? "▶ " : "  ") + r.dlq(),
                    r.pending(),
                    spark(pending.getOrDefault(r.dlq(), new ArrayDeque<>())),
                    r.records(),
                    r.oldestPendingAgeSeconds() == null
                            ? "-"
                            : Durations.human(Duration.ofSeconds(r.oldestPendingAgeSeconds())),
                    r.growthPerMinute() > 0 ? "↑ " + growth : growth,
                    r.topErrorClass() == null ? "-" : shortClass(r.topErrorClass()),
                    r.newestError()); // Table escapes its control characters
        }
        java.io.StringWriter w = new java.io.StringWriter();
        try (PrintWriter out = new PrintWriter(w)) {
            t.print(out, width);
        }
        String table = w.toString();
        if (session.color()) { // a growing DLQ's row in red, the selected one in reverse video
            StringBuilder colored = new StringBuilder();
            for (String line : table.split("\n", -1)) {
                String styled = line;
                if (line.contains("↑ ")) {
                    styled = "\033[31m" + styled + "\033[0m";
                }
                if (line.startsWith("▶ ")) {
                    styled = "\033[7m" + styled + "\033[0m";
                }
                colored.append(styled).append('\n');
            }
            table = colored.substring(0, colored.length() - 1);
        }
        return s.append(table).toString();
    }

    /** org.apache.kafka.connect.errors.DataException → DataException: the message column needs the room. */
    private static String shortClass(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
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
