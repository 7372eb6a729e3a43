package dev.evctl.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

/** Parses Avro schema text the way the registry does: defaults are not validated. */
public final class AvroSchemas {

    private AvroSchemas() {
    }

    /**
     * Parses one schema.
     *
     * @throws InvalidSchemaException with the parser's reason, for anything the registry refuses
     */
    public static Schema parse(String text) {
        return parse(text, List.of()).schema();
    }

    /**
     * A schema parsed with the named types of its references already known: {@code referenced}
     * holds the referenced schemas' texts, each one after the schemas it needs itself.
     */
    public record Parsed(Schema schema, List<Schema> referenced) {

        /** The stored form: {@link #canonical(Schema)} with referenced types written by name only. */
        public String canonical() {
            return referenced.isEmpty() ? AvroSchemas.canonical(schema) : schema.toString(referenced, false);
        }
    }

    /**
     * Parses a schema whose named types may come from references, as the registry does for a
     * schema registered with a {@code references} array.
     *
     * @throws InvalidSchemaException naming the reference or the schema that is invalid
     */
    public static Parsed parse(String text, List<String> referenced) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("Empty schema", null);
        }
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
        for (int i = 0; i < referenced.size(); i++) {
            try {
                parser.parse(referenced.get(i));
            } catch (RuntimeException e) {
                throw new InvalidSchemaException("Invalid schema: reference " + (i + 1) + ": " + reason(e), e);
            }
        }
        List<Schema> known = new ArrayList<>(parser.getTypes().values());
        try {
            // The registry parses with validateDefaults=false: a default of the wrong type is accepted.
            return new Parsed(parser.parse(text), known);
        } catch (org.apache.avro.AvroRuntimeException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid schema: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new InvalidSchemaException("Invalid schema: " + reason(e), e);
        }
    }

    /**
     * Defaults of the wrong type ({@code "type":"int","default":"x"}): the registry accepts them
     * (it parses without validating defaults), so they are warnings, not verdicts; but a producer
     * that leaves such a field out fails. Avro's validating parser names the first one; its line is
     * where the field is declared. Empty when every default is valid (or the text is invalid anyway).
     */
    public static List<String> defaultWarnings(String text, List<String> referenced, String file) {
        Schema.Parser strict = new Schema.Parser().setValidateDefaults(true);
        try {
            referenced.forEach(strict::parse);
            strict.parse(text);
            return List.of();
        } catch (org.apache.avro.AvroTypeException e) {
            String message = firstLine(e.getMessage());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Invalid default for field (\\S+?):").matcher(message);
            int line = 1;
            if (m.find()) {
                java.util.regex.Matcher at = java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"" + java.util.regex.Pattern.quote(m.group(1)) + "\"")
                        .matcher(text);
                if (at.find()) {
                    line = (int) text.substring(0, at.start()).chars().filter(c -> c == '\n').count() + 1;
                }
            }
            return List.of(file + ":" + line + ": warning: " + message + " — the registry accepts it, but a producer that leaves"
                    + " the field out fails");
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof org.apache.avro.AvroRuntimeException || e instanceof IllegalArgumentException) {
            return firstLine(e.getMessage());
        }
        // Avro 1.12.1 throws NullPointerException for some unknown types ({"type":"nope"})
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys with a meaning in Avro; any other key of a schema or field object is a custom property. */
    private static final Set<String> RESERVED = Set.of("type", "name", "namespace", "doc", "fields", "symbols", "items",
            "values", "size", "default", "order", "aliases", "logicalType", "precision", "scale");

    /**
     * The registry's {@code normalize=true} text: the schema with the custom properties of every
     * schema and field in alphabetical order, so spellings that differ only in property order
     * become one text. Default values are left exactly as written.
     */
    public static String normalize(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return text; // not JSON: the parser will say why
        }
        return JSON.valueToTree(sortProps(tree)).toString();
    }

    private static JsonNode sortProps(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(sortProps(n)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JSON.createObjectNode();
        Map<String, JsonNode> custom = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!RESERVED.contains(e.getKey())) {
                custom.put(e.getKey(), e.getValue());
            } else if (e.getKey().equals("default")) {
                out.set(e.getKey(), e.getValue());
            } else {
                out.set(e.getKey(), sortProps(e.getValue()));
            }
        }
        custom.forEach(out::set);
        return out;
    }

    /** The custom-property-order-insensitive equality the registry applies within one subject. */
    public static boolean sameSchema(Schema a, Schema b) {
        return a.equals(b);
    }

    /**
     * The form the registry compares when it looks a schema up: two texts with the same form are
     * one version (whitespace, {"type":"string"} vs "string", full name vs name + namespace).
     */
    public static String canonical(Schema schema) {
        return schema.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
