/**
 * kafkajs 2.2.4's own protocol encoders and decoders, loaded from its sources, so that our codecs are checked
 * against bytes a real client produces and reads (test helper, not a test).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** `require` of a module inside kafkajs/src (e.g. "protocol/requests/produce/v3/request"). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kafkajs(path: string): any {
  return require(`kafkajs/src/${path}`);
}

/** Encode a kafkajs request object's body (no header, no size). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function kafkajsRequestBody(request: any): Promise<Uint8Array> {
  const encoder = await request.encode();
  return new Uint8Array(encoder.buffer);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const Long: any = require("kafkajs/src/utils/long");
