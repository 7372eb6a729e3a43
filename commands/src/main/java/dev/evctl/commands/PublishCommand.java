package dev.evctl.commands;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.evctl.core.EvctlException;
import dev.evctl.core.ProgressListener;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.publish.Faults;
import dev.evctl.core.publish.Injection;
import dev.evctl.core.publish.PublishRequest;
import dev.evctl.core.publish.PublishResult;
import dev.evctl.core.publish.Publisher;
import dev.evctl.core.publish.ValueEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Sends records to a topic from options, a file, stdin or a template. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Send records to TOPIC: one from --value, lines of --file or stdin, or --count generated from --template.",
            "A file is validated whole before anything is sent: a bad line sends nothing (unless --skip-invalid).",
            "Idempotent producer with acks=all."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl publish orders --key o-1 --value '{\"total\": 12.5}' -H source=cli",
            "  evctl publish orders --file orders.jsonl --input jsonl --key-field id",
            "  evctl publish orders -f records.jsonl -i jsonl --key-field key --value-field value "
                    + "--headers-field headers",
            "  evctl publish orders --count 100000 --rate 2000 --template @order.tmpl",
            "  evctl tail orders --to end -o envelope | evctl publish orders-copy --input envelope",
            "  evctl publish orders --count 10000 --template @order.tmpl --duplicates 0.05 --reorder 0.02 --poison 0.01"
                    + " --seed 7 -o json",
            "",
            "Template generators: {{seq}} {{uuid}} {{now}} {{now_ms}} {{int MIN MAX}} {{decimal MIN MAX SCALE}}",
            "  {{bool}} {{choice A|B|C}} {{faker Name.full_name}} (any Datafaker expression)"
        })
public final class PublishCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC", description = "The topic to send to (must exist).")
    String topic;

    @Mixin
    PublishInput input;

    @Mixin
    PublishEncoding encoding;

    @Mixin
    PublishFaults faults;

    @Mixin
    OutputOptions output;

    public PublishCommand(Session session) {
        this.session = session;
    }

    /**
     * What {@code publish -o json|yaml} prints; field names are a contract (README "JSON output"). With faults,
     * {@code records} counts the copies too, and {@code seed}, {@code injected} and {@code injections} follow.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(
            String topic,
            long records,
            long bytes,
            double seconds,
            long recordsPerSecond,
            List<String> skipped,
            Long seed,
            Injection.Counts injected,
            List<Injection> injections) {
        static Json of(PublishResult r, Faults faults) {
            return new Json(
                    r.topic(),
                    r.records(),
                    r.bytes(),
                    r.elapsed().toMillis() / 1000.0,
                    Math.round(r.recordsPerSecond()),
                    r.skipped(),
                    faults == null ? null : faults.seed(),
                    r.injected() == null ? null : r.injected().counts(),
                    r.injected() == null ? null : r.injected().injections());
        }
    }

    @Override
    public Integer call() {
        if (input.rate < 0) {
            throw EvctlException.usage("--rate must be positive, got " + input.rate);
        }
        PublishRequest.Source source = input.source(session, encoding.message);
        if (input.generateFrom() != null) {
            encoding.generatedFrom(input.generateFrom());
        }
        Faults injected = faults.faults(
                encoding.valueFormat, input.seed, () -> session.clients().registry(encoding.registryUrl.url(), kafka));
        ValueEncoder values = encoding.values(session, kafka, topic, input.input);
        ValueEncoder keys = encoding.keys(session, kafka, topic, input.input);
        PublishRequest request = new PublishRequest(
                topic,
                source,
                input.input,
                input.keySeparator,
                new PublishRequest.JsonlFields(input.keyField, input.valueField, input.headersField),
                input.headers(),
                input.partition,
                input.timestamp(),
                input.rate,
                input.skipInvalid,
                values,
                keys);
        PublishResult result;
        try {
            result = send(request, injected);
        } catch (Interrupted e) {
            return ExitCodes.INTERRUPTED;
        }
        output.document(session.out(), Json.of(result, injected));
        summary(result, injected);
        return result.skipped().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    /** One line on stderr: how many records and bytes went where, how fast, and how many lines were skipped. */
    private void summary(PublishResult result, Faults faults) {
        session.err()
                .printf(
                        "sent %d record%s (%d bytes) to %s in %.2f s, %.0f records/s%s%n",
                        result.records(),
                        result.records() == 1 ? "" : "s",
                        result.bytes(),
                        result.topic(),
                        result.elapsed().toMillis() / 1000.0,
                        result.recordsPerSecond(),
                        result.skipped().isEmpty()
                                ? ""
                                : "; " + result.skipped().size() + " invalid lines skipped");
        if (result.injected() != null) {
            Injection.Counts c = result.injected().counts();
            session.err()
                    .printf(
                            "injected on purpose (seed %d): %d duplicate%s, %d reordered%s, %d poison"
                                    + " (-o json lists each one's partition and offset)%n",
                            faults.seed(),
                            c.duplicates(),
                            c.duplicates() == 1 ? "" : "s",
                            c.reordered(),
                            c.reorderable() == null
                                    ? ""
                                    : " (of " + c.reorderable() + " that a later record's key" + " allowed)",
                            c.poison());
        }
        session.err().flush();
    }

    /** Thrown when Ctrl-C stopped the run and its count has been printed already. */
    private static final class Interrupted extends Exception {
        Interrupted() {
            super(null, null, false, false);
        }
    }

    /**
     * Sends with a progress bar for long work; Ctrl-C stops sending, flushes what was handed over and says what
     * arrived.
     */
    private PublishResult send(PublishRequest request, Faults injected) throws Interrupted {
        Progress[] bar = {null};
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = null;
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            Publisher publisher = new Publisher(clients, line -> {
                        session.err().println(line);
                        session.err().flush();
                    })
                    .withProgress(new ProgressListener() {
                        @Override
                        public void expect(long total) {
                            // a bar only for long work: large generated counts, or a file (size unknown here)
                            bar[0] = Progress.start(session, "publish", total, total < 0 || total >= 100_000);
                        }

                        @Override
                        public void done(long records) {
                            bar[0].step(records);
                        }
                    })
                    .withFaults(injected);
            hook = new Thread(
                    () -> {
                        publisher.stop();
                        try {
                            reported.await(clients.connection().timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "evctl-publish-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (AutoCloseable inShell = session.interrupts().add(publisher::stop)) {
                return publisher.publish(request);
            } catch (EvctlException e) {
                if (e.getMessage().startsWith("interrupted:")) {
                    // the JVM is shutting down: the error handler would not get to print this
                    session.err().println("evctl: error: " + e.getMessage());
                    session.err().flush();
                    reported.countDown();
                    throw new Interrupted();
                }
                throw e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } finally {
            reported.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and waits for the report above
                }
            }
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }
}
