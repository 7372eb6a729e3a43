package dev.evctl.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** Which records a command takes: tail shows them, replay copies them. */
public final class FilterOptions {

    @Option(names = "--key-match", paramLabel = "REGEX", description = "Only records whose key matches REGEX.")
    public String keyMatch;

    @Option(
            names = "--header",
            paramLabel = "NAME=VALUE",
            description = "Only records with this header value (repeatable, all must match).")
    public Map<String, String> headerMatch = new LinkedHashMap<>();

    @Option(
            names = "--where",
            paramLabel = "JMESPATH",
            description = "Only records whose JSON value (or decoded Avro value) makes the expression true.")
    public String where;

    /**
     * The filters' part of a job's identity (CopyJob.derivedId). Resumable jobs are found by it:
     * this text must not change (JobIdentityTest pins it) — a new filter appends its part only
     * when it is set.
     */
    public String identity() {
        return keyMatch + "\u0000" + headerMatch + "\u0000" + where;
    }
}
