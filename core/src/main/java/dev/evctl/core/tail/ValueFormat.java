package dev.evctl.core.tail;

/** How tail shows key and value bytes. */
public enum ValueFormat {
    /** UTF-8 text. */
    string,
    /** JSON, pretty-printed on a terminal; needed by --where, --query and value paths in --format. */
    json,
    /** Lower-case hexadecimal. */
    hex,
    /** Standard base64. */
    base64,
    /** Avro in the Confluent wire format, decoded through the schema registry. */
    avro,
    /** Protobuf in the Confluent wire format, decoded through the schema registry (as JSON, by protobuf's mapping). */
    protobuf,
    /** JSON Schema values in the Confluent wire format: the JSON after the 5-byte header. */
    jsonschema;

    /** Framed on the Confluent wire and decoded through the registry (the id's schema type decides how). */
    public boolean viaRegistry() {
        return this == avro || this == protobuf || this == jsonschema;
    }
}
