#!/usr/bin/env bash
# Runs every test gloss has: the Rust workspace (unit, fixture, snapshot,
# end-to-end over stdio, and the quality tests on ../shared when present),
# the headless-Neovim end-to-end tests, the VS Code extension's unit tests
# and packaging, the real-VS-Code end-to-end tests (code-server + Debian's
# chromium; skipped with a line without chromium). GLOSS_FUZZ=1 adds a short
# fuzz smoke run (scripts/fuzz-smoke.sh): its sanitizer build of the whole
# index costs minutes, so CI leaves it out.
#
# Usage: scripts/test.sh            (from anywhere in the repo)
# Needs: cargo, python3 with pip (for Neovim), node + npm. Installs the rest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

status=0
step() { echo; echo "=== [$SECONDS s] $*"; }

# candle sizes its matmul threads from RAYON_NUM_THREADS; the gloss binary
# sizes it to its inference pool at start, tests (which cannot set the
# environment safely once threads run, and run side by side) get one here.
export RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-1}"

step "cargo test --workspace"
# Builds the test targets and the binaries they drive (not the benches:
# clippy already checks those).
cargo test --workspace --no-run
cargo test --workspace || status=1

step "editor tests (headless Neovim, VS Code extension unit tests, real VS Code end to end)"
GLOSS_BIN="$root/target/debug/gloss" scripts/test-editors.sh || status=1

if [[ "${GLOSS_FUZZ:-0}" == 1 ]]; then
  step "fuzz smoke"
  scripts/fuzz-smoke.sh || status=1
fi

echo
if [[ $status == 0 ]]; then echo "all test suites passed"; else echo "some test suites FAILED"; fi
exit $status
