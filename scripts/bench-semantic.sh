#!/usr/bin/env bash
# Search-by-meaning costs seen from an editor: the language server on a
# guide + 5 notes, measured by lsp-bench twice:
#   1. lexical (no model): first hover from process start, hover p50/p99;
#   2. with the model and an empty cache, so the whole guide is being
#      embedded in the background while the timed loops run (15,000
#      hovers, HOVERS=n to change: a few seconds, so the loop overlaps the
#      embedding rather than the model load; 1,000 mostly did not).
# Then peak RSS of `gloss search` with the model loaded and vectors cached.
#
# Usage: scripts/bench-semantic.sh [GUIDE.md]
#   (default: ../shared/guide/DISTRIBUTED_SYSTEMS.md, else the example guide)
# Needs the model (`gloss model fetch`, or GLOSS_MODEL=dir).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
guide="${1:-$root/../shared/guide/DISTRIBUTED_SYSTEMS.md}"
[[ -f $guide ]] || guide="$root/examples/workspace/guides/STORAGE_ENGINES.md"
cargo build --release -p gloss -p gloss-bench --manifest-path "$root/Cargo.toml" >&2
bin="$root/target/release"
model="${GLOSS_MODEL:-$("$bin/gloss" model status --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("in_use") or "")' || true)}"
[[ -n $model && -d $model ]] || { echo "no embedding model: run gloss model fetch" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin/lsp-bench" gen --guide "$guide" --out "$tmp/ws" --notes 5 >/dev/null

run() { # label, then env assignments
  local label=$1
  shift
  echo "== $label"
  env "$@" "$bin/lsp-bench" --server "$bin/gloss lsp" --workspace "$tmp/ws" \
    --hovers "${HOVERS:-15000}" --first-answer-runs 0 --json "$tmp/$label.json" | grep -E "first|hover|RSS" || true
}
run lexical GLOSS_MODEL="$tmp/no-model" GLOSS_CACHE_DIR="$tmp/cache-lexical"
run embedding GLOSS_MODEL="$model" GLOSS_CACHE_DIR="$tmp/cache-embedding"

echo "== gloss search with the model (vectors cached), peak RSS"
cd "$tmp/ws"
GLOSS_MODEL="$model" "$bin/gloss" search "warm the vector cache" >/dev/null 2>&1 || true
GLOSS_MODEL="$model" /usr/bin/time -f "peak RSS %M KB, %e s" \
  "$bin/gloss" search "events for the same user arrive out of sequence" --limit 3
