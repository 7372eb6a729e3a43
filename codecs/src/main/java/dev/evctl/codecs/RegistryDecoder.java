package dev.evctl.codecs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DynamicMessage;
import dev.evctl.codecs.avro.AvroJson;
import dev.evctl.codecs.avro.ConfluentWire;
import dev.evctl.core.json.ExactJson;
import dev.evctl.core.json.JsonSyntax;
import dev.evctl.core.tail.FramedDecoder;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.protobuf.ProtoFormat;
import dev.evctl.schema.protobuf.ProtoReader;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;

/**
 * Decodes framed values to JSON, fetching each writer schema once per id: Avro, and Protobuf
 * (the id's schema type in the registry decides; its references are fetched too).
 */
public final class RegistryDecoder implements FramedDecoder {
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

    public RegistryDecoder(RegistryClient registry, boolean readable) {
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
    public RegistryDecoder expecting(String schemaType, String option, Consumer<String> notes) {
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
                    new ProtoReader(ProtoFormat.INSTANCE.parse(
                            stored.schema(), SchemaCheck.registered(registry, stored.references())));
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
            throw new IllegalArgumentException("a JSON Schema value with more than one JSON value after the header");
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

    @Override
    public JsonNode tree(byte[] framed) {
        return decodeDatum(framed).toJson();
    }

    @Override
    public byte[] json(byte[] framed) {
        return toJsonBytes(framed);
    }
}
