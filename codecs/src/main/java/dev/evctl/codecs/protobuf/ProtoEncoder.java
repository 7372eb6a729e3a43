package dev.evctl.codecs.protobuf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.evctl.codecs.FramedEncoder;
import dev.evctl.codecs.RegistryErrors;
import dev.evctl.codecs.SchemaIds;
import dev.evctl.codecs.WriterReferences;
import dev.evctl.codecs.avro.AvroCodec;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.protobuf.ProtoDescriptors;
import dev.evctl.schema.protobuf.ProtoFormat;
import dev.evctl.schema.protobuf.ProtoSchema;
import dev.evctl.schema.protobuf.ProtoWire;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;

/**
 * Turns JSON values into framed Protobuf as Confluent's serializer writes it: the JSON read with
 * protobuf's own mapping (an unknown field is an error), the message-index array of the chosen
 * message, the standard payload. {@link #check} touches no registry (the validation pass);
 * {@link #encode} registers the schema, or looks it up, on first use.
 */
public final class ProtoEncoder extends FramedEncoder {

    private static final JsonFormat.Parser JSON = JsonFormat.parser();

    private final RegistryClient registry;
    private final String text;
    private final Descriptors.Descriptor type;
    private final byte[] indexes;
    private final String subject;
    private final boolean autoRegister;
    private final WriterReferences references;
    private volatile Integer id;

    private ProtoEncoder(
            RegistryClient registry,
            ProtoSchema schema,
            String text,
            String message,
            String subject,
            boolean autoRegister,
            Integer id,
            WriterReferences references) {
        this.registry = registry;
        this.references = references;
        this.text = text;
        Descriptors.FileDescriptor file;
        try {
            file = ProtoDescriptors.build(schema);
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(e.getMessage());
        }
        try {
            this.type = ProtoDescriptors.message(file, message);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage("--message: " + e.getMessage());
        }
        this.indexes = ProtoWire.encodeIndexes(ProtoWire.indexes(schema, type));
        this.subject = subject;
        this.autoRegister = autoRegister;
        this.id = id;
    }

    /** The message type written. */
    public String messageName() {
        return type.getFullName();
    }

    @Override
    protected byte[] frame(int schemaId, byte[] json) {
        if (json == null) {
            return null;
        }
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        try {
            JSON.merge(new String(json, StandardCharsets.UTF_8), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a " + type.getFullName() + ": " + e.getMessage());
        }
        byte[] payload = builder.build().toByteArray();
        return ByteBuffer.allocate(5 + indexes.length + payload.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(indexes)
                .put(payload)
                .array();
    }

    @Override
    public synchronized int id() {
        if (id == null) {
            // the imports first (each under the subject named like its import path), then the file with its references
            id = SchemaIds.registerOrFind(
                    registry,
                    subject,
                    "PROTOBUF",
                    text,
                    references.resolve(registry, "PROTOBUF", autoRegister),
                    autoRegister);
        }
        return id;
    }

    /**
     * The encoder for a schema source; {@code message} null is the schema's first message (as Confluent's
     * serializer).
     */
    public static ProtoEncoder of(
            RegistryClient registry,
            String topic,
            boolean key,
            AvroCodec.SchemaSource source,
            AvroCodec.SubjectStrategy strategy,
            boolean autoRegister,
            String message,
            WriterReferences references) {
        try {
            if (source instanceof AvroCodec.FromText t) {
                ProtoSchema schema = parse(t.text(), t.origin(), references.forParsing());
                ProtoEncoder probe =
                        new ProtoEncoder(registry, schema, t.text(), message, null, autoRegister, null, references);
                String suffix = key ? "-key" : "-value";
                String subject = switch (strategy) {
                    case topic -> topic + suffix;
                    case record -> probe.messageName();
                    case topic_record -> topic + "-" + probe.messageName();
                };
                return new ProtoEncoder(registry, schema, t.text(), message, subject, autoRegister, null, references);
            }
            if (source instanceof AvroCodec.FromId i) {
                RegistryClient.StoredSchema stored = registry.schema(i.id());
                SchemaIds.requireType(stored.schemaType(), "PROTOBUF", "schema id " + i.id());
                return new ProtoEncoder(
                        registry,
                        parse(
                                stored.schema(),
                                "schema id " + i.id(),
                                SchemaCheck.registered(registry, stored.references())),
                        stored.schema(),
                        message,
                        null,
                        false,
                        i.id(),
                        WriterReferences.NONE);
            }
            AvroCodec.FromSubject s = (AvroCodec.FromSubject) source;
            RegistryClient.SubjectVersion latest = registry.version(s.subject(), "latest");
            SchemaIds.requireType(latest.schemaType(), "PROTOBUF", "subject '" + s.subject() + "'");
            return new ProtoEncoder(
                    registry,
                    parse(latest.schema(), s.subject(), SchemaCheck.registered(registry, latest.references())),
                    latest.schema(),
                    message,
                    s.subject(),
                    false,
                    latest.id(),
                    WriterReferences.NONE);
        } catch (RegistryException e) {
            throw RegistryErrors.translate(e);
        }
    }

    private static ProtoSchema parse(String text, String origin, List<SchemaFormat.Referenced> referenced) {
        try {
            return ProtoFormat.INSTANCE.parse(text, referenced);
        } catch (ProtoSchema.InvalidProto e) {
            throw EvctlException.badInput(origin + (e.line() > 0 ? ":" + e.line() + ":" + e.column() : "")
                    + ": invalid schema: " + e.reason());
        } catch (InvalidSchemaException e) {
            throw EvctlException.badInput(origin + ": invalid schema: " + e.getMessage());
        }
    }
}
