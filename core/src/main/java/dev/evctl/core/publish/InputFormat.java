package dev.evctl.core.publish;

/** How {@code publish} reads records from a file or stdin. */
public enum InputFormat {
    /**
     * One record per line; with a key separator, the key is the text before its first occurrence. Empty lines are
     * skipped (and counted on stderr): {@code --value ''} sends an empty value on purpose.
     */
    lines,
    /** One JSON value per line, validated; blank lines are skipped. */
    jsonl,
    /** evctl's lossless envelope, one JSON object per line, as {@code tail -o envelope} writes it. */
    envelope
}
