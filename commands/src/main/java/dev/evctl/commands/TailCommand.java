package dev.evctl.commands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.evctl.codecs.RegistryDecoder;
import dev.evctl.core.EvctlException;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.tail.OutputMode;
import dev.evctl.core.tail.TailRequest;
import dev.evctl.core.tail.TailResult;
import dev.evctl.core.tail.ValueFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reads records without joining a group or committing: safe on production topics. */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Show records of one or more topics. Joins no consumer group and commits nothing.",
            "Without --to it follows on a terminal and stops at the end when piped (--follow / --exit-at-end choose).",
            "--to offsets are inclusive; --to times stop before the first record at or after that time."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl tail orders                                  # last 10 per partition, then follow",
            "  evctl tail orders --from beginning --to end -o envelope > orders.envelope",
            "  evctl tail orders --from 15m --where \"status == 'FAILED'\" --value-format json",
            "  evctl tail orders --from -5 --format '{partition}:{offset} {key} {value.customer.id}'"
        })
public final class TailCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC", arity = "1..*", description = "Topics to read.")
    List<String> topics;

    @Option(
            names = "--from",
            paramLabel = "POSITION",
            description = "beginning | end | OFFSET | -N (per partition) | ISO-8601 time | duration ago (15m, 2h, 1d)."
                    + " Default: -10 when following, beginning otherwise.")
    String from;

    @Option(
            names = "--to",
            paramLabel = "POSITION",
            description = "end (as seen at start) | OFFSET | time | duration ago.")
    String to;

    @Option(
            names = {"-p", "--partition"},
            paramLabel = "P",
            description = "Only this partition (repeatable).")
    List<Integer> partitions = new ArrayList<>();

    @Option(
            names = {"-n", "--max"},
            paramLabel = "N",
            defaultValue = "0",
            description = "Stop after N records shown.")
    long max;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep waiting for new records (default on a terminal).")
    boolean follow;

    @Option(
            names = {"-e", "--exit-at-end"},
            description = "Stop at the end seen at start (default when piped).")
    boolean exitAtEnd;

    @Option(
            names = "--key-format",
            defaultValue = "string",
            paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); avro decodes Confluent-framed Avro "
                    + "keys to JSON.")
    ValueFormat keyFormat;

    @Option(
            names = "--value-format",
            paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}. Default: string, and framed Avro (magic byte 0) is decoded when "
                    + "a registry is set.")
    ValueFormat valueFormat;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "text",
            paramLabel = "MODE",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); envelope is lossless, for publish "
                    + "--input envelope.")
    OutputMode output;

    @Option(
            names = "--format",
            paramLabel = "TEMPLATE",
            description = "Per-record template: {topic} {partition} {offset} {timestamp} {timestampMs} {key} {value} "
                    + "{headers}"
                    + " {header.NAME} {value.PATH} (JMESPath), {tombstone} (true for a record without a value).")
    String format;

    @Mixin
    FilterOptions filter;

    @Option(
            names = "--query",
            paramLabel = "JMESPATH",
            description = "Show this projection of the JSON value instead of the value.")
    String query;

    /** What to do with a value that cannot be decoded. */
    public enum OnError {
        report,
        fail
    }

    @Option(
            names = "--on-error",
            defaultValue = "report",
            paramLabel = "ACTION",
            description = "${COMPLETION-CANDIDATES}: report an undecodable value on stderr and go on (exit 5 at the "
                    + "end), or stop (exit 4).")
    OnError onError;

    @Option(
            names = "--avro-raw",
            description = "With avro: Avro's own JSON (unions wrapped, logical types as numbers).")
    boolean avroRaw;

    @Mixin
    RegistryUrlOption registryUrl;

    public TailCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        checkOptions();
        boolean following = to == null && (follow || (!exitAtEnd && session.stdoutTerminal()));
        Instant now = Instant.now();
        OffsetSpec fromSpec = from != null
                ? OffsetSpec.parse(from, "--from", now)
                : following ? new OffsetSpec.FromEnd(10) : new OffsetSpec.Beginning();
        OffsetSpec toSpec = to == null ? null : OffsetSpec.parse(to, "--to", now);
        TailRequest request = new TailRequest(
                topics,
                partitions,
                fromSpec,
                toSpec,
                following,
                max,
                keyFormat,
                valueFormat == null ? ValueFormat.string : valueFormat,
                output,
                format,
                filter.keyMatch,
                filter.headerMatch,
                filter.where,
                query,
                session.color(),
                session.stdoutTerminal(),
                decoder(),
                onError == OnError.fail);
        session.out().flush();
        CountDownLatch done = new CountDownLatch(1);
        TailResult result = TailRun.run(session, kafka, request, done);
        summary(result);
        done.countDown();
        return result.failed() > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
    }

    /** One line on stderr: shown, filtered out, not decoded, and the time it took. */
    private void summary(TailResult result) {
        session.err()
                .printf(
                        "evctl: %d record%s shown, %d filtered out%s, %.1f s%n",
                        result.shown(),
                        result.shown() == 1 ? "" : "s",
                        result.filtered(),
                        result.failed() > 0 ? ", " + result.failed() + " could not be decoded" : "",
                        result.elapsed().toMillis() / 1000.0);
        session.err().flush();
    }

    private void checkOptions() {
        if (follow && exitAtEnd) {
            throw EvctlException.usage("--follow and --exit-at-end cannot be used together");
        }
        if (follow && to != null) {
            throw EvctlException.usage("--follow and --to cannot be used together: --to always stops");
        }
        if (max < 0) {
            throw EvctlException.usage("--max must be positive, got " + max);
        }
        if (format != null && output != OutputMode.text) {
            throw EvctlException.usage("--format and -o " + output + " cannot be used together");
        }
    }

    /**
     * The registry decoder of framed values: for a format read through the registry (one that names another type
     * than the id's is told so), or in auto mode when a registry is known; else null.
     */
    private RegistryDecoder decoder() {
        boolean valueViaRegistry = valueFormat != null && valueFormat.viaRegistry();
        if (!valueViaRegistry && !keyFormat.viaRegistry()) {
            var registry = valueFormat == null ? session.clients().registryIfChosen(registryUrl.url(), kafka) : null;
            return registry == null ? null : new RegistryDecoder(registry, !avroRaw);
        }
        RegistryDecoder decoder = new RegistryDecoder(session.clients().registry(registryUrl.url(), kafka), !avroRaw);
        if (valueViaRegistry) {
            String type = switch (valueFormat) {
                case protobuf -> "PROTOBUF";
                case jsonschema -> "JSON";
                default -> "AVRO";
            };
            decoder.expecting(type, "--value-format " + valueFormat, note -> {
                session.err().println("evctl: " + note);
                session.err().flush();
            });
        }
        return decoder;
    }
}
