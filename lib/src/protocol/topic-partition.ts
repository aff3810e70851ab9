/**
 * "topic-partition": the key of a partition's state in the brokers' and producers' Maps (Kafka's TopicPartition).
 */

const partitionKeys = new Map<string, string[]>();
let lastKeyTopic: string | undefined;
let lastKeys: string[] = [];

/**
 * The key of (topic, partition). Each key string is made once and reused: a fresh string would be built, flattened
 * and hashed on every lookup (millions in a sweep).
 */
export function tpKey(topic: string, partition: number): string {
  let keys: string[] | undefined;
  if (topic === lastKeyTopic) keys = lastKeys; // most simulations have one topic: skip the Map
  else {
    keys = partitionKeys.get(topic);
    if (!keys) partitionKeys.set(topic, (keys = []));
    lastKeyTopic = topic;
    lastKeys = keys;
  }
  return (keys[partition] ??= `${topic}-${partition}`);
}
