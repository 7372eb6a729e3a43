package dev.evctl.copy;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a copy job writes for each source record: the record to produce (topic, partition,
 * timestamp, key, value, headers), or null to leave it out (filtered). It must be a pure
 * function of the record: a resumed job maps the same records the same way.
 */
@FunctionalInterface
public interface RecordMapper {

    ProducerRecord<byte[], byte[]> map(ConsumerRecord<byte[], byte[]> record);
}
