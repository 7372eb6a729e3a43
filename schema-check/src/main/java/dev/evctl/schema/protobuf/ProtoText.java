package dev.evctl.schema.protobuf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.GroupElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.RpcElement;
import com.squareup.wire.schema.internal.parser.ServiceElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import kotlin.ranges.IntRange;

/**
 * A parsed {@code .proto} file printed as the Confluent Schema Registry stores it (its "canonical"
 * text): comments and layout dropped; syntax, package, imports, options, then the messages, then
 * the enums (declaration order kept within each: message indexes on the wire depend on it), extends
 * and services; inside a message reserved ranges, options, fields, oneofs, groups, extension ranges
 * and nested types, a blank line between sections. Pinned by ProtoConformanceTest against the text
 * the real registry returned for every registered case.
 */
final class ProtoText {

    private final boolean normalize;
    /**
     * With normalize: every message and enum by full name, to write field types fully qualified ({@code .pkg.Type}).
     */
    private final Set<String> known;

    private final Deque<String> scope = new ArrayDeque<>();

    private ProtoText(boolean normalize, Set<String> known) {
        this.normalize = normalize;
        this.known = known;
    }

    static String of(ProtoFileElement file) {
        return new ProtoText(false, Set.of()).file(file);
    }

    /**
     * The registry's normalized text ({@code normalize=true}): imports and options sorted, fields by
     * number, oneofs by their first field, enum values by number, type names fully qualified.
     */
    static String normalized(ProtoFileElement file, Set<String> known) {
        return new ProtoText(true, known).file(file);
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order, boolean normalize) {
        if (!normalize) {
            return list;
        }
        List<T> out = new ArrayList<>(list);
        out.sort(order);
        return out;
    }

    private List<OptionElement> opts(List<OptionElement> options) {
        return sorted(options, Comparator.comparing(OptionElement::getName), normalize);
    }

    private String file(ProtoFileElement file) {
        StringBuilder b = new StringBuilder();
        if (file.getSyntax() != null) {
            b.append("syntax = \"").append(file.getSyntax()).append("\";\n");
        }
        if (file.getPackageName() != null) {
            b.append("package ").append(file.getPackageName()).append(";\n");
        }
        if (!file.getImports().isEmpty() || !file.getPublicImports().isEmpty()) {
            b.append('\n');
            List<String> imports =
                    normalize ? file.getImports().stream().sorted().distinct().toList() : file.getImports();
            List<String> publicImports = normalize
                    ? file.getPublicImports().stream().sorted().distinct().toList()
                    : file.getPublicImports();
            imports.forEach(i -> b.append("import \"").append(i).append("\";\n"));
            publicImports.forEach(i -> b.append("import public \"").append(i).append("\";\n"));
        }
        if (!file.getOptions().isEmpty()) {
            b.append('\n');
            opts(file.getOptions()).forEach(o -> b.append(optionStatement(o)));
        }
        if (!file.getTypes().isEmpty()) {
            b.append('\n');
            if (file.getPackageName() != null && !file.getPackageName().isEmpty()) {
                scope.addLast(file.getPackageName());
            }
            types(file.getTypes(), b, false);
            scope.clear();
        }
        if (!file.getExtendDeclarations().isEmpty()) {
            b.append('\n');
            file.getExtendDeclarations().forEach(e -> b.append(e.toSchema()));
        }
        if (!file.getServices().isEmpty()) {
            b.append('\n');
            file.getServices().forEach(s -> b.append(service(s)));
        }
        return b.toString();
    }

    /** Messages first, then enums, each group in declaration order. */
    private void types(List<TypeElement> types, StringBuilder b, boolean indented) {
        for (TypeElement t : types) {
            if (t instanceof MessageElement m) {
                append(b, message(m), indented);
            }
        }
        for (TypeElement t : types) {
            if (t instanceof EnumElement e) {
                append(b, enumeration(e), indented);
            }
        }
    }

    private void append(StringBuilder b, String text, boolean indented) {
        if (indented) {
            indent(b, text);
        } else {
            b.append(text);
        }
    }

    private String message(MessageElement m) {
        scope.addLast(m.getName());
        try {
            return messageBody(m);
        } finally {
            scope.removeLast();
        }
    }

    private String messageBody(MessageElement m) {
        StringBuilder b = new StringBuilder("message ").append(m.getName()).append(" {");
        if (!m.getReserveds().isEmpty()) {
            b.append('\n');
            m.getReserveds().forEach(r -> indent(b, reserved(r)));
        }
        if (!m.getOptions().isEmpty()) {
            b.append('\n');
            opts(m.getOptions()).forEach(o -> indent(b, optionStatement(o)));
        }
        if (!m.getFields().isEmpty()) {
            b.append('\n');
            sorted(m.getFields(), Comparator.comparingInt(FieldElement::getTag), normalize)
                    .forEach(f -> indent(b, field(f)));
        }
        List<OneOfElement> oneOfs = normalize
                ? m.getOneOfs().stream()
                        .filter(o -> !o.getFields().isEmpty())
                        .sorted(Comparator.comparingInt(o -> o.getFields().stream()
                                .mapToInt(FieldElement::getTag)
                                .min()
                                .orElse(0)))
                        .toList()
                : m.getOneOfs();
        if (!oneOfs.isEmpty()) {
            b.append('\n');
            oneOfs.forEach(o -> indent(b, oneOf(o)));
        }
        if (!m.getGroups().isEmpty()) {
            b.append('\n');
            m.getGroups().forEach(g -> indent(b, g.toSchema()));
        }
        if (!m.getExtensions().isEmpty()) {
            b.append('\n');
            m.getExtensions().forEach(e -> indent(b, e.toSchema()));
        }
        if (!m.getNestedTypes().isEmpty()) {
            b.append('\n');
            types(m.getNestedTypes(), b, true);
        }
        return b.append("}\n").toString();
    }

    private String enumeration(EnumElement e) {
        StringBuilder b = new StringBuilder("enum ").append(e.getName()).append(" {");
        if (!e.getOptions().isEmpty() || !e.getConstants().isEmpty()) {
            b.append('\n');
        }
        opts(e.getOptions()).forEach(o -> indent(b, optionStatement(o)));
        for (EnumConstantElement c : sorted(
                e.getConstants(),
                Comparator.comparingInt(EnumConstantElement::getTag).thenComparing(EnumConstantElement::getName),
                normalize)) {
            StringBuilder line = new StringBuilder(c.getName()).append(" = ").append(c.getTag());
            if (!c.getOptions().isEmpty()) {
                line.append(' ');
                options(line, c.getOptions());
            }
            indent(b, line.append(";\n").toString());
        }
        return b.append("}\n").toString();
    }

    private String oneOf(OneOfElement o) {
        StringBuilder b = new StringBuilder("oneof ").append(o.getName()).append(" {");
        if (!o.getOptions().isEmpty()) {
            b.append('\n');
            o.getOptions().forEach(opt -> indent(b, optionStatement(opt)));
        }
        if (!o.getFields().isEmpty()) {
            b.append('\n');
            sorted(o.getFields(), Comparator.comparingInt(FieldElement::getTag), normalize)
                    .forEach(f -> indent(b, field(f)));
        }
        if (!o.getGroups().isEmpty()) {
            b.append('\n');
            for (GroupElement g : o.getGroups()) {
                indent(b, g.toSchema());
            }
        }
        return b.append("}\n").toString();
    }

    private String field(FieldElement f) {
        StringBuilder b = new StringBuilder();
        if (f.getLabel() != null) {
            b.append(f.getLabel().name().toLowerCase(Locale.ROOT)).append(' ');
        }
        b.append(normalize ? qualified(f.getType()) : f.getType())
                .append(' ')
                .append(f.getName())
                .append(" = ")
                .append(f.getTag());
        List<OptionElement> options = new ArrayList<>(f.getOptions());
        if (f.getDefaultValue() != null) {
            options.add(
                    OptionElement.Companion.create("default", kindOf(ProtoType.get(f.getType())), f.getDefaultValue()));
        }
        if (f.getJsonName() != null) {
            options.add(OptionElement.Companion.create("json_name", OptionElement.Kind.STRING, f.getJsonName()));
        }
        if (!options.isEmpty()) {
            b.append(' ');
            options(b, normalize ? opts(options) : options);
        }
        return b.append(";\n").toString();
    }

    /**
     * A field's type written fully qualified, as the normalized text has it (scalars and maps' keys stay as they
     * are).
     */
    private String qualified(String type) {
        ProtoType t = ProtoType.get(type);
        if (t.isScalar()) {
            return type;
        }
        if (t.isMap()) {
            return "map<" + t.getKeyType() + ", " + qualified(t.getValueType().toString()) + ">";
        }
        String resolved = ProtoSchema.resolve(type, String.join(".", scope), known);
        return resolved != null ? "." + resolved : type.startsWith(".") ? type : "." + type;
    }

    private OptionElement.Kind kindOf(ProtoType type) {
        return switch (type.getSimpleName()) {
            case "bool" -> OptionElement.Kind.BOOLEAN;
            case "string" -> OptionElement.Kind.STRING;
            case "bytes",
                    "double",
                    "float",
                    "fixed32",
                    "fixed64",
                    "int32",
                    "int64",
                    "sfixed32",
                    "sfixed64",
                    "sint32",
                    "sint64",
                    "uint32",
                    "uint64" -> OptionElement.Kind.NUMBER;
            default -> OptionElement.Kind.ENUM;
        };
    }

    private String reserved(ReservedElement r) {
        StringBuilder b = new StringBuilder("reserved ");
        boolean first = true;
        for (Object value : r.getValues()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            if (value instanceof String s) {
                b.append('"').append(s).append('"');
            } else if (value instanceof IntRange range) {
                b.append(range.getStart()).append(" to ").append(range.getEndInclusive());
            } else {
                b.append(value);
            }
        }
        return b.append(";\n").toString();
    }

    private String service(ServiceElement s) {
        StringBuilder b = new StringBuilder("service ").append(s.getName()).append(" {");
        if (!s.getOptions().isEmpty()) {
            b.append('\n');
            s.getOptions().forEach(o -> indent(b, optionStatement(o)));
        }
        if (!s.getRpcs().isEmpty()) {
            b.append('\n');
            for (RpcElement rpc : s.getRpcs()) {
                StringBuilder r =
                        new StringBuilder("rpc ").append(rpc.getName()).append(" (");
                r.append(rpc.getRequestStreaming() ? "stream " : "")
                        .append(rpc.getRequestType())
                        .append(") returns (");
                r.append(rpc.getResponseStreaming() ? "stream " : "")
                        .append(rpc.getResponseType())
                        .append(')');
                if (!rpc.getOptions().isEmpty()) {
                    r.append(" {\n");
                    rpc.getOptions().forEach(o -> indent(r, optionStatement(o)));
                    r.append('}');
                }
                indent(b, r.append(";\n").toString());
            }
        }
        return b.append("}\n").toString();
    }

    private String optionStatement(OptionElement o) {
        return "option " + option(o) + ";\n";
    }

    @SuppressWarnings("unchecked")
    private String option(OptionElement o) {
        StringBuilder b = new StringBuilder(o.isParenthesized() ? "(" + o.getName() + ")" : o.getName());
        Object value = o.getValue();
        switch (o.getKind()) {
            case STRING -> b.append(" = \"").append(escape(value.toString())).append('"');
            case BOOLEAN, NUMBER, ENUM -> b.append(" = ").append(value);
            case OPTION -> b.append('.').append(option((OptionElement) value).replaceFirst("^\\((.*?)\\)", "$1"));
            case MAP -> {
                b.append(" = {\n");
                map(b, (Map<String, Object>) value);
                b.append('}');
            }
            case LIST -> {
                b.append(" = ");
                options(b, (List<OptionElement>) value);
            }
            default -> {}
        }
        return b.toString();
    }

    private void map(StringBuilder b, Map<String, Object> values) {
        int i = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            indent(b, e.getKey() + ": " + mapValue(e.getValue()) + (++i < values.size() ? "," : ""));
        }
    }

    @SuppressWarnings("unchecked")
    private String mapValue(Object value) {
        if (value instanceof String s) {
            return "\"" + escape(s) + "\"";
        }
        if (value instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{\n");
            map(b, (Map<String, Object>) m);
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                indent(b, mapValue(list.get(i)) + (i < list.size() - 1 ? "," : ""));
            }
            return b.append(']').toString();
        }
        if (value instanceof OptionElement.OptionPrimitive p) {
            return switch (p.getKind()) {
                case BOOLEAN, ENUM, NUMBER -> String.valueOf(p.getValue());
                default -> mapValue(p.getValue());
            };
        }
        return String.valueOf(value);
    }

    private void options(StringBuilder b, List<OptionElement> options) {
        if (options.size() == 1) {
            b.append('[').append(option(options.get(0))).append(']');
            return;
        }
        b.append("[\n");
        for (int i = 0; i < options.size(); i++) {
            indent(b, option(options.get(i)) + (i < options.size() - 1 ? "," : ""));
        }
        b.append(']');
    }

    /** Every line two spaces in, blank ones too (the registry's layout of nested declarations). */
    private void indent(StringBuilder b, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        for (String line : lines) {
            b.append("  ").append(line).append('\n');
        }
    }

    private String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 11 -> b.append("\\v");
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '"' -> b.append("\\\"");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
