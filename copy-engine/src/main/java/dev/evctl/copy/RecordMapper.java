package dev.evctl.copy;

import java.util.List;

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

    /**
     * Every record to write for this source record, in one transaction with the job's progress
     * (e.g. the copy and a marker saying it was handled); empty to leave it out. The default
     * writes {@link #map}'s record.
     */
    default List<ProducerRecord<byte[], byte[]>> mapAll(ConsumerRecord<byte[], byte[]> record) {
        ProducerRecord<byte[], byte[]> out = map(record);
        return out == null ? List.of() : List.of(out);
    }
}
