// A broker that only acknowledges: the wire benchmark's baseline. It speaks just enough of the Kafka protocol
// for kafkajs' idempotent producer (Metadata, InitProducerId, Produce) through the project's wire server, and
// answers every produce at once with the next offsets, storing nothing and checking nothing. Whatever the
// real (simulated) cluster costs on top of the wire codec and the sockets shows as the ratio between the two.

/** A WireCluster (lib/src/wire/server.ts) with one broker, any topic (one partition), instant acks. */
export class AckOnlyCluster {
  constructor() {
    this.advertised = new Map();
    this.nextOffset = new Map();
    this.nextProducerId = 1;
    this.recordsAcknowledged = 0;
  }

  brokerIds() {
    return [0];
  }

  setAdvertisedListeners(listeners) {
    this.advertised = new Map(listeners);
  }

  endpoint(brokerId) {
    return { brokerId, handle: (request, reply) => this.handle(request, reply) };
  }

  handle(request, reply) {
    switch (request.api) {
      case "Metadata": {
        const where = this.advertised.get(0) ?? { host: "127.0.0.1", port: -1 };
        const names = request.topics ?? [...this.nextOffset.keys()];
        return reply({
          api: "Metadata",
          brokers: [{ nodeId: 0, host: where.host, port: where.port, rack: null }],
          clusterId: "ack-only",
          controllerId: 0,
          topics: names.map((topic) => ({
            topic,
            error: "NONE",
            isInternal: false,
            partitions: [{ partition: 0, error: "NONE", leader: 0, leaderEpoch: 0, replicas: [0], isr: [0], offlineReplicas: [] }],
          })),
        });
      }
      case "InitProducerId":
        return reply({ api: "InitProducerId", error: "NONE", producerId: this.nextProducerId++, producerEpoch: 0, throttleTimeMs: 0 });
      case "Produce": {
        const topics = request.topics.map((t) => ({
          topic: t.topic,
          partitions: t.partitions.map((p) => {
            const key = `${t.topic}-${p.partition}`;
            const baseOffset = this.nextOffset.get(key) ?? 0;
            this.nextOffset.set(key, baseOffset + p.batch.records.length);
            this.recordsAcknowledged += p.batch.records.length;
            return { partition: p.partition, error: "NONE", baseOffset, logAppendTimeMs: -1, logStartOffset: 0 };
          }),
        }));
        if (request.acks !== 0) reply({ api: "Produce", topics, throttleTimeMs: 0 });
        return;
      }
      default:
        throw new Error(`the ack-only broker does not serve ${request.api}`);
    }
  }
}
