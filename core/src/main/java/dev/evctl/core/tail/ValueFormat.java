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
    /** Avro in the Confluent wire format, decoded through the schema registry (values only). */
    avro
}
