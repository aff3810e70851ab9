#!/usr/bin/env bash
# Gradescope autograder set-up: runs once, when Gradescope builds the autograder image (Ubuntu base image).
# The autograder zip (see build-autograder-zip.sh) holds the course at /autograder/source.
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
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
