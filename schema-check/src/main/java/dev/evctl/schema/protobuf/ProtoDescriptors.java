package dev.evctl.schema.protobuf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import dev.evctl.schema.InvalidSchemaException;

/**
 * protobuf-java descriptors for a parsed schema, so messages can be read and written
 * ({@code DynamicMessage}) and mapped to JSON ({@code JsonFormat}): what protoc would build from the
 * same text — map fields become nested {@code XEntry} messages, proto3 {@code optional} a synthetic
 * oneof — with the well-known types taken from protobuf-java itself (no import needed, as the
 * registry resolves them).
 */
public final class ProtoDescriptors {

    private static final Map<String, Descriptors.FileDescriptor> WELL_KNOWN = new HashMap<>();

    static {
        for (Descriptors.FileDescriptor f : List.of(
                AnyProto.getDescriptor(),
                ApiProto.getDescriptor(),
                DescriptorProtos.getDescriptor(),
                DurationProto.getDescriptor(),
                EmptyProto.getDescriptor(),
                FieldMaskProto.getDescriptor(),
                SourceContextProto.getDescriptor(),
                StructProto.getDescriptor(),
                TimestampProto.getDescriptor(),
                TypeProto.getDescriptor(),
                WrappersProto.getDescriptor())) {
            WELL_KNOWN.put(f.getName(), f);
        }
    }

    private ProtoDescriptors() {}

    /** Whether an import path is a well-known type's file (google/protobuf/timestamp.proto): built in, never a file. */
    public static boolean wellKnown(String importPath) {
        return WELL_KNOWN.containsKey(importPath);
    }

    /** The main file's descriptor, with every dependency built first. */
    public static Descriptors.FileDescriptor build(ProtoSchema schema) {
        return build(schema, false);
    }

    /**
     * The schema as Confluent's registry serves it with {@code ?format=serialized} (a base64
     * {@code FileDescriptorProto}, which a client builds descriptors from without parsing the text): the main file is
     * named {@code default}, it lists its imports as written, and a field has a label only where the text
     * gives one (or, as for every map, where it is repeated). Checked byte for byte against the recorded
     * answer of Confluent's registry (TranscriptReplayTest).
     */
    public static FileDescriptorProto serialized(ProtoSchema schema) {
        return build(schema, true).toProto();
    }

    private static Descriptors.FileDescriptor build(ProtoSchema schema, boolean registryForm) {
        Map<String, Descriptors.FileDescriptor> built = new LinkedHashMap<>();
        Map<String, String> typeFiles = new HashMap<>(); // full type name -> file that declares it
        WELL_KNOWN.values().forEach(f -> f.getMessageTypes().forEach(m -> index(m, f.getName(), typeFiles)));
        WELL_KNOWN.values().forEach(f -> f.getEnumTypes().forEach(e -> typeFiles.put(e.getFullName(), f.getName())));
        for (ProtoSchema.Dependency d : schema.dependencies().values()) {
            declare(d.file(), d.importPath(), typeFiles);
        }
        declare(schema.file(), "", typeFiles);
        Map<String, ProtoFileElement> files = new LinkedHashMap<>();
        schema.dependencies().values().forEach(d -> files.put(d.importPath(), d.file()));
        try {
            for (Map.Entry<String, ProtoFileElement> f : files.entrySet()) {
                built.put(f.getKey(), file(f.getKey(), f.getValue(), typeFiles, built, false));
            }
            return registryForm
                    ? file("default", schema.file(), typeFiles, built, true)
                    : file("schema.proto", schema.file(), typeFiles, built, false);
        } catch (Descriptors.DescriptorValidationException e) {
            throw new InvalidSchemaException("cannot build a descriptor: " + e.getMessage(), e);
        }
    }

    /**
     * The message of that full name, or the first message of the file when {@code fullName} is null (as Confluent's
     * serializer).
     */
    public static Descriptors.Descriptor message(Descriptors.FileDescriptor file, String fullName) {
        if (fullName == null) {
            if (file.getMessageTypes().isEmpty()) {
                throw new IllegalArgumentException("the schema declares no message");
            }
            return file.getMessageTypes().get(0);
        }
        String name = fullName.startsWith(".") ? fullName.substring(1) : fullName;
        Descriptors.Descriptor found = file.findMessageTypeByName(
                name.contains(".") && !file.getPackage().isEmpty() && name.startsWith(file.getPackage() + ".")
                        ? name.substring(file.getPackage().length() + 1)
                        : name);
        if (found == null) {
            for (Descriptors.Descriptor m : all(file)) {
                if (m.getFullName().equals(name) || m.getFullName().equals(file.getPackage() + "." + name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("no message '" + fullName + "' in the schema; it declares "
                    + all(file).stream()
                            .map(Descriptors.Descriptor::getFullName)
                            .filter(n -> !n.endsWith("Entry"))
                            .toList());
        }
        return found;
    }

    private static List<Descriptors.Descriptor> all(Descriptors.FileDescriptor file) {
        List<Descriptors.Descriptor> out = new ArrayList<>();
        file.getMessageTypes().forEach(m -> collect(m, out));
        return out;
    }

    private static void collect(Descriptors.Descriptor m, List<Descriptors.Descriptor> out) {
        out.add(m);
        m.getNestedTypes().forEach(n -> collect(n, out));
    }

    private static void index(Descriptors.Descriptor m, String file, Map<String, String> typeFiles) {
        typeFiles.put(m.getFullName(), file);
        m.getNestedTypes().forEach(n -> index(n, file, typeFiles));
        m.getEnumTypes().forEach(e -> typeFiles.put(e.getFullName(), file));
    }

    private static void declare(ProtoFileElement file, String name, Map<String, String> typeFiles) {
        String prefix = ProtoSchema.packagePrefix(file);
        declare(prefix, file.getTypes(), name, typeFiles);
    }

    private static void declare(String prefix, List<TypeElement> types, String file, Map<String, String> typeFiles) {
        for (TypeElement t : types) {
            typeFiles.put(prefix + t.getName(), (t instanceof EnumElement ? "enum:" : "message:") + file);
            declare(prefix + t.getName() + ".", t.getNestedTypes(), file, typeFiles);
        }
    }

    private static Descriptors.FileDescriptor file(
            String name,
            ProtoFileElement element,
            Map<String, String> typeFiles,
            Map<String, Descriptors.FileDescriptor> built,
            boolean registryForm)
            throws Descriptors.DescriptorValidationException {
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder().setName(name);
        if (element.getPackageName() != null) {
            file.setPackage(element.getPackageName());
        }
        String syntax =
                element.getSyntax() == null ? "proto2" : element.getSyntax().toString();
        file.setSyntax(syntax);
        boolean proto3 = syntax.equals("proto3");
        Context ctx = new Context(
                element.getPackageName() == null ? "" : element.getPackageName(), typeFiles, proto3, registryForm);
        for (TypeElement t : element.getTypes()) {
            if (t instanceof MessageElement m) {
                file.addMessageType(ctx.message(m, ctx.pkg));
            } else if (t instanceof EnumElement e) {
                file.addEnumType(enumeration(e));
            }
        }
        // every file a field names: the imports, and the well-known types (which need none); the registry's
        // form lists the imports first, as written
        List<Descriptors.FileDescriptor> deps = new ArrayList<>();
        List<String> named = new ArrayList<>();
        if (registryForm) {
            named.addAll(element.getImports());
            named.addAll(element.getPublicImports());
        }
        named.addAll(ctx.usedFiles);
        for (String used : named) {
            if (used.equals(name) || used.isEmpty()) {
                continue;
            }
            Descriptors.FileDescriptor d = built.containsKey(used) ? built.get(used) : WELL_KNOWN.get(used);
            if (d != null && !deps.contains(d)) {
                deps.add(d);
                file.addDependency(used);
            }
        }
        return Descriptors.FileDescriptor.buildFrom(file.build(), deps.toArray(new Descriptors.FileDescriptor[0]));
    }

    private static EnumDescriptorProto enumeration(EnumElement e) {
        EnumDescriptorProto.Builder b = EnumDescriptorProto.newBuilder().setName(e.getName());
        for (EnumConstantElement c : e.getConstants()) {
            b.addValue(
                    EnumValueDescriptorProto.newBuilder().setName(c.getName()).setNumber(c.getTag()));
        }
        if (e.getOptions().stream().anyMatch(o -> o.getName().equals("allow_alias"))) {
            b.setOptions(DescriptorProtos.EnumOptions.newBuilder().setAllowAlias(true));
        }
        return b.build();
    }

    /** Resolves type names from where a message is declared, and remembers which files they come from. */
    private static final class Context {
        final String pkg;
        final Map<String, String> typeFiles;
        final boolean proto3;
        final boolean registryForm;
        final Set<String> usedFiles = new LinkedHashSet<>();

        Context(String pkg, Map<String, String> typeFiles, boolean proto3, boolean registryForm) {
            this.pkg = pkg;
            this.typeFiles = typeFiles;
            this.proto3 = proto3;
            this.registryForm = registryForm;
        }

        DescriptorProto message(MessageElement m, String scope) {
            String full = scope.isEmpty() ? m.getName() : scope + "." + m.getName();
            DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(m.getName());
            List<FieldDescriptorProto> synthetic = new ArrayList<>();
            for (FieldElement f : m.getFields()) {
                if (proto3
                        && f.getLabel() == Field.Label.OPTIONAL
                        && !ProtoType.get(f.getType()).isMap()) {
                    synthetic.add(field(f, full, b, -1).toBuilder()
                            .setProto3Optional(true)
                            .build());
                    continue;
                }
                b.addField(field(f, full, b, -1));
            }
            int oneOfIndex = 0;
            for (OneOfElement o : m.getOneOfs()) {
                b.addOneofDecl(OneofDescriptorProto.newBuilder().setName(o.getName()));
                for (FieldElement f : o.getFields()) {
                    b.addField(field(f, full, b, oneOfIndex));
                }
                oneOfIndex++;
            }
            for (FieldDescriptorProto f : synthetic) {
                b.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + f.getName()));
                b.addField(f.toBuilder().setOneofIndex(oneOfIndex++));
            }
            for (TypeElement t : m.getNestedTypes()) {
                if (t instanceof MessageElement nested) {
                    b.addNestedType(message(nested, full));
                } else if (t instanceof EnumElement e) {
                    b.addEnumType(enumeration(e));
                }
            }
            return b.build();
        }

        private FieldDescriptorProto field(FieldElement f, String scope, DescriptorProto.Builder owner, int oneOf) {
            FieldDescriptorProto.Builder b =
                    FieldDescriptorProto.newBuilder().setName(f.getName()).setNumber(f.getTag());
            ProtoType type = ProtoType.get(f.getType());
            if (type.isMap()) {
                String entry = entryName(f.getName());
                DescriptorProto.Builder e = DescriptorProto.newBuilder()
                        .setName(entry)
                        .setOptions(DescriptorProtos.MessageOptions.newBuilder().setMapEntry(true));
                e.addField(typed(
                        FieldDescriptorProto.newBuilder()
                                .setName("key")
                                .setNumber(1)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL),
                        type.getKeyType().toString(),
                        scope));
                e.addField(typed(
                        FieldDescriptorProto.newBuilder()
                                .setName("value")
                                .setNumber(2)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL),
                        type.getValueType().toString(),
                        scope));
                owner.addNestedType(e);
                b.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName("." + scope + "." + entry);
            } else {
                if (!registryForm || (f.getLabel() != null && oneOf < 0)) {
                    b.setLabel(
                            f.getLabel() == Field.Label.REPEATED
                                    ? FieldDescriptorProto.Label.LABEL_REPEATED
                                    : f.getLabel() == Field.Label.REQUIRED
                                            ? FieldDescriptorProto.Label.LABEL_REQUIRED
                                            : FieldDescriptorProto.Label.LABEL_OPTIONAL);
                }
                typed(b, f.getType(), scope);
            }
            if (f.getJsonName() != null) {
                b.setJsonName(f.getJsonName());
            }
            if (f.getDefaultValue() != null) {
                b.setDefaultValue(f.getDefaultValue());
            }
            for (OptionElement o : f.getOptions()) {
                if (o.getName().equals("packed")) {
                    b.setOptions(DescriptorProtos.FieldOptions.newBuilder()
                            .setPacked(Boolean.parseBoolean(String.valueOf(o.getValue()))));
                }
            }
            if (oneOf >= 0) {
                b.setOneofIndex(oneOf);
            }
            return b.build();
        }

        private FieldDescriptorProto.Builder typed(FieldDescriptorProto.Builder b, String name, String scope) {
            ProtoType type = ProtoType.get(name);
            if (type.isScalar()) {
                return b.setType(FieldDescriptorProto.Type.valueOf("TYPE_" + name.toUpperCase(Locale.ROOT)));
            }
            String full = ProtoSchema.resolve(name, scope, typeFiles.keySet());
            if (full == null) {
                throw new InvalidSchemaException("Could not resolve type: " + name, null);
            }
            String where = typeFiles.get(full);
            boolean isEnum = where.startsWith("enum:");
            String file = where.startsWith("enum:")
                    ? where.substring(5)
                    : where.startsWith("message:") ? where.substring(8) : where;
            if (!where.startsWith("enum:") && !where.startsWith("message:")) {
                // a well-known type from protobuf-java
                Descriptors.FileDescriptor wk = WELL_KNOWN.get(where);
                isEnum = wk.findEnumTypeByName(full.substring(full.lastIndexOf('.') + 1)) != null;
            }
            usedFiles.add(file);
            return b.setType(isEnum ? FieldDescriptorProto.Type.TYPE_ENUM : FieldDescriptorProto.Type.TYPE_MESSAGE)
                    .setTypeName("." + full);
        }

        /** protoc's name of a map field's entry message: the field name in CamelCase + "Entry". */
        private static String entryName(String field) {
            StringBuilder b = new StringBuilder();
            boolean upper = true;
            for (char c : field.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    b.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return b.append("Entry").toString();
        }
    }
}
