package dev.evctl.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.protobuf.Descriptors;
import dev.evctl.codecs.avro.AvroRandom;
import dev.evctl.codecs.protobuf.ProtoRandom;
import dev.evctl.core.EvctlException;
import dev.evctl.core.publish.InputFormat;
import dev.evctl.core.publish.PublishRequest;
import dev.evctl.core.publish.Template;
import dev.evctl.core.record.RecordHeader;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaType;
import dev.evctl.schema.protobuf.ProtoDescriptors;
import dev.evctl.schema.protobuf.ProtoSchema;
import org.apache.avro.Schema;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Publish's record sources (one value, a file or stdin, a template, a schema to generate from) and record fields. */
final class PublishInput {

    /** Where the records come from: one of these, or stdin. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PublishSources sources = new PublishSources();

    @Option(
            names = {"-k", "--key"},
            description = "Key of the --value record, or of every generated record.")
    String key;

    @Option(
            names = {"-i", "--input"},
            defaultValue = "lines",
            paramLabel = "FORMAT",
            description = "Input format of --file/stdin: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    InputFormat input;

    @Option(
            names = "--key-separator",
            paramLabel = "SEP",
            description = "With --input lines: the key is the text before SEP.")
    String keySeparator;

    @Option(
            names = "--key-field",
            paramLabel = "FIELD",
            description = "With --input jsonl: take the key from this top-level field.")
    String keyField;

    @Option(
            names = "--value-field",
            paramLabel = "FIELD",
            description = "With --input jsonl: the value is this top-level field (text as is, anything else as "
                    + "JSON), not the whole line.")
    String valueField;

    @Option(
            names = "--headers-field",
            paramLabel = "FIELD",
            description =
                    "With --input jsonl: headers from this field, {\"name\":\"value\"} or [{\"name\":…,\"value\":…}].")
    String headersField;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "NAME=VALUE",
            description = "Add a header to every record (repeatable, order kept).")
    List<String> headers = new ArrayList<>();

    @Option(
            names = {"-p", "--partition"},
            description = "Send to this partition (default: by key).")
    Integer partition;

    @Option(
            names = "--timestamp",
            paramLabel = "TIME",
            description = "Record timestamp: epoch milliseconds or ISO-8601.")
    String timestamp;

    @Option(
            names = {"-n", "--count"},
            description = "How many records to send (generated, or copies of --value).")
    Long count;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            converter = RateConverter.class,
            description = "Records per second (default: as fast as possible).")
    double rate;

    @Option(names = "--key-template", paramLabel = "TEXT|@FILE", description = "Template of generated keys.")
    String keyTemplate;

    @Option(names = "--seed", description = "Seed of the generators, for repeatable test data.")
    Long seed;

    @Option(
            names = "--skip-invalid",
            description = "Send the valid lines of a file and list the invalid ones (exit code 5).")
    boolean skipInvalid;

    String value() {
        return sources == null ? null : sources.value;
    }

    boolean nullValue() {
        return sources != null && sources.nullValue;
    }

    Path file() {
        return sources == null ? null : sources.file;
    }

    String template() {
        return sources == null ? null : sources.template;
    }

    Path generateFrom() {
        return sources == null ? null : sources.generateFrom;
    }

    /** Where the records come from; every combination that cannot work is a usage error here, before any connection. */
    PublishRequest.Source source(Session session, String message) {
        // one source at most: declared by the Sources group, refused by picocli before this runs
        String value = value();
        boolean nullValue = nullValue();
        Path file = file();
        String template = template();
        boolean single = value != null || nullValue;
        if (generateFrom() != null) {
            return generated(message);
        }
        if (count != null && count < 1) {
            throw EvctlException.usage("--count must be at least 1, got " + count);
        }
        if (keyTemplate != null && template == null) {
            throw EvctlException.usage("--key-template needs --template or --generate-from");
        }
        if (template != null) {
            Random random = random();
            Template valueTemplate = PublishParsing.template(template, "--template", random);
            return new PublishRequest.Generated(valueTemplate, keys(random), count == null ? 1 : count);
        }
        if (single) {
            return new PublishRequest.Single(bytes(key), nullValue ? null : bytes(value), count == null ? 1 : count);
        }
        if (count != null) {
            throw EvctlException.usage("--count works with --value or --template, not with file or stdin input");
        }
        if (key != null) {
            throw EvctlException.usage(
                    "--key works with --value or --template; for lines use --key-separator or --key-field");
        }
        if (keySeparator != null && keySeparator.isEmpty()) {
            throw EvctlException.usage("--key-separator is empty: every key would be empty — give the text between"
                    + " key and value, e.g. --key-separator ':'");
        }
        if (keySeparator != null && input != InputFormat.lines) {
            throw EvctlException.usage("--key-separator works with --input lines only");
        }
        if ((keyField != null || valueField != null || headersField != null) && input != InputFormat.jsonl) {
            throw EvctlException.usage("--key-field, --value-field and --headers-field work with --input jsonl only");
        }
        if (file != null && !file.toString().equals("-")) {
            if (Files.isDirectory(file)) {
                throw EvctlException.badInput("--file " + file + " is a directory: give a file of records");
            }
            return new PublishRequest.Lines(file.toString(), file, null);
        }
        // -f - reads stdin, as the usual tools do
        if (session.env().containsKey("EVCTL_STDIN_IS_TERMINAL") || session.interactive()) {
            throw EvctlException.usage("no input: pass --value, --file or --template, or pipe records on stdin");
        }
        return new PublishRequest.Lines("<stdin>", null, session.in());
    }

    /**
     * {@code --generate-from}: random valid records of an Avro or Protobuf schema ({@code message}: the Protobuf
     * message, null for the first).
     */
    private PublishRequest.Source generated(String message) {
        Path generateFrom = generateFrom();
        Random random = random();
        Template keys = keys(random);
        String text;
        try {
            text = Files.readString(generateFrom);
        } catch (NoSuchFileException e) {
            throw EvctlException.badInput("--generate-from " + generateFrom + " does not exist");
        } catch (IOException e) {
            throw EvctlException.badInput("cannot read --generate-from " + generateFrom + ": " + e.getMessage());
        }
        // with --seed the data repeats exactly, so times count back from a fixed day instead of now
        Instant base = seed == null ? Instant.now() : Instant.parse("2026-01-01T00:00:00Z");
        long n = count == null ? 1 : count;
        if (SchemaType.infer(generateFrom, text) == SchemaType.PROTOBUF) {
            ProtoSchema schema;
            try {
                schema = ProtoSchema.parse(text);
            } catch (ProtoSchema.InvalidProto e) {
                throw EvctlException.badInput(generateFrom + (e.line() > 0 ? ":" + e.line() + ":" + e.column() : "")
                        + ": invalid schema: " + e.reason());
            } catch (InvalidSchemaException e) {
                throw EvctlException.badInput(generateFrom + ": invalid schema: " + e.getMessage());
            }
            Descriptors.Descriptor type;
            try {
                type = ProtoDescriptors.message(ProtoDescriptors.build(schema), message);
            } catch (IllegalArgumentException e) {
                throw EvctlException.usage("--message: " + e.getMessage());
            }
            return new PublishRequest.Generated(new ProtoRandom(type, random, base), keys, n);
        }
        Schema parsed;
        try {
            parsed = AvroSchemas.parse(text);
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(generateFrom + ": " + e.getMessage());
        }
        return new PublishRequest.Generated(new AvroRandom(parsed, random, base), keys, n);
    }

    private Random random() {
        return seed == null ? new Random() : new Random(seed);
    }

    private Template keys(Random random) {
        return keyTemplate != null
                ? PublishParsing.template(keyTemplate, "--key-template", random)
                : key != null ? PublishParsing.template(key, "--key", random) : null;
    }

    List<RecordHeader> headers() {
        return PublishParsing.headers(headers);
    }

    Long timestamp() {
        return PublishParsing.timestamp(timestamp);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
