package dev.evctl.codecs.avro;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.codecs.FramedEncoder;
import dev.evctl.codecs.RegistryErrors;
import dev.evctl.codecs.SchemaIds;
import dev.evctl.codecs.WriterReferences;
import dev.evctl.core.EvctlException;
import dev.evctl.core.json.ExactJson;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;
import org.apache.avro.Schema;

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
    public static final class Encoder extends FramedEncoder {
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

        /** Converts and frames with this id; {@link IllegalArgumentException} names the field that does not fit. */
        @Override
        protected byte[] frame(int schemaId, byte[] json) {
            return ConfluentWire.encode(schemaId, schema, AvroJson.toAvro(parse(json), schema));
        }

        @Override
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
}
