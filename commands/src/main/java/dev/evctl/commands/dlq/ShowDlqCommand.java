package dev.evctl.commands.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.evctl.codecs.RegistryDecoder;
import dev.evctl.codecs.avro.ConfluentWire;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.RegistryUrlOption;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.record.Utf8;
import dev.evctl.dlq.DeadLetter;
import dev.evctl.dlq.DlqInspector;
import dev.evctl.dlq.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Full details of selected dead-letter records. */
@Command(
        name = "show",
        header = "Show selected dead-letter records in full.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl dlq show orders-dlt --max 3",
            "  evctl dlq show orders-dlt --offset 0:42 --full-stacktrace",
            "  evctl dlq show orders-dlt --error-class TimeoutException -o json"
        },
        description = {
            "Show selected dead-letter records in full: original coordinates, convention, exception, message, "
                    + "the first lines of",
            "the stack trace, and the key and value (framed Avro decoded through the registry, else text or base64)."
        })
public final class ShowDlqCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "DLQ")
    String dlq;

    @Option(names = "--offset", paramLabel = "P:O", description = "This record (partition:offset; repeatable).")
    List<String> offsets = new ArrayList<>();

    @Option(
            names = "--max",
            defaultValue = "10",
            paramLabel = "N",
            description = "At most N records (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--full-stacktrace", description = "The whole stack trace (default: its first 8 lines).")
    boolean fullStacktrace;

    @Mixin
    RegistryUrlOption registryUrl;

    @Mixin
    DlqOptions select;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public ShowDlqCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<long[]> wanted = wantedOffsets();
        RegistryDecoder avro = session.clients().avroDecoderIfChosen(registryUrl.url(), kafka);
        Selection selection = select.selection(avro);
        List<DlqJson.Shown> shown = new ArrayList<>();
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            new DlqInspector(clients).scan(dlq, select.from(), select.to(), select.convention(), e -> {
                var r = e.record();
                if (!wanted.isEmpty() && wanted.stream().noneMatch(w -> w[0] == r.partition() && w[1] == r.offset())) {
                    return true;
                }
                if (!selection.test(r, e.letter())) {
                    return true;
                }
                shown.add(describe(e, avro));
                return shown.size() < max;
            });
        }
        output.show(session.out(), shown, (all, out) -> {
            text(all, out);
            if (all.isEmpty()) {
                session.err().println("evctl: no record of " + dlq + " matches");
                session.err().flush();
            }
        });
        return ExitCodes.OK;
    }

    /** The --offset values as [partition, offset]. */
    private List<long[]> wantedOffsets() {
        List<long[]> wanted = new ArrayList<>();
        for (String o : offsets) {
            String[] parts = o.split(":");
            try {
                wanted.add(new long[] {Integer.parseInt(parts[0]), Long.parseLong(parts[1])});
            } catch (RuntimeException e) {
                throw EvctlException.usage("invalid --offset '" + o + "': expected PARTITION:OFFSET, e.g. 0:42");
            }
        }
        return wanted;
    }

    /** Each record as a block: where it is, then its fields one per line, the stack trace indented. */
    static void text(List<DlqJson.Shown> shown, java.io.PrintWriter out) {
        for (DlqJson.Shown m : shown) {
            out.printf("== %s  (%s, %s)%n", m.at(), m.convention(), m.handled() ? "handled" : "pending");
            String[][] fields = {
                {"written", m.written()},
                {"originalTopic", m.originalTopic()},
                {
                    "originalPartition",
                    m.originalPartition() == null ? null : m.originalPartition().toString()
                },
                {
                    "originalOffset",
                    m.originalOffset() == null ? null : m.originalOffset().toString()
                },
                {"originalTimestamp", m.originalTimestamp()},
                {"exceptionClass", m.exceptionClass()},
                {"message", m.message()},
                {"detail", m.detail()},
                {"problems", m.problems()},
                {"key", m.key()},
                {"value", m.value()}
            };
            for (String[] f : fields) {
                if (f[1] != null) {
                    out.printf("  %-18s %s%n", f[0], f[1]);
                }
            }
            if (m.stacktrace() != null) {
                out.println("  stacktrace");
                m.stacktrace().lines().forEach(l -> out.println("    " + l));
            }
        }
    }

    private DlqJson.Shown describe(DlqInspector.Entry e, RegistryDecoder avro) {
        var r = e.record();
        DeadLetter l = e.letter();
        String trace = l.stacktrace();
        if (trace != null && !fullStacktrace) {
            List<String> lines = trace.lines().toList();
            trace = String.join("\n", lines.subList(0, Math.min(8, lines.size())))
                    + (lines.size() > 8 ? "\n… " + (lines.size() - 8) + " more lines (--full-stacktrace)" : "");
        }
        return new DlqJson.Shown(
                r.topic() + "/" + r.partition() + "@" + r.offset(),
                r.partition(),
                r.offset(),
                Instant.ofEpochMilli(r.timestamp()).toString(),
                e.handled(),
                l.convention().name().toLowerCase(Locale.ROOT),
                l.originalTopic(),
                l.originalPartition(),
                l.originalOffset(),
                l.originalTimestamp() == null
                        ? null
                        : Instant.ofEpochMilli(l.originalTimestamp()).toString(),
                l.exceptionClass(),
                l.message(),
                l.detail(),
                l.problems().isEmpty() ? null : String.join("; ", l.problems()),
                text(r.key(), avro),
                text(r.value(), avro),
                trace);
    }

    private static String text(byte[] bytes, RegistryDecoder avro) {
        if (bytes == null) {
            return null;
        }
        if (avro != null && ConfluentWire.looksFramed(bytes)) {
            try {
                return avro.tree(bytes).toString();
            } catch (IllegalArgumentException e) {
                return "(undecodable Avro: " + e.getMessage() + ") "
                        + Base64.getEncoder().encodeToString(bytes);
            }
        }
        return Utf8.isValid(bytes)
                ? new String(bytes, StandardCharsets.UTF_8)
                : "base64:" + Base64.getEncoder().encodeToString(bytes);
    }
}
