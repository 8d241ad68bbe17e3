#!/usr/bin/env bash
# Runs every cargo-fuzz target for a few seconds (default 10 s each).
#
#   scripts/fuzz-smoke.sh                 # ~10 s per target
#   FUZZ_SECONDS=300 scripts/fuzz-smoke.sh
#
# Only stable Rust is assumed: cargo-fuzz's nightly flags are enabled with
# RUSTC_BOOTSTRAP=1. AddressSanitizer is tried first, then --sanitizer none.
# If cargo-fuzz is missing or the targets cannot be built here, this prints
# why and exits 0; a crash found by a target exits 1 (artifact path printed).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECS=${FUZZ_SECONDS:-10}
TARGETS=(guide_parse doc_edits)
LOG=${TMPDIR:-/tmp}/gloss-fuzz-build.log

skip() {
  echo "fuzz-smoke: SKIPPED — $*"
  exit 0
}

command -v cargo >/dev/null 2>&1 || skip "cargo not found"
cargo fuzz --version >/dev/null 2>&1 || skip "cargo-fuzz is not installed (cargo install cargo-fuzz)"

export RUSTC_BOOTSTRAP=1
cd "$ROOT/fuzz" || skip "no fuzz/ directory"

# Seed corpora from the repo's own fixtures (never the user's guide).
mkdir -p corpus/guide_parse corpus/doc_edits
for f in "$ROOT"/examples/workspace/guides/*.md "$ROOT"/examples/workspace/notes/*.md; do
  [[ -f $f ]] && cp -n "$f" corpus/guide_parse/ 2>/dev/null
done

SAN=${FUZZ_SANITIZER:-}
if [[ -z $SAN ]]; then
  if nice -n 19 cargo fuzz build -O >"$LOG" 2>&1; then
    SAN=address
  elif nice -n 19 cargo fuzz build -O --sanitizer none >>"$LOG" 2>&1; then
    SAN=none
  else
    skip "cargo fuzz build failed with and without ASan (see $LOG): $(grep -m1 -E '^error' "$LOG")"
  fi
else
  nice -n 19 cargo fuzz build -O --sanitizer "$SAN" >"$LOG" 2>&1 ||
    skip "cargo fuzz build --sanitizer $SAN failed (see $LOG)"
fi
echo "fuzz-smoke: sanitizer=$SAN, ${SECS}s per target"

status=0
for t in "${TARGETS[@]}"; do
  echo "fuzz-smoke: $t"
  if ! cargo fuzz run -O --sanitizer "$SAN" "$t" "corpus/$t" -- \
      -max_total_time="$SECS" -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 2>&1 | tail -n 25; then
    echo "fuzz-smoke: $t FAILED — reproduce with: RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer $SAN $t fuzz/artifacts/$t/<crash file>"
    status=1
  fi
done
[[ $status == 0 ]] && echo "fuzz-smoke: all targets ran ${SECS}s without a crash"
exit $status
