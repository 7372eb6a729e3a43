package dev.evctl.dlq;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Which dead-letter records a command takes: by exception class (full or simple name), message
 * regex, original topic, and the record filters of tail (key, headers, JMESPath on the value).
 */
public record Selection(
        String errorClass,
        Pattern messageMatch,
        String originalTopic,
        Predicate<ConsumerRecord<byte[], byte[]>> recordFilter) {

    public static final Selection ALL = new Selection(null, null, null, null);

    public boolean test(ConsumerRecord<byte[], byte[]> record, DeadLetter letter) {
        if (errorClass != null) {
            String c = letter.exceptionClass();
            if (c == null || !(c.equals(errorClass) || c.endsWith("." + errorClass) || c.endsWith("$" + errorClass))) {
                return false;
            }
        }
        if (messageMatch != null
                && (letter.message() == null
                        || !messageMatch.matcher(letter.message()).find())) {
            return false;
        }
        if (originalTopic != null && !originalTopic.equals(letter.originalTopic())) {
            return false;
        }
        return recordFilter == null || recordFilter.test(record);
    }
}
