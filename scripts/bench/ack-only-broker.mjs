// The wire benchmark's baseline: a broker that only acknowledges, written against node:net and Buffer alone — it
// shares no code with the project (not its codec, not its wire server, not its cluster), so the ratio
// "embedded broker / ack-only broker" measures everything the project adds, wire layer included.
//
// It speaks just what an idempotent producer needs — ApiVersions, Metadata, InitProducerId, Produce — in the versions
// kafkajs 2.2.4 (ApiVersions v2, Metadata v6, InitProducerId v1, Produce v7) and @platformatic/kafka (ApiVersions
// v3-4, Metadata v12, InitProducerId v5, Produce v11, all flexible) use, reads of each produced batch only the
// records count in its header (offset 57 of record batch v2), and answers at once with the next offsets. It stores
// nothing and checks nothing: no CRC, no sequence, no replication.
import { createServer } from "node:net";

const API = { PRODUCE: 0, METADATA: 3, API_VERSIONS: 18, INIT_PRODUCER_ID: 22 };
/** What it advertises: the two clients each pick the highest version they share with it. */
const RANGES = [
  [API.PRODUCE, 7, 11],
  [API.METADATA, 6, 12],
  [API.API_VERSIONS, 0, 4],
  [API.INIT_PRODUCER_ID, 1, 5],
];
const FLEXIBLE_FROM = { [API.PRODUCE]: 9, [API.METADATA]: 9, [API.API_VERSIONS]: 3, [API.INIT_PRODUCER_ID]: 2 };

/** A minimal cursor over a request. */
class In {
  constructor(buf, flexible) {
    this.b = buf;
    this.at = 0;
    this.flexible = flexible;
  }
  i8() { return this.b.readInt8(this.at++); }
  i16() { const v = this.b.readInt16BE(this.at); this.at += 2; return v; }
  i32() { const v = this.b.readInt32BE(this.at); this.at += 4; return v; }
  uvar() {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const x = this.b[this.at++];
      v += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) return v;
    }
  }
  len16() { return this.flexible ? this.uvar() - 1 : this.i16(); }
  len32() { return this.flexible ? this.uvar() - 1 : this.i32(); }
  str() { const n = this.len16(); if (n < 0) return null; const s = this.b.toString("utf8", this.at, this.at + n); this.at += n; return s; }
  bytes() { const n = this.len32(); if (n < 0) return null; const s = this.b.subarray(this.at, this.at + n); this.at += n; return s; }
  skip(n) { this.at += n; }
  tags() { if (!this.flexible) return; for (let n = this.uvar(); n > 0; n--) { this.uvar(); this.at += this.uvar(); } }
  array(read) { const n = this.len32(); const out = []; for (let i = 0; i < n; i++) out.push(read(this)); return out; }
}

/** A minimal response writer. */
class Out {
  constructor(flexible) {
    this.parts = [];
    this.flexible = flexible;
  }
  raw(b) { this.parts.push(b); return this; }
  i8(v) { const b = Buffer.alloc(1); b.writeInt8(v); return this.raw(b); }
  i16(v) { const b = Buffer.alloc(2); b.writeInt16BE(v); return this.raw(b); }
  i32(v) { const b = Buffer.alloc(4); b.writeInt32BE(v); return this.raw(b); }
  i64(v) { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(v)); return this.raw(b); }
  uvar(v) { const out = []; while (v >= 0x80) { out.push((v % 0x80) | 0x80); v = Math.floor(v / 0x80); } out.push(v); return this.raw(Buffer.from(out)); }
  str(s) {
    if (s === null) return this.flexible ? this.uvar(0) : this.i16(-1);
    const b = Buffer.from(s);
    (this.flexible ? this.uvar(b.length + 1) : this.i16(b.length));
    return this.raw(b);
  }
  array(items, write) { (this.flexible ? this.uvar(items.length + 1) : this.i32(items.length)); for (const x of items) write(this, x); return this; }
  tags() { return this.flexible ? this.uvar(0) : this; }
  done() { return Buffer.concat(this.parts); }
}

export async function startAckOnlyBroker({ host = "127.0.0.1", port = 0 } = {}) {
  const nextOffset = new Map();
  let nextProducerId = 1;
  let recordsAcknowledged = 0;
  const sockets = new Set();
  let address;

  function answer(apiKey, version, r) {
    const flexible = version >= FLEXIBLE_FROM[apiKey];
    const w = new Out(flexible);
    switch (apiKey) {
      case API.API_VERSIONS: {
        const ok = version <= 4;
        const out = new Out(ok && version >= 3);
        out.i16(ok ? 0 : 35).array(RANGES, (o, [k, min, max]) => o.i16(k).i16(min).i16(max).tags());
        if (ok && version >= 1) out.i32(0);
        return out.tags().done();
      }
      case API.METADATA: {
        const topics = r.array((t) => { if (version >= 10) t.skip(16); const name = t.str(); t.tags(); return name; });
        w.i32(0).array([0], (o) => o.i32(0).str(address.host).i32(address.port).str(null).tags()).str("ack-only").i32(0);
        w.array(topics ?? [], (o, name) => {
          o.i16(0).str(name);
          if (version >= 10) o.raw(Buffer.alloc(16, 1));
          o.i8(0).array([0], (p) => {
            p.i16(0).i32(0).i32(0);
            if (version >= 7) p.i32(0);
            p.array([0], (q, n) => q.i32(n)).array([0], (q, n) => q.i32(n)).array([], () => {}).tags();
          });
          if (version >= 8) o.i32(-2147483648);
          o.tags();
        });
        if (version >= 8 && version <= 10) w.i32(-2147483648);
        return w.tags().done();
      }
      case API.INIT_PRODUCER_ID:
        return w.i32(0).i16(0).i64(nextProducerId++).i16(0).tags().done();
      case API.PRODUCE: {
        r.str(); // transactional id
        const acks = r.i16();
        r.i32(); // timeout
        const topics = r.array((t) => {
          const name = t.str();
          const partitions = t.array((p) => {
            const index = p.i32();
            const records = p.bytes();
            p.tags();
            const count = records.readInt32BE(57); // record batch v2: the records count ends the 61-byte header
            const key = `${name}-${index}`;
            const baseOffset = nextOffset.get(key) ?? 0;
            nextOffset.set(key, baseOffset + count);
            recordsAcknowledged += count;
            return { index, baseOffset };
          });
          t.tags();
          return { name, partitions };
        });
        if (acks === 0) return null;
        w.array(topics, (o, t) => {
          o.str(t.name).array(t.partitions, (q, p) => {
            q.i32(p.index).i16(0).i64(p.baseOffset).i64(-1).i64(0);
            if (version >= 8) q.array([], () => {}).str(null);
            q.tags();
          });
          o.tags();
        });
        return w.i32(0).tags().done();
      }
      default:
        throw new Error(`the ack-only broker does not serve API ${apiKey}`);
    }
  }

  function onFrame(socket, frame) {
    const apiKey = frame.readInt16BE(0);
    const version = frame.readInt16BE(2);
    const correlationId = frame.readInt32BE(4);
    const clientIdLength = frame.readInt16BE(8);
    const flexible = version >= (FLEXIBLE_FROM[apiKey] ?? Infinity);
    const r = new In(frame, flexible);
    r.at = 10 + Math.max(0, clientIdLength);
    if (flexible) r.tags(); // request header v2
    const body = answer(apiKey, version, r);
    if (body === null) return;
    const headerTags = flexible && apiKey !== API.API_VERSIONS; // response header v1, but never for ApiVersions
    const head = Buffer.alloc(headerTags ? 9 : 8);
    head.writeInt32BE(head.length - 4 + body.length, 0);
    head.writeInt32BE(correlationId, 4);
    socket.write(Buffer.concat([head, body]));
  }

  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (pending.length < 4 + size) break;
        try {
          onFrame(socket, pending.subarray(4, 4 + size));
        } catch {
          socket.destroy();
          return;
        }
        pending = pending.subarray(4 + size);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen({ host, port }, resolve));
  address = { host, port: server.address().port };
  return {
    bootstrap: `${host}:${address.port}`,
    get recordsAcknowledged() {
      return recordsAcknowledged;
    },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
