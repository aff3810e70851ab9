#!/usr/bin/env bash
# Gradescope autograder set-up: runs once, when Gradescope builds the autograder image (Ubuntu base image).
# The autograder zip (see build-autograder-zip.sh) holds the course at /autograder/source.
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
# The grader's sandbox: bubblewrap (no network, own pid namespace, a file system with only the runner),
# util-linux's setpriv and prlimit (an unprivileged user, resource limits).
apt-get install -y --no-install-recommends bubblewrap util-linux
# Node.js 20 (the course's version) from NodeSource.
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y --no-install-recommends nodejs
node --version

cd /autograder/source
npm ci --no-audit --no-fund
# The zip usually carries a prebuilt lib/dist; build it when it does not.
if [ ! -f lib/dist/grader/cli.js ]; then
  node node_modules/typescript/bin/tsc -p lib/tsconfig.json
fi
chmod +x run_autograder

# The unprivileged user that runs submissions (the grader itself runs as root, as Gradescope starts it).
if ! id grader-sandbox >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin grader-sandbox
fi
# Nothing of the autograder (its tests and their expected answers) is readable by that user, even where
# bubblewrap cannot run: the grader copies the few files a sandbox needs to a temporary folder of its own.
chmod -R go-rwx /autograder/source
