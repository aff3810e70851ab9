#!/usr/bin/env bash
# Build the zip to upload as a Gradescope "Autograder" (programming assignment, Ubuntu base image):
# the course at the commit you have checked out (tracked files, without solutions/ and test/), a prebuilt
# lib/dist, and setup.sh + run_autograder at the zip's root, where Gradescope expects them.
#   gradescope/build-autograder-zip.sh [--lang en|ko] [OUT.zip]   (default: English, autograder.zip here)
# --lang ko: the feedback, hints and summaries students see are in Korean (written to grader-lang in the zip,
# which run_autograder reads; KAFKA_SIM_LANG in the assignment's environment would override it).
set -euo pipefail

lang=en
if [ "${1:-}" = "--lang" ]; then lang="${2:-}"; shift 2 || true; fi
case "$lang" in
  en|ko) ;;
  *) echo "error: --lang must be en or ko, got \"$lang\"" >&2; exit 2 ;;
esac
out="$(realpath -m "${1:-autograder.zip}")"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

git archive --format=tar HEAD | tar -x -C "$staging"
rm -rf "$staging/solutions" "$staging/test" "$staging/.github"
if ! node node_modules/typescript/bin/tsc -p lib/tsconfig.json --outDir "$staging/lib/dist"; then
  echo "warning: tsc reported type errors (above); it emitted lib/dist anyway" >&2
fi
test -f "$staging/lib/dist/grader/cli.js" || { echo "error: lib/dist/grader/cli.js was not built" >&2; exit 1; }
cp gradescope/setup.sh gradescope/run_autograder "$staging/"
echo "$lang" > "$staging/grader-lang"
chmod +x "$staging/setup.sh" "$staging/run_autograder"

rm -f "$out"
(cd "$staging" && zip -qr "$out" .)
echo "Wrote $out (feedback language: $lang)"
