package dev.evctl.commands;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where publish's records come from: one of these options, or stdin (declared exclusive in {@link PublishInput}). */
@ExclusiveMessage("choose one input: --value/--null-value, --file, --template or --generate-from")
final class PublishSources {
    @Option(names = "--value", description = "Send one record with this value.")
    String value;

    @Option(names = "--null-value", description = "Send a tombstone (null value), usually with --key.")
    boolean nullValue;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read records from FILE (default: stdin).")
    Path file;

    @Option(
            names = {"-t", "--template"},
            paramLabel = "TEXT|@FILE",
            description = "Template of generated values (see below).")
    String template;

    @Option(
            names = "--generate-from",
            paramLabel = "SCHEMA",
            description = "Generate random valid records for this Avro (.avsc) or Protobuf (.proto, the first "
                    + "message or --message)"
                    + " schema (--count, --rate, --seed); implies --value-format avro or protobuf.")
    Path generateFrom;
}
