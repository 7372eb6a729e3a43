package dev.evctl.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** Which records a command takes: tail shows them, replay copies them. */
public final class FilterOptions {

    @Option(names = "--key-match", paramLabel = "REGEX", description = "Only records whose key matches REGEX.")
    public String keyMatch;

    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "Only records with this header value (repeatable, all must match).")
    public Map<String, String> headerMatch = new LinkedHashMap<>();

    @Option(names = "--where", paramLabel = "JMESPATH",
            description = "Only records whose JSON value (or decoded Avro value) makes the expression true.")
    public String where;

    /** For a job's identity: the filters as one string. */
    @Override
    public String toString() {
        return keyMatch + "\u0000" + headerMatch + "\u0000" + where;
    }
}
