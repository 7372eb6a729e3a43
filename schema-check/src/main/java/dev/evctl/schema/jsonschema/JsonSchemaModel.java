package dev.evctl.schema.jsonschema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evctl.schema.InvalidSchemaException;

/**
 * A JSON Schema read the way the registry's validator library reads one, because its compatibility
 * rules work on that reading: a {@code type} list is an anyOf of one schema per type, several
 * independent keywords (a type and an {@code enum}, a type and an {@code allOf}) are an allOf of
 * each, {@code true}/{@code {}} accept anything and {@code false} nothing, and a {@code $ref} is
 * followed lazily (a recursive schema is a cycle of objects).
 */
final class JsonSchemaModel {

    private JsonSchemaModel() {}

    /** Any schema; {@code raw} is the JSON it was read from (equal raw JSON: the same subschema). */
    abstract static class Node {
        JsonNode raw;
        String id;
        String title;
        String description;
        JsonNode defaultValue;

        boolean hasDefault() {
            return defaultValue != null;
        }
    }

    static final class Empty extends Node {}

    /** {@code true}: a kind of {@link Empty}. */
    static final class True extends Node {}

    static final class False extends Node {}

    static final class Str extends Node {
        Integer minLength;
        Integer maxLength;
        String pattern;
    }

    static final class Num extends Node {
        boolean integer;
        Number minimum;
        Number maximum;
        Number exclusiveMinimum;
        Number exclusiveMaximum;
        Number multipleOf;
    }

    static final class Bool extends Node {}

    static final class Null extends Node {}

    static final class Obj extends Node {
        final Map<String, Node> properties = new LinkedHashMap<>();
        final List<String> required = new ArrayList<>();
        boolean additionalPermitted = true;
        Node additionalSchema;
        final Map<Pattern, Node> patternProperties = new LinkedHashMap<>();
        final Map<String, Set<String>> propertyDependencies = new LinkedHashMap<>();
        final Map<String, Node> schemaDependencies = new LinkedHashMap<>();
        Integer minProperties;
        Integer maxProperties;
    }

    static final class Arr extends Node {
        Node allItems;
        List<Node> itemSchemas;
        boolean additionalPermitted = true;
        Node additionalSchema;
        Integer minItems;
        Integer maxItems;
        boolean unique;
    }

    static final class Enum extends Node {
        final Set<JsonNode> values = new LinkedHashSet<>();
    }

    static final class Const extends Node {
        JsonNode value;
    }

    static final class Not extends Node {
        Node mustNotMatch;
    }

    static final class Combined extends Node {
        String criterion; // allOf, anyOf, oneOf
        final List<Node> subschemas = new ArrayList<>();
    }

    static final class Ref extends Node {
        String pointer;
        Supplier<Node> target;

        Node referred() {
            return target.get();
        }
    }

    /** Reads one document; {@code external} are the referenced schemas by their reference name (or {@code $id}). */
    static final class Loader {
        private final JsonNode root;
        private final boolean draft4;
        private final boolean draft2020;
        private final Map<String, Node> refs = new HashMap<>();
        private final Map<String, Loader> external;

        Loader(JsonNode root, Map<String, Loader> external) {
            this.root = root;
            String schema = root.isObject() ? root.path("$schema").asText("") : "";
            this.draft4 = schema.contains("draft-04");
            this.draft2020 = schema.contains("2020-12");
            this.external = external;
        }

        Node load() {
            Node n = load(root);
            checkRefs(root);
            return n;
        }

        private Node load(JsonNode json) {
            if (json.isBoolean()) {
                Node n = json.asBoolean() ? new True() : new False();
                n.raw = json;
                return n;
            }
            if (!json.isObject()) {
                Empty e =
                        new Empty(); // the registry accepts any JSON value here (even a string): it constrains nothing
                e.raw = json;
                return e;
            }
            List<Node> parts = new ArrayList<>();
            if (json.has("$ref")) {
                parts.add(ref(json.get("$ref").asText()));
            }
            for (String criterion : List.of("allOf", "anyOf", "oneOf")) {
                if (json.has(criterion)) {
                    JsonNode list = json.get(criterion);
                    if (!list.isArray()) {
                        throw invalid(criterion + " is not an array");
                    }
                    Combined c = new Combined();
                    c.criterion = criterion;
                    c.raw = list;
                    list.forEach(s -> c.subschemas.add(load(s)));
                    parts.add(c);
                }
            }
            typedParts(json, parts);
            valueParts(json, parts);
            Node out;
            if (parts.isEmpty()) {
                out = new Empty();
            } else if (parts.size() == 1) {
                out = parts.get(0);
            } else {
                Combined all = new Combined(); // several independent keywords: all of them apply
                all.criterion = "allOf";
                all.subschemas.addAll(parts);
                out = all;
            }
            out.raw = json;
            out.id = json.has("$id")
                    ? json.get("$id").asText()
                    : json.has("id") ? json.get("id").asText() : null;
            out.title = json.has("title") ? json.get("title").asText() : null;
            out.description = json.has("description") ? json.get("description").asText() : null;
            out.defaultValue = json.get("default");
            return out;
        }

        /** The parts {@code type} declares, or, without it, those its type-specific keywords imply. */
        private void typedParts(JsonNode json, List<Node> parts) {
            JsonNode type = json.get("type");
            if (type == null) {
                for (String t : List.of("object", "array", "number", "string")) {
                    if (hasKeywordsOf(t, json)) {
                        parts.add(typed(t, json, false));
                    }
                }
            } else if (type.isTextual()) {
                parts.add(typed(type.asText(), json, true));
            } else if (type.isArray()) {
                Combined c = new Combined();
                c.criterion = "anyOf";
                c.raw = type;
                type.forEach(t -> c.subschemas.add(typed(t.asText(), json, true)));
                parts.add(c);
            } else {
                throw invalid("type is neither a name nor a list of names");
            }
        }

        /** The parts that constrain values whatever their type: {@code enum}, {@code const}, {@code not}. */
        private void valueParts(JsonNode json, List<Node> parts) {
            if (json.has("enum")) {
                if (!json.get("enum").isArray()) {
                    throw invalid("enum is not an array");
                }
                Enum e = new Enum();
                e.raw = json.get("enum");
                json.get("enum").forEach(e.values::add);
                parts.add(e);
            }
            if (json.has("const")) {
                Const c = new Const();
                c.value = json.get("const");
                c.raw = c.value;
                parts.add(c);
            }
            if (json.has("not")) {
                Not n = new Not();
                n.mustNotMatch = load(json.get("not"));
                n.raw = json.get("not");
                parts.add(n);
            }
        }

        private static boolean hasKeywordsOf(String type, JsonNode json) {
            List<String> keys = switch (type) {
                case "object" ->
                    List.of(
                            "properties",
                            "required",
                            "additionalProperties",
                            "patternProperties",
                            "dependencies",
                            "minProperties",
                            "maxProperties",
                            "propertyNames",
                            "dependentRequired",
                            "dependentSchemas");
                case "array" ->
                    List.of(
                            "items",
                            "additionalItems",
                            "minItems",
                            "maxItems",
                            "uniqueItems",
                            "contains",
                            "prefixItems");
                case "number" -> List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");
                default -> List.of("minLength", "maxLength", "pattern", "format");
            };
            return keys.stream().anyMatch(json::has);
        }

        private Node typed(String type, JsonNode json, boolean declared) {
            return switch (type) {
                case "string" -> string(json);
                case "integer", "number" -> number(json, type.equals("integer"));
                case "boolean" -> new Bool();
                case "null" -> new Null();
                case "object" -> object(json);
                case "array" -> array(json);
                default -> throw invalid("unknown type '" + type + "'");
            };
        }

        private Str string(JsonNode json) {
            Str s = new Str();
            s.minLength = integer(json, "minLength");
            s.maxLength = integer(json, "maxLength");
            if (json.has("pattern")) {
                s.pattern = json.get("pattern").asText();
                try {
                    Pattern.compile(s.pattern);
                } catch (PatternSyntaxException e) {
                    throw invalid("pattern '" + s.pattern + "' is not a regular expression");
                }
            }
            return s;
        }

        private Num number(JsonNode json, boolean integer) {
            Num n = new Num();
            n.integer = integer;
            n.minimum = number(json, "minimum");
            n.maximum = number(json, "maximum");
            n.multipleOf = number(json, "multipleOf");
            if (draft4) {
                // draft 4: exclusiveMinimum/exclusiveMaximum are flags on minimum/maximum
                if (json.path("exclusiveMinimum").asBoolean(false)) {
                    n.exclusiveMinimum = n.minimum;
                    n.minimum = null;
                }
                if (json.path("exclusiveMaximum").asBoolean(false)) {
                    n.exclusiveMaximum = n.maximum;
                    n.maximum = null;
                }
            } else {
                n.exclusiveMinimum = number(json, "exclusiveMinimum");
                n.exclusiveMaximum = number(json, "exclusiveMaximum");
            }
            return n;
        }

        private Obj object(JsonNode json) {
            Obj o = new Obj();
            JsonNode props = json.get("properties");
            if (props != null) {
                if (!props.isObject()) {
                    throw invalid("properties is not an object");
                }
                props.fields().forEachRemaining(e -> o.properties.put(e.getKey(), load(e.getValue())));
            }
            JsonNode required = json.get("required");
            if (required != null) {
                if (!required.isArray()) {
                    throw invalid("required is not an array");
                }
                required.forEach(r -> o.required.add(r.asText()));
            }
            JsonNode additional = json.get("additionalProperties");
            if (additional != null) {
                if (additional.isBoolean()) {
                    o.additionalPermitted = additional.asBoolean();
                } else {
                    o.additionalSchema = load(additional);
                }
            }
            JsonNode patterns = json.get("patternProperties");
            if (patterns != null && patterns.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = patterns.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    try {
                        o.patternProperties.put(Pattern.compile(e.getKey()), load(e.getValue()));
                    } catch (PatternSyntaxException bad) {
                        throw invalid("patternProperties key '" + e.getKey() + "' is not a regular expression");
                    }
                }
            }
            // draft 2019-09 split draft 7's dependencies in two: dependentRequired (names) and dependentSchemas
            for (String keyword : List.of("dependencies", "dependentRequired", "dependentSchemas")) {
                dependencies(o, json.get(keyword));
            }
            o.minProperties = integer(json, "minProperties");
            o.maxProperties = integer(json, "maxProperties");
            return o;
        }

        private void dependencies(Obj o, JsonNode deps) {
            if (deps != null && deps.isObject()) {
                deps.fields().forEachRemaining(e -> {
                    if (e.getValue().isArray()) {
                        Set<String> names = new LinkedHashSet<>();
                        e.getValue().forEach(v -> names.add(v.asText()));
                        o.propertyDependencies.put(e.getKey(), names);
                    } else {
                        o.schemaDependencies.put(e.getKey(), load(e.getValue()));
                    }
                });
            }
        }

        private Arr array(JsonNode json) {
            Arr a = new Arr();
            JsonNode items = json.get("items");
            JsonNode prefix = draft2020 ? json.get("prefixItems") : null;
            if (prefix != null && prefix.isArray()) {
                a.itemSchemas = new ArrayList<>();
                prefix.forEach(p -> a.itemSchemas.add(load(p)));
                if (items != null) { // 2020-12: items after prefixItems are the additional items
                    additionalItems(a, items);
                }
            } else if (items != null && items.isArray()) {
                a.itemSchemas = new ArrayList<>();
                items.forEach(p -> a.itemSchemas.add(load(p)));
            } else if (items != null) {
                a.allItems = load(items);
            }
            if ((prefix == null || !prefix.isArray()) && json.has("additionalItems")) {
                // read whatever items is, as the registry's validator library does (it compares it even with no
                // items array, where it has no effect on validation)
                additionalItems(a, json.get("additionalItems"));
            }
            a.minItems = integer(json, "minItems");
            a.maxItems = integer(json, "maxItems");
            a.unique = json.path("uniqueItems").asBoolean(false);
            return a;
        }

        private void additionalItems(Arr a, JsonNode additional) {
            if (additional.isBoolean()) {
                a.additionalPermitted = additional.asBoolean();
            } else {
                a.additionalSchema = load(additional);
            }
        }

        private Ref ref(String pointer) {
            Ref r = new Ref();
            r.pointer = pointer;
            r.target = () -> resolve(pointer);
            return r;
        }

        /**
         * A reference's schema, read once per pointer (so a recursive schema is a cycle, entered once past the root).
         */
        private Node resolve(String pointer) {
            Node known = refs.get(pointer);
            if (known != null) {
                return known;
            }
            if (pointer.startsWith("#")) {
                JsonNode target = at(pointer);
                Node placeholder = new Empty();
                refs.put(pointer, placeholder);
                Node loaded = load(target);
                refs.put(pointer, loaded);
                return loaded;
            }
            Loader other = external.get(pointer);
            if (other == null) {
                throw invalid("$ref '" + pointer + "' names no referenced schema");
            }
            Node loaded = other.load();
            refs.put(pointer, loaded);
            return loaded;
        }

        private JsonNode at(String pointer) {
            String path = pointer.substring(1);
            JsonNode target = path.isEmpty() ? root : root.at(path);
            if (target == null || target.isMissingNode()) {
                throw invalid("$ref '" + pointer + "' points to nothing in the document");
            }
            return target;
        }

        /** Every $ref must resolve now (the registry refuses the schema otherwise), without following cycles. */
        private void checkRefs(JsonNode json) {
            if (json.isObject()) {
                if (json.has("$ref")) {
                    String pointer = json.get("$ref").asText();
                    if (pointer.startsWith("#")) {
                        at(pointer);
                    } else if (!external.containsKey(pointer)) {
                        throw invalid("$ref '" + pointer + "' does not resolve");
                    }
                }
                json.elements().forEachRemaining(this::checkRefs);
            } else if (json.isArray()) {
                json.forEach(this::checkRefs);
            }
        }

        private static Integer integer(JsonNode json, String key) {
            JsonNode v = json.get(key);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                throw invalid(key + " is not a number");
            }
            return v.intValue();
        }

        private static Number number(JsonNode json, String key) {
            JsonNode v = json.get(key);
            if (v == null || v.isBoolean()) {
                return null;
            }
            if (!v.isNumber()) {
                throw invalid(key + " is not a number");
            }
            return v.numberValue();
        }

        /** The registry's whole explanation is "Invalid JSON"; {@code reason} is evctl's, for a person. */
        private static InvalidSchemaException invalid(String reason) {
            return new InvalidSchemaException("Invalid JSON", reason, null);
        }
    }
}
