package dev.evctl.commands.dlq;

import java.time.Instant;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.evctl.codecs.RegistryDecoder;
import dev.evctl.commands.FilterOptions;
import dev.evctl.core.EvctlException;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.tail.RecordMatcher;
import dev.evctl.dlq.Convention;
import dev.evctl.dlq.Selection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The selectors the dlq commands share. */
public final class DlqOptions {

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only records written to the DLQ since: ISO-8601 time or a duration ago (2h, 1d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only records written before this time.")
    String until;

    @Option(
            names = "--error-class",
            paramLabel = "CLASS",
            description = "Only this exception class (full or simple name).")
    String errorClass;

    @Option(names = "--message-match", paramLabel = "REGEX", description = "Only records whose error message matches.")
    String messageMatch;

    @Option(names = "--original-topic", paramLabel = "TOPIC", description = "Only records that failed on this topic.")
    String originalTopic;

    @Option(
            names = "--convention",
            paramLabel = "NAME",
            description = "Read the headers as connect, spring or smallrye (default: detected per record).")
    String convention;

    @Mixin
    FilterOptions filter;

    OffsetSpec from() {
        return since == null ? new OffsetSpec.Beginning() : OffsetSpec.parse(since, "--since", Instant.now());
    }

    OffsetSpec to() {
        return until == null ? new OffsetSpec.End() : OffsetSpec.parse(until, "--until", Instant.now());
    }

    Convention convention() {
        try {
            return convention == null ? null : Convention.parse(convention);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage("--convention: " + e.getMessage());
        }
    }

    Selection selection(RegistryDecoder avro) {
        Pattern message = null;
        if (messageMatch != null) {
            try {
                message = Pattern.compile(messageMatch);
            } catch (PatternSyntaxException e) {
                throw EvctlException.usage(
                        "invalid --message-match regex '" + messageMatch + "': " + e.getDescription());
            }
        }
        RecordMatcher matcher = new RecordMatcher(filter.keyMatch, filter.headerMatch, filter.where, avro);
        return new Selection(errorClass, message, originalTopic, matcher.matchesAll() ? null : matcher);
    }

    /**
     * The selectors' part of a redrive or skip job's identity (CopyJob.derivedId): a re-run finds
     * its job by it, so this text must not change (JobIdentityTest pins it).
     */
    public String identity() {
        return String.join(
                "\u0000",
                String.valueOf(since),
                String.valueOf(until),
                String.valueOf(errorClass),
                String.valueOf(messageMatch),
                String.valueOf(originalTopic),
                String.valueOf(convention),
                filter.identity());
    }
}
