#!/usr/bin/env node
// Test-only set-up (called by scripts/test.mjs, never by `npm start`): the librdkafka clients the wire tests run
// against the embedded broker, from Debian: kcat and python3-confluent-kafka (librdkafka 2.0.2 on Debian 12).
// Installs them with apt-get when they are missing and this is a root shell with apt-get (CI, a fresh machine);
// otherwise says what to install. test/wire/librdkafka.test.ts skips without them, except under CI=true, where
// their absence is a failure.
import { spawnSync } from "node:child_process";

const PACKAGES = ["kcat", "python3-confluent-kafka"];

function present() {
  const kcat = spawnSync("kcat", ["-V"], { stdio: "ignore" }).status === 0;
  const py = spawnSync("/usr/bin/python3", ["-c", "import confluent_kafka"], { stdio: "ignore" }).status === 0;
  return kcat && py;
}

export default function setupTestClients({ log = (m) => console.log(`[setup] ${m}`) } = {}) {
  if (present()) return true;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!root || !apt) {
    log(`librdkafka test clients missing: install ${PACKAGES.join(" ")} (Debian) to run test/wire/librdkafka.test.ts`);
    return false;
  }
  log(`installing ${PACKAGES.join(", ")} for the wire tests (apt-get; test-only)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = update.status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...PACKAGES], { stdio: "inherit", env });
  if (!install || install.status !== 0 || !present()) {
    log(`could not install ${PACKAGES.join(" ")}; test/wire/librdkafka.test.ts will say so`);
    return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(setupTestClients() ? 0 : 1);
