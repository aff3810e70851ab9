/** A bare TCP client speaking Kafka frames, for tests that send what no well-behaved client would (test helper). */
import { connect, type Socket } from "node:net";
import { encodeRequestFrame, FrameDecoder, type RequestHeader } from "../../lib/src/wire/codec/frame.js";
import { Reader } from "../../lib/src/wire/codec/reader.js";

export class RawClient {
  private readonly frames = new FrameDecoder();
  private readonly received: Array<{ correlationId: number; body: Uint8Array }> = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk) => {
      for (const f of this.frames.push(new Uint8Array(chunk))) {
        const r = new Reader(f);
        const correlationId = r.int32();
        this.received.push({ correlationId, body: f.subarray(4) });
      }
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
    socket.on("error", () => {});
  }

  static connect(port: number, host = "127.0.0.1"): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host }, () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (done() ? resolve() : this.waiters.push(check));
      check();
    });
  }

  send(header: RequestHeader, body: Uint8Array = new Uint8Array()): void {
    this.socket.write(encodeRequestFrame(header, body));
  }

  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Wait for `n` responses in total (or the connection closing); returns all received so far. */
  async responses(n: number): Promise<Array<{ correlationId: number; body: Uint8Array }>> {
    await this.until(() => this.received.length >= n || this.closed);
    return [...this.received];
  }

  /** Wait for the server to close the connection. */
  async closedByServer(): Promise<void> {
    await this.until(() => this.closed);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
