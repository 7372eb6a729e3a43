package dev.evctl.schema.protobuf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

/**
 * The incompatible differences between two Protobuf schemas, by the rules of the Confluent Schema
 * Registry 7.9 (learned from its behaviour, recorded in the conformance corpus): fields are matched
 * by number, messages by full name, enum changes never break, scalars break only across wire
 * families. {@code original} is the schema whose data is read: for a backward check the old
 * version, for a forward check the candidate. Compatible changes are not listed.
 */
final class ProtoDiff {

    /**
     * The registry's incompatible error types and their descriptions ({@code %1$s} the path, {@code %2$s} the updated
     * side, {@code %3$s} the original side).
     */
    enum Change {
        PACKAGE_CHANGED("The package at '%1$s' in the %2$s schema does not match the package in the %3$s schema"),
        MESSAGE_REMOVED("The %2$s schema is missing a MESSAGE type at path '%1$s' in the %3$s schema"),
        FIELD_KIND_CHANGED("The type of a field at path '%1$s' in the %2$s schema does not match the %3$s schema"),
        FIELD_SCALAR_KIND_CHANGED(
                "The kind of a SCALAR field at path '%1$s' in the %2$s schema does not match its kind in the "
                        + "%3$s schema"),
        FIELD_NAMED_TYPE_CHANGED(
                "The type of a MESSAGE field at path '%1$s' in the %2$s schema does not match its type in the "
                        + "%3$s schema"),
        FIELD_NUMERIC_LABEL_CHANGED(
                "The label for a NUMERIC field at path '%1$s' in the %2$s schema does not match its label in "
                        + "the %3$s schema"),
        REQUIRED_FIELD_ADDED("A required field  at path '%1$s' in the %2$s schema is missing in the %3$s schema"),
        REQUIRED_FIELD_REMOVED("The %2$s schema is missing a required field at path: '%1$s' in the %3$s schema"),
        ONEOF_FIELD_REMOVED("The %2$s schema is missing a oneof field at path '%1$s' in the %3$s schema"),
        FIELD_MOVED_TO_EXISTING_ONEOF(
                "A field in the oneof at path '%1$s' in the %2$s schema is outside an existing oneof in the "
                        + "%3$s schema"),
        MULTIPLE_FIELDS_MOVED_TO_ONEOF(
                "Multiple fields in the oneof at path '%1$s' in the %2$s schema are outside a oneof in the "
                        + "%3$s schema");

        private final String description;

        Change(String description) {
            this.description = description;
        }

        /** The registry's sentence; {@code updateIsNew}: the updated side is the new schema (a backward check). */
        String describe(String path, boolean updateIsNew) {
            return String.format(description, path, updateIsNew ? "new" : "old", updateIsNew ? "old" : "new");
        }
    }

    /** One incompatible difference at a path such as {@code #/Rec/2} (message, oneof, field number). */
    record Difference(Change change, String path) {}

    /**
     * Where a type is declared: its file's package and, for a referenced file, which subject version (null: compare
     * always).
     */
    private record TypeInfo(String packageName, String origin, TypeElement type) {}

    /** One side of the comparison: its types by full name and its main file's package. */
    private static final class Side {
        final Map<String, TypeInfo> types = new HashMap<>();
        String packageName = "";

        Side(ProtoSchema schema) {
            for (ProtoSchema.Dependency d : schema.dependencies().values()) {
                String origin = d.subject() == null ? null : d.subject() + "@" + d.version();
                add(pkg(d.file()), origin, "", d.file().getTypes());
            }
            add(pkg(schema.file()), "", "", schema.file().getTypes());
            packageName = pkg(schema.file());
        }

        private void add(String pkg, String origin, String outer, List<TypeElement> elements) {
            for (TypeElement t : elements) {
                String local = outer.isEmpty() ? t.getName() : outer + "." + t.getName();
                types.put(pkg.isEmpty() ? local : pkg + "." + local, new TypeInfo(pkg, origin, t));
                add(pkg, origin, local, t.getNestedTypes());
            }
        }

        private static String pkg(ProtoFileElement file) {
            return file.getPackageName() == null ? "" : file.getPackageName();
        }
    }

    private final Side original;
    private final Side update;
    private final Deque<String> path = new ArrayDeque<>();
    private final Deque<String> names = new ArrayDeque<>();
    private final Set<MessageElement> visiting;
    private final List<Difference> differences = new ArrayList<>();

    private ProtoDiff(Side original, Side update, Set<MessageElement> visiting) {
        this.original = original;
        this.update = update;
        this.visiting = visiting;
    }

    /** The incompatible differences met reading data written with {@code original} through {@code update}'s eyes. */
    static List<Difference> compare(ProtoSchema original, ProtoSchema update) {
        ProtoDiff diff =
                new ProtoDiff(new Side(original), new Side(update), Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!Objects.equals(
                nullToEmpty(original.file().getPackageName()),
                nullToEmpty(update.file().getPackageName()))) {
            diff.add(Change.PACKAGE_CHANGED);
        }
        diff.compareTypes(original.file().getTypes(), update.file().getTypes());
        return diff.differences;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private void add(Change change) {
        differences.add(new Difference(change, "#/" + String.join("/", path)));
    }

    private void compareTypes(List<TypeElement> originalTypes, List<TypeElement> updateTypes) {
        Map<String, MessageElement> before = messages(originalTypes);
        Map<String, MessageElement> after = messages(updateTypes);
        Set<String> all = new LinkedHashSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String name : all) {
            path.addLast(name);
            names.addLast(name);
            MessageElement o = before.get(name);
            MessageElement u = after.get(name);
            if (u == null) {
                if (type(name, original) != null) {
                    add(Change.MESSAGE_REMOVED);
                }
            } else if (o != null) {
                compareMessages(o, u);
            }
            names.removeLast();
            path.removeLast();
        }
        // enum changes never break (added, removed, renamed or renumbered constants alike)
    }

    private static Map<String, MessageElement> messages(List<TypeElement> types) {
        Map<String, MessageElement> out = new LinkedHashMap<>();
        for (TypeElement t : types) {
            if (t instanceof MessageElement m) {
                out.put(m.getName(), m);
            }
        }
        return out;
    }

    private void compareMessages(MessageElement o, MessageElement u) {
        if (visiting.add(o)) {
            try {
                compareFields(o, u);
            } finally {
                visiting.remove(o);
            }
        }
        compareTypes(o.getNestedTypes(), u.getNestedTypes());
    }

    private void compareFields(MessageElement o, MessageElement u) {
        Map<Integer, FieldElement> before = byTag(o.getFields());
        Map<Integer, FieldElement> after = byTag(u.getFields());
        Set<Integer> inOriginalOneOfs = new HashSet<>();
        o.getOneOfs().forEach(oneOf -> oneOf.getFields().forEach(f -> inOriginalOneOfs.add(f.getTag())));
        for (OneOfElement oneOf : u.getOneOfs()) {
            path.addLast(oneOf.getName());
            int moved = 0;
            int existing = 0;
            for (FieldElement f : oneOf.getFields()) {
                if (before.remove(f.getTag()) != null) {
                    moved++; // a plain field moved into this oneof: not a removal
                } else if (inOriginalOneOfs.contains(f.getTag())) {
                    existing++;
                }
            }
            if (moved > 1) {
                add(Change.MULTIPLE_FIELDS_MOVED_TO_ONEOF);
            } else if (moved == 1 && existing > 0) {
                add(Change.FIELD_MOVED_TO_EXISTING_ONEOF);
            }
            path.removeLast();
        }
        Map<String, OneOfElement> oneOfsBefore = oneOfs(o);
        Map<String, OneOfElement> oneOfsAfter = oneOfs(u);
        for (Map.Entry<String, OneOfElement> e : oneOfsBefore.entrySet()) {
            OneOfElement after1 = oneOfsAfter.get(e.getKey());
            if (after1 == null) {
                continue; // a oneof removed whole: compatible
            }
            path.addLast(e.getKey());
            Map<Integer, FieldElement> b = byTag(e.getValue().getFields());
            Map<Integer, FieldElement> a = byTag(after1.getFields());
            for (Integer tag : new TreeSet<>(b.keySet())) {
                path.addLast(tag.toString());
                if (!a.containsKey(tag)) {
                    add(Change.ONEOF_FIELD_REMOVED);
                } else {
                    compareField(b.get(tag), a.get(tag));
                }
                path.removeLast();
            }
            path.removeLast();
        }
        Set<Integer> tags = new TreeSet<>(before.keySet());
        tags.addAll(after.keySet());
        for (Integer tag : tags) {
            path.addLast(tag.toString());
            FieldElement fo = before.get(tag);
            FieldElement fu = after.get(tag);
            if (fu == null) {
                if (fo.getLabel() == Field.Label.REQUIRED) {
                    add(Change.REQUIRED_FIELD_REMOVED);
                }
            } else if (fo == null) {
                if (fu.getLabel() == Field.Label.REQUIRED) {
                    add(Change.REQUIRED_FIELD_ADDED);
                }
            } else {
                compareField(fo, fu);
            }
            path.removeLast();
        }
    }

    private static Map<Integer, FieldElement> byTag(List<FieldElement> fields) {
        Map<Integer, FieldElement> out = new LinkedHashMap<>();
        fields.forEach(f -> out.put(f.getTag(), f));
        return out;
    }

    private static Map<String, OneOfElement> oneOfs(MessageElement m) {
        Map<String, OneOfElement> out = new LinkedHashMap<>();
        m.getOneOfs().forEach(o -> out.put(o.getName(), o));
        return out;
    }

    private void compareField(FieldElement o, FieldElement u) {
        compareTypes(o.getLabel(), u.getLabel(), ProtoType.get(o.getType()), ProtoType.get(u.getType()));
    }

    private enum Kind {
        SCALAR,
        MAP,
        MESSAGE
    }

    private void compareTypes(Field.Label labelO, Field.Label labelU, ProtoType o, ProtoType u) {
        Kind ko = kind(o, original);
        Kind ku = kind(u, update);
        if (ko != ku) {
            add(Change.FIELD_KIND_CHANGED);
            return;
        }
        switch (ko) {
            case SCALAR -> {
                String family = family(o, original);
                if (!family.equals(family(u, update))) {
                    add(Change.FIELD_SCALAR_KIND_CHANGED);
                } else if (labelO != null && labelU != null && labelO != labelU && !family.equals("string")) {
                    add(Change.FIELD_NUMERIC_LABEL_CHANGED); // string/bytes may change label
                }
            }
            case MAP -> {
                compareTypes(null, null, o.getKeyType(), u.getKeyType());
                compareTypes(null, null, o.getValueType(), u.getValueType());
            }
            case MESSAGE -> compareMessageTypes(o, u);
        }
    }

    private Kind kind(ProtoType type, Side side) {
        if (type.isScalar()) {
            return Kind.SCALAR;
        }
        if (type.isMap()) {
            return Kind.MAP;
        }
        TypeInfo info = type(type.toString(), side);
        return info != null && info.type() instanceof EnumElement ? Kind.SCALAR : Kind.MESSAGE;
    }

    /** The wire families within which a scalar may change type (an enum counts as a varint number). */
    private String family(ProtoType type, Side side) {
        TypeInfo info = type(type.toString(), side);
        if (info != null && info.type() instanceof EnumElement) {
            return "varint";
        }
        return switch (type.toString()) {
            case "int32", "int64", "uint32", "uint64", "bool" -> "varint";
            case "sint32", "sint64" -> "zigzag";
            case "string", "bytes" -> "string";
            case "fixed32", "sfixed32" -> "fixed32";
            case "fixed64", "sfixed64" -> "fixed64";
            case "float" -> "float";
            case "double" -> "double";
            default -> throw new IllegalArgumentException("not a scalar: " + type);
        };
    }

    private void compareMessageTypes(ProtoType o, ProtoType u) {
        String fullO = resolve(o.toString(), original);
        String fullU = resolve(u.toString(), update);
        if (fullO == null || fullU == null) {
            if (!o.toString().equals(u.toString())) {
                add(Change.FIELD_NAMED_TYPE_CHANGED); // a type neither side declares (a well-known type):
                // compared by name
            }
            return;
        }
        TypeInfo io = original.types.get(fullO);
        TypeInfo iu = update.types.get(fullU);
        String localO = local(fullO, io.packageName());
        String localU = local(fullU, iu.packageName());
        if (!localO.equals(localU)) {
            add(Change.FIELD_NAMED_TYPE_CHANGED);
            return;
        }
        // both declared here, or both the same subject version: their own comparison covers them
        if (io.origin() != null && io.origin().equals(iu.origin())) {
            return;
        }
        String savedO = original.packageName;
        String savedU = update.packageName;
        Deque<String> savedPath = new ArrayDeque<>(path);
        Deque<String> savedNames = new ArrayDeque<>(names);
        int before = differences.size();
        original.packageName = io.packageName();
        update.packageName = iu.packageName();
        path.clear();
        names.clear();
        for (String part : localO.split("\\.")) {
            path.addLast(part);
            names.addLast(part);
        }
        compareMessages((MessageElement) io.type(), (MessageElement) iu.type());
        boolean broke = differences.size() > before;
        original.packageName = savedO;
        update.packageName = savedU;
        path.clear();
        path.addAll(savedPath);
        names.clear();
        names.addAll(savedNames);
        if (broke) {
            add(Change.FIELD_NAMED_TYPE_CHANGED);
        }
    }

    private static String local(String full, String pkg) {
        return !pkg.isEmpty() && full.startsWith(pkg + ".") ? full.substring(pkg.length() + 1) : full;
    }

    private TypeInfo type(String name, Side side) {
        String full = resolve(name, side);
        return full == null ? null : side.types.get(full);
    }

    /**
     * A type name as written in a field, resolved from the current message outwards (with the side's package first).
     */
    private String resolve(String name, Side side) {
        if (name.startsWith(".")) {
            return side.types.containsKey(name.substring(1)) ? name.substring(1) : null;
        }
        List<String> prefix = new ArrayList<>();
        if (!side.packageName.isEmpty()) {
            prefix.add(side.packageName);
        }
        prefix.addAll(names);
        while (!prefix.isEmpty()) {
            String candidate = String.join(".", prefix) + "." + name;
            if (side.types.containsKey(candidate)) {
                return candidate;
            }
            prefix.remove(prefix.size() - 1);
        }
        return side.types.containsKey(name) ? name : null;
    }
}
