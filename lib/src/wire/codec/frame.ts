/**
 * Framing: every Kafka request and response is an int32 size followed by that many bytes.
 * (Kafka: org.apache.kafka.common.requests.RequestHeader / ResponseHeader, org.apache.kafka.common.network.NetworkReceive.)
 *
 *   Request Header v1 => request_api_key INT16  request_api_version INT16  correlation_id INT32  client_id NULLABLE_STRING
 *   Request Header v2 => as v1, then TAG_BUFFER            (every flexible version; client_id stays a classic string)
 *   Response Header v0 => correlation_id INT32
 *   Response Header v1 => correlation_id INT32  TAG_BUFFER  (every flexible version, except ApiVersions: always v0)
 *
 * Which header a request carries depends on its API and version, so the header is read in two steps: the fixed
 * v1 part here, then (once the API is known) the tagged fields with `readRequestHeaderTags`.
 */
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

/** The largest frame the server accepts (Kafka's socket.request.max.bytes defaults to 100 MiB). */
export const MAX_FRAME_BYTES = 100 * 1024 * 1024;

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** Read request header v1 from the start of a frame; the reader is left at the body. */
export function readRequestHeader(r: Reader): RequestHeader {
  const apiKey = r.int16("request_api_key");
  const apiVersion = r.int16("request_api_version");
  const correlationId = r.int32("correlation_id");
  const clientId = r.classicNullableString("client_id");
  return { apiKey, apiVersion, correlationId, clientId };
}

/**
 * The tagged fields of request header v2 (flexible versions): switches the reader to flexible and reads them.
 * Unknown tags are skipped; Kafka defines none for the request header today.
 */
export function readRequestHeaderTags(r: Reader): void {
  r.flexible = true;
  r.tags("request header tagged fields");
}

/**
 * A complete request frame (size prefix included): what a client writes to the socket. `headerVersion` 2 adds the
 * (empty) tagged fields of a flexible request.
 */
export function encodeRequestFrame(header: RequestHeader, body: Uint8Array, headerVersion: 1 | 2 = 1): Uint8Array {
  const w = new Writer(body.byteLength + 64);
  const at = w.reserveInt32();
  w.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId).classicNullableString(header.clientId);
  if (headerVersion === 2) w.uvarint(0);
  w.raw(body);
  w.patchInt32(at, w.length - 4);
  return w.finish();
}

/** A complete response frame (size prefix included): response header v0, or v1 with an empty tagged-field section. */
export function encodeResponseFrame(correlationId: number, body: Uint8Array, headerVersion: 0 | 1 = 0): Uint8Array {
  const head = headerVersion === 1 ? 9 : 8;
  const out = new Uint8Array(head + body.byteLength);
  const view = new DataView(out.buffer);
  view.setInt32(0, head - 4 + body.byteLength);
  view.setInt32(4, correlationId);
  // out[8] = 0: no tagged fields in response header v1
  out.set(body, head);
  return out;
}

/** The size prefix was negative or larger than the limit: the connection cannot be resynchronised. */
export class FrameSizeError extends Error {
  override name = "FrameSizeError";
  constructor(readonly size: number, readonly maxFrameBytes: number) {
    super(
      size < 0
        ? `frame size ${size} is negative`
        : `frame size ${size} bytes exceeds the limit of ${maxFrameBytes} bytes (socket.request.max.bytes)`,
    );
  }
}

/**
 * Splits a byte stream into frames. Chunks are kept as they arrive and joined only when a whole frame is there;
 * the size prefix is checked before any frame-sized buffer is allocated.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  /** Bytes received but not yet part of a complete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Add received bytes; returns the complete frames (without their size prefix). Throws FrameSizeError. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const size = new DataView(head.buffer, head.byteOffset, 4).getInt32(0);
      if (size < 0 || size > this.maxFrameBytes) throw new FrameSizeError(size, this.maxFrameBytes);
      if (this.buffered < 4 + size) break;
      const frame = this.take(4 + size);
      frames.push(frame.subarray(4));
    }
    return frames;
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.byteLength >= n) return first.subarray(0, n);
    return this.join().subarray(0, n);
  }

  private join(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const all = new Uint8Array(this.buffered);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    this.chunks = [all];
    return all;
  }

  private take(n: number): Uint8Array {
    const all = this.join();
    const frame = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.byteLength > 0 ? [rest] : [];
    this.buffered = rest.byteLength;
    return frame;
  }
}
