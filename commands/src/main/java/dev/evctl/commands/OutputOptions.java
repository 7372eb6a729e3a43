package dev.evctl.commands;

import picocli.CommandLine.Option;

/** {@code -o text|json} for listings and results. */
public final class OutputOptions {

    /** Output forms of listings and results. */
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    public boolean json() {
        return format == Format.json;
    }
}
