"""confluent-kafka (librdkafka) scenarios for test/wire/librdkafka.test.ts; prints one JSON line.

    python3 client.py BOOTSTRAP idempotent TOPIC N      -> {"acked": [...values in ack order], "errors": [...]}
    python3 client.py BOOTSTRAP consume TOPIC GROUP N ISOLATION -> {"values": [...]}  (commits what it read)
    python3 client.py BOOTSTRAP transactions TOPIC       -> {"ok": true}  (one committed, one aborted, one committed)
    python3 client.py BOOTSTRAP fencing TOPIC            -> {"zombie_error": "...", "fatal": bool}
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer

bootstrap, scenario = sys.argv[1], sys.argv[2]
quiet = {"log_level": 0}


def idempotent(topic, n):
    p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 0,
                  "retry.backoff.ms": 20, "message.timeout.ms": 30000, **quiet})
    acked, errors = [], []

    def report(err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            acked.append(msg.value().decode())

    for i in range(n):
        p.produce(topic, key=b"one-key", value=("r%02d" % i).encode(), on_delivery=report)
        p.poll(0)
        time.sleep(0.003)  # several batches in flight at once (max.in.flight 5 with idempotence)
    p.flush(30)
    return {"acked": acked, "errors": errors}


def consume(topic, group, n, isolation):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                  "isolation.level": isolation, "enable.auto.commit": False, **quiet})
    c.subscribe([topic])
    values, deadline = [], time.time() + 20
    while len(values) < n and time.time() < deadline:
        m = c.poll(0.2)
        if m is not None and m.error() is None:
            values.append(m.value().decode())
    if values:
        c.commit(asynchronous=False)
    c.close()
    return {"values": values}


def transactions(topic):
    p = Producer({"bootstrap.servers": bootstrap, "transactional.id": "tx-rdk", **quiet})
    p.init_transactions(10)
    for value, commit in (("committed-1", True), ("aborted-1", False), ("committed-2", True)):
        p.begin_transaction()
        p.produce(topic, key=b"k", value=value.encode())
        p.flush(10)
        if commit:
            p.commit_transaction(10)
        else:
            p.abort_transaction(10)
    return {"ok": True}


def fencing(topic):
    zombie = Producer({"bootstrap.servers": bootstrap, "transactional.id": "tx-rdk-fence", **quiet})
    zombie.init_transactions(10)
    zombie.begin_transaction()
    zombie.produce(topic, key=b"k", value=b"from-zombie")
    zombie.flush(10)
    successor = Producer({"bootstrap.servers": bootstrap, "transactional.id": "tx-rdk-fence", **quiet})
    successor.init_transactions(10)
    result = {"zombie_error": None, "fatal": False}
    try:
        zombie.commit_transaction(10)
    except KafkaException as e:
        err = e.args[0]
        result = {"zombie_error": err.name(), "fatal": err.fatal()}
    successor.begin_transaction()
    successor.produce(topic, key=b"k", value=b"from-successor")
    successor.commit_transaction(10)
    return result


args = sys.argv[3:]
if scenario == "idempotent":
    out = idempotent(args[0], int(args[1]))
elif scenario == "consume":
    out = consume(args[0], args[1], int(args[2]), args[3])
elif scenario == "transactions":
    out = transactions(args[0])
elif scenario == "fencing":
    out = fencing(args[0])
else:
    raise SystemExit("unknown scenario %r" % scenario)
print(json.dumps(out))
