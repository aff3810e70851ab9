/**
 * Which edition's words the library prints: setLang, then the edition folder a kernel runs in (notebooks/ko → Korean,
 * notebooks/ → English), then KAFKA_SIM_LANG, then English. Each case runs in its own process, in its own folder.
 */
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const script = `import("kafka-sim").then((m) => process.stdout.write(m.currentLang()))`;
const langIn = (cwd: string, env: Record<string, string | undefined>): string => {
  const childEnv = { ...process.env, ...env };
  if (env.KAFKA_SIM_LANG === undefined) delete childEnv.KAFKA_SIM_LANG;
  // Resolve kafka-sim from the course, whatever the folder.
  return execFileSync(process.execPath, ["--input-type=module", "-e", script.replace('"kafka-sim"', JSON.stringify(join(root, "lib/dist/index.js")))], { cwd, env: childEnv, encoding: "utf8" });
};

describe("the language in effect", () => {
  it("a kernel in notebooks/ko is Korean and one in notebooks/ English, whatever KAFKA_SIM_LANG says", () => {
    expect(langIn(join(root, "notebooks/ko"), { KAFKA_SIM_LANG: undefined })).toBe("ko");
    expect(langIn(join(root, "notebooks/ko"), { KAFKA_SIM_LANG: "en" })).toBe("ko");
    expect(langIn(join(root, "notebooks"), { KAFKA_SIM_LANG: "ko" })).toBe("en");
  });

  it("elsewhere KAFKA_SIM_LANG decides (a learner's own notebook in a Korean session), else English", () => {
    expect(langIn(root, { KAFKA_SIM_LANG: "ko" })).toBe("ko");
    expect(langIn(join(root, "exercises"), { KAFKA_SIM_LANG: "ko_KR.UTF-8" })).toBe("ko");
    expect(langIn(root, { KAFKA_SIM_LANG: undefined })).toBe("en");
    expect(langIn(root, { KAFKA_SIM_LANG: "" })).toBe("en");
  });

  it("a KAFKA_SIM_LANG the course has no edition for is an error naming it and the allowed values", () => {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script.replace('"kafka-sim"', JSON.stringify(join(root, "lib/dist/index.js")))], { cwd: root, env: { ...process.env, KAFKA_SIM_LANG: "fr" }, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('KAFKA_SIM_LANG: "fr" is not a language of this course; use one of en, ko');
  });
});

describe("envLang: the language a command's environment asks for (npm start, grade, scenario)", () => {
  it("KAFKA_SIM_LANG, else the first non-empty of LC_ALL, LC_MESSAGES, LANG, else English", async () => {
    const { envLang } = await import("../../lib/src/kernel/locale.js");
    expect(envLang({ KAFKA_SIM_LANG: "ko", LANG: "en_US.UTF-8" })).toEqual({ lang: "ko", from: "KAFKA_SIM_LANG" });
    expect(envLang({ KAFKA_SIM_LANG: "", LC_ALL: "", LC_MESSAGES: "ko_KR.UTF-8", LANG: "en_US" })).toEqual({ lang: "ko", from: "LC_MESSAGES" });
    expect(envLang({ LC_ALL: "C.UTF-8", LANG: "ko_KR.UTF-8" })).toEqual({ lang: "en", from: "LC_ALL" });
    expect(envLang({})).toEqual({ lang: "en", from: "default" });
    expect(() => envLang({ KAFKA_SIM_LANG: "jp" })).toThrow('KAFKA_SIM_LANG: "jp" is not a language of this course; use one of en, ko');
  });
});
