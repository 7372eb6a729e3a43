package dev.evctl.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.publish.InputFormat;
import dev.evctl.core.publish.PublishRequest;
import dev.evctl.core.publish.PublishResult;
import dev.evctl.core.publish.Publisher;
import dev.evctl.core.publish.Template;
import dev.evctl.core.record.RecordHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Sends records to a topic from options, a file, stdin or a template. */
@Command(name = "publish", mixinStandardHelpOptions = true, description = {
        "Send records to TOPIC: one from --value, lines of --file or stdin, or --count generated from --template.",
        "A file is validated whole before anything is sent: a bad line sends nothing (unless --skip-invalid).",
        "Idempotent producer with acks=all."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  evctl publish orders --key o-1 --value '{\"total\": 12.5}' -H source=cli",
                "  evctl publish orders --file orders.jsonl --input jsonl --key-field id",
                "  evctl publish orders -f records.jsonl -i jsonl --key-field key --value-field value --headers-field headers",
                "  evctl publish orders --count 100000 --rate 2000 --template @order.tmpl",
                "  evctl tail orders --to end -o envelope | evctl publish orders-copy --input envelope",
                "",
                "Template generators: {{seq}} {{uuid}} {{now}} {{now_ms}} {{int MIN MAX}} {{decimal MIN MAX SCALE}}",
                "  {{bool}} {{choice A|B|C}} {{faker Name.full_name}} (any Datafaker expression)"})
public final class PublishCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC", description = "The topic to send to (must exist).")
    String topic;

    @Option(names = "--value", description = "Send one record with this value.")
    String value;

    @Option(names = {"-k", "--key"}, description = "Key of the --value record, or of every generated record.")
    String key;

    @Option(names = "--null-value", description = "Send a tombstone (null value), usually with --key.")
    boolean nullValue;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read records from FILE (default: stdin).")
    Path file;

    @Option(names = {"-i", "--input"}, defaultValue = "lines", paramLabel = "FORMAT",
            description = "Input format of --file/stdin: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    InputFormat input;

    @Option(names = "--key-separator", paramLabel = "SEP", description = "With --input lines: the key is the text before SEP.")
    String keySeparator;

    @Option(names = "--key-field", paramLabel = "FIELD", description = "With --input jsonl: take the key from this top-level field.")
    String keyField;

    @Option(names = "--value-field", paramLabel = "FIELD",
            description = "With --input jsonl: the value is this top-level field (text as is, anything else as JSON), not the whole line.")
    String valueField;

    @Option(names = "--headers-field", paramLabel = "FIELD",
            description = "With --input jsonl: headers from this field, {\"name\":\"value\"} or [{\"name\":…,\"value\":…}].")
    String headersField;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME=VALUE", description = "Add a header to every record (repeatable, order kept).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-p", "--partition"}, description = "Send to this partition (default: by key).")
    Integer partition;

    @Option(names = "--timestamp", paramLabel = "TIME", description = "Record timestamp: epoch milliseconds or ISO-8601.")
    String timestamp;

    @Option(names = {"-n", "--count"}, description = "How many records to send (generated, or copies of --value).")
    Long count;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0", description = "Records per second (default: as fast as possible).")
    double rate;

    @Option(names = {"-t", "--template"}, paramLabel = "TEXT|@FILE", description = "Template of generated values (see below).")
    String template;

    @Option(names = "--generate-from", paramLabel = "SCHEMA.avsc",
            description = "Generate random valid records for this Avro schema (--count, --rate, --seed); implies --value-format avro.")
    Path generateFrom;

    @Option(names = "--key-template", paramLabel = "TEXT|@FILE", description = "Template of generated keys.")
    String keyTemplate;

    @Option(names = "--seed", description = "Seed of the generators, for repeatable test data.")
    Long seed;

    /** How publish writes a key or value: as given (string) or Avro on the Confluent wire (not tail's ValueFormat, which reads). */
    public enum Encoding { string, avro }

    @Option(names = "--value-format", defaultValue = "string", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}: avro converts each JSON value to Avro in the Confluent wire format (default: ${DEFAULT-VALUE}).")
    Encoding valueFormat;

    @Option(names = "--schema-file", paramLabel = "FILE", description = "With avro: the writer schema (.avsc), registered unless --no-auto-register.")
    Path schemaFile;

    @Option(names = "--schema-id", paramLabel = "ID", description = "With avro: a schema id already in the registry.")
    Integer schemaId;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "With avro: the latest schema of this subject.")
    String subject;

    @Option(names = "--key-format", defaultValue = "string", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}: avro converts each JSON key to Avro in the Confluent wire format (default: ${DEFAULT-VALUE}).")
    Encoding keyFormat;

    @Option(names = "--key-schema-file", paramLabel = "FILE", description = "With --key-format avro: the key's schema (.avsc), registered as TOPIC-key.")
    Path keySchemaFile;

    @Option(names = "--key-schema-id", paramLabel = "ID", description = "With --key-format avro: a schema id already in the registry.")
    Integer keySchemaId;

    @Option(names = "--key-subject", paramLabel = "SUBJECT", description = "With --key-format avro: the latest schema of this subject.")
    String keySubject;

    @Option(names = "--subject-strategy", defaultValue = "topic", paramLabel = "STRATEGY",
            description = "With --schema-file: ${COMPLETION-CANDIDATES} — TOPIC-value, the record's full name, or TOPIC-FULLNAME (default: ${DEFAULT-VALUE}).")
    dev.evctl.core.avro.AvroCodec.SubjectStrategy subjectStrategy;

    @Option(names = "--no-auto-register", description = "With --schema-file: require the schema to be registered already (production).")
    boolean noAutoRegister;

    @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry (or EVCTL_REGISTRY_URL, or the context's).")
    String registryUrl;

    @Option(names = "--skip-invalid", description = "Send the valid lines of a file and list the invalid ones (exit code 5).")
    boolean skipInvalid;

    @Mixin
    OutputOptions output;

    public PublishCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        PublishRequest.Source source = source();
        dev.evctl.core.publish.ValueEncoder encoder = avroEncoder(false, valueFormat, schemaFile, schemaId, subject);
        dev.evctl.core.publish.ValueEncoder keyEncoder = avroEncoder(true, keyFormat, keySchemaFile, keySchemaId, keySubject);
        PublishRequest request = new PublishRequest(topic, source, input, keySeparator,
                new PublishRequest.JsonlFields(keyField, valueField, headersField), headers(), partition,
                timestamp(), rate, skipInvalid, encoder, keyEncoder);
        if (rate < 0) {
            throw EvctlException.usage("--rate must be positive, got " + rate);
        }
        PublishResult result;
        Progress[] bar = {null};
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Thread hook = null;
        try (KafkaClients clients = session.kafka(kafka)) {
            Publisher publisher = new Publisher(clients, line -> {
                session.err().println(line);
                session.err().flush();
            }).withProgress(new dev.evctl.core.ProgressListener() {
                @Override
                public void expect(long total) {
                    // a bar only for long work: large generated counts, or a file (size unknown here)
                    bar[0] = Progress.start(session, "publish", total, total < 0 || total >= 100_000);
                }

                @Override
                public void done(long records) {
                    bar[0].step(records);
                }
            });
            // Ctrl-C: stop sending, flush what was handed over, and say how many records arrived
            hook = new Thread(() -> {
                publisher.stop();
                try {
                    reported.await(clients.connection().timeout().toMillis() + 5000, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "evctl-publish-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (AutoCloseable inShell = session.onInterrupt(publisher::stop)) {
                result = publisher.publish(request);
            } catch (EvctlException e) {
                if (e.getMessage().startsWith("interrupted:")) {
                    // the JVM is shutting down: the error handler would not get to print this
                    session.err().println("evctl: error: " + e.getMessage());
                    session.err().flush();
                    reported.countDown();
                    return ExitCodes.INTERRUPTED;
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
        if (output.structured()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("topic", result.topic());
            json.put("records", result.records());
            json.put("bytes", result.bytes());
            json.put("seconds", result.elapsed().toMillis() / 1000.0);
            json.put("recordsPerSecond", Math.round(result.recordsPerSecond()));
            json.put("skipped", result.skipped());
            output.print(session.out(), json);
        }
        session.err().printf("sent %d record%s (%d bytes) to %s in %.2f s, %.0f records/s%s%n", result.records(),
                result.records() == 1 ? "" : "s", result.bytes(), result.topic(), result.elapsed().toMillis() / 1000.0,
                result.recordsPerSecond(), result.skipped().isEmpty() ? "" : "; " + result.skipped().size() + " invalid lines skipped");
        session.err().flush();
        return result.skipped().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    private PublishRequest.Source source() {
        boolean single = value != null || nullValue;
        if (value != null && nullValue) {
            throw EvctlException.usage("--value and --null-value cannot be used together");
        }
        int sources = (single ? 1 : 0) + (file != null ? 1 : 0) + (template != null ? 1 : 0) + (generateFrom != null ? 1 : 0);
        if (sources > 1) {
            throw EvctlException.usage("choose one input: --value/--null-value, --file, --template or --generate-from");
        }
        if (generateFrom != null) {
            if (schemaId != null || subject != null || (schemaFile != null && !schemaFile.equals(generateFrom))) {
                throw EvctlException.usage("--generate-from is the schema: it takes no --schema-file, --schema-id or --subject");
            }
            Random random = seed == null ? new Random() : new Random(seed);
            Template keys = keyTemplate != null ? compile(keyTemplate, "--key-template", random)
                    : key != null ? compile(key, "--key", random) : null;
            org.apache.avro.Schema parsed;
            try {
                parsed = dev.evctl.schema.AvroSchemas.parse(Files.readString(generateFrom));
            } catch (NoSuchFileException e) {
                throw EvctlException.badInput("--generate-from " + generateFrom + " does not exist");
            } catch (IOException e) {
                throw EvctlException.badInput("cannot read --generate-from " + generateFrom + ": " + e.getMessage());
            } catch (dev.evctl.schema.InvalidSchemaException e) {
                throw EvctlException.badInput(generateFrom + ": " + e.getMessage());
            }
            valueFormat = Encoding.avro;
            schemaFile = generateFrom;
            // with --seed the data repeats exactly, so times count back from a fixed day instead of now
            java.time.Instant base = seed == null ? java.time.Instant.now() : java.time.Instant.parse("2026-01-01T00:00:00Z");
            return new PublishRequest.Generated(new dev.evctl.core.avro.AvroRandom(parsed, random, base), keys, count == null ? 1 : count);
        }
        if (count != null && count < 1) {
            throw EvctlException.usage("--count must be at least 1, got " + count);
        }
        if (keyTemplate != null && template == null && generateFrom == null) {
            throw EvctlException.usage("--key-template needs --template or --generate-from");
        }
        if (template != null) {
            Random random = seed == null ? new Random() : new Random(seed);
            Template valueTemplate = compile(template, "--template", random);
            Template keys = keyTemplate != null ? compile(keyTemplate, "--key-template", random)
                    : key != null ? compile(key, "--key", random) : null;
            return new PublishRequest.Generated(valueTemplate, keys, count == null ? 1 : count);
        }
        if (single) {
            return new PublishRequest.Single(bytes(key), nullValue ? null : bytes(value), count == null ? 1 : count);
        }
        if (count != null) {
            throw EvctlException.usage("--count works with --value or --template, not with file or stdin input");
        }
        if (key != null) {
            throw EvctlException.usage("--key works with --value or --template; for lines use --key-separator or --key-field");
        }
        if (keySeparator != null && input != InputFormat.lines) {
            throw EvctlException.usage("--key-separator works with --input lines only");
        }
        if ((keyField != null || valueField != null || headersField != null) && input != InputFormat.jsonl) {
            throw EvctlException.usage("--key-field, --value-field and --headers-field work with --input jsonl only");
        }
        if (file != null) {
            return new PublishRequest.Lines(file.toString(), file, null);
        }
        if (session.env().containsKey("EVCTL_STDIN_IS_TERMINAL") || session.interactive()) {
            throw EvctlException.usage("no input: pass --value, --file or --template, or pipe records on stdin");
        }
        return new PublishRequest.Lines("<stdin>", null, session.in());
    }

    /**
     * The Avro encoder of keys or values when their format is avro; schema sources other than a
     * file are read from the registry now.
     */
    private dev.evctl.core.publish.ValueEncoder avroEncoder(boolean forKey, Encoding format, Path file, Integer id, String fromSubject) {
        String prefix = forKey ? "--key-" : "--";
        String options = prefix + "schema-file, " + prefix + "schema-id" + (forKey ? ", --key-subject" : ", --subject");
        String formatOption = forKey ? "--key-format" : "--value-format";
        int sources = (file != null ? 1 : 0) + (id != null ? 1 : 0) + (fromSubject != null ? 1 : 0);
        if (format != Encoding.avro) {
            if (sources > 0) {
                throw EvctlException.usage(options + " go with " + formatOption + " avro");
            }
            if (!forKey && noAutoRegister && keyFormat != Encoding.avro) {
                throw EvctlException.usage("--no-auto-register goes with --value-format avro or --key-format avro");
            }
            return null;
        }
        if (sources != 1) {
            throw EvctlException.usage(formatOption + " avro needs exactly one of " + options.replace(", " + (forKey ? "--key-subject" : "--subject"),
                    " or " + (forKey ? "--key-subject" : "--subject")));
        }
        if (input == InputFormat.envelope) {
            throw EvctlException.usage("--input envelope already holds the exact bytes; " + formatOption + " avro converts JSON input");
        }
        dev.evctl.core.avro.AvroCodec.SchemaSource from;
        if (file != null) {
            try {
                from = new dev.evctl.core.avro.AvroCodec.FromText(Files.readString(file), file.toString());
            } catch (NoSuchFileException e) {
                throw EvctlException.badInput(prefix + "schema-file " + file + " does not exist");
            } catch (IOException e) {
                throw EvctlException.badInput("cannot read " + prefix + "schema-file " + file + ": " + e.getMessage());
            }
        } else if (id != null) {
            from = new dev.evctl.core.avro.AvroCodec.FromId(id);
        } else {
            from = new dev.evctl.core.avro.AvroCodec.FromSubject(fromSubject);
        }
        return dev.evctl.core.avro.AvroCodec.encoder(session.registry(registryUrl, kafka), topic, forKey, from, subjectStrategy,
                !noAutoRegister);
    }

    private Template compile(String text, String option, Random random) {
        String body = text;
        if (text.startsWith("@")) {
            Path path = Path.of(text.substring(1));
            try {
                body = Files.readString(path, StandardCharsets.UTF_8).stripTrailing();
            } catch (NoSuchFileException e) {
                throw EvctlException.badInput(option + " file " + path + " does not exist");
            } catch (IOException e) {
                throw EvctlException.badInput("cannot read " + option + " file " + path + ": " + e.getMessage());
            }
        }
        try {
            return Template.compile(body, random);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage("invalid " + option + ": " + e.getMessage());
        }
    }

    private List<RecordHeader> headers() {
        List<RecordHeader> out = new ArrayList<>();
        for (String h : headers) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw EvctlException.usage("invalid --header '" + h + "': expected NAME=VALUE");
            }
            out.add(new RecordHeader(h.substring(0, eq), h.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private Long timestamp() {
        if (timestamp == null) {
            return null;
        }
        if (timestamp.matches("\\d+")) {
            return Long.parseLong(timestamp);
        }
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw EvctlException.usage("invalid --timestamp '" + timestamp + "': expected epoch milliseconds or ISO-8601 (2026-11-22T05:00:00Z)");
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
