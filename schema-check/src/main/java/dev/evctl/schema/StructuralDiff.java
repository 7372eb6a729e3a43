package dev.evctl.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import dev.evctl.schema.SchemaDiff.Change;

/**
 * {@code schema diff} for Protobuf and JSON Schema, in the same terms as Avro's {@link SchemaDiff}:
 * what was added, removed or changed, by where it is — a Protobuf field by its message and number
 * (numbers are what the wire and the registry go by), a JSON Schema keyword by its JSON pointer.
 */
public final class StructuralDiff {

    private StructuralDiff() {}

    /** Messages, their fields by number (type, name, label) and enum values, by full name. */
    public static List<Change> protobuf(ProtoFileElement before, ProtoFileElement after) {
        List<Change> out = new ArrayList<>();
        if (!Objects.equals(before.getPackageName(), after.getPackageName())) {
            out.add(new Change(
                    Change.Kind.CHANGED,
                    "package",
                    String.valueOf(before.getPackageName()),
                    String.valueOf(after.getPackageName())));
        }
        types(prefix(before), before.getTypes(), after.getTypes(), out);
        return out;
    }

    private static String prefix(ProtoFileElement file) {
        return file.getPackageName() == null || file.getPackageName().isEmpty() ? "" : file.getPackageName() + ".";
    }

    private static void types(String scope, List<TypeElement> before, List<TypeElement> after, List<Change> out) {
        Map<String, TypeElement> b = byName(before);
        Map<String, TypeElement> a = byName(after);
        Set<String> names = new LinkedHashSet<>(b.keySet());
        names.addAll(a.keySet());
        for (String name : names) {
            TypeElement o = b.get(name);
            TypeElement n = a.get(name);
            String path = scope + name;
            if (n == null) {
                out.add(new Change(Change.Kind.REMOVED, path, kind(o), null));
            } else if (o == null) {
                out.add(new Change(Change.Kind.ADDED, path, null, kind(n)));
            } else if (o instanceof MessageElement om && n instanceof MessageElement nm) {
                fields(path, om, nm, out);
                types(path + ".", om.getNestedTypes(), nm.getNestedTypes(), out);
            } else if (o instanceof EnumElement oe && n instanceof EnumElement ne) {
                Map<String, Integer> ov = new LinkedHashMap<>();
                oe.getConstants().forEach(c -> ov.put(c.getName(), c.getTag()));
                Map<String, Integer> nv = new LinkedHashMap<>();
                ne.getConstants().forEach(c -> nv.put(c.getName(), c.getTag()));
                for (EnumConstantElement c : oe.getConstants()) {
                    if (!nv.containsKey(c.getName())) {
                        out.add(new Change(
                                Change.Kind.REMOVED, path + "." + c.getName(), String.valueOf(c.getTag()), null));
                    } else if (!nv.get(c.getName()).equals(c.getTag())) {
                        out.add(new Change(
                                Change.Kind.CHANGED,
                                path + "." + c.getName(),
                                String.valueOf(c.getTag()),
                                String.valueOf(nv.get(c.getName()))));
                    }
                }
                ne.getConstants().stream()
                        .filter(c -> !ov.containsKey(c.getName()))
                        .forEach(c -> out.add(new Change(
                                Change.Kind.ADDED, path + "." + c.getName(), null, String.valueOf(c.getTag()))));
            } else {
                out.add(new Change(Change.Kind.CHANGED, path, kind(o), kind(n)));
            }
        }
    }

    private static void fields(String path, MessageElement before, MessageElement after, List<Change> out) {
        Map<Integer, String> b = fieldsByNumber(before);
        Map<Integer, String> a = fieldsByNumber(after);
        Set<Integer> numbers = new TreeSet<>(b.keySet());
        numbers.addAll(a.keySet());
        for (int number : numbers) {
            String o = b.get(number);
            String n = a.get(number);
            String at = path + "." + number;
            if (n == null) {
                out.add(new Change(Change.Kind.REMOVED, at, o, null));
            } else if (o == null) {
                out.add(new Change(Change.Kind.ADDED, at, null, n));
            } else if (!o.equals(n)) {
                out.add(new Change(Change.Kind.CHANGED, at, o, n));
            }
        }
    }

    /** Each field as shown: label, type, name and, for a oneof's field, the oneof (a move into one is a change). */
    private static Map<Integer, String> fieldsByNumber(MessageElement m) {
        Map<Integer, String> out = new LinkedHashMap<>();
        m.getFields().forEach(f -> out.put(f.getTag(), describe(f)));
        m.getOneOfs()
                .forEach(o ->
                        o.getFields().forEach(f -> out.put(f.getTag(), describe(f) + " (oneof " + o.getName() + ")")));
        return out;
    }

    private static String describe(FieldElement f) {
        return (f.getLabel() == null ? "" : f.getLabel().name().toLowerCase(Locale.ROOT) + " ") + f.getType() + " "
                + f.getName();
    }

    private static Map<String, TypeElement> byName(List<TypeElement> types) {
        Map<String, TypeElement> out = new LinkedHashMap<>();
        types.forEach(t -> out.put(t.getName(), t));
        return out;
    }

    private static String kind(TypeElement t) {
        return t instanceof EnumElement ? "enum" : "message";
    }

    /**
     * Keywords added, removed or changed, by JSON pointer; {@code properties} (and {@code $defs}) are followed by
     * name.
     */
    public static List<Change> jsonSchema(JsonNode before, JsonNode after) {
        List<Change> out = new ArrayList<>();
        json("", before, after, out);
        return out;
    }

    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment", "examples");

    private static void json(String pointer, JsonNode before, JsonNode after, List<Change> out) {
        if (before.isObject() && after.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (ANNOTATIONS.contains(key)) {
                    continue;
                }
                String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                JsonNode o = before.get(key);
                JsonNode n = after.get(key);
                if (n == null) {
                    out.add(new Change(Change.Kind.REMOVED, at, o.toString(), null));
                } else if (o == null) {
                    out.add(new Change(Change.Kind.ADDED, at, null, n.toString()));
                } else if (!o.equals(n)) {
                    if (o.isObject() && n.isObject()) {
                        json(at, o, n, out);
                    } else {
                        out.add(new Change(Change.Kind.CHANGED, at, o.toString(), n.toString()));
                    }
                }
            }
        } else if (!before.equals(after)) {
            out.add(new Change(
                    Change.Kind.CHANGED, pointer.isEmpty() ? "/" : pointer, before.toString(), after.toString()));
        }
    }
}
