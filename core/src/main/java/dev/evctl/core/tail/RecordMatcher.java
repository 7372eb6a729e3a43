package dev.evctl.core.tail;

import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * tail's record filters for other commands (replay, redrive): a key regex, exact header values
 * and a JMESPath condition on the JSON value, or on the decoded value when it is framed Avro and
 * a decoder is given. {@link IllegalArgumentException} from {@link #test} says why a framed value
 * could not be decoded.
 */
public final class RecordMatcher implements Predicate<ConsumerRecord<byte[], byte[]>> {

    private final RecordFilter filter;
    private final FramedDecoder avro;

    /** Invalid regexes and JMESPath expressions fail here, as usage errors naming the option. */
    public RecordMatcher(String keyMatch, Map<String, String> headers, String where, FramedDecoder avro) {
        this.filter = new RecordFilter(keyMatch, headers == null ? Map.of() : headers, where);
        this.avro = avro;
    }

    /** A JMESPath expression compiled as {@code --where} compiles it; a usage error naming {@code option}. */
    public static io.burt.jmespath.Expression<com.fasterxml.jackson.databind.JsonNode> jmesPath(
            String expression, String option) {
        return RecordFilter.compileJmesPath(expression, option);
    }

    /** Whether every record matches (no condition given). */
    public boolean matchesAll() {
        return filter.isEmpty();
    }

    @Override
    public boolean test(ConsumerRecord<byte[], byte[]> record) {
        if (filter.isEmpty()) {
            return true;
        }
        DecodedRecord decoded = new DecodedRecord(record, avro);
        decoded.decodeAvro(false, false);
        return filter.accept(decoded);
    }
}
