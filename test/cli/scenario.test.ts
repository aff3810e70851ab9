/**
 * The terminal demo, as a learner runs it: the compiled CLI (lib/dist/cli/scenario.js) spawned with flags, its
 * output piped (plain) or on a pseudo-terminal (colours, the --step prompt), and --step fed from a pipe.
 * `npm test` builds lib/dist first; run `npm run build` before running this file alone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { TextTimeline, createScenario, lessonScenario, lessonScenarioNames, timelineLanesForSpec } from "kafka-sim";
import { cliLang, parseScenarioArgs, useColor } from "../../lib/src/cli/scenario.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "lib/dist/cli/scenario.js");
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The lib/src files the CLI is compiled from: its relative imports, followed through. */
function sourcesOf(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  for (const m of readFileSync(entry, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)) sourcesOf(join(dirname(entry), `${m[1]}.ts`), seen);
  return seen;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function scenario(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env || !("NO_COLOR" in options.env)) delete env.NO_COLOR;
  if (!options.env || !("FORCE_COLOR" in options.env)) delete env.FORCE_COLOR;
  // The language comes from the test, not from the machine's locale (the CLI defaults to a Korean LANG).
  for (const key of ["KAFKA_SIM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]) if (!options.env || !(key in options.env)) delete env[key];
  const r = spawnSync(process.execPath, [cli, ...args], { input: options.input ?? "", env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does it).`);
  const stale = [...sourcesOf(join(root, "lib/src/cli/scenario.ts"))].filter((f) => statSync(f).mtimeMs > statSync(cli).mtimeMs + 1);
  if (stale.length > 0) throw new Error(`lib/dist is older than ${stale.map((f) => f.slice(root.length)).join(", ")}: run \`npm run build\` first (npm test does it).`);
});

describe("flags", () => {
  test("--list names every scenario with its description, grouped by lesson", () => {
    const r = scenario(["--list"]);
    expect(r.status).toBe(0);
    for (const name of lessonScenarioNames()) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S.{20,}$`, "m"));
    expect(r.stdout).toContain("acks, replication and min.insync.replicas");
  });

  test("--help prints the usage", () => {
    const r = scenario(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: npm run scenario -- <name> [options]");
    expect(r.stdout).toContain("--drop-responses RATE");
  });

  test.each([
    [["at-least-once", "--acks", "2"], /--acks must be 0, 1 or all, got "2"/],
    [["at-least-once", "--seed", "abc"], /--seed must be a whole number, got "abc"/],
    [["at-least-once", "--seed"], /--seed needs a value/],
    [["at-least-once", "--drop-responses", "1.5"], /--drop-responses must be a probability between 0 and 1 \(e\.g\. 0\.1\), got "1\.5"/],
    [["at-least-once", "--drop-requests=-1"], /--drop-requests must be a probability between 0 and 1/],
    [["at-least-once", "--records", "0"], /--records must be a whole number >= 1, got "0"/],
    [["at-least-once", "--idempotence", "maybe"], /--idempotence must be on or off, got "maybe"/],
    [["at-least-once", "--colour"], /Unknown option --colour\. Allowed: --seed, --acks, .*--no-color, --help\./],
    [["at-least-once", "--step=yes"], /--step takes no value/],
    [["at-least-once", "idempotent"], /Only one scenario name is allowed; got "at-least-once" and "idempotent"/],
    [["exactly-once"], /Unknown lesson scenario "exactly-once"\. Known scenarios: at-most-once, .*epoch-bump\./],
    [[], /name a scenario \(one of: at-most-once, /],
  ])("%j is refused with exit 2 and a message naming what is allowed", (args, message) => {
    const r = scenario(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  test("a configuration Kafka refuses exits 2 with Kafka's ConfigException message", () => {
    const r = scenario(["idempotent", "--acks", "1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("ConfigException: Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
    expect(r.stderr).toContain("--idempotence off");
  });

  test("parseScenarioArgs takes --flag value and --flag=value alike, and acks -1 as all", () => {
    const a = parseScenarioArgs(["x", "--seed", "7", "--acks=-1", "--idempotence", "off", "--drop-responses=0.25", "--records", "3", "--step"]);
    expect(a).toMatchObject({ name: "x", step: true, overrides: { seed: 7, acks: "all", idempotence: false, dropResponseRate: 0.25, records: 3 } });
  });

  test("colour: on a terminal unless --no-color or a non-empty NO_COLOR; FORCE_COLOR forces it", () => {
    expect(useColor({ noColor: false }, true, {})).toBe(true);
    expect(useColor({ noColor: false }, false, {})).toBe(false);
    expect(useColor({ noColor: true }, true, {})).toBe(false);
    expect(useColor({ noColor: false }, true, { NO_COLOR: "1" })).toBe(false);
    expect(useColor({ noColor: false }, true, { NO_COLOR: "" })).toBe(true);
    expect(useColor({ noColor: false }, false, { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor({ noColor: false }, false, { FORCE_COLOR: "0" })).toBe(false);
  });
});

describe("a run, piped", () => {
  test("plain text: the intro, the diagram with the duplicate, the outcome, and the line that replays it", () => {
    const r = scenario(["at-least-once"]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toContain("at-least-once: At least once: retries without idempotence");
    expect(r.stdout).toContain("Look for: ");
    expect(r.stdout).toMatch(/^\s+ms {2}producer {4}broker-0 {4}broker-1 {4}broker-2$/m);
    expect(r.stdout).toContain("DUPLICATE");
    expect(r.stdout).toContain("Outcome: what a consumer reads (8 records sent)");
    expect(r.stdout).toContain("Replay: npm run scenario -- at-least-once --seed 1");
  });

  test("the flags reach the run: seed, acks, idempotence, drop rate and record count", () => {
    const r = scenario(["at-least-once", "--seed", "7", "--acks", "1", "--idempotence", "off", "--drop-responses", "0.2", "--records", "5"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("seed 7 · acks=1 · enable.idempotence=false");
    expect(r.stdout).toContain("5 records");
    expect(r.stdout).toContain("lost responses 0.2");
    expect(r.stdout).toContain("(5 records sent)");
    expect(r.stdout).toContain("Replay: npm run scenario -- at-least-once --seed 7 --acks 1 --idempotence off --drop-responses 0.2 --records 5");
  });

  test("a defaulted idempotence turned off by acks=1 is logged as Kafka logs it", () => {
    const r = scenario(["acks1-failover"]);
    expect(r.stdout).toContain("producer log: Idempotence will be disabled because acks is set to 1, not set to 'all'.");
  });

  test("the same command prints the same text", () => {
    expect(scenario(["at-least-once", "--drop-responses", "0.3", "--seed", "3"]).stdout).toBe(scenario(["at-least-once", "--drop-responses", "0.3", "--seed", "3"]).stdout);
  });

  test("colours: FORCE_COLOR turns them on when piped; NO_COLOR and --no-color win", () => {
    expect(scenario(["idempotent"], { env: { FORCE_COLOR: "1" } }).stdout).toMatch(ANSI);
    expect(scenario(["idempotent"], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout).not.toMatch(ANSI);
    expect(scenario(["idempotent", "--no-color"], { env: { FORCE_COLOR: "1" } }).stdout).not.toMatch(ANSI);
    const plain = scenario(["idempotent"]).stdout;
    expect(scenario(["idempotent"], { env: { FORCE_COLOR: "1" } }).stdout.replace(ANSI, "")).toBe(plain);
  });
});

describe("--step fed from a pipe", () => {
  /** The diagram lines of the first `steps` pauses, computed in-process from the same scenario. */
  function firstSteps(name: string, steps: number): string[] {
    const run = createScenario(lessonScenario(name));
    const t = new TextTimeline(timelineLanesForSpec(run.cluster.brokers.length, 0));
    const lines: string[] = [];
    let pauses = 0;
    for (let events = run.step(); events.length > 0 && pauses < steps; events = run.step()) {
      const shown = events.flatMap((e) => t.event(e));
      lines.push(...shown);
      if (shown.length > 0) pauses++;
    }
    return lines;
  }
  const diagram = (stdout: string) => {
    const lines = stdout.split("\n");
    const start = lines.findIndex((l) => /^\s+ms {2}producer/.test(l)) + 1;
    return lines.slice(start, lines.indexOf("", start));
  };

  test("one step per line read: three Enters and q show exactly the first four steps, then the outcome so far", () => {
    const r = scenario(["at-least-once", "--step"], { input: "\n\n\nq\n" });
    expect(r.status).toBe(0);
    expect(diagram(r.stdout)).toEqual(firstSteps("at-least-once", 4));
    expect(r.stdout).toMatch(/Stopped at \d+ ms \(virtual\)\. The outcome so far:/);
    expect(r.stdout).toContain("Outcome: what a consumer reads");
    expect(r.stdout).not.toContain("[Enter] next"); // no prompt when stdin is not a terminal
  });

  test("c runs to the end; the end of the input does too: both give the same text as a run without --step", () => {
    const whole = scenario(["at-least-once"]).stdout;
    expect(scenario(["at-least-once", "--step"], { input: "\nc\n" }).stdout).toBe(whole);
    expect(scenario(["at-least-once", "--step"], { input: "" }).stdout).toBe(whole);
  });
});

describe("on a terminal", () => {
  test("colours and the --step prompt appear when stdout and stdin are a terminal (util-linux script gives a pty)", () => {
    // `script` runs the CLI on a pseudo-terminal; our piped input reaches it as typed keys.
    const r = spawnSync("script", ["-qec", `${process.execPath} ${cli} epoch-bump --step`, "/dev/null"], {
      input: "\n\nq\n",
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "" },
      timeout: 60_000,
    });
    expect(r.error, "util-linux `script` is needed for this test (Debian: bsdutils)").toBeUndefined();
    expect(r.stdout).toMatch(/\u001b\[32m/); // green, e.g. an acknowledgement mark or the header's tone
    expect(r.stdout).toContain("[Enter] next · c [Enter] run to the end · q [Enter] stop");
    expect(r.stdout).toContain("Stopped at");
  });
});

describe("--lang: the Korean edition in the terminal", () => {
  const HANGUL = /[\uac00-\ud7a3]/;

  test("--lang ko prints the intro, the diagram and the outcome in Korean; the run is the same as in English", () => {
    const ko = scenario(["at-least-once", "--lang", "ko"]);
    const en = scenario(["at-least-once"]);
    expect(ko.status).toBe(0);
    expect(ko.stdout).toContain("at-least-once: 최소 한 번: 멱등성 없이 재시도");
    expect(ko.stdout).toMatch(/^눈여겨볼 것: /m);
    expect(ko.stdout).toMatch(/^다시 실행: npm run scenario -- at-least-once --seed 1$/m);
    // A description too long for its line wraps under the lanes (Hangul counted as two columns): read it joined.
    const joined = ko.stdout.replace(/\n {9}(│ +)+ {2}/g, " ");
    expect(joined).toMatch(/적재 \[r\d\], 오프셋 \d+ — 중복: 이미 로그에 있음 \(r\d 오프셋 \d+\)/);
    for (const line of ko.stdout.split("\n")) expect([...line].reduce((n, ch) => n + (HANGUL.test(ch) ? 2 : 1), 0)).toBeLessThanOrEqual(100);
    expect(joined).toMatch(/✗ 응답 유실 \(오프셋 \d+\): 계획된 장애: 다음 produce 응답 유실/);
    expect(ko.stdout).toMatch(/^결과: 컨슈머가 읽는 것 \(보낸 레코드 8개\)$/m);
    expect(ko.stdout).toMatch(/^판정: /m);
    for (const english of ["Look for:", "Replay:", "append ", "response lost", "Outcome:", "Verdict:", "acknowledged ", "high watermark"]) expect(ko.stdout).not.toContain(english);
    // The same events at the same times: only the words differ.
    const times = (out: string) => out.split("\n").filter((l) => /^ {0,6}\d+  /.test(l)).map((l) => l.slice(0, 9));
    expect(times(ko.stdout)).toEqual(times(en.stdout));
    expect(en.stdout).not.toMatch(HANGUL);
  });

  test("--lang=ko and --lang ko_KR.UTF-8 work too; --help and --list in Korean", () => {
    expect(scenario(["--lang=ko", "--help"]).stdout).toMatch(/^사용법: npm run scenario -- <이름> \[옵션\]/);
    expect(scenario(["--list", "--lang", "ko_KR.UTF-8"]).stdout).toContain("메시지 전송 방식: 최대 한 번, 최소 한 번");
  });

  test("the default comes from KAFKA_SIM_LANG, then the system locale; --lang wins over both", () => {
    expect(scenario(["--list"], { env: { KAFKA_SIM_LANG: "ko" } }).stdout).toMatch(/^레슨 시나리오/);
    expect(scenario(["--list"], { env: { LANG: "ko_KR.UTF-8" } }).stdout).toMatch(/^레슨 시나리오/);
    expect(scenario(["--list"], { env: { LANG: "en_US.UTF-8", LC_ALL: "ko_KR.UTF-8" } }).stdout).toMatch(/^레슨 시나리오/);
    expect(scenario(["--list"], { env: { LANG: "ko_KR.UTF-8", KAFKA_SIM_LANG: "en" } }).stdout).toMatch(/^Lesson scenarios/);
    expect(scenario(["--list", "--lang", "en"], { env: { KAFKA_SIM_LANG: "ko" } }).stdout).toMatch(/^Lesson scenarios/);
    expect(scenario(["--list"], { env: { LANG: "C.UTF-8" } }).stdout).toMatch(/^Lesson scenarios/);
    expect(cliLang([], { LC_MESSAGES: "ko_KR.UTF-8" })).toBe("ko");
    expect(cliLang(["--lang", "en"], { LANG: "ko_KR" })).toBe("en");
  });

  test("--lang fr and an invalid KAFKA_SIM_LANG are refused with exit 2, naming the value and the languages", () => {
    const flag = scenario(["at-most-once", "--lang", "fr"]);
    expect(flag.status).toBe(2);
    expect(flag.stdout).toBe("");
    expect(flag.stderr).toMatch(/--lang must be one of en, ko, got "fr"/);
    const env = scenario(["at-most-once"], { env: { KAFKA_SIM_LANG: "klingon" } });
    expect(env.status).toBe(2);
    expect(env.stdout).toBe("");
    expect(env.stderr).toMatch(/KAFKA_SIM_LANG must be one of en, ko .*got "klingon"/);
    expect(scenario(["at-most-once", "--lang"]).stderr).toMatch(/--lang needs a value/);
    expect(parseScenarioArgs(["at-most-once", "--lang", "ko"]).lang).toBe("ko");
  });

  test("Korean errors for a bad flag; Kafka's ConfigException text stays exactly as Kafka prints it, the course's hint in Korean", () => {
    const bad = scenario(["at-least-once", "--acks", "2", "--lang", "ko"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--acks는 0, 1, all 중 하나여야 합니다\. 받은 값: "2"/);
    expect(bad.stderr).toContain("옵션은 --help, 시나리오 목록은 --list로 볼 수 있습니다.");
    const args = ["at-least-once", "--acks", "1", "--idempotence", "on"];
    const en = scenario(args);
    const ko = scenario([...args, "--lang", "ko"]);
    expect(ko.status).toBe(2);
    const kafkaLine = (text: string) => text.split("\n").find((l) => l.startsWith("ConfigException: "));
    expect(kafkaLine(ko.stderr)).toBe(kafkaLine(en.stderr));
    expect(kafkaLine(ko.stderr)).not.toMatch(HANGUL);
    expect(ko.stderr).toContain("Kafka 프로듀서가 이 설정을 거부합니다.");
    expect(ko.stderr).toContain("--idempotence off를 쓰거나 acks를 all로 두세요");
  });
});
