package dev.evctl.core.publish;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import dev.evctl.core.record.RecordHeader;

/**
 * Everything {@code publish} needs to know, parsed from the command line.
 *
 * @param rate        records per second, 0 for as fast as possible
 * @param skipInvalid send the valid lines of a file and list the invalid ones, instead of sending nothing
 * @param valueEncoder turns each value into the bytes sent (Avro), or null to send values as they are
 * @param keyEncoder   the same for keys
 */
public record PublishRequest(
        String topic,
        Source source,
        InputFormat input,
        String keySeparator,
        JsonlFields jsonl,
        List<RecordHeader> headers,
        Integer partition,
        Long timestamp,
        double rate,
        boolean skipInvalid,
        ValueEncoder valueEncoder,
        ValueEncoder keyEncoder) {

    public PublishRequest(
            String topic,
            Source source,
            InputFormat input,
            String keySeparator,
            JsonlFields jsonl,
            List<RecordHeader> headers,
            Integer partition,
            Long timestamp,
            double rate,
            boolean skipInvalid,
            ValueEncoder valueEncoder) {
        this(
                topic,
                source,
                input,
                keySeparator,
                jsonl,
                headers,
                partition,
                timestamp,
                rate,
                skipInvalid,
                valueEncoder,
                null);
    }

    /**
     * Which top-level fields of a jsonl line make the record; all null means the whole line is
     * the value. A string field is sent as its text, anything else as its JSON. Headers come
     * from an object ({@code {"name": "value"}}, a list value repeats the header) or a list of
     * {@code {"name", "value"}} objects.
     */
    public record JsonlFields(String key, String value, String headers) {

        public static final JsonlFields NONE = new JsonlFields(null, null, null);

        public boolean wholeLine() {
            return key == null && value == null && headers == null;
        }
    }

    public PublishRequest {
        jsonl = jsonl == null ? JsonlFields.NONE : jsonl;
        headers = headers == null ? List.of() : List.copyOf(headers);
        input = input == null ? InputFormat.lines : input;
    }

    /** Where the records come from. */
    public sealed interface Source {}

    /** {@code --value}/{@code --key} (or {@code --null-value}), sent {@code count} times. */
    public record Single(byte[] key, byte[] value, long count) implements Source {}

    /** Lines of a file, or of stdin when {@code file} is null; {@code name} is used in messages. */
    public record Lines(String name, Path file, InputStream stdin) implements Source {}

    /** {@code count} generated records (templates, or random data for a schema); {@code key} may be null. */
    public record Generated(ValueGenerator value, ValueGenerator key, long count) implements Source {}
}
