package dev.evctl.core.tail;

import java.util.List;
import java.util.Map;

/**
 * What to read and how to show it.
 *
 * @param to     where to stop, or null to follow (when {@code follow}) or stop at the end seen at start
 * @param max    stop after this many shown records, 0 for no limit
 * @param format a {@code --format} template, or null
 * @param avro   decodes framed Avro values when the value format is avro
 * @param failOnDecodeError stop at the first value that cannot be decoded instead of reporting it and going on
 */
public record TailRequest(
        List<String> topics,
        List<Integer> partitions,
        OffsetSpec from,
        OffsetSpec to,
        boolean follow,
        long max,
        ValueFormat keyFormat,
        ValueFormat valueFormat,
        OutputMode output,
        String format,
        String keyMatch,
        Map<String, String> headerMatch,
        String where,
        String query,
        boolean color,
        boolean pretty,
        FramedDecoder avro,
        boolean failOnDecodeError) {

    public TailRequest {
        topics = List.copyOf(topics);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        headerMatch = headerMatch == null ? Map.of() : Map.copyOf(headerMatch);
    }
}
