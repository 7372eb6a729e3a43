"""Independent JSON Schema peer for evctl's interop test: Confluent's own Python client (Debian's
python3-confluent-kafka with python3-jsonschema) producing or consuming through a schema registry.

  jsonschema_interop.py produce BOOTSTRAP REGISTRY TOPIC SCHEMA_FILE COUNT   -> produces COUNT records
  jsonschema_interop.py consume BOOTSTRAP REGISTRY TOPIC SCHEMA_FILE COUNT   -> prints each value as sorted compact JSON
"""
import json
import sys

from confluent_kafka import DeserializingConsumer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import StringDeserializer, StringSerializer


def produce(bootstrap, registry, topic, schema_file, count):
    with open(schema_file) as f:
        schema = f.read()
    producer = SerializingProducer({"bootstrap.servers": bootstrap, "key.serializer": StringSerializer("utf_8"),
                                    "value.serializer": JSONSerializer(schema, SchemaRegistryClient({"url": registry}))})
    for i in range(count):
        producer.produce(topic=topic, key="k%d" % i, value={"id": "py-%d" % i, "total": i * 10 + 0.5, "tags": ["a"] * i})
    remaining = producer.flush(30)
    if remaining:
        sys.exit("%d records not delivered" % remaining)


def consume(bootstrap, registry, topic, schema_file, count):
    with open(schema_file) as f:
        schema = f.read()
    consumer = DeserializingConsumer({"bootstrap.servers": bootstrap, "group.id": "evctl-interop-" + topic,
                                      "auto.offset.reset": "earliest", "isolation.level": "read_committed",
                                      "key.deserializer": StringDeserializer("utf_8"), "value.deserializer": JSONDeserializer(schema)})
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
    (produce if sys.argv[1] == "produce" else consume)(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
