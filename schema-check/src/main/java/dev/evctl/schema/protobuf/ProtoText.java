package dev.evctl.schema.protobuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    private ProtoText() {
    }

    static String of(ProtoFileElement file) {
        StringBuilder b = new StringBuilder();
        if (file.getSyntax() != null) {
            b.append("syntax = \"").append(file.getSyntax()).append("\";\n");
        }
        if (file.getPackageName() != null) {
            b.append("package ").append(file.getPackageName()).append(";\n");
        }
        if (!file.getImports().isEmpty() || !file.getPublicImports().isEmpty()) {
            b.append('\n');
            file.getImports().forEach(i -> b.append("import \"").append(i).append("\";\n"));
            file.getPublicImports().forEach(i -> b.append("import public \"").append(i).append("\";\n"));
        }
        if (!file.getOptions().isEmpty()) {
            b.append('\n');
            file.getOptions().forEach(o -> b.append(optionStatement(o)));
        }
        if (!file.getTypes().isEmpty()) {
            b.append('\n');
            types(file.getTypes(), b, false);
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
    private static void types(List<TypeElement> types, StringBuilder b, boolean indented) {
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

    private static void append(StringBuilder b, String text, boolean indented) {
        if (indented) {
            indent(b, text);
        } else {
            b.append(text);
        }
    }

    private static String message(MessageElement m) {
        StringBuilder b = new StringBuilder("message ").append(m.getName()).append(" {");
        if (!m.getReserveds().isEmpty()) {
            b.append('\n');
            m.getReserveds().forEach(r -> indent(b, reserved(r)));
        }
        if (!m.getOptions().isEmpty()) {
            b.append('\n');
            m.getOptions().forEach(o -> indent(b, optionStatement(o)));
        }
        if (!m.getFields().isEmpty()) {
            b.append('\n');
            m.getFields().forEach(f -> indent(b, field(f)));
        }
        if (!m.getOneOfs().isEmpty()) {
            b.append('\n');
            m.getOneOfs().forEach(o -> indent(b, oneOf(o)));
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

    private static String enumeration(EnumElement e) {
        StringBuilder b = new StringBuilder("enum ").append(e.getName()).append(" {");
        if (!e.getOptions().isEmpty() || !e.getConstants().isEmpty()) {
            b.append('\n');
        }
        e.getOptions().forEach(o -> indent(b, optionStatement(o)));
        for (EnumConstantElement c : e.getConstants()) {
            StringBuilder line = new StringBuilder(c.getName()).append(" = ").append(c.getTag());
            if (!c.getOptions().isEmpty()) {
                line.append(' ');
                options(line, c.getOptions());
            }
            indent(b, line.append(";\n").toString());
        }
        return b.append("}\n").toString();
    }

    private static String oneOf(OneOfElement o) {
        StringBuilder b = new StringBuilder("oneof ").append(o.getName()).append(" {");
        if (!o.getOptions().isEmpty()) {
            b.append('\n');
            o.getOptions().forEach(opt -> indent(b, optionStatement(opt)));
        }
        if (!o.getFields().isEmpty()) {
            b.append('\n');
            o.getFields().forEach(f -> indent(b, field(f)));
        }
        if (!o.getGroups().isEmpty()) {
            b.append('\n');
            for (GroupElement g : o.getGroups()) {
                indent(b, g.toSchema());
            }
        }
        return b.append("}\n").toString();
    }

    private static String field(FieldElement f) {
        StringBuilder b = new StringBuilder();
        if (f.getLabel() != null) {
            b.append(f.getLabel().name().toLowerCase(Locale.ROOT)).append(' ');
        }
        b.append(f.getType()).append(' ').append(f.getName()).append(" = ").append(f.getTag());
        List<OptionElement> options = new ArrayList<>(f.getOptions());
        if (f.getDefaultValue() != null) {
            options.add(OptionElement.Companion.create("default", kindOf(ProtoType.get(f.getType())), f.getDefaultValue()));
        }
        if (f.getJsonName() != null) {
            options.add(OptionElement.Companion.create("json_name", OptionElement.Kind.STRING, f.getJsonName()));
        }
        if (!options.isEmpty()) {
            b.append(' ');
            options(b, options);
        }
        return b.append(";\n").toString();
    }

    private static OptionElement.Kind kindOf(ProtoType type) {
        return switch (type.getSimpleName()) {
            case "bool" -> OptionElement.Kind.BOOLEAN;
            case "string" -> OptionElement.Kind.STRING;
            case "bytes", "double", "float", "fixed32", "fixed64", "int32", "int64", "sfixed32", "sfixed64", "sint32", "sint64",
                 "uint32", "uint64" -> OptionElement.Kind.NUMBER;
            default -> OptionElement.Kind.ENUM;
        };
    }

    private static String reserved(ReservedElement r) {
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

    private static String service(ServiceElement s) {
        StringBuilder b = new StringBuilder("service ").append(s.getName()).append(" {");
        if (!s.getOptions().isEmpty()) {
            b.append('\n');
            s.getOptions().forEach(o -> indent(b, optionStatement(o)));
        }
        if (!s.getRpcs().isEmpty()) {
            b.append('\n');
            for (RpcElement rpc : s.getRpcs()) {
                StringBuilder r = new StringBuilder("rpc ").append(rpc.getName()).append(" (");
                r.append(rpc.getRequestStreaming() ? "stream " : "").append(rpc.getRequestType()).append(") returns (");
                r.append(rpc.getResponseStreaming() ? "stream " : "").append(rpc.getResponseType()).append(')');
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

    private static String optionStatement(OptionElement o) {
        return "option " + option(o) + ";\n";
    }

    @SuppressWarnings("unchecked")
    private static String option(OptionElement o) {
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
            default -> {
            }
        }
        return b.toString();
    }

    private static void map(StringBuilder b, Map<String, Object> values) {
        int i = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            indent(b, e.getKey() + ": " + mapValue(e.getValue()) + (++i < values.size() ? "," : ""));
        }
    }

    @SuppressWarnings("unchecked")
    private static String mapValue(Object value) {
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

    private static void options(StringBuilder b, List<OptionElement> options) {
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
    private static void indent(StringBuilder b, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        for (String line : lines) {
            b.append("  ").append(line).append('\n');
        }
    }

    private static String escape(String s) {
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
