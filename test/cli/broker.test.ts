/**
 * `npm run broker`, as a learner runs it: the compiled CLI (lib/dist/cli/broker.js) spawned with flags, a kafkajs
 * client talking to it, then SIGTERM. Flag parsing is also tested on its own.
 * `npm test` builds lib/dist first; run `npm run build` before running this file alone.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kafka, logLevel } from "kafkajs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseBrokerArgs, USAGE } from "../../lib/src/cli/broker.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "lib/dist/cli/broker.js");

/** The lib/src files the CLI is compiled from: its relative imports, followed through. */
function sourcesOf(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  for (const m of readFileSync(entry, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)) sourcesOf(join(dirname(entry), `${m[1]}.ts`), seen);
  return seen;
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does it).`);
  const stale = [...sourcesOf(join(root, "lib/src/cli/broker.ts"))].filter((f) => statSync(f).mtimeMs > statSync(cli).mtimeMs + 1);
  if (stale.length > 0) throw new Error(`lib/dist is older than ${stale.map((f) => f.slice(root.length)).join(", ")}: run \`npm run build\` first (npm test does it).`);
});

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

function startCli(args: string[]): Running {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, INIT_CWD: root }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Wait until stdout has a line matching `pattern` (or the process exits). */
async function lineMatching(run: Running, pattern: RegExp): Promise<RegExpMatchArray> {
  for (;;) {
    const m = run.stdout().match(pattern);
    if (m) return m;
    if (run.child.exitCode !== null) throw new Error(`the broker exited (${run.child.exitCode}) before printing ${pattern}:\n${run.stdout()}\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function kafkaFor(bootstrap: string): Kafka {
  return new Kafka({ clientId: "cli-test", brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50, maxRetryTime: 300 } });
}

describe("parseBrokerArgs", () => {
  it("defaults to port 9092 and leaves the rest to the embedded broker's defaults", () => {
    expect(parseBrokerArgs([])).toEqual({ help: false, options: { port: 9092 } });
  });

  it("reads every flag, with a space or =", () => {
    const args = parseBrokerArgs([
      "--port", "0", "--brokers=5", "--partitions", "6", "--replication-factor", "4", "--min-insync-replicas=3", "--seed", "-7",
      "--drop-produce-responses", "0.25", "--state-table", "exercises/sequence-validation.ts", "--host", "127.0.0.2",
    ]);
    expect(args.options).toEqual({
      port: 0, brokers: 5, partitions: 6, replicationFactor: 4, minInsyncReplicas: 3, seed: -7, dropProduceResponses: 0.25, stateTable: "exercises/sequence-validation.ts", host: "127.0.0.2",
    });
  });

  it("fewer brokers than the default replication factor: the defaults shrink to fit", () => {
    expect(parseBrokerArgs(["--host", "0.0.0.0", "--advertise", "192.0.2.10"]).options).toMatchObject({ host: "0.0.0.0", advertisedHost: "192.0.2.10" });
    expect(parseBrokerArgs(["--brokers", "1"]).options).toMatchObject({ brokers: 1, replicationFactor: 1, minInsyncReplicas: 1 });
    expect(parseBrokerArgs(["--replication-factor", "1"]).options).toMatchObject({ replicationFactor: 1, minInsyncReplicas: 1 });
  });

  it.each([
    [["--pot", "1"], /Unknown option --pot\. Allowed: --port, --brokers, .*--host, --advertise, --help\./],
    [["9092"], /Unexpected argument "9092": every option is a flag/],
    [["--port"], /--port needs a value\./],
    [["--port", "--seed", "1"], /--port needs a value\./],
    [["--port", "99999"], /--port must be a whole number from 0 to 65535, got "99999"\./],
    [["--brokers", "two"], /--brokers must be a whole number from 1 to 100, got "two"\./],
    [["--brokers", "2", "--replication-factor", "3"], /--replication-factor must be at most --brokers \(2\), got 3\./],
    [["--min-insync-replicas", "4"], /--min-insync-replicas must be at most --replication-factor \(3\), got 4\./],
    [["--drop-produce-responses", "10%"], /--drop-produce-responses must be a probability from 0 to 1 \(e\.g\. 0\.1\), got "10%"\./],
    [["--seed", "1.5"], /--seed must be a whole number, got "1\.5"\./],
    [["--seed", "1", "--seed", "2"], /--seed is given twice\./],
    [["--help=yes"], /--help takes no value/],
    [["--host", ""], /--host needs an address/],
    [["--host", "0.0.0.0"], /--host 0\.0\.0\.0 binds every interface but is not an address a client can connect to: add --advertise ADDR/],
    [["--host", "0.0.0.0", "--advertise", "::"], /--advertise :: is not an address a client can connect to/],
    [["--advertise", ""], /--advertise needs an address clients can connect to/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseBrokerArgs(argv)).toThrow(message);
  });
});

describe("the CLI", () => {
  it("--help prints the usage and exits 0", () => {
    const r = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(USAGE);
  });

  it("bad flags: a message naming the flag on stderr, exit 2, nothing listens", () => {
    const r = spawnSync(process.execPath, [cli, "--drop-produce-responses", "2"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--drop-produce-responses must be a probability from 0 to 1");
    expect(r.stderr).toContain("npm run broker -- --help");
    expect(r.stdout).toBe("");
  });

  it("serves kafkajs on the printed bootstrap address; SIGTERM closes the listeners and exits 0", async () => {
    const run = startCli(["--port", "0", "--seed", "3", "--drop-produce-responses", "0.3"]);
    await lineMatching(run, /^Ctrl-C stops the broker\.$/m); // the last line of the start-up text
    const [, bootstrap] = await lineMatching(run, /^bootstrap: (127\.0\.0\.1:\d+)$/m);
    expect(run.stdout()).toMatch(/^brokers: 0=127\.0\.0\.1:\d+ 1=127\.0\.0\.1:\d+ 2=127\.0\.0\.1:\d+$/m);
    expect(run.stdout()).toContain("faults: 30% of produce responses are withheld after the append");
    const producer = kafkaFor(bootstrap!).producer({ idempotent: true, retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 300 } });
    await producer.connect();
    for (let i = 0; i < 10; i++) await producer.send({ topic: "cli", acks: -1, messages: [{ key: `k${i}`, value: `v${i}` }] });
    await producer.disconnect();
    // One line per notable event: the withheld responses.
    expect(run.stdout()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] broker \d connection #\d+ .*produce response withheld after the append/m);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/SIGTERM: closing the listeners\n.*stopped\n$/);
    expect(run.stderr()).toBe("");
    // The port is free again.
    await expect(listenOn(Number(bootstrap!.split(":")[1]))).resolves.toBeDefined();
  });

  it("SIGINT (Ctrl-C) stops it too", async () => {
    const run = startCli(["--port", "0", "--brokers", "1"]);
    await lineMatching(run, /^Ctrl-C stops the broker\.$/m);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
  });

  it("--state-table with the exercise stub: the idempotent producer's send fails, the broker logs why and keeps serving", async () => {
    const run = startCli(["--port", "0", "--state-table", "exercises/sequence-validation.ts"]);
    await lineMatching(run, /^Ctrl-C stops the broker\.$/m);
    const [, bootstrap] = await lineMatching(run, /^bootstrap: (\S+)$/m);
    expect(run.stdout()).toContain("producer-state table: ProducerStateTable from exercises/sequence-validation.ts");
    const kafka = kafkaFor(bootstrap!);
    const idem = kafka.producer({ idempotent: true });
    await idem.connect();
    await expect(idem.send({ topic: "t", acks: -1, messages: [{ value: "x" }] })).rejects.toThrow();
    await idem.disconnect();
    await lineMatching(run, /threw in append: Error: not implemented yet: ProducerStateTable\.append.*UNKNOWN_SERVER_ERROR$/m);
    const plain = kafka.producer();
    await plain.connect();
    const [meta] = await plain.send({ topic: "t", acks: -1, messages: [{ value: "still serving" }] });
    expect(meta!.errorCode).toBe(0);
    await plain.disconnect();
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("--state-table refuses a file that imports the reference solution: the reason on stderr, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "broker-cli-"));
    const file = join(dir, "sequence-validation.ts");
    writeFileSync(file, `export * from ${JSON.stringify(join(root, "solutions/sequence-validation.ts"))};\n`);
    const r = spawnSync(process.execPath, [cli, "--port", "0", "--state-table", file], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^broker: --state-table: .*was not loaded:\n.*reaches the reference solutions \(solutions\/\)/);
  });

  it("a port in use: a clear message and exit 1", async () => {
    const taken = await listenOn(0);
    const port = (taken.address() as { port: number }).port;
    try {
      const r = spawnSync(process.execPath, [cli, "--port", String(port)], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`broker: port ${port} is in use: choose another with --port N, or --port 0 for any free port.\n`);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
      if (port !== 0) s.close();
      resolve(s);
    });
  });
}
