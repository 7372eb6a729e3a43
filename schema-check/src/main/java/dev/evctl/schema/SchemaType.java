package dev.evctl.schema;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The registry's three kinds of schema, named as its {@code schemaType} names them. */
public enum SchemaType {
    AVRO,
    PROTOBUF,
    JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The registry's name of the type ({@code null} in a registry answer means AVRO). */
    public static SchemaType ofRegistry(String schemaType) {
        return schemaType == null || schemaType.isBlank()
                ? AVRO
                : valueOf(schemaType.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * {@code avro}, {@code protobuf} (or {@code proto}), {@code json} (or {@code json-schema}), as a user writes it.
     */
    public static SchemaType parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "avro" -> AVRO;
            case "protobuf", "proto" -> PROTOBUF;
            case "json", "json-schema", "jsonschema" -> JSON;
            default ->
                throw new IllegalArgumentException(
                        "unknown schema type '" + text + "'; expected avro, protobuf or json");
        };
    }

    /**
     * The type a file holds: {@code .proto} is Protobuf, {@code .avsc} Avro; other files by their
     * content (a {@code $schema}, or JSON Schema keywords and no Avro {@code fields}, is JSON Schema;
     * a JSON document otherwise Avro; text that is not JSON and declares a syntax, package or message is Protobuf).
     */
    public static SchemaType infer(Path file, String text) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".proto")) {
            return PROTOBUF;
        }
        if (name.endsWith(".avsc")) {
            return AVRO;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (Exception notJson) {
            String t = text.stripLeading();
            return t.startsWith("syntax")
                            || t.startsWith("package")
                            || t.startsWith("message")
                            || t.startsWith("import")
                            || t.startsWith("//")
                            || t.startsWith("edition")
                    ? PROTOBUF
                    : AVRO;
        }
        if (node != null && node.isObject()) {
            if (node.has("$schema")
                    || node.has("properties")
                    || node.has("$ref")
                    || node.has("allOf")
                    || node.has("anyOf")
                    || node.has("oneOf")
                    || node.has("$defs")
                    || node.has("definitions")) {
                return JSON;
            }
            JsonNode type = node.get("type");
            if (type != null
                    && type.isTextual()
                    && !node.has("fields")
                    && !node.has("symbols")
                    && !node.has("items")
                    && !node.has("values")
                    && !node.has("size")
                    && switch (type.asText()) {
                        case "object", "integer", "number" -> true;
                        default -> false;
                    }) {
                return JSON;
            }
        }
        return AVRO;
    }

    /**
     * The type the file plainly holds when it is not the one {@code declared} (empty when it agrees, or when nothing
     * was declared): a {@code .proto} or Protobuf text against any other type and back, JSON Schema keywords declared
     * as Avro, an Avro record, enum or fixed declared as JSON Schema, and any other type in a {@code .avsc} file.
     */
    public static Optional<SchemaType> contradiction(SchemaType declared, Path file, String text) {
        if (declared == null) {
            return Optional.empty();
        }
        SchemaType inferred = infer(file, text);
        if (declared == JSON && isAvroNamedType(text)) {
            return Optional.of(AVRO);
        }
        if (declared == inferred) {
            return Optional.empty();
        }
        boolean plain = declared == PROTOBUF
                || inferred == PROTOBUF
                || (declared == AVRO && inferred == JSON && !isAvroNamedType(text))
                || file.getFileName().toString().matches(".*\\.(avsc|proto)$");
        return plain ? Optional.of(inferred) : Optional.empty();
    }

    /** The type as an error names it: Avro, Protobuf, JSON Schema (a bare "JSON" would say the file is JSON). */
    public String named() {
        return switch (this) {
            case AVRO -> "Avro";
            case PROTOBUF -> "Protobuf";
            case JSON -> "JSON Schema";
        };
    }

    /**
     * Whether the text is an Avro record, enum or fixed ({@code "type":"record"} with a {@code "name"}): no JSON
     * Schema has that shape, so a file of it declared as JSON Schema is a contradiction, not a guess.
     */
    public static boolean isAvroNamedType(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject() || !node.path("name").isTextual()) {
                return false;
            }
            String type = node.path("type").asText("");
            return (type.equals("record") && node.path("fields").isArray())
                    || (type.equals("enum") && node.path("symbols").isArray())
                    || (type.equals("fixed") && node.path("size").isNumber());
        } catch (Exception notJson) {
            return false;
        }
    }

    /** The file-name ending of the type, for subjects named after files. */
    public String extension() {
        return switch (this) {
            case AVRO -> ".avsc";
            case PROTOBUF -> ".proto";
            case JSON -> ".json";
        };
    }
}
