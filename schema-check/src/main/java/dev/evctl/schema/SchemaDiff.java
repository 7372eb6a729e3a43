package dev.evctl.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.util.internal.JacksonUtils;

/**
 * A structural diff of two Avro schemas, by name rather than by position: fields added, removed
 * or changed (type, default, order of union branches), enum symbols, fixed sizes, doc ignored.
 */
public final class SchemaDiff {

    /** One difference at a dotted path such as {@code Order.customer.id}. */
    public record Change(Kind kind, String path, String before, String after) {

        /** What happened at the path. */
        public enum Kind {
            ADDED,
            REMOVED,
            CHANGED
        }

        @Override
        public String toString() {
            return switch (kind) {
                case ADDED -> "+ " + path + ": " + after;
                case REMOVED -> "- " + path + ": " + before;
                case CHANGED -> "~ " + path + ": " + before + " -> " + after;
            };
        }
    }

    private SchemaDiff() {}

    public static List<Change> diff(Schema before, Schema after) {
        List<Change> out = new ArrayList<>();
        compare(
                before,
                after,
                before.getType() == Schema.Type.RECORD ? before.getName() : "",
                out,
                new LinkedHashSet<>());
        return out;
    }

    private static void compare(Schema a, Schema b, String path, List<Change> out, Set<String> seen) {
        String where = path.isEmpty() ? "(root)" : path;
        if (a.getType() != b.getType()) {
            out.add(new Change(Change.Kind.CHANGED, where, describe(a), describe(b)));
            return;
        }
        switch (a.getType()) {
            case RECORD -> {
                if (!a.getName().equals(b.getName())) {
                    out.add(new Change(Change.Kind.CHANGED, where + " (name)", a.getFullName(), b.getFullName()));
                }
                if (!seen.add(a.getFullName() + "|" + path)) {
                    return;
                }
                for (Schema.Field fa : a.getFields()) {
                    Schema.Field fb = b.getField(fa.name());
                    String p = path + "." + fa.name();
                    if (fb == null) {
                        out.add(new Change(Change.Kind.REMOVED, p, field(fa), null));
                        continue;
                    }
                    if (!Objects.equals(defaultOf(fa), defaultOf(fb))) {
                        out.add(new Change(Change.Kind.CHANGED, p + " (default)", defaultOf(fa), defaultOf(fb)));
                    }
                    compare(fa.schema(), fb.schema(), p, out, seen);
                }
                for (Schema.Field fb : b.getFields()) {
                    if (a.getField(fb.name()) == null) {
                        out.add(new Change(Change.Kind.ADDED, path + "." + fb.name(), null, field(fb)));
                    }
                }
            }
            case ENUM -> {
                for (String sym : a.getEnumSymbols()) {
                    if (!b.getEnumSymbols().contains(sym)) {
                        out.add(new Change(Change.Kind.REMOVED, where + " symbol", sym, null));
                    }
                }
                for (String sym : b.getEnumSymbols()) {
                    if (!a.getEnumSymbols().contains(sym)) {
                        out.add(new Change(Change.Kind.ADDED, where + " symbol", null, sym));
                    }
                }
            }
            case FIXED -> {
                if (a.getFixedSize() != b.getFixedSize()) {
                    out.add(new Change(
                            Change.Kind.CHANGED,
                            where + " (size)",
                            Integer.toString(a.getFixedSize()),
                            Integer.toString(b.getFixedSize())));
                }
            }
            case ARRAY -> compare(a.getElementType(), b.getElementType(), path + "[]", out, seen);
            case MAP -> compare(a.getValueType(), b.getValueType(), path + "{}", out, seen);
            case UNION -> {
                List<String> ba =
                        a.getTypes().stream().map(SchemaDiff::describe).toList();
                List<String> bb =
                        b.getTypes().stream().map(SchemaDiff::describe).toList();
                if (!ba.equals(bb)) {
                    out.add(new Change(Change.Kind.CHANGED, where, describe(a), describe(b)));
                    return;
                }
                for (int i = 0; i < a.getTypes().size(); i++) {
                    compare(a.getTypes().get(i), b.getTypes().get(i), path, out, seen);
                }
            }
            default -> {
                String la =
                        a.getLogicalType() == null ? null : a.getLogicalType().getName();
                String lb =
                        b.getLogicalType() == null ? null : b.getLogicalType().getName();
                if (!Objects.equals(la, lb)) {
                    out.add(new Change(
                            Change.Kind.CHANGED, where + " (logical type)", String.valueOf(la), String.valueOf(lb)));
                }
            }
        }
    }

    private static String field(Schema.Field f) {
        return describe(f.schema()) + (f.hasDefaultValue() ? ", default " + defaultOf(f) : ", no default");
    }

    private static String defaultOf(Schema.Field f) {
        return f.hasDefaultValue() ? String.valueOf(JacksonUtils.toJsonNode(f.defaultVal())) : null;
    }

    static String describe(Schema s) {
        return switch (s.getType()) {
            case RECORD, ENUM, FIXED -> s.getName();
            case ARRAY -> "array<" + describe(s.getElementType()) + ">";
            case MAP -> "map<" + describe(s.getValueType()) + ">";
            case UNION ->
                String.join("|", s.getTypes().stream().map(SchemaDiff::describe).toList());
            default ->
                s.getType().getName()
                        + (s.getLogicalType() == null
                                ? ""
                                : "(" + s.getLogicalType().getName() + ")");
        };
    }
}
