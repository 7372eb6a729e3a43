"""Independent Avro peer for evctl's interop test: Confluent's own Python client (Debian's
python3-confluent-kafka with python3-avro) producing or consuming through a schema registry.

  avro_interop.py produce BOOTSTRAP REGISTRY TOPIC SCHEMA_FILE COUNT   -> produces COUNT records
  avro_interop.py consume BOOTSTRAP REGISTRY TOPIC COUNT               -> prints each value as JSON
"""
import json
import sys

from confluent_kafka import avro
from confluent_kafka.avro import AvroConsumer, AvroProducer


def produce(bootstrap, registry, topic, schema_file, count):
    with open(schema_file) as f:
        schema = avro.loads(f.read())
    producer = AvroProducer({"bootstrap.servers": bootstrap, "schema.registry.url": registry},
                            default_value_schema=schema)
    for i in range(count):
        producer.produce(topic=topic, value={"name": "py-%d" % i, "n": i, "tags": ["a", "b"][: i % 3], "note": None if i % 2 else "even"})
    remaining = producer.flush(30)
    if remaining:
        sys.exit("%d records not delivered" % remaining)


def consume(bootstrap, registry, topic, count):
    consumer = AvroConsumer({"bootstrap.servers": bootstrap, "schema.registry.url": registry,
                             "group.id": "evctl-interop-" + topic, "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    seen = 0
    misses = 0
    while seen < count and misses < 30:
        msg = consumer.poll(1.0)
        if msg is None:
            misses += 1
            continue
        if msg.error():
            sys.exit("consumer error: %s" % msg.error())
        print(json.dumps(msg.value(), sort_keys=True, separators=(",", ":")))
        seen += 1
    consumer.close()
    if seen < count:
        sys.exit("read %d of %d records" % (seen, count))


if __name__ == "__main__":
    if sys.argv[1] == "produce":
        produce(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        consume(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
