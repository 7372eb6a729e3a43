package dev.evctl.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;

/** Parses Avro schema text the way the registry does: defaults are not validated. */
public final class AvroSchemas {

    private AvroSchemas() {}

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
        } catch (AvroRuntimeException | IllegalArgumentException e) {
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
        } catch (AvroTypeException e) {
            String message = firstLine(e.getMessage());
            Matcher m = Pattern.compile("Invalid default for field (\\S+?):").matcher(message);
            int line = 1;
            if (m.find()) {
                Matcher at = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(m.group(1)) + "\"")
                        .matcher(text);
                if (at.find()) {
                    line = (int) text.substring(0, at.start())
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count()
                            + 1;
                }
            }
            return List.of(file + ":" + line + ": warning: " + message
                    + " — the registry accepts it, but a producer that leaves" + " the field out fails");
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof AvroRuntimeException || e instanceof IllegalArgumentException) {
            return firstLine(e.getMessage());
        }
        // Avro 1.12.1 throws NullPointerException for some unknown types ({"type":"nope"})
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys with a meaning in Avro; any other key of a schema or field object is a custom property. */
    private static final Set<String> RESERVED = Set.of(
            "type",
            "name",
            "namespace",
            "doc",
            "fields",
            "symbols",
            "items",
            "values",
            "size",
            "default",
            "order",
            "aliases",
            "logicalType",
            "precision",
            "scale");

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

    /** Why a schema text is invalid in plain words, and the line of the text it points at (1 when unknown). */
    public record Located(int line, String reason) {}

    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field (\\S+) in record (\\S+?):");
    private static final Pattern UNDEFINED = Pattern.compile("Undefined (?:schema|name): \"?([^\"\\s]+)\"?");
    private static final Pattern NO_TYPE = Pattern.compile("No field type: (\\{.*)");
    private static final Pattern BAD_NAME = Pattern.compile("Illegal (?:initial )?character(?: in)?: (\\S+)");
    private static final Pattern DUPLICATE_SYMBOL = Pattern.compile("Duplicate enum symbol: (\\S+)");
    private static final Pattern DUPLICATE_IN_UNION = Pattern.compile("Duplicate in union: ?(\\S+)");
    private static final Pattern JACKSON_SOURCE =
            Pattern.compile("\\s*at \\[Source: [^;\\]]*(?:\\([^)]*\\))?[^;\\]]*; line: (\\d+), column: \\d+\\]");

    /**
     * The parser's reason for an invalid schema, in plain words and without the parser's internals
     * (class names, placeholder types, Jackson's source notes), with the line it is about: the
     * second declaration of a duplicate field or symbol, the use of an undefined type, the bad
     * name. Best effort: line 1 when the text does not show where.
     */
    public static Located locate(String text, InvalidSchemaException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String body = message.startsWith("Invalid schema: ") ? message.substring("Invalid schema: ".length()) : message;
        body = body.replace("org.apache.avro.SchemaParseException: ", "")
                .replace("com.fasterxml.jackson.core.JsonParseException: ", "");
        if (body.startsWith("reference ")) {
            return new Located(1, body); // about another text: its own file is checked (and located) on its own
        }
        Matcher m;
        if ((m = JACKSON_SOURCE.matcher(body)).find()) {
            int line = Integer.parseInt(m.group(1));
            return new Located(line, "invalid JSON: " + m.replaceAll("").strip());
        }
        if ((m = DUPLICATE_FIELD.matcher(body)).find()) {
            return new Located(
                    nth(text, nameKey(m.group(1)), 2),
                    "field '" + m.group(1) + "' is declared twice in record " + m.group(2));
        }
        if ((m = UNDEFINED.matcher(body)).find()) {
            String type = m.group(1);
            return new Located(
                    use(text, type),
                    "unknown type '" + type + "': not a primitive type, nor a named type defined before it"
                            + " (in this schema or a declared reference)");
        }
        if ((m = NO_TYPE.matcher(body)).find()) {
            String field = fieldName(m.group(1));
            return new Located(
                    field == null ? 1 : nth(text, nameKey(field), 1),
                    "field " + (field == null ? "" : "'" + field + "' ") + "has no \"type\"");
        }
        if ((m = BAD_NAME.matcher(body)).find()) {
            return new Located(
                    nth(text, quoted(m.group(1)), 1),
                    "invalid name '" + m.group(1) + "': a name starts with a letter or _"
                            + " and has only letters, digits and _ (a namespace: such names joined by dots)");
        }
        if ((m = DUPLICATE_SYMBOL.matcher(body)).find()) {
            return new Located(nth(text, quoted(m.group(1)), 2), "enum symbol '" + m.group(1) + "' is listed twice");
        }
        if ((m = DUPLICATE_IN_UNION.matcher(body)).find()) {
            return new Located(nth(text, quoted(m.group(1)), 2), "the union lists '" + m.group(1) + "' twice");
        }
        return new Located(1, body.replaceAll("UnresolvedSchema_\\d+", "(a type not defined yet)"));
    }

    private static String nameKey(String name) {
        return "\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"";
    }

    private static String quoted(String value) {
        return "\"" + Pattern.quote(value) + "\"";
    }

    /** The line of the n-th match of the regex (the last one when there are fewer), 1 when none. */
    private static int nth(String text, String regex, int n) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int at = -1;
        for (int i = 0; i < n && m.find(); i++) {
            at = m.start();
        }
        return at < 0 ? 1 : lineOf(text, at);
    }

    /** The line where a type name is used as a type (a string value that is not a name, namespace or doc). */
    private static int use(String text, String type) {
        Matcher m = Pattern.compile(quoted(type)).matcher(text);
        while (m.find()) {
            String before = text.substring(Math.max(0, m.start() - 40), m.start());
            if (!before.matches("(?s).*\"(?:name|namespace|doc|aliases)\"\\s*:\\s*\\[?\\s*$")) {
                return lineOf(text, m.start());
            }
        }
        return 1;
    }

    private static String fieldName(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n.hasNonNull("name") ? n.get("name").asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
