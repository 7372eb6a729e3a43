package dev.evctl.core.avro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DynamicMessage;
import dev.evctl.core.EvctlException;
import dev.evctl.core.RegistryErrors;
import dev.evctl.core.SchemaIds;
import dev.evctl.core.WriterReferences;
import dev.evctl.core.json.ExactJson;
import dev.evctl.core.json.JsonSyntax;
import dev.evctl.core.publish.ValueEncoder;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.protobuf.ProtoReader;
import dev.evctl.schema.protobuf.ProtoSchema;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;

/** Avro values in the Confluent wire format, with schemas resolved through a registry. */
public final class AvroCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a subject is named for a topic's values or keys. */
    public enum SubjectStrategy {
        topic,
        record,
        topic_record
    }

    /** Where the writer schema comes from. */
    public sealed interface SchemaSource {}

    /** A schema file's text; registered (or looked up with auto-registration off) under the strategy's subject. */
    public record FromText(String text, String origin) implements SchemaSource {}

    /** A schema id already in the registry. */
    public record FromId(int id) implements SchemaSource {}

    /** The latest version of a subject. */
    public record FromSubject(String subject) implements SchemaSource {}

    /**
     * Turns JSON values into framed Avro. {@link #check} converts without touching the registry
     * (for the validation pass); {@link #encode} registers or looks up the schema on first use.
     */
    public static final class Encoder implements ValueEncoder {
        private final RegistryClient registry;
        private final Schema schema;
        private final String text;
        private final String subject;
        private final boolean autoRegister;
        private final WriterReferences references;
        private volatile Integer id;

        private Encoder(
                RegistryClient registry,
                Schema schema,
                String text,
                String subject,
                boolean autoRegister,
                Integer id,
                WriterReferences references) {
            this.registry = registry;
            this.references = references;
            this.schema = schema;
            this.text = text;
            this.subject = subject;
            this.autoRegister = autoRegister;
            this.id = id;
        }

        public Schema schema() {
            return schema;
        }

        /** Converts and encodes with a placeholder id; throws {@link IllegalArgumentException} naming the field. */
        @Override
        public byte[] check(byte[] json) {
            return ConfluentWire.encode(0, schema, AvroJson.toAvro(parse(json), schema));
        }

        @Override
        public byte[] encode(byte[] json) {
            return ConfluentWire.encode(id(), schema, AvroJson.toAvro(parse(json), schema));
        }

        /** The schema id, registering the schema (or looking it up) the first time. */
        public synchronized int id() {
            if (id == null) {
                id = SchemaIds.registerOrFind(
                        registry, subject, null, text, references.resolve(registry, null, autoRegister), autoRegister);
            }
            return id;
        }

        private static JsonNode parse(byte[] json) {
            if (json == null) {
                return null;
            }
            try {
                return ExactJson.read(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid JSON: "
                        + e.getOriginalMessage().lines().findFirst().orElse(""));
            } catch (IOException e) {
                throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
            }
        }
    }

    /** Resolves the writer schema; registry calls happen here only for ids and subjects. */
    public static Encoder encoder(
            RegistryClient registry,
            String topic,
            boolean key,
            SchemaSource source,
            SubjectStrategy strategy,
            boolean autoRegister,
            WriterReferences references) {
        try {
            if (source instanceof FromText t) {
                Schema schema = parse(t.text(), references.forParsing(), t.origin());
                return new Encoder(
                        registry,
                        schema,
                        t.text(),
                        subject(topic, key, schema, strategy),
                        autoRegister,
                        null,
                        references);
            }
            if (source instanceof FromId i) {
                RegistryClient.StoredSchema stored = registry.schema(i.id());
                return new Encoder(
                        registry,
                        parse(
                                stored.schema(),
                                SchemaCheck.registered(registry, stored.references()),
                                "schema id " + i.id()),
                        stored.schema(),
                        null,
                        false,
                        i.id(),
                        WriterReferences.NONE);
            }
            FromSubject s = (FromSubject) source;
            RegistryClient.SubjectVersion latest = registry.version(s.subject(), "latest");
            return new Encoder(
                    registry,
                    parse(latest.schema(), SchemaCheck.registered(registry, latest.references()), s.subject()),
                    latest.schema(),
                    s.subject(),
                    false,
                    latest.id(),
                    WriterReferences.NONE);
        } catch (RegistryException e) {
            throw RegistryErrors.translate(e);
        }
    }

    /** An Avro schema with the schemas it references (their texts, dependencies first). */
    private static Schema parse(String text, List<SchemaFormat.Referenced> referenced, String origin) {
        try {
            return AvroSchemas.parse(
                            text,
                            referenced.stream()
                                    .map(SchemaFormat.Referenced::text)
                                    .toList())
                    .schema();
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(origin + ": " + e.getMessage()
                    + (referenced.isEmpty() && e.getMessage().contains("Undefined")
                            ? " — a type from another schema: pass it with --reference NAME=FILE or NAME=SUBJECT"
                            : ""));
        }
    }

    static String subject(String topic, boolean key, Schema schema, SubjectStrategy strategy) {
        String suffix = key ? "-key" : "-value";
        return switch (strategy) {
            case topic -> topic + suffix;
            case record -> schema.getFullName();
            case topic_record -> topic + "-" + schema.getFullName();
        };
    }

    /**
     * Decodes framed values to JSON, fetching each writer schema once per id: Avro, and Protobuf
     * (the id's schema type in the registry decides; its references are fetched too).
     */
    public static final class Decoder {
        private final RegistryClient registry;
        private final boolean readable;
        /** A JSON Schema id: its values are JSON text after the 5-byte header, shown as they are. */
        private static final Object JSON_SCHEMA = new Object();

        /** Per id: an Avro {@link Schema}, a {@link ProtoReader}, or {@link #JSON_SCHEMA}. */
        private final Map<Integer, Object> schemas = new ConcurrentHashMap<>();

        private final Map<Integer, GenericDatumReader<Object>> readers = new ConcurrentHashMap<>();

        private String expected;
        private String expectedBy;
        private Consumer<String> notes = note -> {};

        public Decoder(RegistryClient registry, boolean readable) {
            this.registry = registry;
            this.readable = readable;
        }

        /**
         * Says (once per schema id, to {@code notes}) when an id's schema type is not the one the user named: the
         * id decides how a value is decoded, and a user who asked for another type is told, not silently overruled.
         *
         * @param schemaType the registry's name of the type asked for (AVRO, PROTOBUF, JSON)
         * @param option     how the user asked for it ("--value-format jsonschema")
         */
        public Decoder expecting(String schemaType, String option, Consumer<String> notes) {
            this.expected = schemaType;
            this.expectedBy = option;
            this.notes = notes;
            return this;
        }

        /** A decoded value (an Avro datum with its writer schema, or a Protobuf message), rendered on demand. */
        public record Decoded(Object datum, Schema schema, boolean readable) {
            public JsonNode toJson() {
                if (datum instanceof JsonNode json) {
                    return json;
                }
                if (datum instanceof DynamicMessage m) {
                    try {
                        return ExactJson.read(ProtoReader.json(m).getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return AvroJson.toJson(datum, schema, readable);
            }
        }

        /** Decodes a framed value; {@link IllegalArgumentException} says why a record cannot be decoded. */
        public Decoded decodeDatum(byte[] bytes) {
            int id = ConfluentWire.schemaId(bytes);
            Object held = schemas.computeIfAbsent(id, this::fetch);
            if (held instanceof ProtoReader proto) {
                return new Decoded(proto.read(bytes), null, readable);
            }
            if (held == JSON_SCHEMA) {
                return new Decoded(jsonPayload(bytes), null, readable);
            }
            Schema writer = (Schema) held;
            var reader = readers.computeIfAbsent(id, i -> new GenericDatumReader<>(writer));
            return new Decoded(ConfluentWire.decode(bytes, writer, reader), writer, readable);
        }

        /**
         * A framed value as JSON text, without a datum in between; {@link IllegalArgumentException} says why it
         * cannot be.
         */
        public byte[] toJsonBytes(byte[] bytes) {
            int id = ConfluentWire.schemaId(bytes);
            Object held = schemas.get(id); // get first: computeIfAbsent(id, this::fetch) makes a lambda per record
            if (held == null) {
                held = schemas.computeIfAbsent(id, this::fetch);
            }
            if (held instanceof ProtoReader proto) {
                return proto.json(bytes);
            }
            if (held == JSON_SCHEMA) {
                requireJson(bytes); // shown as it is, but it must be one JSON value
                return Arrays.copyOfRange(bytes, 5, bytes.length);
            }
            return ConfluentWire.toJson(bytes, (Schema) held, readable);
        }

        private Object fetch(int id) {
            try {
                RegistryClient.StoredSchema stored = registry.schema(id);
                if (expected != null && !expected.equals(stored.schemaType())) {
                    notes.accept("note: schema id " + id + " is " + stored.schemaType() + ", not the " + expected + " "
                            + expectedBy + " names: its records are decoded as " + stored.schemaType());
                }
                return switch (stored.schemaType()) {
                    case "PROTOBUF" ->
                        new ProtoReader(ProtoSchema.parse(stored.schema(), dependencies(stored.references())));
                    case "AVRO" ->
                        AvroSchemas.parse(
                                        stored.schema(),
                                        SchemaCheck.registered(registry, stored.references()).stream()
                                                .map(SchemaFormat.Referenced::text)
                                                .toList())
                                .schema();
                    case "JSON" -> JSON_SCHEMA;
                    default ->
                        throw new IllegalArgumentException("schema id " + id + " is " + stored.schemaType()
                                + ": evctl decodes AVRO, PROTOBUF and JSON values");
                };
            } catch (RegistryException e) {
                if (e.errorCode() == 40403) {
                    throw new IllegalArgumentException("unknown schema id " + id + " (not in the registry)");
                }
                throw RegistryErrors.translate(e);
            } catch (InvalidSchemaException e) {
                throw new IllegalArgumentException("schema id " + id + " cannot be read: " + e.getMessage());
            }
        }

        /** One JSON value after the header, checked without parsing it (JsonSyntax). */
        private static void requireJson(byte[] bytes) {
            String problem = JsonSyntax.problem(bytes, 5, bytes.length - 5);
            if (problem == null) {
                return;
            }
            if (problem.equals("no JSON value")) {
                throw new IllegalArgumentException("a JSON Schema value with no JSON after the header");
            }
            if (problem.startsWith("more than one JSON value")) {
                throw new IllegalArgumentException(
                        "a JSON Schema value with more than one JSON value after the header");
            }
            throw new IllegalArgumentException("a JSON Schema value that is not JSON: " + problem);
        }

        private static JsonNode jsonPayload(byte[] bytes) {
            try {
                return ExactJson.read(Arrays.copyOfRange(bytes, 5, bytes.length));
            } catch (IOException e) {
                throw new IllegalArgumentException("a JSON Schema value that is not JSON: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }

        /** The files a Protobuf schema imports, fetched from the subjects its references name (recursively). */
        private Map<String, ProtoSchema.Dependency> dependencies(List<RegistryClient.Reference> references) {
            Map<String, ProtoSchema.Dependency> out = new LinkedHashMap<>();
            for (RegistryClient.Reference r : references) {
                RegistryClient.SubjectVersion v = registry.version(r.subject(), Integer.toString(r.version()));
                ProtoSchema dep = ProtoSchema.parse(v.schema(), dependencies(v.references()));
                out.putAll(dep.dependencies());
                out.put(r.name(), new ProtoSchema.Dependency(r.name(), dep.file(), r.subject(), r.version()));
            }
            return out;
        }
    }
}
