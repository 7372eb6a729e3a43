package dev.evctl.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.evctl.codecs.RegistryDecoder;
import dev.evctl.core.ControlChars;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.trace.IdMatch;
import dev.evctl.core.trace.Trace;
import dev.evctl.core.trace.Tracer;
import dev.evctl.dlq.Convention;
import dev.evctl.dlq.DeadLetter;
import org.apache.kafka.common.header.Headers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Follows one business id across topics: where it went, when, and who has read it. */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = {
            "Find every record that carries ID in the time window, in time order, with the consumer groups of each"
                    + " topic and whether they have read it. Dead letters say why they failed.",
            "The id matches exactly (not as a substring). Without --id-key/--id-header/--id-field: the key and the"
                    + " headers correlation-id, correlationId, x-correlation-id and traceparent (its trace id).",
            "Exit 0 when a hop is found, 1 when none is (like grep). Joins no group, commits nothing."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl trace o-1042 --topics orders,payments,shipments,payments.DLT",
            "  evctl trace o-1042 --topic-pattern '^shop\\.' --id-header correlation-id --id-field order.id --since 6h",
            "  evctl trace 4bf92f3577b34da6a3ce929d0e0e4736 --id-header traceparent --around 2026-12-07T10:42:00Z",
            "  evctl trace o-1042 --topics orders,payments -o mermaid > trace.mmd"
        })
public final class TraceCommand implements Callable<Integer> {

    /** Above this many records in the window, searching every topic asks first. */
    static final long CONFIRM_ABOVE = 5_000_000;

    /** Consumers reading at once. */
    private static final int READERS = 4;

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "ID", description = "The business id: an order id, a correlation id, a trace id.")
    String id;

    @Option(
            names = "--topics",
            split = ",",
            paramLabel = "TOPIC",
            description = "The topics to search (comma-separated or repeated).")
    List<String> topics = new ArrayList<>();

    @Option(
            names = "--topic-pattern",
            paramLabel = "REGEX",
            description = "Search the topics whose name matches (found anywhere in the name, as topics list"
                    + " --pattern). Without --topics or this: every topic but internal ones, asking first above "
                    + CONFIRM_ABOVE / 1_000_000 + " million records.")
    String topicPattern;

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "How far back the window reaches (default: ${DEFAULT-VALUE}); with --around, how far"
                    + " either side.")
    String since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "The window's end: an ISO-8601 time or a duration ago (default: now).")
    String until;

    @Option(
            names = "--around",
            paramLabel = "TIME",
            description = "A window centred on this time (ISO-8601 or a duration ago), --since either side.")
    String around;

    @Option(names = "--id-key", description = "Look for the id in the key.")
    boolean idKey;

    @Option(
            names = "--id-header",
            paramLabel = "NAME",
            description = "Look for the id in this header (repeatable); traceparent matches on its trace id.")
    List<String> idHeaders = new ArrayList<>();

    @Option(
            names = "--id-field",
            paramLabel = "PATH",
            description = "Look for the id in this field of the value (repeatable): a JMESPath expression, as in"
                    + " --where, e.g. order.id; JSON, or Avro, Protobuf and JSON Schema through the registry.")
    List<String> idFields = new ArrayList<>();

    @Option(
            names = "--slow",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Flag a gap between two hops longer than this.")
    Duration slow;

    @Option(
            names = {"-f", "--follow"},
            description = "After the search, keep watching the topics for new hops of the id until Ctrl-C (from"
                    + " where the search stopped: nothing written meanwhile is missed).")
    boolean follow;

    /** The output forms. */
    public enum Format {
        text,
        json,
        mermaid
    }

    @Option(
            names = {"-o", "--output"},
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); mermaid is a sequence diagram of"
                    + " the hops. With --follow, json prints one hop per line.")
    Format output;

    @Option(
            names = {"-y", "--yes"},
            description = "Search every topic without asking, however many records.")
    boolean yes;

    @Mixin
    RegistryUrlOption registryUrl;

    public TraceCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (topicPattern != null && !topics.isEmpty()) {
            throw EvctlException.usage("--topics and --topic-pattern cannot be used together");
        }
        if (around != null && until != null) {
            throw EvctlException.usage("--around and --until cannot be used together: --around centres the window");
        }
        if (follow && (until != null || around != null)) {
            throw EvctlException.usage(
                    "--follow watches from now on: it cannot follow a window that ends at --until" + " or --around");
        }
        if (follow && output == Format.mermaid) {
            throw EvctlException.usage("--follow and -o mermaid cannot be used together: a diagram is drawn once");
        }
        Trace.Window window = window(Instant.now());
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            RegistryDecoder decoder = session.clients().avroDecoderIfChosen(registryUrl.url(), kafka);
            IdMatch match = match(decoder);
            Tracer tracer = new Tracer(clients, TraceCommand::deadLetter, decoder);
            List<String> searched = topics(tracer, window);
            session.err()
                    .println("evctl: looking for '" + ControlChars.escapeLine(id) + "' in " + match.describe()
                            + " of " + searched.size() + " topic" + (searched.size() == 1 ? "" : "s") + ", "
                            + window.from()
                            + " to " + window.to());
            session.err().flush();
            Tracer.Request request = new Tracer.Request(match, searched, window.from(), window.to(), READERS);
            Trace trace = tracer.run(request);
            print(trace);
            summary(trace);
            if (follow) {
                return follow(
                        tracer,
                        request,
                        trace.hops().isEmpty()
                                ? null
                                : trace.hops().get(trace.hops().size() - 1));
            }
            return trace.hops().isEmpty() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
        }
    }

    private Trace.Window window(Instant now) {
        Instant reach = OffsetSpec.time(since, "--since", now);
        Duration span = Duration.between(reach, now);
        if (around != null) {
            Instant centre = OffsetSpec.time(around, "--around", now);
            return new Trace.Window(centre.minus(span), centre.plus(span));
        }
        // without --until the window reaches past now, so that a record written while the search starts is in it
        Instant end = until == null ? now.plusSeconds(1) : OffsetSpec.time(until, "--until", now);
        return new Trace.Window(end.minus(span), end);
    }

    private IdMatch match(RegistryDecoder decoder) {
        if (!idKey && idHeaders.isEmpty() && idFields.isEmpty()) {
            return new IdMatch(id, true, IdMatch.USUAL_HEADERS, List.of(), decoder);
        }
        return new IdMatch(id, idKey, idHeaders, idFields, decoder);
    }

    private List<String> topics(Tracer tracer, Trace.Window window) {
        if (!topics.isEmpty()) {
            return List.copyOf(topics);
        }
        List<String> found = tracer.topics(topicPattern);
        if (found.isEmpty()) {
            throw EvctlException.notFound(
                    topicPattern == null
                            ? "no topics to search"
                            : "no topic matches --topic-pattern '" + topicPattern + "'");
        }
        if (topicPattern == null) {
            long records = tracer.recordsIn(found, window.from(), window.to());
            if (records > Long.getLong("evctl.trace.confirm-above", CONFIRM_ABOVE) // a test lowers it
                    && !Confirm.ask(
                            session,
                            yes,
                            "search " + records + " records in all " + found.size() + " topics (no --topics)?")) {
                throw EvctlException.usage("not confirmed; nothing searched — name the topics with --topics");
            }
        }
        return found;
    }

    private static Trace.DeadLetter deadLetter(Headers headers) {
        if (Convention.detect(headers) == Convention.UNKNOWN) {
            return null;
        }
        DeadLetter d = Convention.readBrief(headers, null);
        return new Trace.DeadLetter(
                d.errorClass(), d.message(), d.originalTopic(), d.originalPartition(), d.originalOffset());
    }

    private void print(Trace trace) {
        PrintWriter out = session.out();
        switch (output) {
            case json -> {
                if (follow) {
                    trace.hops().forEach(h -> Json.print(out, h));
                } else {
                    Json.print(out, trace);
                }
            }
            case mermaid -> out.print(TraceText.mermaid(trace));
            case text -> out.print(TraceText.table(trace, slow, session.stdoutTerminal()));
        }
        out.flush();
    }

    /** One line on stderr: hops, records and bytes read, how fast. */
    private void summary(Trace trace) {
        Trace.Scanned s = trace.scanned();
        session.err()
                .printf(
                        "evctl: %d hop%s; scanned %,d records (%.1f MB) in %d topic%s in %.1f s (%d records/s)%n",
                        trace.hops().size(),
                        trace.hops().size() == 1 ? "" : "s",
                        s.records(),
                        s.bytes() / 1e6,
                        s.topics(),
                        s.topics() == 1 ? "" : "s",
                        s.seconds(),
                        s.seconds() > 0 ? Math.round(s.records() / s.seconds()) : s.records());
        session.err().flush();
    }

    /** Watches for new hops until Ctrl-C; exit 0 when any hop was seen, before or during. */
    private int follow(Tracer tracer, Tracer.Request request, Trace.Hop last) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.set(true);
                    try {
                        done.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "evctl-trace-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Trace.Hop[] previous = {last};
        int[] seen = {last == null ? 0 : 1};
        session.err().println("evctl: following; Ctrl-C stops");
        session.err().flush();
        try (AutoCloseable inShell = session.interrupts().add(() -> stop.set(true))) {
            tracer.follow(
                    request,
                    hop -> {
                        PrintWriter out = session.out();
                        if (output == Format.json) {
                            Json.print(out, hop);
                        } else {
                            out.print(TraceText.line(hop, previous[0], slow, session.stdoutTerminal()));
                        }
                        out.flush();
                        previous[0] = hop;
                        seen[0]++;
                    },
                    stop::get);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and has been let go
            }
        }
        return seen[0] > 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
