/**
 * KafkaApis: the one place a request is dispatched. Whatever carries a request to a broker (the simulated network,
 * the TCP adapter) calls `handle(broker, request, reply)`; this routes it to the part of the broker core that owns
 * the state it needs: the broker itself (Produce, Fetch, ListOffsets), the controller (Metadata, CreateTopics,
 * FindCoordinator), the transaction coordinator (InitProducerId and the transactional APIs) or the group
 * coordinator (the consumer-group APIs).
 *
 * Kafka: kafka.server.KafkaApis.handle.
 * Simplifications: every broker answers the coordinator APIs (see Controller.findCoordinator); one group coordinator
 * and one transaction coordinator serve the whole cluster.
 */
import { SimulationInputError } from "../protocol/errors.js";
import type { ClientRequest, ClientResponse } from "../protocol/messages.js";
import type { Clock } from "../kernel/sim.js";
import type { Broker } from "./broker.js";
import type { Controller } from "./controller.js";
import { GroupCoordinator, isGroupRequest, type GroupCoordinatorOptions } from "./group-coordinator.js";
import type { TransactionCoordinator } from "./transaction-coordinator.js";
import { TxnOffsets } from "./txn-offsets.js";

export class KafkaApis {
  private groups?: GroupCoordinator;
  private txnOffsets?: TxnOffsets;

  constructor(
    private readonly controller: Controller,
    private readonly transactions: TransactionCoordinator,
    private readonly clock: Clock,
    /** Seeds the group coordinator's member ids (made on first use: most simulations have no consumer group). */
    private readonly seed: number,
  ) {}

  handle(broker: Broker, request: ClientRequest, reply: (response: ClientResponse) => void): void {
    if (!broker.alive) return;
    switch (request.api) {
      case "Produce":
        return broker.handleProduce(request, reply);
      case "Fetch":
        return broker.handleFetch(request, reply);
      case "ListOffsets":
        return reply(broker.handleListOffsets(request));
      case "DescribeProducers":
        return reply(broker.handleDescribeProducers(request));
      case "Metadata":
        return reply(this.controller.metadata(request));
      case "CreateTopics":
        return reply(this.controller.createTopicsRequest(request));
      case "FindCoordinator":
        return reply(this.controller.findCoordinator(request.keyType));
      case "InitProducerId":
        return reply(this.transactions.initProducerId(request));
      case "AddPartitionsToTxn":
        return reply(this.transactions.addPartitions(request));
      case "AddOffsetsToTxn":
        return reply(this.transactions.addOffsets(request));
      case "EndTxn":
        return reply(this.transactions.endTxn(request));
      case "TxnOffsetCommit":
        return reply(this.transactions.txnOffsetCommit(request));
      default: {
        if (!isGroupRequest(request)) throw new SimulationInputError(`Broker ${broker.brokerId} cannot answer ${(request as { api: string }).api}.`);
        const groups = this.groupCoordinator();
        // Offsets that transactions committed count as the group's too (one __consumer_offsets map in Kafka).
        this.txnOffsets!.pull();
        return groups.handle(request, this.txnOffsets!.amend(request, reply), this.clock.nowMs);
      }
    }
  }

  /**
   * The group coordinator, made on first use; `options` (session timeouts, rebalance delay) only when it is made.
   * Its random stream is seeded from the cluster's seed without drawing from the cluster's own, so consumer groups
   * never change a simulation's history.
   */
  groupCoordinator(options: Partial<GroupCoordinatorOptions> = {}): GroupCoordinator {
    if (!this.groups) {
      this.groups = new GroupCoordinator({ seed: this.seed, ...options });
      this.txnOffsets = new TxnOffsets(this.transactions);
    } else if (Object.keys(options).length > 0) {
      throw new SimulationInputError("The group coordinator is already running: give its options before its first use.");
    }
    return this.groups;
  }
}
