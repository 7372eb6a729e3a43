"""Independent Protobuf peer for evctl's interop test: Confluent's own Python client (Debian's
python3-confluent-kafka with python3-protobuf) producing or consuming through a schema registry.

The message class is built at run time from a descriptor (no protoc), the same type as
sample.proto in the test:

  syntax = "proto3"; package interop;
  message Sample { string name = 1; int64 n = 2; repeated string tags = 3; Inner inner = 4;
                   message Inner { int32 x = 1; } }

  protobuf_interop.py produce BOOTSTRAP REGISTRY TOPIC COUNT   -> produces COUNT records
  protobuf_interop.py consume BOOTSTRAP REGISTRY TOPIC COUNT   -> prints each value as compact JSON

With an import: order.proto (package shop; message Order { string id = 1; shop.Customer customer = 2; })
importing IMPORT (package shop; message Customer { string name = 1; }):

  protobuf_interop.py produce-import BOOTSTRAP REGISTRY TOPIC IMPORT  -> two records; the serializer
                                                                       registers IMPORT as a subject
  protobuf_interop.py consume-import BOOTSTRAP REGISTRY TOPIC IMPORT  -> each value as compact JSON, then
                                      "REFERENCE name subject" for each reference of TOPIC-value's latest version
"""
import sys

from confluent_kafka import DeserializingConsumer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import StringDeserializer, StringSerializer
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

F = descriptor_pb2.FieldDescriptorProto


def sample_class():
    file = descriptor_pb2.FileDescriptorProto(name="sample.proto", package="interop", syntax="proto3")
    sample = file.message_type.add(name="Sample")
    sample.field.add(name="name", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    sample.field.add(name="n", number=2, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL)
    sample.field.add(name="tags", number=3, type=F.TYPE_STRING, label=F.LABEL_REPEATED)
    sample.field.add(name="inner", number=4, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL, type_name=".interop.Sample.Inner")
    inner = sample.nested_type.add(name="Inner")
    inner.field.add(name="x", number=1, type=F.TYPE_INT32, label=F.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName("interop.Sample"))


def order_class(import_path):
    customer = descriptor_pb2.FileDescriptorProto(name=import_path, package="shop", syntax="proto3")
    c = customer.message_type.add(name="Customer")
    c.field.add(name="name", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    order = descriptor_pb2.FileDescriptorProto(name="order.proto", package="shop", syntax="proto3",
                                               dependency=[import_path])
    o = order.message_type.add(name="Order")
    o.field.add(name="id", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    o.field.add(name="customer", number=2, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL, type_name=".shop.Customer")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(customer)
    pool.Add(order)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName("shop.Order"))


def produce_import(bootstrap, registry, topic, import_path):
    cls = order_class(import_path)
    client = SchemaRegistryClient({"url": registry})
    producer = SerializingProducer({"bootstrap.servers": bootstrap, "key.serializer": StringSerializer("utf_8"),
                                    "value.serializer": ProtobufSerializer(cls, client)})
    for i in range(2):
        value = cls(id="py-%d" % i)
        value.customer.name = "c-%d" % i
        producer.produce(topic=topic, key="k%d" % i, value=value)
    if producer.flush(30):
        sys.exit("records not delivered")


def consume_import(bootstrap, registry, topic, import_path):
    print_values(bootstrap, topic, order_class(import_path), 2)
    latest = SchemaRegistryClient({"url": registry}).get_latest_version(topic + "-value")
    for r in latest.schema.references:  # confluent-kafka 1.7 keeps them as the registry's JSON objects
        print("REFERENCE %s %s" % ((r["name"], r["subject"]) if isinstance(r, dict) else (r.name, r.subject)))


def print_values(bootstrap, topic, cls, count):
    consumer = DeserializingConsumer({"bootstrap.servers": bootstrap, "group.id": "evctl-interop-" + topic,
                                      "auto.offset.reset": "earliest", "isolation.level": "read_committed",
                                      "key.deserializer": StringDeserializer("utf_8"),
                                      "value.deserializer": ProtobufDeserializer(cls)})
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
        print(json_format.MessageToJson(msg.value(), indent=None, sort_keys=True).replace(": ", ":").replace(", ", ","))
        seen += 1
    consumer.close()
    if seen < count:
        sys.exit("read %d of %d records" % (seen, count))


def produce(bootstrap, registry, topic, count):
    cls = sample_class()
    client = SchemaRegistryClient({"url": registry})
    producer = SerializingProducer({"bootstrap.servers": bootstrap, "key.serializer": StringSerializer("utf_8"),
                                    "value.serializer": ProtobufSerializer(cls, client)})
    for i in range(count):
        value = cls(name="py-%d" % i, n=i * 1000000007, tags=["a", "b"][: i % 3])
        value.inner.x = -i
        producer.produce(topic=topic, key="k%d" % i, value=value)
    remaining = producer.flush(30)
    if remaining:
        sys.exit("%d records not delivered" % remaining)


def consume(bootstrap, registry, topic, count):
    print_values(bootstrap, topic, sample_class(), count)


if __name__ == "__main__":
    if sys.argv[1] == "produce-import":
        produce_import(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif sys.argv[1] == "consume-import":
        consume_import(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif sys.argv[1] == "produce":
        produce(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        consume(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
