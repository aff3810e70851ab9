/**
 * librdkafka (Debian's python3-confluent-kafka and kcat, librdkafka 2.0.2) against the embedded broker: the same
 * end-to-end checks as kafkajs and @platformatic/kafka. librdkafka keeps up to 5 idempotent batches in flight to a
 * partition and renumbers correctly after a lost response, so unlike kafkajs it must get exactly once here.
 * The clients are installed by scripts/setup-test-clients.mjs for `npm test` only; without them this file skips,
 * except under CI=true, where their absence fails.
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EmbeddedBroker } from "../../lib/src/serve/embedded.js";
import { logValues, start } from "./real-clients.js";

const PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./librdkafka/client.py", import.meta.url));
const havePython = spawnSync(PYTHON, ["-c", "import confluent_kafka"], { stdio: "ignore" }).status === 0;
const haveKcat = spawnSync("kcat", ["-V"], { stdio: "ignore" }).status === 0;
const available = havePython && haveKcat;

/** Run a command without blocking the event loop: the broker it talks to runs in this process. */
function run(cmd: string, args: string[], input = ""): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function py(broker: EmbeddedBroker, ...args: string[]): Promise<any> {
  const r = await run(PYTHON, [script, broker.bootstrap, ...args]);
  if (r.status !== 0) throw new Error(`client.py ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

describe("librdkafka clients are installed for the tests", () => {
  it.runIf(process.env.CI === "true")("under CI, kcat and python3-confluent-kafka are present (scripts/setup-test-clients.mjs)", () => {
    expect({ kcat: haveKcat, confluentKafka: havePython }).toEqual({ kcat: true, confluentKafka: true });
  });
});

describe.skipIf(!available)("librdkafka 2.0.2 against the embedded broker", () => {
  it("confluent-kafka idempotent producer (up to 5 batches in flight), 25% of produce responses dropped: exactly once, in order", async () => {
    const logs: string[] = [];
    const broker = await start({ seed: 21, dropProduceResponses: 0.25 }, logs);
    const out = await py(broker, "idempotent", "rdk-idem", "40");
    const sent = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, "0")}`);
    expect(out.errors).toEqual([]);
    expect(out.acked).toEqual(sent);
    // librdkafka batches as it likes, so the number of produce requests (and of withheld answers) varies; at least one.
    expect(logs.filter((l) => l.includes("withheld")).length).toBeGreaterThanOrEqual(1);
    expect(logValues(broker, "rdk-idem").filter((v) => v.length > 0)).toEqual([sent]);
  }, 60_000);

  it("kcat writes and a kcat consumer group (-G) reads it back; confluent-kafka resumes the group after its commit", async () => {
    const broker = await start({ seed: 22 });
    const produce = await run("kcat", ["-P", "-b", broker.bootstrap, "-t", "rdk-group", "-K:", "-X", "enable.idempotence=true"], "a:1\nb:2\nc:3\n");
    expect(produce.status).toBe(0);
    const read = await run("kcat", ["-C", "-b", broker.bootstrap, "-G", "rdk-g", "rdk-group", "-c", "3", "-f", "%s\\n", "-X", "auto.offset.reset=earliest"]);
    expect(read.status).toBe(0);
    expect(read.stdout.trim().split("\n").sort()).toEqual(["1", "2", "3"]);
    const first = await py(broker, "consume", "rdk-group", "py-g", "3", "read_committed");
    expect([...first.values].sort()).toEqual(["1", "2", "3"]);
    await run("kcat", ["-P", "-b", broker.bootstrap, "-t", "rdk-group", "-K:"], "d:4\n");
    expect((await py(broker, "consume", "rdk-group", "py-g", "1", "read_committed")).values).toEqual(["4"]);
  }, 90_000);

  it("transactions: a read_committed consumer sees the two committed transactions, read_uncommitted also the aborted one", async () => {
    const broker = await start({ seed: 23 });
    expect(await py(broker, "transactions", "rdk-tx")).toEqual({ ok: true });
    expect([...(await py(broker, "consume", "rdk-tx", "rc", "2", "read_committed")).values].sort()).toEqual(["committed-1", "committed-2"]);
    expect([...(await py(broker, "consume", "rdk-tx", "ru", "3", "read_uncommitted")).values].sort()).toEqual(["aborted-1", "committed-1", "committed-2"]);
  }, 90_000);

  it("fencing: a second producer with the same transactional.id fences the first, whose commit fails fatally", async () => {
    const broker = await start({ seed: 24 });
    const out = await py(broker, "fencing", "rdk-fence");
    expect(out.zombie_error).toMatch(/FENCED/);
    expect(out.fatal).toBe(true);
    expect((await py(broker, "consume", "rdk-fence", "rc-f", "1", "read_committed")).values).toEqual(["from-successor"]);
  }, 60_000);
});
