package dev.evctl.schema;

import org.apache.avro.Schema;

/** Parses Avro schema text the way the registry does: defaults are not validated. */
public final class AvroSchemas {

    private AvroSchemas() {
    }

    /**
     * Parses one schema.
     *
     * @throws InvalidSchemaException with the parser's reason, for anything the registry refuses
     */
    public static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("Empty schema", null);
        }
        try {
            // The registry parses with validateDefaults=false: a default of the wrong type is accepted.
            return new Schema.Parser().setValidateDefaults(false).parse(text);
        } catch (org.apache.avro.AvroRuntimeException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid schema: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            // Avro 1.12.1 throws NullPointerException for some unknown types ({"type":"nope"})
            throw new InvalidSchemaException("Invalid schema: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())), e);
        }
    }

    /**
     * The form the registry compares when it looks a schema up: two texts with the same form are
     * one version (whitespace, {"type":"string"} vs "string", full name vs name + namespace).
     */
    public static String canonical(Schema schema) {
        return schema.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
