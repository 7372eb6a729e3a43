package dev.evctl.codecs.jsonschema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.evctl.codecs.FramedEncoder;
import dev.evctl.codecs.RegistryErrors;
import dev.evctl.codecs.SchemaIds;
import dev.evctl.codecs.avro.AvroCodec;
import dev.evctl.core.EvctlException;
import dev.evctl.core.json.ExactJson;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.jsonschema.JsonSchemaFormat;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;

/**
 * Frames JSON values for a JSON Schema subject as Confluent's serializer does ({@code 00}, the
 * schema id, the JSON text), after validating each against the schema with a maintained validator
 * (networknt's, every draft the registry accepts): a value that breaks the schema is an error
 * naming where and which rule, and nothing is sent. The JSON is written compact with its numbers
 * as given (Java's serializer would re-render a double, {@code 1e+300} as {@code 1.0E300}).
 */
public final class JsonSchemaEncoder extends FramedEncoder {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BASE = "https://schemas.evctl.invalid/";

    private final RegistryClient registry;
    private final String text;
    private final JsonSchema validator;
    private final String subject;
    private final boolean autoRegister;
    private final List<RegistryClient.Reference> references;
    private volatile Integer id;

    private JsonSchemaEncoder(
            RegistryClient registry,
            String text,
            Map<String, String> referenced,
            List<RegistryClient.Reference> references,
            String subject,
            boolean autoRegister,
            Integer id,
            String origin) {
        this.registry = registry;
        this.text = text;
        this.references = references;
        try {
            JsonSchemaFormat.INSTANCE.parse(
                    text,
                    referenced.entrySet().stream()
                            .map(e -> new SchemaFormat.Referenced(e.getKey(), e.getValue(), null, null))
                            .toList());
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(origin + ": invalid JSON Schema: "
                    + (e.reason() != null
                            ? e.reason()
                            : e.getMessage().startsWith("Invalid JSON ") ? "not JSON" : e.getMessage()));
        }
        this.validator = validator(text, referenced);
        this.subject = subject;
        this.autoRegister = autoRegister;
        this.id = id;
    }

    private static JsonSchema validator(String text, Map<String, String> referenced) {
        JsonNode schema;
        try {
            schema = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw EvctlException.badInput("invalid JSON Schema: " + e.getOriginalMessage());
        }
        SpecVersion.VersionFlag draft =
                SpecVersionDetector.detectOptionalVersion(schema, false).orElse(SpecVersion.VersionFlag.V7);
        Map<String, String> byUri = new HashMap<>();
        referenced.forEach((name, body) -> byUri.put(name.contains(":") ? name : BASE + name, body));
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(draft, b -> b.schemaLoaders(l -> l.schemas(byUri)));
        return factory.getSchema(URI.create(BASE + "schema.json"), schema);
    }

    @Override
    protected byte[] frame(int schemaId, byte[] json) {
        if (json == null) {
            return null;
        }
        JsonNode value;
        try {
            value = ExactJson.read(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<ValidationMessage> problems = validator.validate(value);
        if (!problems.isEmpty()) {
            ValidationMessage first = problems.stream()
                    .min(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                    .orElseThrow();
            throw new IllegalArgumentException("does not match the JSON Schema: " + first.getMessage()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        byte[] payload;
        try {
            payload = MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.allocate(5 + payload.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(payload)
                .array();
    }

    @Override
    public synchronized int id() {
        if (id == null) {
            id = SchemaIds.registerOrFind(registry, subject, "JSON", text, references, autoRegister);
        }
        return id;
    }

    /**
     * The encoder for a schema source (only the topic strategy names JSON Schema subjects: a schema has no record
     * name).
     */
    public static JsonSchemaEncoder of(
            RegistryClient registry, String topic, boolean key, AvroCodec.SchemaSource source, boolean autoRegister) {
        try {
            if (source instanceof AvroCodec.FromText t) {
                return new JsonSchemaEncoder(
                        registry,
                        t.text(),
                        Map.of(),
                        List.of(),
                        topic + (key ? "-key" : "-value"),
                        autoRegister,
                        null,
                        t.origin());
            }
            if (source instanceof AvroCodec.FromId i) {
                RegistryClient.StoredSchema stored = registry.schema(i.id());
                SchemaIds.requireType(stored.schemaType(), "JSON", "schema id " + i.id());
                return new JsonSchemaEncoder(
                        registry,
                        stored.schema(),
                        fetch(registry, stored.references()),
                        stored.references(),
                        null,
                        false,
                        i.id(),
                        "schema id " + i.id());
            }
            AvroCodec.FromSubject s = (AvroCodec.FromSubject) source;
            RegistryClient.SubjectVersion latest = registry.version(s.subject(), "latest");
            SchemaIds.requireType(latest.schemaType(), "JSON", "subject '" + s.subject() + "'");
            return new JsonSchemaEncoder(
                    registry,
                    latest.schema(),
                    fetch(registry, latest.references()),
                    latest.references(),
                    s.subject(),
                    false,
                    latest.id(),
                    s.subject());
        } catch (RegistryException e) {
            throw RegistryErrors.translate(e);
        }
    }

    private static Map<String, String> fetch(RegistryClient registry, List<RegistryClient.Reference> references) {
        Map<String, String> out = new HashMap<>();
        for (RegistryClient.Reference r : references) {
            RegistryClient.SubjectVersion v = registry.version(r.subject(), Integer.toString(r.version()));
            out.putAll(fetch(registry, v.references()));
            out.put(r.name(), v.schema());
        }
        return out;
    }
}
