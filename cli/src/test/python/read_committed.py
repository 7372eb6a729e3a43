"""An independent reader (librdkafka, through Debian's python3-confluent-kafka): every committed record of a
topic, one JSON line each: {"p": partition, "o": offset, "k": key hex, "v": value hex}. Reads each partition to
its high watermark with isolation.level=read_committed; exits 2 when it cannot within the time limit."""
import json
import sys
import time

from confluent_kafka import Consumer, TopicPartition, KafkaException

bootstrap, topic = sys.argv[1], sys.argv[2]
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "evctl-test-reader", "enable.auto.commit": False,
              "isolation.level": "read_committed", "enable.partition.eof": True})
meta = c.list_topics(topic, timeout=30)
parts = sorted(meta.topics[topic].partitions.keys())
c.assign([TopicPartition(topic, p, -2) for p in parts])  # -2: beginning
waiting = set(parts)
deadline = time.time() + 60
while waiting:
    if time.time() > deadline:
        sys.exit(2)
    m = c.poll(0.5)
    if m is None:
        continue
    if m.error():
        if m.error().code() == -191:  # _PARTITION_EOF
            waiting.discard(m.partition())
            continue
        raise KafkaException(m.error())
    print(json.dumps({"p": m.partition(), "o": m.offset(),
                      "k": None if m.key() is None else m.key().hex(),
                      "v": None if m.value() is None else m.value().hex()}))
c.close()
