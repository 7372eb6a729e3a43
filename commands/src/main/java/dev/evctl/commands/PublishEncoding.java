package dev.evctl.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.evctl.codecs.WriterReferences;
import dev.evctl.codecs.avro.AvroCodec;
import dev.evctl.codecs.jsonschema.JsonSchemaEncoder;
import dev.evctl.codecs.protobuf.ProtoEncoder;
import dev.evctl.commands.schema.ReferenceSpecs;
import dev.evctl.core.EvctlException;
import dev.evctl.core.publish.InputFormat;
import dev.evctl.core.publish.ValueEncoder;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaType;
import dev.evctl.schema.registry.RegistryClient;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How publish encodes keys and values (as given, or Avro on the Confluent wire) and where their schemas come from. */
final class PublishEncoding {

    /**
     * How publish writes a key or value: as given (string), or Avro or Protobuf on the Confluent wire
     * (not tail's ValueFormat, which reads).
     */
    public enum Encoding {
        string,
        avro,
        protobuf,
        json_schema;

        /** As users write it: {@code json-schema}. */
        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    /** Reads {@code json-schema} (and the other names as they are). */
    static final class EncodingConverter implements CommandLine.ITypeConverter<Encoding> {
        @Override
        public Encoding convert(String value) {
            for (Encoding e : Encoding.values()) {
                if (e.toString().equals(value) || e.name().equals(value)) {
                    return e;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "expected one of string, avro, protobuf, json-schema (was '" + value + "')");
        }
    }

    /** The names completion and help offer. */
    static final class EncodingNames extends ArrayList<String> {
        EncodingNames() {
            super(List.of("string", "avro", "protobuf", "json-schema"));
        }
    }

    @Option(
            names = "--value-format",
            defaultValue = "string",
            paramLabel = "FORMAT",
            converter = EncodingConverter.class,
            completionCandidates = EncodingNames.class,
            description = "${COMPLETION-CANDIDATES}: avro and protobuf convert each JSON value to that format, "
                    + "json-schema validates it"
                    + " against the schema; all three frame it in the Confluent wire format (default: "
                    + "${DEFAULT-VALUE}).")
    Encoding valueFormat;

    @Option(
            names = "--schema-file",
            paramLabel = "FILE",
            description =
                    "With avro, protobuf or json-schema: the writer schema (.avsc, .proto, .json), registered unless"
                            + " --no-auto-register.")
    Path schemaFile;

    @Option(
            names = "--schema-id",
            paramLabel = "ID",
            description = "With avro or protobuf: a schema id already in the registry.")
    Integer schemaId;

    @Option(
            names = "--subject",
            paramLabel = "SUBJECT",
            description = "With avro or protobuf: the latest schema of this subject.")
    String subject;

    @Option(
            names = "--message",
            paramLabel = "NAME",
            description = "With protobuf: the message type of the values (default: the schema's first message, as "
                    + "Confluent's serializer).")
    String message;

    @Option(
            names = "--reference",
            paramLabel = "NAME=FILE|NAME=SUBJECT[:VERSION]",
            description = "With --schema-file: a schema the value schema uses (repeatable; Avro: dependencies first). A"
                    + " FILE is registered first, under the subject NAME (as Confluent's serializers register a"
                    + " Protobuf import); a SUBJECT is a registered one (default: its latest version).")
    List<String> references = new ArrayList<>();

    @Option(
            names = "--proto-path",
            paramLabel = "DIR",
            description = "With protobuf and a schema file: where its imports are found (repeatable, in order, as"
                    + " protoc's -I), after the importing file's own directory (which protoc does not search)."
                    + " Well-known types (google/protobuf/*.proto) are built in.")
    List<Path> protoPath = new ArrayList<>();

    @Option(
            names = "--key-format",
            defaultValue = "string",
            paramLabel = "FORMAT",
            converter = EncodingConverter.class,
            completionCandidates = EncodingNames.class,
            description = "${COMPLETION-CANDIDATES}: as --value-format, for keys (default: ${DEFAULT-VALUE}).")
    Encoding keyFormat;

    @Option(
            names = "--key-schema-file",
            paramLabel = "FILE",
            description =
                    "With --key-format avro or protobuf: the key's schema (.avsc, .proto), registered as TOPIC-key.")
    Path keySchemaFile;

    @Option(
            names = "--key-schema-id",
            paramLabel = "ID",
            description = "With --key-format avro or protobuf: a schema id already in the registry.")
    Integer keySchemaId;

    @Option(
            names = "--key-subject",
            paramLabel = "SUBJECT",
            description = "With --key-format avro or protobuf: the latest schema of this subject.")
    String keySubject;

    @Option(
            names = "--key-message",
            paramLabel = "NAME",
            description = "With --key-format protobuf: the message type of the keys.")
    String keyMessage;

    @Option(
            names = "--subject-strategy",
            defaultValue = "topic",
            paramLabel = "STRATEGY",
            description = "With --schema-file: ${COMPLETION-CANDIDATES} — TOPIC-value, the record's full name, or "
                    + "TOPIC-FULLNAME (default: ${DEFAULT-VALUE}).")
    AvroCodec.SubjectStrategy subjectStrategy;

    @Option(
            names = "--no-auto-register",
            description = "With --schema-file: require the schema to be registered already (production).")
    boolean noAutoRegister;

    @Mixin
    RegistryUrlOption registryUrl;

    /** {@code --generate-from SCHEMA}: that file is the value schema, and no other schema source may be given. */
    void generatedFrom(Path schema) {
        if (schemaId != null || subject != null || (schemaFile != null && !schemaFile.equals(schema))) {
            throw EvctlException.usage(
                    "--generate-from is the schema: it takes no --schema-file, --schema-id or --subject");
        }
        valueFormat = schema.getFileName().toString().endsWith(".proto") ? Encoding.protobuf : Encoding.avro;
        schemaFile = schema;
    }

    ValueEncoder values(Session session, KafkaOptions kafka, String topic, InputFormat input) {
        boolean fileWithReferences =
                schemaFile != null && (valueFormat == Encoding.avro || valueFormat == Encoding.protobuf);
        if (!references.isEmpty() && !fileWithReferences) {
            throw EvctlException.usage("--reference goes with --schema-file and --value-format avro or protobuf (a"
                    + " schema taken by --subject or --schema-id carries its registered references)");
        }
        if (!protoPath.isEmpty()
                && !((valueFormat == Encoding.protobuf && schemaFile != null)
                        || (keyFormat == Encoding.protobuf && keySchemaFile != null))) {
            throw EvctlException.usage("--proto-path goes with a Protobuf --schema-file or --key-schema-file");
        }
        return encoder(session, kafka, topic, input, false, valueFormat, schemaFile, schemaId, subject);
    }

    ValueEncoder keys(Session session, KafkaOptions kafka, String topic, InputFormat input) {
        return encoder(session, kafka, topic, input, true, keyFormat, keySchemaFile, keySchemaId, keySubject);
    }

    /** The options of one side of a record (key or value), named as the user typed them. */
    private record Side(boolean forKey, Encoding format, Path file, Integer id, String subject, String message) {
        String prefix() {
            return forKey ? "--key-" : "--";
        }

        String subjectOption() {
            return forKey ? "--key-subject" : "--subject";
        }

        String formatOption() {
            return forKey ? "--key-format" : "--value-format";
        }

        int sources() {
            return (file != null ? 1 : 0) + (id != null ? 1 : 0) + (subject != null ? 1 : 0);
        }
    }

    /**
     * The encoder of keys or values for their format (null for string); schema sources other than a file are read
     * from the registry now.
     */
    private ValueEncoder encoder(
            Session session,
            KafkaOptions kafka,
            String topic,
            InputFormat input,
            boolean forKey,
            Encoding format,
            Path file,
            Integer id,
            String fromSubject) {
        Side side = new Side(forKey, format, file, id, fromSubject, forKey ? keyMessage : message);
        if (!requireSchemaOptions(side, input)) {
            return null;
        }
        AvroCodec.SchemaSource from;
        WriterReferences writerReferences = WriterReferences.NONE;
        if (file != null) {
            String text = schemaText(side);
            from = new AvroCodec.FromText(text, file.toString());
            writerReferences =
                    writerReferences(side, text, () -> session.clients().registry(registryUrl.url(), kafka));
        } else if (id != null) {
            from = new AvroCodec.FromId(id);
        } else {
            from = new AvroCodec.FromSubject(fromSubject);
        }
        RegistryClient registry = session.clients().registry(registryUrl.url(), kafka);
        return switch (format) {
            case json_schema -> JsonSchemaEncoder.of(registry, topic, forKey, from, !noAutoRegister);
            case protobuf ->
                ProtoEncoder.of(
                        registry,
                        topic,
                        forKey,
                        from,
                        subjectStrategy,
                        !noAutoRegister,
                        side.message(),
                        writerReferences);
            default ->
                AvroCodec.encoder(registry, topic, forKey, from, subjectStrategy, !noAutoRegister, writerReferences);
        };
    }

    /** Refuses schema options that do not go together; false when the side is sent as a string (no encoder). */
    private boolean requireSchemaOptions(Side side, InputFormat input) {
        String formatOption = side.formatOption();
        if (side.message() != null && side.format() != Encoding.protobuf) {
            throw EvctlException.usage(
                    (side.forKey() ? "--key-message" : "--message") + " goes with " + formatOption + " protobuf");
        }
        if (side.format() == Encoding.string) {
            if (side.sources() > 0) {
                throw EvctlException.usage(side.prefix() + "schema-file, " + side.prefix() + "schema-id, "
                        + side.subjectOption() + " go with " + formatOption + " avro (or protobuf)");
            }
            if (!side.forKey() && noAutoRegister && keyFormat == Encoding.string) {
                throw EvctlException.usage("--no-auto-register goes with --value-format avro or --key-format avro");
            }
            return false;
        }
        if (side.sources() != 1) {
            throw EvctlException.usage(formatOption + " " + side.format() + " needs exactly one of " + side.prefix()
                    + "schema-file, " + side.prefix() + "schema-id or " + side.subjectOption());
        }
        if (input == InputFormat.envelope) {
            throw EvctlException.usage("--input envelope already holds the exact bytes; " + formatOption + " "
                    + side.format() + " converts JSON input");
        }
        return true;
    }

    /** The schema file's text, refused when it holds another format than the side sends. */
    private static String schemaText(Side side) {
        Path file = side.file();
        try {
            String text = Files.readString(file);
            SchemaType declared = side.format() == Encoding.protobuf
                    ? SchemaType.PROTOBUF
                    : side.format() == Encoding.json_schema ? SchemaType.JSON : SchemaType.AVRO;
            SchemaType.contradiction(declared, file, text).ifPresent(held -> {
                throw EvctlException.badInput(side.prefix() + "schema-file " + file + " holds " + held.named()
                        + ", not the " + declared.named() + " that " + side.formatOption() + " " + side.format()
                        + " sends");
            });
            return text;
        } catch (NoSuchFileException e) {
            throw EvctlException.badInput(side.prefix() + "schema-file " + file + " does not exist");
        } catch (IOException e) {
            throw EvctlException.badInput(
                    "cannot read " + side.prefix() + "schema-file " + file + ": " + e.getMessage());
        }
    }

    /** The references a schema file's writer schema carries: its imports (Protobuf) or --reference (Avro values). */
    private WriterReferences writerReferences(Side side, String text, Supplier<RegistryClient> registry) {
        List<SchemaCheck.Reference> given =
                references.stream().map(ReferenceSpecs::local).toList();
        boolean needsRegistry = given.stream().anyMatch(r -> r.file() == null);
        if (side.format() == Encoding.protobuf) {
            return WriterReferences.protobuf(
                    side.file(), text, protoPath, given, needsRegistry ? registry.get() : null);
        }
        if (side.format() == Encoding.avro && !side.forKey()) {
            return WriterReferences.avro(given, needsRegistry ? registry.get() : null);
        }
        return WriterReferences.NONE;
    }
}
