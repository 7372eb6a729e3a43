package dev.evctl.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.evctl.core.EvctlException;
import dev.evctl.core.publish.Template;
import dev.evctl.core.record.RecordHeader;

/** What {@code publish}'s options say, parsed: templates (inline or {@code @FILE}), headers, the timestamp. */
final class PublishParsing {

    private PublishParsing() {}

    /** A template given inline or as {@code @FILE}; a bad one is a usage error naming the option. */
    static Template template(String text, String option, Random random) {
        String body = text;
        if (text.startsWith("@")) {
            Path path = Path.of(text.substring(1));
            try {
                body = Files.readString(path, StandardCharsets.UTF_8).stripTrailing();
            } catch (NoSuchFileException e) {
                throw EvctlException.badInput(option + " file " + path + " does not exist");
            } catch (IOException e) {
                throw EvctlException.badInput("cannot read " + option + " file " + path + ": " + e.getMessage());
            }
        }
        try {
            return Template.compile(body, random);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage("invalid " + option + ": " + e.getMessage());
        }
    }

    /** {@code --header NAME=VALUE}s as record headers. */
    static List<RecordHeader> headers(List<String> headers) {
        List<RecordHeader> out = new ArrayList<>();
        for (String h : headers) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw EvctlException.usage("invalid --header '" + h + "': expected NAME=VALUE");
            }
            out.add(new RecordHeader(h.substring(0, eq), h.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** {@code --timestamp}: epoch milliseconds or ISO-8601; null when not given. */
    static Long timestamp(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        if (timestamp.matches("\\d+")) {
            return Long.parseLong(timestamp);
        }
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw EvctlException.usage("invalid --timestamp '" + timestamp
                    + "': expected epoch milliseconds or ISO-8601 (2026-11-22T05:00:00Z)");
        }
    }
}
