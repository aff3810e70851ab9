#!/usr/bin/env node
// A capture proxy for golden fixtures: listens on 127.0.0.1, forwards every connection to a Kafka broker, and
// records each complete frame (size prefix stripped) in both directions, so the bytes real clients send and read
// can be kept under test/wire/fixtures/ and decoded by tests.
//
//   node scripts/wire/capture-proxy.mjs --target 127.0.0.1:9092 --out capture.json [--port 0]
//
// It rewrites nothing, so a client that learns other brokers' addresses from Metadata talks to them directly
// afterwards: capture against a one-broker cluster (every request then goes through the proxy).
// The proxy knows nothing about the Kafka protocol beyond the int32 size prefix; it is independent of the
// project's codec.
import { createServer, connect } from "node:net";
import { writeFileSync } from "node:fs";

export function startCaptureProxy({ targetHost, targetPort, port = 0 }) {
  const frames = [];
  let connectionSeq = 0;
  const sockets = new Set();
  const splitter = (direction, connection) => {
    let pending = Buffer.alloc(0);
    return (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (size < 0 || pending.length < 4 + size) break;
        frames.push({ connection, direction, hex: pending.subarray(4, 4 + size).toString("hex") });
        pending = pending.subarray(4 + size);
      }
    };
  };
  const server = createServer((client) => {
    const connection = ++connectionSeq;
    const upstream = connect({ host: targetHost, port: targetPort });
    sockets.add(client).add(upstream);
    const toServer = splitter("request", connection);
    const toClient = splitter("response", connection);
    client.on("data", (c) => { toServer(c); upstream.write(c); });
    upstream.on("data", (c) => { toClient(c); client.write(c); });
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  return new Promise((resolve) => {
    server.listen({ host: "127.0.0.1", port }, () => {
      resolve({
        port: server.address().port,
        frames,
        close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const target = arg("target");
  const out = arg("out");
  if (!target || !out || !/^[^:]+:\d+$/.test(target)) {
    console.error("usage: capture-proxy.mjs --target HOST:PORT --out FILE.json [--port N]");
    process.exit(2);
  }
  const [targetHost, targetPort] = target.split(":");
  const proxy = await startCaptureProxy({ targetHost, targetPort: Number(targetPort), port: Number(arg("port", "0")) });
  console.log(`capturing on 127.0.0.1:${proxy.port} -> ${target}; Ctrl-C writes ${out}`);
  process.on("SIGINT", async () => {
    writeFileSync(out, JSON.stringify(proxy.frames, null, 1));
    await proxy.close();
    process.exit(0);
  });
}
