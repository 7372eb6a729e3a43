package dev.evctl.schema.jsonschema;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.evctl.schema.jsonschema.JsonSchemaModel.Arr;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Combined;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Const;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Empty;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Enum;
import dev.evctl.schema.jsonschema.JsonSchemaModel.False;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Node;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Not;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Num;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Obj;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Ref;
import dev.evctl.schema.jsonschema.JsonSchemaModel.Str;
import dev.evctl.schema.jsonschema.JsonSchemaModel.True;

/**
 * The differences between two JSON Schemas by the Confluent Schema Registry 7.9's rules (learned
 * from its behaviour, recorded in the conformance corpus): the content model (open, closed,
 * partially open) decides whether a property may come or go, constraints may widen one way and
 * narrow the other, combined schemas are matched subschema to subschema. {@code original} is the
 * schema whose data is read: the old version for a backward check. Every difference is listed,
 * compatible ones too (a combined schema's matching needs them); {@link Change#compatible()} tells.
 */
final class JsonSchemaDiff {

    /**
     * The registry's difference types, whether each keeps compatibility, and its sentence ({@code %1$s} path, {@code
     * %2$s} the updated side, {@code %3$s} the original).
     */
    enum Change {
        ID_CHANGED(true, null),
        DESCRIPTION_CHANGED(true, null),
        TITLE_CHANGED(true, null),
        DEFAULT_CHANGED(true, null),
        SCHEMA_ADDED(false, ""),
        SCHEMA_REMOVED(true, null),
        TYPE_EXTENDED(true, null),
        TYPE_NARROWED(false, "A type at path '%1$s' is different between the %2$s schema and the %3$s schema"),
        TYPE_CHANGED(false, "A type at path '%1$s' is different between the %2$s schema and the %3$s schema"),
        MAX_LENGTH_ADDED(false, Sentences.KEYWORD_ADDED),
        MAX_LENGTH_REMOVED(true, null),
        MAX_LENGTH_INCREASED(true, null),
        MAX_LENGTH_DECREASED(false, Sentences.LESS),
        MIN_LENGTH_ADDED(false, Sentences.KEYWORD_ADDED),
        MIN_LENGTH_REMOVED(true, null),
        MIN_LENGTH_INCREASED(false, Sentences.MORE),
        MIN_LENGTH_DECREASED(true, null),
        PATTERN_ADDED(false, Sentences.KEYWORD_ADDED),
        PATTERN_REMOVED(true, null),
        PATTERN_CHANGED(false, "The value at path '%1$s' is different between the %2$s and %3$s schema"),
        MAXIMUM_ADDED(false, Sentences.KEYWORD_ADDED),
        MAXIMUM_REMOVED(true, null),
        MAXIMUM_INCREASED(true, null),
        MAXIMUM_DECREASED(false, Sentences.LESS),
        MINIMUM_ADDED(false, Sentences.KEYWORD_ADDED),
        MINIMUM_REMOVED(true, null),
        MINIMUM_INCREASED(false, Sentences.MORE),
        MINIMUM_DECREASED(true, null),
        EXCLUSIVE_MAXIMUM_ADDED(false, Sentences.KEYWORD_ADDED),
        EXCLUSIVE_MAXIMUM_REMOVED(true, null),
        EXCLUSIVE_MAXIMUM_INCREASED(true, null),
        EXCLUSIVE_MAXIMUM_DECREASED(false, Sentences.LESS),
        EXCLUSIVE_MINIMUM_ADDED(false, Sentences.KEYWORD_ADDED),
        EXCLUSIVE_MINIMUM_REMOVED(true, null),
        EXCLUSIVE_MINIMUM_INCREASED(false, Sentences.MORE),
        EXCLUSIVE_MINIMUM_DECREASED(true, null),
        MULTIPLE_OF_ADDED(false, Sentences.KEYWORD_ADDED),
        MULTIPLE_OF_REMOVED(true, null),
        MULTIPLE_OF_EXPANDED(false, Sentences.MORE),
        MULTIPLE_OF_REDUCED(true, null),
        MULTIPLE_OF_CHANGED(false, "The value at path '%1$s' is different between the %2$s and %3$s schema"),
        REQUIRED_ATTRIBUTE_ADDED(false, Sentences.KEYWORD_ADDED),
        REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED(true, null),
        REQUIRED_ATTRIBUTE_REMOVED(true, null),
        DEPENDENCY_ARRAY_ADDED(false, Sentences.KEYWORD_ADDED),
        DEPENDENCY_ARRAY_REMOVED(true, null),
        DEPENDENCY_ARRAY_EXTENDED(
                false,
                "An array or combined type at path '%1$s' has more elements in the %2$s schema than the %3$s schema"),
        DEPENDENCY_ARRAY_NARROWED(true, null),
        DEPENDENCY_ARRAY_CHANGED(false, "The value at path '%1$s' is different between the %2$s and %3$s schema"),
        DEPENDENCY_SCHEMA_ADDED(false, Sentences.KEYWORD_ADDED),
        DEPENDENCY_SCHEMA_REMOVED(true, null),
        MAX_PROPERTIES_ADDED(false, Sentences.KEYWORD_ADDED),
        MAX_PROPERTIES_REMOVED(true, null),
        MAX_PROPERTIES_INCREASED(true, null),
        MAX_PROPERTIES_DECREASED(false, Sentences.LESS),
        MIN_PROPERTIES_ADDED(false, Sentences.KEYWORD_ADDED),
        MIN_PROPERTIES_REMOVED(true, null),
        MIN_PROPERTIES_INCREASED(false, Sentences.MORE),
        MIN_PROPERTIES_DECREASED(true, null),
        ADDITIONAL_PROPERTIES_ADDED(true, null),
        ADDITIONAL_PROPERTIES_REMOVED(false, Sentences.KEYWORD_ADDED),
        ADDITIONAL_PROPERTIES_EXTENDED(true, null),
        ADDITIONAL_PROPERTIES_NARROWED(false, Sentences.KEYWORD_ADDED),
        PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL(
                false,
                "The %2$s schema has an open content model and has a property or item at path"
                        + " '%1$s' which is missing in the %3$s schema"),
        PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL(true, null),
        REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL(
                false,
                "The %2$s schema has an unopen content model and has a required property"
                        + " at path '%1$s' which is missing in the %3$s schema"),
        REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL(true, null),
        OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL(true, null),
        PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL(true, null),
        PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL(true, null),
        PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL(
                false,
                "The %2$s has a closed content model and is missing a property or item"
                        + " present at path '%1$s' in the %3$s schema"),
        PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, null),
        PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(
                false,
                "The %2$s schema has a property or item at path '%1$s' which"
                        + " is missing in the %3$s schema and is not covered by its partially open content model"),
        PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, null),
        PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(
                false,
                "A property or item is missing in the %2$s schema but"
                        + " present at path '%1$s' in the %3$s schema and is not covered by its partially open "
                        + "content model"),
        MAX_ITEMS_ADDED(false, Sentences.KEYWORD_ADDED),
        MAX_ITEMS_REMOVED(true, null),
        MAX_ITEMS_INCREASED(true, null),
        MAX_ITEMS_DECREASED(false, Sentences.LESS),
        MIN_ITEMS_ADDED(false, Sentences.KEYWORD_ADDED),
        MIN_ITEMS_REMOVED(true, null),
        MIN_ITEMS_INCREASED(false, Sentences.MORE),
        MIN_ITEMS_DECREASED(true, null),
        UNIQUE_ITEMS_ADDED(false, Sentences.KEYWORD_ADDED),
        UNIQUE_ITEMS_REMOVED(true, null),
        ADDITIONAL_ITEMS_ADDED(true, null),
        ADDITIONAL_ITEMS_REMOVED(false, Sentences.KEYWORD_ADDED),
        ADDITIONAL_ITEMS_EXTENDED(true, null),
        ADDITIONAL_ITEMS_NARROWED(false, Sentences.KEYWORD_ADDED),
        ITEM_ADDED_TO_OPEN_CONTENT_MODEL(
                false,
                "The %2$s schema has an open content model and has a property or item at path"
                        + " '%1$s' which is missing in the %3$s schema"),
        ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL(true, null),
        ITEM_ADDED_TO_CLOSED_CONTENT_MODEL(true, null),
        ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL(true, null),
        ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL(true, null),
        ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL(
                false,
                "The %2$s has a closed content model and is missing a property or item present"
                        + " at path '%1$s' in the %3$s schema"),
        ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, null),
        ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(
                false,
                "The %2$s schema has a property or item at path '%1$s' which is"
                        + " missing in the %3$s schema and is not covered by its partially open content model"),
        ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, null),
        ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(
                false,
                "A property or item is missing in the %2$s schema but present"
                        + " at path '%1$s' in the %3$s schema and is not covered by its partially open content model"),
        ENUM_ARRAY_EXTENDED(true, null),
        ENUM_ARRAY_NARROWED(
                false,
                "An array or combined type at path '%1$s' has fewer elements in the %2$s schema than the %3$s schema"),
        ENUM_ARRAY_CHANGED(false, "A type at path '%1$s' is different between the %2$s schema and the %3$s schema"),
        COMBINED_TYPE_EXTENDED(true, null),
        COMBINED_TYPE_CHANGED(false, "A type at path '%1$s' is different between the %2$s schema and the %3$s schema"),
        PRODUCT_TYPE_EXTENDED(
                false,
                "An array or combined type at path '%1$s' has more elements in the %2$s schema than the %3$s schema"),
        PRODUCT_TYPE_NARROWED(true, null),
        SUM_TYPE_EXTENDED(true, null),
        SUM_TYPE_NARROWED(
                false,
                "An array or combined type at path '%1$s' has fewer elements in the %2$s schema than the %3$s schema"),
        COMBINED_TYPE_SUBSCHEMAS_CHANGED(
                false, "A type at path '%1$s' is different between the %2$s schema and the %3$s schema"),
        NOT_TYPE_EXTENDED(false, "A type at path '%1$s' is different between the %2$s schema and the %3$s schema"),
        NOT_TYPE_NARROWED(true, null);

        private final boolean compatible;
        private final String sentence;

        Change(boolean compatible, String sentence) {
            this.compatible = compatible;
            this.sentence = sentence;
        }

        boolean compatible() {
            return compatible;
        }

        /** The registry's sentence; {@code updateIsNew}: the updated side is the new schema (a backward check). */
        String describe(String path, boolean updateIsNew) {
            return sentence == null
                    ? ""
                    : String.format(sentence, path, updateIsNew ? "new" : "old", updateIsNew ? "old" : "new");
        }
    }

    private static final class Sentences {
        static final String KEYWORD_ADDED =
                "The keyword at path '%1$s' in the %2$s schema is not present in the %3$s schema";
        static final String LESS =
                "The value at path '%1$s' in the %2$s schema is less than its value in the %3$s schema";
        static final String MORE =
                "The value at path '%1$s' in the %2$s schema is more than its value in the %3$s schema";
    }

    record Difference(Change change, String path) {}

    private final Deque<String> path = new ArrayDeque<>();
    private final List<Difference> differences = new ArrayList<>();
    private final Set<Node> visiting;

    private JsonSchemaDiff(Set<Node> visiting, Deque<String> path) {
        this.visiting = visiting;
        this.path.addAll(path);
    }

    /** Every difference, compatible ones included. */
    static List<Difference> compare(Node original, Node update) {
        JsonSchemaDiff diff =
                new JsonSchemaDiff(Collections.newSetFromMap(new IdentityHashMap<>()), new ArrayDeque<>());
        diff.compare0(original, update);
        return diff.differences;
    }

    private JsonSchemaDiff sub() {
        return new JsonSchemaDiff(visiting, path);
    }

    private boolean compatible() {
        return differences.stream().allMatch(d -> d.change().compatible());
    }

    private void add(Change change) {
        differences.add(new Difference(change, "#/" + String.join("/", path)));
    }

    private void add(String keyword, Change change) {
        path.addLast(keyword);
        add(change);
        path.removeLast();
    }

    private void enter(String segment) {
        path.addLast(segment);
    }

    private void leave() {
        path.removeLast();
    }

    private void compare0(Node original, Node update) {
        if (original == null && update == null) {
            return;
        }
        if (original == null) {
            add(Change.SCHEMA_ADDED);
            return;
        }
        if (update == null) {
            add(Change.SCHEMA_REMOVED);
            return;
        }
        original = original instanceof Ref r ? r.referred() : original;
        update = update instanceof Ref r ? r.referred() : update;
        if (matchedAcrossCombination(original, update)) {
            return;
        }
        if (kind(original) != kind(update)) {
            if (!(original instanceof False) && !(update instanceof Empty) && !(update instanceof True)) {
                add(Change.TYPE_CHANGED);
            }
            return;
        }
        if (!visiting.add(original)) {
            return; // a recursive schema met again: compared once
        }
        try {
            annotations(original, update);
            if (original instanceof Str o) {
                strings(o, (Str) update);
            } else if (original instanceof Num o) {
                numbers(o, (Num) update);
            } else if (original instanceof Enum o) {
                enums(o, (Enum) update);
            } else if (original instanceof Const o) {
                if (!o.value.equals(((Const) update).value)) {
                    add("const", Change.ENUM_ARRAY_CHANGED);
                }
            } else if (original instanceof Combined o) {
                combined(o, (Combined) update);
            } else if (original instanceof Not o) {
                enter("not");
                JsonSchemaDiff sub = sub();
                sub.compare0(((Not) update).mustNotMatch, o.mustNotMatch); // reversed: what must not match
                add(sub.compatible() ? Change.NOT_TYPE_NARROWED : Change.NOT_TYPE_EXTENDED);
                leave();
            } else if (original instanceof Obj o) {
                objects(o, (Obj) update);
            } else if (original instanceof Arr o) {
                arrays(o, (Arr) update);
            }
        } finally {
            visiting.remove(original);
        }
    }

    /**
     * A single schema against a combination (or the other way): true when a branch or part of the combination
     * matches the single schema compatibly — the change is then that, and nothing else is compared.
     */
    private boolean matchedAcrossCombination(Node original, Node update) {
        if (!(original instanceof Combined) && update instanceof Combined c) {
            if (c.subschemas.size() == 1) {
                JsonSchemaDiff sub = sub();
                sub.compare0(original, c.subschemas.get(0));
                if (sub.compatible()) {
                    differences.addAll(sub.differences);
                    return true;
                }
            } else if (!c.criterion.equals("allOf")) {
                for (Node branch : c.subschemas) {
                    JsonSchemaDiff sub = sub();
                    sub.compare0(original, branch);
                    if (sub.compatible()) {
                        differences.addAll(sub.differences);
                        add(Change.SUM_TYPE_EXTENDED);
                        return true;
                    }
                }
            }
        } else if (original instanceof Combined c && !(update instanceof Combined)) {
            if (c.subschemas.size() == 1) {
                JsonSchemaDiff sub = sub();
                sub.compare0(c.subschemas.get(0), update);
                if (sub.compatible()) {
                    differences.addAll(sub.differences);
                    return true;
                }
            } else if (c.criterion.equals("allOf")) {
                // dropping all but one part of an allOf (a type with a const or an enum becoming the bare type) only
                // widens
                for (Node part : c.subschemas) {
                    JsonSchemaDiff sub = sub();
                    sub.compare0(part, update);
                    if (sub.compatible()) {
                        differences.addAll(sub.differences);
                        add(Change.PRODUCT_TYPE_NARROWED);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** id, title, description and default: annotations, each change named. */
    private void annotations(Node original, Node update) {
        if (!Objects.equals(original.id, update.id)) {
            add(Change.ID_CHANGED);
        }
        if (!Objects.equals(original.title, update.title)) {
            add(Change.TITLE_CHANGED);
        }
        if (!Objects.equals(original.description, update.description)) {
            add(Change.DESCRIPTION_CHANGED);
        }
        if (!Objects.equals(original.defaultValue, update.defaultValue)) {
            add(Change.DEFAULT_CHANGED);
        }
    }

    /** The validator library's class of a schema ({@code true} is a kind of empty schema). */
    private static Class<?> kind(Node n) {
        return n instanceof True ? Empty.class : n.getClass();
    }

    private void strings(Str o, Str u) {
        limit(
                "maxLength",
                o.maxLength,
                u.maxLength,
                Change.MAX_LENGTH_ADDED,
                Change.MAX_LENGTH_REMOVED,
                Change.MAX_LENGTH_INCREASED,
                Change.MAX_LENGTH_DECREASED);
        limit(
                "minLength",
                o.minLength,
                u.minLength,
                Change.MIN_LENGTH_ADDED,
                Change.MIN_LENGTH_REMOVED,
                Change.MIN_LENGTH_INCREASED,
                Change.MIN_LENGTH_DECREASED);
        if (o.pattern == null && u.pattern != null) {
            add("pattern", Change.PATTERN_ADDED);
        } else if (o.pattern != null && u.pattern == null) {
            add("pattern", Change.PATTERN_REMOVED);
        } else if (o.pattern != null && !o.pattern.equals(u.pattern)) {
            add("pattern", Change.PATTERN_CHANGED);
        }
    }

    private void numbers(Num o, Num u) {
        limit(
                "maximum",
                o.maximum,
                u.maximum,
                Change.MAXIMUM_ADDED,
                Change.MAXIMUM_REMOVED,
                Change.MAXIMUM_INCREASED,
                Change.MAXIMUM_DECREASED);
        limit(
                "minimum",
                o.minimum,
                u.minimum,
                Change.MINIMUM_ADDED,
                Change.MINIMUM_REMOVED,
                Change.MINIMUM_INCREASED,
                Change.MINIMUM_DECREASED);
        // the real registry fails (HTTP 500) where an exclusiveMaximum goes down; evctl says what it is: DECREASED
        limit(
                "exclusiveMaximum",
                o.exclusiveMaximum,
                u.exclusiveMaximum,
                Change.EXCLUSIVE_MAXIMUM_ADDED,
                Change.EXCLUSIVE_MAXIMUM_REMOVED,
                Change.EXCLUSIVE_MAXIMUM_INCREASED,
                Change.EXCLUSIVE_MAXIMUM_DECREASED);
        limit(
                "exclusiveMinimum",
                o.exclusiveMinimum,
                u.exclusiveMinimum,
                Change.EXCLUSIVE_MINIMUM_ADDED,
                Change.EXCLUSIVE_MINIMUM_REMOVED,
                Change.EXCLUSIVE_MINIMUM_INCREASED,
                Change.EXCLUSIVE_MINIMUM_DECREASED);
        BigDecimal om = o.multipleOf == null ? null : new BigDecimal(o.multipleOf.toString());
        BigDecimal um = u.multipleOf == null ? null : new BigDecimal(u.multipleOf.toString());
        if (!Objects.equals(om, um)) {
            if (om == null) {
                add("multipleOf", Change.MULTIPLE_OF_ADDED);
            } else if (um == null) {
                add("multipleOf", Change.MULTIPLE_OF_REMOVED);
            } else if (um.intValue() != 0 && om.intValue() != 0 && um.intValue() % om.intValue() == 0) {
                add("multipleOf", Change.MULTIPLE_OF_EXPANDED);
            } else if (um.intValue() != 0 && om.intValue() != 0 && om.intValue() % um.intValue() == 0) {
                add("multipleOf", Change.MULTIPLE_OF_REDUCED);
            } else {
                add("multipleOf", Change.MULTIPLE_OF_CHANGED);
            }
        }
        if (o.integer != u.integer) {
            add(o.integer ? Change.TYPE_EXTENDED : Change.TYPE_NARROWED);
        }
    }

    private void limit(
            String keyword, Number o, Number u, Change added, Change removed, Change increased, Change decreased) {
        if (o == null && u == null) {
            return;
        }
        if (o == null) {
            add(keyword, added);
        } else if (u == null) {
            add(keyword, removed);
        } else {
            int c = new BigDecimal(o.toString()).compareTo(new BigDecimal(u.toString()));
            if (c < 0) {
                add(keyword, increased);
            } else if (c > 0) {
                add(keyword, decreased);
            }
        }
    }

    private void enums(Enum o, Enum u) {
        if (!o.values.equals(u.values)) {
            if (u.values.containsAll(o.values)) {
                add("enum", Change.ENUM_ARRAY_EXTENDED);
            } else if (o.values.containsAll(u.values)) {
                add("enum", Change.ENUM_ARRAY_NARROWED);
            } else {
                add("enum", Change.ENUM_ARRAY_CHANGED);
            }
        }
    }

    private void combined(Combined o, Combined u) {
        Change criteria = null;
        if (!o.criterion.equals(u.criterion)) {
            if (u.criterion.equals("anyOf")) {
                criteria = Change.COMBINED_TYPE_EXTENDED;
            } else if (u.criterion.equals("oneOf")) {
                // to a oneOf of one: it is an anyOf of one
                criteria = o.subschemas.size() == 1 || u.subschemas.size() == 1
                        ? Change.COMBINED_TYPE_EXTENDED
                        : Change.COMBINED_TYPE_CHANGED;
            } else {
                criteria = o.subschemas.size() == 1 && u.subschemas.size() == 1
                        ? Change.COMBINED_TYPE_EXTENDED
                        : Change.COMBINED_TYPE_CHANGED;
            }
            add(criteria);
        }
        if (criteria == Change.COMBINED_TYPE_CHANGED) {
            return;
        }
        List<Node> before = distinct(o.subschemas);
        List<Node> after = distinct(u.subschemas);
        if (before.size() < after.size()) {
            add(u.criterion.equals("allOf") ? Change.PRODUCT_TYPE_EXTENDED : Change.SUM_TYPE_EXTENDED);
        } else if (before.size() > after.size()) {
            // fewer parts of an allOf: fewer constraints, whatever combines what is left
            add(
                    o.criterion.equals("allOf") || u.criterion.equals("allOf")
                            ? Change.PRODUCT_TYPE_NARROWED
                            : Change.SUM_TYPE_NARROWED);
        }
        // which old subschema may become which new one (compatibly), then the largest matching of the two sides
        Map<Integer, Map<Integer, List<Difference>>> edges = new HashMap<>();
        for (int i = 0; i < before.size(); i++) {
            enter(o.criterion + "/" + i);
            for (int j = 0; j < after.size(); j++) {
                JsonSchemaDiff sub = sub();
                sub.compare0(before.get(i), after.get(j));
                if (sub.compatible()) {
                    edges.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(j, sub.differences);
                }
            }
            leave();
        }
        int[] matchOfAfter = new int[after.size()];
        Arrays.fill(matchOfAfter, -1);
        int matched = 0;
        for (int i = 0; i < before.size(); i++) {
            if (augment(i, edges, matchOfAfter, new boolean[after.size()])) {
                matched++;
            }
        }
        for (int j = 0; j < after.size(); j++) {
            if (matchOfAfter[j] >= 0) {
                differences.addAll(edges.get(matchOfAfter[j]).get(j));
            }
        }
        if (matched < Math.min(before.size(), after.size())) {
            add(Change.COMBINED_TYPE_SUBSCHEMAS_CHANGED);
        }
    }

    private static boolean augment(
            int i, Map<Integer, Map<Integer, List<Difference>>> edges, int[] matchOfAfter, boolean[] seen) {
        for (int j : edges.getOrDefault(i, Map.of()).keySet()) {
            if (seen[j]) {
                continue;
            }
            seen[j] = true;
            if (matchOfAfter[j] < 0 || augment(matchOfAfter[j], edges, matchOfAfter, seen)) {
                matchOfAfter[j] = i;
                return true;
            }
        }
        return false;
    }

    /** Subschemas with equal JSON count once. */
    private static List<Node> distinct(List<Node> nodes) {
        Map<Object, Node> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            out.putIfAbsent(n.raw == null ? n : n.raw, n);
        }
        return new ArrayList<>(out.values());
    }

    private void objects(Obj o, Obj u) {
        required(o, u);
        enter("properties");
        Set<String> keys = new LinkedHashSet<>(o.properties.keySet());
        keys.addAll(u.properties.keySet());
        for (String key : keys) {
            enter(key);
            Node before = o.properties.get(key);
            Node after = u.properties.get(key);
            if (after == null) {
                propertyRemoved(before, u, key);
            } else if (before == null) {
                propertyAdded(o, after, u.required.contains(key), key);
            } else {
                compare0(before, after);
            }
            leave();
        }
        leave();
        enter("dependencies");
        propertyDependencies(o, u);
        schemaDependencies(o, u);
        leave();
        enter("additionalProperties");
        if (o.additionalPermitted != u.additionalPermitted) {
            add(u.additionalPermitted ? Change.ADDITIONAL_PROPERTIES_ADDED : Change.ADDITIONAL_PROPERTIES_REMOVED);
        } else if (o.additionalSchema == null && u.additionalSchema != null) {
            add(Change.ADDITIONAL_PROPERTIES_NARROWED);
        } else if (u.additionalSchema == null && o.additionalSchema != null) {
            add(Change.ADDITIONAL_PROPERTIES_EXTENDED);
        } else {
            compare0(o.additionalSchema, u.additionalSchema);
        }
        leave();
        limit(
                "maxProperties",
                o.maxProperties,
                u.maxProperties,
                Change.MAX_PROPERTIES_ADDED,
                Change.MAX_PROPERTIES_REMOVED,
                Change.MAX_PROPERTIES_INCREASED,
                Change.MAX_PROPERTIES_DECREASED);
        limit(
                "minProperties",
                o.minProperties,
                u.minProperties,
                Change.MIN_PROPERTIES_ADDED,
                Change.MIN_PROPERTIES_REMOVED,
                Change.MIN_PROPERTIES_INCREASED,
                Change.MIN_PROPERTIES_DECREASED);
    }

    /** A property both versions have that became required or stopped being so. */
    private void required(Obj o, Obj u) {
        enter("required");
        for (String key : o.properties.keySet()) {
            if (u.properties.containsKey(key)) {
                boolean before = o.required.contains(key);
                boolean after = u.required.contains(key);
                if (before && !after) {
                    add(key, Change.REQUIRED_ATTRIBUTE_REMOVED);
                } else if (!before && after) {
                    add(
                            key,
                            u.properties.get(key).hasDefault()
                                    ? Change.REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED
                                    : Change.REQUIRED_ATTRIBUTE_ADDED);
                }
            }
        }
        leave();
    }

    /** A property the update no longer declares: fine in an open model, else covered by a pattern or not. */
    private void propertyRemoved(Node before, Obj u, String key) {
        if (open(u)) {
            add(Change.PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL);
            return;
        }
        Node partial = partial(u, key);
        if (partial == null) {
            add(
                    before instanceof False
                            ? Change.PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL
                            : Change.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
            return;
        }
        JsonSchemaDiff sub = sub();
        sub.compare0(before, partial);
        differences.addAll(sub.differences);
        add(
                sub.compatible()
                        ? Change.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                        : Change.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
    }

    /** A property the update declares and the original did not: judged by the original's content model. */
    private void propertyAdded(Obj o, Node after, boolean required, String key) {
        if (open(o)) {
            add(
                    after instanceof Empty || after instanceof True
                            ? Change.PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
                            : Change.PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
            return;
        }
        Node partial = partial(o, key);
        if (partial != null) {
            JsonSchemaDiff sub = sub();
            sub.compare0(partial, after);
            differences.addAll(sub.differences);
            add(
                    sub.compatible()
                            ? Change.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                            : Change.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        }
        if (required) {
            add(
                    after.hasDefault()
                            ? Change.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL
                            : Change.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        } else {
            add(Change.OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        }
    }

    /** {@code dependencies} (and 2019-09's {@code dependentRequired}) as lists of names. */
    private void propertyDependencies(Obj o, Obj u) {
        Set<String> keys = new LinkedHashSet<>(o.propertyDependencies.keySet());
        keys.addAll(u.propertyDependencies.keySet());
        for (String key : keys) {
            Set<String> before = o.propertyDependencies.get(key);
            Set<String> after = u.propertyDependencies.get(key);
            if (after == null) {
                add(key, Change.DEPENDENCY_ARRAY_REMOVED);
            } else if (before == null) {
                add(key, Change.DEPENDENCY_ARRAY_ADDED);
            } else if (!before.equals(after)) {
                add(
                        key,
                        after.containsAll(before)
                                ? Change.DEPENDENCY_ARRAY_EXTENDED
                                : before.containsAll(after)
                                        ? Change.DEPENDENCY_ARRAY_NARROWED
                                        : Change.DEPENDENCY_ARRAY_CHANGED);
            }
        }
    }

    /** {@code dependencies} (and 2019-09's {@code dependentSchemas}) as schemas. */
    private void schemaDependencies(Obj o, Obj u) {
        Set<String> keys = new LinkedHashSet<>(o.schemaDependencies.keySet());
        keys.addAll(u.schemaDependencies.keySet());
        for (String key : keys) {
            enter(key);
            Node before = o.schemaDependencies.get(key);
            Node after = u.schemaDependencies.get(key);
            if (after == null) {
                add(Change.DEPENDENCY_SCHEMA_REMOVED);
            } else if (before == null) {
                add(Change.DEPENDENCY_SCHEMA_ADDED);
            } else {
                compare0(before, after);
            }
            leave();
        }
    }

    private static boolean open(Obj o) {
        return o.patternProperties.isEmpty() && o.additionalSchema == null && o.additionalPermitted;
    }

    private static Node partial(Obj o, String key) {
        for (Map.Entry<Pattern, Node> e : o.patternProperties.entrySet()) {
            if (e.getKey().matcher(key).find()) {
                return e.getValue();
            }
        }
        return o.additionalSchema;
    }

    private void arrays(Arr o, Arr u) {
        enter("items");
        compare0(o.allItems, u.allItems);
        leave();
        List<Node> before = o.itemSchemas == null ? List.of() : o.itemSchemas;
        List<Node> after = u.itemSchemas == null ? List.of() : u.itemSchemas;
        int common = Math.min(before.size(), after.size());
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            enter("items/" + i);
            if (i < common) {
                compare0(before.get(i), after.get(i));
            } else if (i < before.size()) {
                itemRemoved(before.get(i), u);
            } else {
                itemAdded(o, after.get(i));
            }
            leave();
        }
        enter("additionalItems");
        if (o.additionalPermitted != u.additionalPermitted) {
            add(o.additionalPermitted ? Change.ADDITIONAL_ITEMS_REMOVED : Change.ADDITIONAL_ITEMS_ADDED);
        } else if (o.additionalSchema == null && u.additionalSchema != null) {
            add(Change.ADDITIONAL_ITEMS_NARROWED);
        } else if (u.additionalSchema == null && o.additionalSchema != null) {
            add(Change.ADDITIONAL_ITEMS_EXTENDED);
        } else {
            compare0(o.additionalSchema, u.additionalSchema);
        }
        leave();
        limit(
                "maxItems",
                o.maxItems,
                u.maxItems,
                Change.MAX_ITEMS_ADDED,
                Change.MAX_ITEMS_REMOVED,
                Change.MAX_ITEMS_INCREASED,
                Change.MAX_ITEMS_DECREASED);
        limit(
                "minItems",
                o.minItems,
                u.minItems,
                Change.MIN_ITEMS_ADDED,
                Change.MIN_ITEMS_REMOVED,
                Change.MIN_ITEMS_INCREASED,
                Change.MIN_ITEMS_DECREASED);
        if (o.unique != u.unique) {
            add("uniqueItems", o.unique ? Change.UNIQUE_ITEMS_REMOVED : Change.UNIQUE_ITEMS_ADDED);
        }
    }

    /** A tuple item the update no longer lists: what then holds that position decides. */
    private void itemRemoved(Node removed, Arr u) {
        if (openItems(u)) {
            add(Change.ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL);
        } else if (u.additionalSchema != null) {
            JsonSchemaDiff sub = sub();
            sub.compare0(removed, u.additionalSchema);
            differences.addAll(sub.differences);
            add(
                    sub.compatible()
                            ? Change.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                            : Change.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        } else {
            add(
                    removed instanceof False
                            ? Change.ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL
                            : Change.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        }
    }

    /** A tuple item the update adds: what held that position before decides. */
    private void itemAdded(Arr o, Node added) {
        if (openItems(o)) {
            add(
                    added instanceof Empty || added instanceof True
                            ? Change.ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
                            : Change.ITEM_ADDED_TO_OPEN_CONTENT_MODEL);
        } else if (o.additionalSchema != null) {
            JsonSchemaDiff sub = sub();
            sub.compare0(o.additionalSchema, added);
            differences.addAll(sub.differences);
            add(
                    sub.compatible()
                            ? Change.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                            : Change.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        } else {
            add(Change.ITEM_ADDED_TO_CLOSED_CONTENT_MODEL);
        }
    }

    private static boolean openItems(Arr a) {
        return a.additionalPermitted && a.additionalSchema == null;
    }
}
