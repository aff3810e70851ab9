/**
 * One client connection: frames bytes into requests, decodes them with the API registry, hands them to the
 * broker core, and writes the answers back in request order. It holds no broker state of its own.
 *
 * What Kafka does and this follows (SocketServer, RequestChannel, KafkaApis):
 *  - Responses go out in the order the requests came in on the connection (Kafka processes one request per
 *    connection at a time); a pipelined request answered early waits for the ones before it.
 *  - A frame size that is negative or above socket.request.max.bytes, an unknown API key, an unsupported
 *    version of any API but ApiVersions, or a body that does not parse: the connection is closed (one log
 *    line), and every other connection keeps being served.
 *  - ApiVersions with an unsupported version is answered in the v0 format with UNSUPPORTED_VERSION and the list.
 *  - Produce with acks=0 gets no response; if it fails, the connection is closed instead.
 *
 * Simplification: Kafka reads the next request from a connection only after answering the previous one;
 * here pipelined requests reach the core at once (in order) and only the answers are put back in order.
 */
import type { Socket } from "node:net";
import type { BrokerEndpointHandler, ClientResponse } from "../protocol/messages.js";
import { apiByKey, apiVersions, supportedApiVersions } from "./api/index.js";
import type { CoreApi, Decoded } from "./api/types.js";
import { encodeResponseFrame, FrameDecoder, FrameSizeError, readRequestHeader, readRequestHeaderTags, type RequestHeader } from "./codec/frame.js";
import { ProtocolDecodeError, Reader } from "./codec/reader.js";

export interface ConnectionContext {
  readonly endpoint: BrokerEndpointHandler;
  readonly maxFrameBytes: number;
  log(line: string): void;
  /** Called once per produce response the core gives back: true = withhold it and close the connection. */
  dropProduceResponse(): boolean;
}

interface Slot {
  correlationId: number;
  frame?: Uint8Array;
  /** Withhold this response and close the connection when its turn comes. */
  closeReason?: string;
}

export class WireConnection {
  private readonly frames: FrameDecoder;
  private readonly queue: Slot[] = [];
  private closed = false;
  /** Requests decoded on this connection (for tests and display). */
  requests = 0;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: ConnectionContext,
    readonly label: string,
  ) {
    this.frames = new FrameDecoder(ctx.maxFrameBytes);
    socket.on("data", (chunk: Buffer) => this.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on("error", () => this.markClosed());
    socket.on("close", () => this.markClosed());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Close the connection with one log line saying why. */
  close(reason: string): void {
    if (this.closed) return;
    this.ctx.log(`${this.label}: closing connection: ${reason}`);
    this.markClosed();
    this.socket.destroy();
  }

  private markClosed(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private receive(chunk: Uint8Array): void {
    if (this.closed) return;
    let frames: Uint8Array[];
    try {
      frames = this.frames.push(chunk);
    } catch (e) {
      if (e instanceof FrameSizeError) return this.close(e.message);
      throw e;
    }
    for (const frame of frames) {
      if (this.closed) return;
      try {
        this.handleFrame(frame);
      } catch (e) {
        // A bug in a decoder must cost one connection, never the server.
        const err = e as Error;
        this.close(`internal error while handling a request: ${err.name}: ${err.message}`);
      }
    }
  }

  private handleFrame(frame: Uint8Array): void {
    const r = new Reader(frame);
    let header: RequestHeader;
    try {
      header = readRequestHeader(r);
    } catch (e) {
      if (e instanceof ProtocolDecodeError) return this.close(`undecodable request header: ${e.message}`);
      throw e;
    }
    const { apiKey, apiVersion: version, correlationId } = header;
    const api = apiByKey(apiKey);
    if (!api) return this.close(`unknown API key ${apiKey} (correlation id ${correlationId}); this broker serves keys ${supportedApiVersions().map((v) => v.apiKey).join(", ")}`);
    const what = `${api.name} v${version} (correlation id ${correlationId})`;
    if (version < api.minVersion || version > api.maxVersion) {
      if (api.apiKey === apiVersions.apiKey) {
        // KIP-511: answer in v0 with UNSUPPORTED_VERSION and the full list, so the client can retry with one it shares.
        this.requests++;
        const body = apiVersions.encodeResponse({ error: "UNSUPPORTED_VERSION", apiKeys: supportedApiVersions(), throttleTimeMs: 0 }, 0);
        return this.respondNow(correlationId, body);
      }
      return this.close(`${what} is not supported: this broker serves ${api.name} v${api.minVersion}-v${api.maxVersion}`);
    }
    this.requests++;
    const flexible = version >= api.firstFlexibleVersion;
    if (flexible) {
      try {
        readRequestHeaderTags(r);
      } catch (e) {
        if (e instanceof ProtocolDecodeError) return this.close(`${what}: undecodable request header v2: ${e.message}`);
        throw e;
      }
    }
    if (api.kind === "local") {
      try {
        apiVersions.decodeRequest(r, version);
      } catch (e) {
        if (e instanceof ProtocolDecodeError) return this.close(`${what}: ${e.message}`);
        throw e;
      }
      const body = apiVersions.encodeResponse({ error: "NONE", apiKeys: supportedApiVersions(), throttleTimeMs: 0 }, version);
      return this.respondNow(correlationId, body);
    }
    this.dispatch(api, version, correlationId, r, what, flexible ? 1 : 0);
  }

  private dispatch(api: CoreApi, version: number, correlationId: number, r: Reader, what: string, responseHeaderVersion: 0 | 1): void {
    let decoded: Decoded<typeof api.name>;
    try {
      decoded = api.decodeRequest(r, version);
    } catch (e) {
      if (e instanceof ProtocolDecodeError) return this.close(`${what}: ${e.message}`);
      throw e;
    }
    for (const w of decoded.warnings ?? []) this.ctx.log(`${this.label}: ${w}`);
    const expectsResponse = api.expectsResponse?.(decoded.request) ?? true;
    const slot: Slot | undefined = expectsResponse ? { correlationId } : undefined;
    if (slot) this.queue.push(slot);

    let answered = false;
    const deliver = (response: ClientResponse, fromCore: boolean): void => {
      if (answered) return; // `reply` is called at most once; ignore a second call rather than corrupt the stream
      answered = true;
      if (this.closed) return;
      if (response.api !== api.name) return this.close(`${what}: the broker core answered with a ${response.api} response`);
      const full = fromCore && decoded.amend ? decoded.amend(response) : response;
      if (!slot) {
        if (full.api === "Produce" && full.topics.some((t) => t.partitions.some((p) => p.error !== "NONE"))) {
          this.close(`${what}: a Produce with acks=0 failed, and acks=0 has no response to carry the error`);
        }
        return;
      }
      if (fromCore && full.api === "Produce" && this.ctx.dropProduceResponse()) {
        slot.closeReason = `${what}: produce response withheld after the append (dropProduceResponseRate fault)`;
      } else {
        try {
          slot.frame = encodeResponseFrame(correlationId, api.encodeResponse(full, version), responseHeaderVersion);
        } catch (e) {
          return this.close(`${what}: could not encode the response: ${(e as Error).message}`);
        }
      }
      this.flush();
    };

    if (decoded.answer) {
      deliver(decoded.answer, false);
    } else if (decoded.fanOut) {
      // A batched request: one core request per entry, answered together once all are in.
      const { requests, combine } = decoded.fanOut;
      const responses: ClientResponse[] = new Array(requests.length);
      let pending = requests.length;
      try {
        requests.forEach((request, i) => {
          let replied = false;
          this.ctx.endpoint.handle(request, (response) => {
            if (replied) return;
            replied = true;
            if (response.api !== api.name) return this.close(`${what}: the broker core answered with a ${response.api} response`);
            responses[i] = response;
            if (--pending === 0) deliver(combine(responses as Parameters<typeof combine>[0]), true);
          });
        });
      } catch (e) {
        return this.close(`${what}: the broker core threw ${(e as Error).name}: ${(e as Error).message}`);
      }
    } else {
      try {
        this.ctx.endpoint.handle(decoded.request, (response) => deliver(response, true));
      } catch (e) {
        return this.close(`${what}: the broker core threw ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    if (decoded.closeConnection) this.close(`${what}: ${decoded.closeConnection}`);
  }

  private respondNow(correlationId: number, body: Uint8Array): void {
    this.queue.push({ correlationId, frame: encodeResponseFrame(correlationId, body) });
    this.flush();
  }

  /** Write every answer whose turn has come. */
  private flush(): void {
    while (!this.closed && this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.closeReason !== undefined) return this.close(head.closeReason);
      if (!head.frame) return;
      this.queue.shift();
      this.socket.write(head.frame);
    }
  }
}
