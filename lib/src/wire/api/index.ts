/**
 * The registry: every API the wire adapter serves, by key. ApiVersions answers from this list, so adding a file
 * here is all it takes to advertise a new API.
 */
import { produce } from "./00-produce.js";
import { fetch } from "./01-fetch.js";
import { listOffsets } from "./02-list-offsets.js";
import { metadata } from "./03-metadata.js";
import { offsetCommit } from "./08-offset-commit.js";
import { offsetFetch } from "./09-offset-fetch.js";
import { findCoordinator } from "./10-find-coordinator.js";
import { joinGroup } from "./11-join-group.js";
import { heartbeat } from "./12-heartbeat.js";
import { leaveGroup } from "./13-leave-group.js";
import { syncGroup } from "./14-sync-group.js";
import { apiVersions, type ApiVersionRange } from "./18-api-versions.js";
import { createTopics } from "./19-create-topics.js";
import { initProducerId } from "./22-init-producer-id.js";
import { addPartitionsToTxn } from "./24-add-partitions-to-txn.js";
import { addOffsetsToTxn } from "./25-add-offsets-to-txn.js";
import { endTxn } from "./26-end-txn.js";
import { txnOffsetCommit } from "./28-txn-offset-commit.js";
import { describeProducers } from "./61-describe-producers.js";
import type { WireApi } from "./types.js";

export const API_REGISTRY: readonly WireApi[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  apiVersions,
  createTopics,
  initProducerId,
  addPartitionsToTxn,
  addOffsetsToTxn,
  endTxn,
  txnOffsetCommit,
  describeProducers,
];

const byKey = new Map<number, WireApi>(API_REGISTRY.map((api) => [api.apiKey, api]));

export function apiByKey(apiKey: number): WireApi | undefined {
  return byKey.get(apiKey);
}

/** The ApiVersions answer: every registered API with its version range, by key. */
export function supportedApiVersions(): ApiVersionRange[] {
  return API_REGISTRY.map((api) => ({ apiKey: api.apiKey, minVersion: ("advertisedMinVersion" in api ? api.advertisedMinVersion : undefined) ?? api.minVersion, maxVersion: api.maxVersion })).sort((a, b) => a.apiKey - b.apiKey);
}

export { apiVersions };
export type { ApiVersionRange, ApiVersionsResponse } from "./18-api-versions.js";
export type { CoreApi, Decoded, LocalApi, WireApi } from "./types.js";
