package dev.evctl.core.tail;

/** What tail writes for each record. */
public enum OutputMode {
    /** For people: coloured and pretty on a terminal, tab-separated when piped. */
    text,
    /** One JSON object per record with decoded key and value. */
    json,
    /** evctl's lossless envelope, readable by {@code publish --input envelope}. */
    envelope
}
