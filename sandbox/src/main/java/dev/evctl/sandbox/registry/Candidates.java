package dev.evctl.sandbox.registry;

import static dev.evctl.sandbox.registry.Rest.JSON;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.SchemaFormats;
import dev.evctl.schema.SchemaType;
import dev.evctl.schema.jsonschema.JsonSchemaFormat;
import dev.evctl.schema.protobuf.ProtoDescriptors;
import dev.evctl.schema.protobuf.ProtoFormat;
import dev.evctl.schema.protobuf.ProtoSchema;
import dev.evctl.schema.registry.RegistryClient.Reference;

/**
 * Validation: a schema from a request read as the real registry reads it (its type, its references resolved from the
 * store), refused in the real registry's words; and a stored version parsed with its references.
 */
final class Candidates {

    /** A schema from a request: parsed, its stored text, and its references. */
    record Candidate(SchemaType type, Object schema, String canonical, List<Reference> references) {}

    private final SchemaStore store;

    Candidates(SchemaStore store) {
        this.store = store;
    }

    Candidate parse(String body, String subject, boolean normalize) {
        JsonNode request = Rest.readBody(body);
        SchemaType type = type(request);
        JsonNode text = request.get("schema");
        if (text == null || text.isNull()) {
            throw new Failure(422, 42201, "Empty schema");
        }
        List<Reference> references = new ArrayList<>();
        for (JsonNode r : request.path("references")) {
            references.add(new Reference(
                    r.path("name").asText(),
                    r.path("subject").asText(),
                    r.path("version").asInt()));
        }
        if (type != SchemaType.AVRO && text.asText().isEmpty()) {
            throw new Failure(422, 42201, "Empty schema");
        }
        return switch (type) {
            case JSON -> jsonSchema(text.asText(), references, subject, normalize);
            case PROTOBUF -> protobuf(text.asText(), references, subject, normalize);
            default -> avro(text.asText(), references, subject, normalize);
        };
    }

    /** The request's schema type; data contract fields are refused, not dropped. */
    private static SchemaType type(JsonNode request) {
        JsonNode schemaType = request.get("schemaType");
        if (schemaType != null && !List.of("AVRO", "JSON", "PROTOBUF").contains(schemaType.asText())) {
            throw new Failure(
                    422, 42201, "Invalid schema type " + schemaType.asText()); // as the real registry words it
        }
        for (String unsupported : List.of("metadata", "ruleSet")) {
            if (request.hasNonNull(unsupported)) {
                // data contracts: refused out loud rather than dropped, so nobody relies on rules the sandbox never
                // applies
                throw new Failure(
                        422,
                        42201,
                        "Invalid schema: the sandbox registry does not support '" + unsupported
                                + "' (data contract metadata and rules); register without it");
            }
        }
        return SchemaType.ofRegistry(schemaType == null ? null : schemaType.asText());
    }

    private Candidate jsonSchema(String text, List<Reference> references, String subject, boolean normalize) {
        try {
            JsonNode document = JSON.readTree(text);
            if (normalize) {
                document = sortedKeys(document); // the registry's normalized JSON Schema: object keys in order
            }
            JsonSchemaFormat.Parsed parsed =
                    JsonSchemaFormat.INSTANCE.parse(document.toString(), referenced(references, subject));
            return new Candidate(SchemaType.JSON, parsed, parsed.compact(), references);
        } catch (JsonProcessingException e) {
            throw new Failure(
                    422, 42201, invalidSchema(subject, text, references, SchemaType.JSON, "Invalid JSON " + text));
        } catch (InvalidSchemaException e) {
            // the real registry words a schema it read but its validator refuses from an object with version 0 and id
            // -1
            throw new Failure(422, 42201, unresolved(subject, text, references, SchemaType.JSON, e));
        }
    }

    private Candidate protobuf(String text, List<Reference> references, String subject, boolean normalize) {
        try {
            ProtoSchema parsed = ProtoFormat.INSTANCE.parse(text, referenced(references, subject));
            return new Candidate(
                    SchemaType.PROTOBUF, parsed, normalize ? parsed.normalized() : parsed.canonical(), references);
        } catch (InvalidSchemaException e) {
            if (e.getMessage().startsWith("Could not resolve type")) {
                // the real registry words a type it cannot find after parsing, from a schema object with version 0
                // and id -1
                throw new Failure(422, 42201, unresolved(subject, text, references, SchemaType.PROTOBUF, e));
            }
            String details = e.getMessage().startsWith("Syntax error")
                    ? "Could not parse Protobuf - " + e.getMessage()
                    : e.getMessage();
            throw new Failure(422, 42201, invalidSchema(subject, text, references, SchemaType.PROTOBUF, details));
        }
    }

    private Candidate avro(String text, List<Reference> references, String subject, boolean normalize) {
        try {
            AvroSchemas.Parsed parsed = AvroSchemas.parse(
                    normalize ? AvroSchemas.normalize(text) : text,
                    referenced(references, subject).stream()
                            .map(SchemaFormat.Referenced::text)
                            .toList());
            return new Candidate(SchemaType.AVRO, parsed.schema(), parsed.canonical(), references);
        } catch (InvalidSchemaException e) {
            throw new Failure(422, 42201, invalidAvro(subject, text, references, e));
        }
    }

    /**
     * A stored schema in the {@code format} a GET asks for. Protobuf's {@code serialized} is the base64
     * {@code FileDescriptorProto} a client builds descriptors from without parsing the text; any other format
     * (or type) is the stored text, as the real registry answers formats it does not know.
     */
    String formatted(SchemaStore.Version v, String format) {
        if ("serialized".equals(format) && v.schemaType().equals("PROTOBUF")) {
            ProtoSchema schema = (ProtoSchema) parsed(v);
            return Base64.getEncoder()
                    .encodeToString(ProtoDescriptors.serialized(schema).toByteArray());
        }
        return v.schema();
    }

    /** A stored version parsed with its references, by its type. */
    Object parsed(SchemaStore.Version v) {
        return SchemaFormats.of(SchemaType.ofRegistry(v.schemaType()))
                .parse(v.schema(), referenced(v.references(), v.subject()));
    }

    /** The referenced schemas, each after those it references itself, with the names the references give them. */
    private List<SchemaFormat.Referenced> referenced(List<Reference> references, String subject) {
        List<SchemaFormat.Referenced> out = new ArrayList<>();
        collect(references, subject, out, new HashSet<>());
        return out;
    }

    private void collect(
            List<Reference> references, String subject, List<SchemaFormat.Referenced> out, Set<String> seen) {
        for (Reference r : references) {
            if (!seen.add(r.subject() + ":" + r.version())) {
                continue;
            }
            SchemaStore.Version target = store.versions(r.subject(), false).stream()
                    .filter(v -> v.version() == r.version())
                    .findFirst()
                    .orElseThrow(() -> new Failure(
                            422,
                            42201,
                            "Invalid schema {subject=" + subject + "}: reference " + r.name() + " names version "
                                    + r.version() + " of subject '" + r.subject() + "', which does not exist"));
            collect(target.references(), subject, out, seen);
            out.add(new SchemaFormat.Referenced(r.name(), target.schema(), r.subject(), r.version()));
        }
    }

    /**
     * The real registry's message for an invalid schema: the request as its Java object prints
     * itself, then the parser's details (evctl's Avro parser's words, which can differ from the
     * real registry's for the same mistake).
     */
    private static String invalidAvro(
            String subject, String text, List<Reference> references, InvalidSchemaException e) {
        String details = e.getMessage().startsWith("Invalid schema: ")
                ? e.getMessage().substring("Invalid schema: ".length())
                : e.getMessage();
        String whole = e.getCause() == null ? null : e.getCause().getMessage();
        if (whole != null && whole.lines().findFirst().orElse("").equals(details)) {
            details = whole; // the parser's whole message, its location line too, as the real registry passes it on
        }
        return invalidSchema(subject, text, references, SchemaType.AVRO, details);
    }

    private static String invalidSchema(
            String subject, String text, List<Reference> references, SchemaType type, String details) {
        String refs = referencesText(references);
        return "Invalid schema {subject=" + subject + ",version=null,id=null,schemaType=" + type + ",references=" + refs
                + ",metadata=null,ruleSet=null,schema=" + text + ",schemaTags=null} with refs " + refs + " of type "
                + type
                + ", details: " + details;
    }

    /** A schema the registry parsed but could not accept, printed as its object with version 0 and id -1. */
    private static String unresolved(
            String subject, String text, List<Reference> references, SchemaType type, InvalidSchemaException e) {
        return "Invalid schema {subject=" + subject + ",version=0,id=-1,schemaType=" + type + ",references="
                + referencesText(references) + ",metadata=null,ruleSet=null,schema=" + text
                + ",schemaTags=null}, details: " + e.getMessage();
    }

    /** References as the real registry's messages print them: {@code [{name='…', subject='…', version=N}]}. */
    private static String referencesText(List<Reference> references) {
        return references.stream()
                .map(r -> "{name='" + r.name() + "', subject='" + r.subject() + "', version=" + r.version() + "}")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            names.forEach(n -> out.set(n, sortedKeys(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(e -> out.add(sortedKeys(e)));
            return out;
        }
        return node;
    }
}
