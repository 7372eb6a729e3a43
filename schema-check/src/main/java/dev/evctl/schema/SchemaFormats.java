package dev.evctl.schema;

import dev.evctl.schema.jsonschema.JsonSchemaFormat;
import dev.evctl.schema.protobuf.ProtoFormat;

/** The {@link SchemaFormat} of each schema type: the one place that names the implementations. */
public final class SchemaFormats {

    private SchemaFormats() {}

    /** The format of a type. */
    public static SchemaFormat<?> of(SchemaType type) {
        return switch (type) {
            case AVRO -> AvroFormat.INSTANCE;
            case PROTOBUF -> ProtoFormat.INSTANCE;
            case JSON -> JsonSchemaFormat.INSTANCE;
        };
    }
}
