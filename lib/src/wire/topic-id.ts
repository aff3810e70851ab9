/**
 * Topic ids (KIP-516) for the versions that carry them (Metadata v10+, CreateTopics v7+). The simulated cluster
 * names topics only, so the wire layer gives each topic name a stable id: the first 16 bytes of a SHA-256 of the
 * name, with the bits of a version-4 UUID set as Kafka's Uuid.randomUuid has them. It is never Kafka's ZERO_UUID,
 * and the same name always gets the same id, so a client that caches ids across a reconnect sees them unchanged.
 *
 * Simplification: in Kafka a topic deleted and created again under the same name gets a new id; topics are never
 * deleted here.
 */
import { createHash } from "node:crypto";
import { uuidToString } from "./codec/reader.js";

/** Kafka's Uuid.ZERO_UUID as text: "no topic id". */
export const ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA";

const namesById = new Map<string, string>();

/** The id this wire layer gives a topic name. */
export function topicIdOf(name: string): string {
  const bytes = createHash("sha256").update(`kafka-sim topic\u0000${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // IETF variant
  const id = uuidToString(bytes);
  namesById.set(id, name);
  return id;
}

/** The name of a topic whose id this process has handed out, or undefined. */
export function topicNameOf(id: string): string | undefined {
  return namesById.get(id);
}
