package dev.evctl.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.evctl.core.ControlChars;
import dev.evctl.core.EvctlException;
import dev.evctl.core.dups.DuplicateFinder;
import dev.evctl.core.dups.IdReader;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which ids more than one record of a topic carries: what a consumer would have processed twice. */
@Command(
        name = "dups",
        mixinStandardHelpOptions = true,
        header = "Find the ids more than one record carries: what a consumer may have processed twice.",
        description = {
            "Reads TOPIC's range once (read_committed, no consumer group) and lists each id carried by more than one"
                    + " record, with the partition@offset and time of every copy, then a summary. Exit code 1 when"
                    + " there is a duplicate, 0 when there is none.",
            "Ids are kept as 128-bit hashes within --memory; past it they are spilled to disk and the answer stays"
                    + " exact."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl dups orders --id-field eventId",
            "  evctl dups payments --id-header idempotency-key --from 1h -o json",
            "  evctl dups orders-avro --id-field order.id --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z"
        })
public final class DupsCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(
            names = "--from",
            paramLabel = "POSITION",
            description = "beginning (the default) | OFFSET | -N (per partition) | ISO-8601 time | duration ago.")
    String from;

    @Option(
            names = "--to",
            paramLabel = "POSITION",
            description = "end as seen at start (the default) | OFFSET | time | duration ago.")
    String to;

    @Option(names = "--id-key", description = "The id is the record's key (its bytes).")
    boolean idKey;

    @Option(names = "--id-header", paramLabel = "NAME", description = "The id is this header's value.")
    List<String> idHeaders = new ArrayList<>();

    @Option(
            names = "--id-field",
            paramLabel = "PATH",
            description = "The id is this field of the value: a JMESPath expression, as in tail --where (eventId,"
                    + " meta.id); JSON, or Avro, Protobuf and JSON Schema through the registry.")
    List<String> idFields = new ArrayList<>();

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            defaultValue = "256m",
            description = "Memory for the table of ids (36 bytes a slot, kept at most 70 %% full: about 2.9"
                    + " million ids in 256m); past it they are spilled to a temporary directory (default:"
                    + " ${DEFAULT-VALUE}).")
    String memory;

    @Mixin
    RegistryUrlOption registryUrl;

    @Mixin
    OutputOptions output;

    public DupsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        long budget = size(memory);
        Instant now = Instant.now();
        OffsetSpec fromSpec = from == null ? new OffsetSpec.Beginning() : OffsetSpec.parse(from, "--from", now);
        OffsetSpec toSpec = to == null ? null : OffsetSpec.parse(to, "--to", now);
        DuplicateFinder.Result result;
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            IdReader ids = IdReader.of(
                    idKey,
                    idHeaders,
                    idFields,
                    idFields.isEmpty() ? null : session.clients().avroDecoderIfChosen(registryUrl.url(), kafka));
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            result = new DuplicateFinder(clients, ids, budget, tmp).find(topic, fromSpec, toSpec);
            output.show(session.out(), result, (r, out) -> text(r, out, ids));
        }
        return result.duplicatedIds() > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** One line per duplicated id (its copies as partition@offset with their times), then the summary. */
    private void text(DuplicateFinder.Result r, PrintWriter out, IdReader ids) {
        boolean terminal = session.stdoutTerminal();
        for (DuplicateFinder.Duplicate d : r.duplicates()) {
            StringBuilder line = new StringBuilder(terminal ? ControlChars.escapeLine(d.id()) : d.id());
            line.append("  ").append(d.copies().size()).append(" copies:");
            for (DuplicateFinder.Copy c : d.copies()) {
                line.append(' ')
                        .append(c.partition())
                        .append('@')
                        .append(c.offset())
                        .append(" (")
                        .append(Instant.ofEpochMilli(c.timestamp()))
                        .append(')');
            }
            out.println(line);
        }
        out.printf(
                Locale.ROOT,
                "%s: %d records, %d distinct ids (%s), %d duplicated, %d extra copies%s%s%s%n",
                terminal ? ControlChars.escapeLine(r.topic()) : r.topic(),
                r.records(),
                r.distinctIds(),
                ids.describe(),
                r.duplicatedIds(),
                r.extraCopies(),
                r.withoutId() > 0 ? "; " + r.withoutId() + " records without the id" : "",
                r.undecodable() > 0 ? "; " + r.undecodable() + " values not decoded" : "",
                r.spilled() ? "; ids spilled to disk past --memory " + memory : "");
    }

    /** 256m, 2g, 1048576: bytes. */
    static long size(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1L << 10;
        } else if (t.endsWith("m")) {
            unit = 1L << 20;
        } else if (t.endsWith("g")) {
            unit = 1L << 30;
        }
        try {
            long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            if (n * unit < 64L << 10) {
                throw EvctlException.usage("--memory must be at least 64k, got " + text);
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw EvctlException.usage("--memory takes a size such as 256m or 2g, got '" + text + "'");
        }
    }
}
