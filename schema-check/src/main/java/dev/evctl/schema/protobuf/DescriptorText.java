package dev.evctl.schema.protobuf;

import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A schema sent as a base64-encoded {@code FileDescriptorProto} (what Confluent's Python and Go
 * clients register) written back as {@code .proto} text, as the registry accepts both: map-entry
 * messages become {@code map<K, V>} fields again, proto3 {@code optional} comes back from its
 * synthetic oneof.
 */
final class DescriptorText {

    private DescriptorText() {}

    /** The .proto text of a base64 descriptor, or null when the text is not one. */
    static String fromBase64(String text) {
        String t = text.strip();
        if (t.isEmpty() || !t.matches("[A-Za-z0-9+/=\\s]+")) {
            return null;
        }
        try {
            FileDescriptorProto file =
                    FileDescriptorProto.parseFrom(Base64.getMimeDecoder().decode(t));
            return file.getMessageTypeCount() + file.getEnumTypeCount() == 0 && !file.hasPackage() ? null : of(file);
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return null;
        }
    }

    static String of(FileDescriptorProto file) {
        StringBuilder b = new StringBuilder();
        b.append("syntax = \"")
                .append(file.getSyntax().isEmpty() ? "proto2" : file.getSyntax())
                .append("\";\n");
        if (file.hasPackage()) {
            b.append("package ").append(file.getPackage()).append(";\n");
        }
        for (String dep : file.getDependencyList()) {
            b.append("import \"").append(dep).append("\";\n");
        }
        boolean proto3 = "proto3".equals(file.getSyntax());
        for (DescriptorProto m : file.getMessageTypeList()) {
            message(b, m, "", proto3);
        }
        for (EnumDescriptorProto e : file.getEnumTypeList()) {
            enumeration(b, e, "");
        }
        return b.toString();
    }

    private static void message(StringBuilder b, DescriptorProto m, String indent, boolean proto3) {
        b.append(indent).append("message ").append(m.getName()).append(" {\n");
        String in = indent + "  ";
        Map<String, DescriptorProto> entries = new HashMap<>();
        for (DescriptorProto nested : m.getNestedTypeList()) {
            if (nested.getOptions().getMapEntry()) {
                entries.put(nested.getName(), nested);
            }
        }
        Map<Integer, StringBuilder> oneOfs = new TreeMap<>();
        for (FieldDescriptorProto f : m.getFieldList()) {
            boolean synthetic = f.getProto3Optional();
            if (f.hasOneofIndex() && !synthetic) {
                oneOfs.computeIfAbsent(f.getOneofIndex(), i -> new StringBuilder())
                        .append(in)
                        .append("  ")
                        .append(field(f, entries, false, proto3));
                continue;
            }
            b.append(in).append(field(f, entries, true, proto3));
        }
        oneOfs.forEach((i, fields) -> b.append(in)
                .append("oneof ")
                .append(m.getOneofDecl(i).getName())
                .append(" {\n")
                .append(fields)
                .append(in)
                .append("}\n"));
        for (DescriptorProto nested : m.getNestedTypeList()) {
            if (!nested.getOptions().getMapEntry()) {
                message(b, nested, in, proto3);
            }
        }
        for (EnumDescriptorProto e : m.getEnumTypeList()) {
            enumeration(b, e, in);
        }
        b.append(indent).append("}\n");
    }

    private static String field(
            FieldDescriptorProto f, Map<String, DescriptorProto> entries, boolean labelled, boolean proto3) {
        String type = type(f);
        String entryName = f.getTypeName().substring(f.getTypeName().lastIndexOf('.') + 1);
        if (f.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED
                && f.getType() == FieldDescriptorProto.Type.TYPE_MESSAGE
                && entries.containsKey(entryName)) {
            DescriptorProto entry = entries.get(entryName);
            return "map<" + type(entry.getField(0)) + ", " + type(entry.getField(1)) + "> " + f.getName() + " = "
                    + f.getNumber() + ";\n";
        }
        String label = "";
        if (labelled) {
            label = switch (f.getLabel()) {
                case LABEL_REPEATED -> "repeated ";
                case LABEL_REQUIRED -> "required ";
                default -> proto3 && !f.getProto3Optional() ? "" : "optional ";
            };
        }
        StringBuilder options = new StringBuilder();
        if (f.hasDefaultValue()) {
            options.append("default = ")
                    .append(
                            f.getType() == FieldDescriptorProto.Type.TYPE_STRING
                                    ? "\"" + f.getDefaultValue() + "\""
                                    : f.getDefaultValue());
        }
        if (f.getOptions().hasPacked()) {
            options.append(options.isEmpty() ? "" : ", ")
                    .append("packed = ")
                    .append(f.getOptions().getPacked());
        }
        return label + type + " " + f.getName() + " = " + f.getNumber()
                + (options.isEmpty() ? "" : " [" + options + "]") + ";\n";
    }

    private static String type(FieldDescriptorProto f) {
        return switch (f.getType()) {
            case TYPE_MESSAGE, TYPE_ENUM, TYPE_GROUP -> f.getTypeName();
            default -> f.getType().name().substring("TYPE_".length()).toLowerCase(Locale.ROOT);
        };
    }

    private static void enumeration(StringBuilder b, EnumDescriptorProto e, String indent) {
        b.append(indent).append("enum ").append(e.getName()).append(" {\n");
        if (e.getOptions().getAllowAlias()) {
            b.append(indent).append("  option allow_alias = true;\n");
        }
        for (EnumValueDescriptorProto v : e.getValueList()) {
            b.append(indent)
                    .append("  ")
                    .append(v.getName())
                    .append(" = ")
                    .append(v.getNumber())
                    .append(";\n");
        }
        b.append(indent).append("}\n");
    }
}
