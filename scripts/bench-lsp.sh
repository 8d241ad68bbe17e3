#!/usr/bin/env bash
# Benchmarks `gloss lsp` against the peer server iwes (the IWE markdown
# language server, crates.io) with lsp-bench on two generated workspaces
# (guide + 5 notes, guide + 1,999 notes), gloss alone on a larger one, plus
# the index scale bench, and writes bench/RESULTS.md. Not part of CI: the
# peer takes ~14 minutes to build on 2 cores the first time.
#
#   scripts/bench-lsp.sh                  # full run (1,000 definitions/…, 2 repeats)
#   BENCH_QUICK=1 scripts/bench-lsp.sh    # 10× fewer requests, 1 repeat, 1,000-note large workspace
#
# Env: GLOSS_BENCH_GUIDE (default ../shared/guide/DISTRIBUTED_SYSTEMS.md),
#      IWES_BIN (an iwes binary to use instead of finding/installing one),
#      GLOSS_PEERS (where peers are installed, default ~/.cache/gloss-peers),
#      BENCH_SKIP_PEER=1 (gloss only), BENCH_REPEAT (comparison runs, default 2),
#      BENCH_OUT (default .cache/bench).
#
# Peer lookup: IWES_BIN, then .cache/peers/bin/iwes in this clone (the
# issue's location), then $GLOSS_PEERS/bin/iwes, then PATH; when none is
# found it runs `cargo install iwes --version '~0.29' --locked --root
# $GLOSS_PEERS` under nice. The default install root lives outside the
# clone so every clone and worktree on the machine reuses one build
# (GLOSS_PEERS=$PWD/.cache/peers installs into the clone instead).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
GUIDE=${GLOSS_BENCH_GUIDE:-$ROOT/../shared/guide/DISTRIBUTED_SYSTEMS.md}
OUT=${BENCH_OUT:-$ROOT/.cache/bench}
PEERS=${GLOSS_PEERS:-${HOME:-/tmp}/.cache/gloss-peers}
mkdir -p "$OUT"

if [[ ! -f $GUIDE ]]; then
  echo "bench-lsp: guide not found at $GUIDE (set GLOSS_BENCH_GUIDE)" >&2
  exit 1
fi

# iwes walks its whole graph per documentSymbol (~10 s each on the
# 2,000-note workspace), so that workspace gets fewer of them.
if [[ -n ${BENCH_QUICK:-} ]]; then
  COUNTS=(--hovers 100 --definitions 100 --guide-definitions 100 --symbols 20 --floor 100)
  DOCSYMS_SMALL=20 DOCSYMS_2K=5
  LARGE_NOTES=1000
  REPEAT=${BENCH_REPEAT:-1}
else
  COUNTS=(--hovers 1000 --definitions 1000 --guide-definitions 1000 --symbols 200 --floor 1000)
  DOCSYMS_SMALL=200 DOCSYMS_2K=20
  LARGE_NOTES=5000
  REPEAT=${BENCH_REPEAT:-2}
fi
FIRST=(--first-answer-runs 3)

# --- peer server ------------------------------------------------------------
PEER=""
PEER_NOTE=""
if [[ -z ${BENCH_SKIP_PEER:-} ]]; then
  if [[ -n ${IWES_BIN:-} ]]; then
    PEER=$IWES_BIN
  elif [[ -x $ROOT/.cache/peers/bin/iwes ]]; then
    PEER=$ROOT/.cache/peers/bin/iwes
  elif [[ -x $PEERS/bin/iwes ]]; then
    PEER=$PEERS/bin/iwes
  elif command -v iwes >/dev/null 2>&1; then
    PEER=$(command -v iwes)
  else
    mkdir -p "$PEERS"
    echo "bench-lsp: installing iwes 0.29 into $PEERS (~14 min on 2 cores; log: $PEERS/iwes-install.log) …" >&2
    if nice -n 19 cargo install iwes --version '~0.29' --locked --root "$PEERS" >"$PEERS/iwes-install.log" 2>&1; then
      PEER=$PEERS/bin/iwes
    else
      PEER_NOTE="iwes could not be installed: $(grep -m1 -E '^error' "$PEERS/iwes-install.log" || tail -1 "$PEERS/iwes-install.log")"
      echo "bench-lsp: $PEER_NOTE — benchmarking gloss alone" >&2
    fi
  fi
else
  PEER_NOTE="peer skipped (BENCH_SKIP_PEER set)"
fi

# --- build --------------------------------------------------------------------
echo "bench-lsp: building gloss and lsp-bench (release) …" >&2
nice -n 19 cargo build --release -p gloss -p gloss-bench
GLOSS=$ROOT/target/release/gloss
BENCH=$ROOT/target/release/lsp-bench
"$GLOSS" --version >&2
PEER_VERSION=""
if [[ -n $PEER ]]; then
  # iwes has no --version; the crate version is in cargo's install record.
  PEER_VERSION=$(cargo install --list --root "$(dirname "$(dirname "$PEER")")" 2>/dev/null | grep -m1 '^iwes ' | tr -d ':' || true)
  PEER_VERSION=${PEER_VERSION:-iwes (version unknown)}
fi

# --- workspaces ----------------------------------------------------------------
"$BENCH" gen --guide "$GUIDE" --out "$OUT/ws-small" --notes 6 --note-bytes 3000 | tee "$OUT/gen-small.txt"
"$BENCH" gen --guide "$GUIDE" --out "$OUT/ws-2k" --notes 2000 --note-bytes 5000 | tee "$OUT/gen-2k.txt"
"$BENCH" gen --guide "$GUIDE" --out "$OUT/ws-large" --notes "$LARGE_NOTES" --note-bytes 5000 | tee "$OUT/gen-large.txt"

# --- runs ------------------------------------------------------------------------
# Each run starts gloss on an empty cache (GLOSS_CACHE_DIR), and every
# first-answer spawn gets an empty cache of its own, so gloss's first answer
# includes parsing and indexing the guide, like iwes's includes reading the
# workspace (it keeps no cache). A shorter gloss-only run on the filled
# cache then gives the warm-cache figures.
run() { # NAME LABEL WORKSPACE DOCUMENT-SYMBOLS [SERVERS…]
  local name=$1 label=$2 ws=$3 docsyms=$4; shift 4
  local cache="$OUT/cache-$name"
  rm -rf "$cache"; mkdir -p "$cache"
  GLOSS_CACHE_DIR=$cache "$BENCH" "$@" --workspace "$ws" "${COUNTS[@]}" --document-symbols "$docsyms" "${FIRST[@]}" \
    --label "$label — empty cache" --json "$OUT/$name.json" --markdown "$OUT/$name.md"
}
warm() { # NAME LABEL WORKSPACE
  local name=$1 label=$2 ws=$3
  GLOSS_CACHE_DIR="$OUT/cache-$name-1" "$BENCH" --server "$GLOSS lsp" --workspace "$ws" \
    --hovers 100 --definitions 100 --guide-definitions 100 --symbols 20 --document-symbols 20 --floor 100 \
    "${FIRST[@]}" --first-answer-keep-cache \
    --label "$label — warm cache (gloss, 100×)" --json "$OUT/$name-warm.json" --markdown "$OUT/$name-warm.md"
}
SERVERS=(--server "$GLOSS lsp")
[[ -n $PEER ]] && SERVERS+=(--server "$PEER")
for ws in small 2k; do
  label="guide + 5 notes" docsyms=$DOCSYMS_SMALL
  [[ $ws == 2k ]] && label="guide + 1,999 notes" docsyms=$DOCSYMS_2K
  for r in $(seq 1 "$REPEAT"); do
    echo "bench-lsp: $label, run $r/$REPEAT (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    run "$ws-$r" "$label, run $r" "$OUT/ws-$ws" "$docsyms" "${SERVERS[@]}"
  done
  warm "$ws" "$label" "$OUT/ws-$ws"
done
run large "guide + $((LARGE_NOTES - 1)) notes" "$OUT/ws-large" "$DOCSYMS_SMALL" --server "$GLOSS lsp"
GLOSS_CACHE_DIR="$OUT/cache-large" "$BENCH" --server "$GLOSS lsp" --workspace "$OUT/ws-large" \
  --hovers 100 --definitions 100 --guide-definitions 100 --symbols 20 --document-symbols 20 --floor 100 \
  "${FIRST[@]}" --first-answer-keep-cache \
  --label "guide + $((LARGE_NOTES - 1)) notes — warm cache (gloss, 100×)" --json "$OUT/large-warm.json" --markdown "$OUT/large-warm.md"
"$BENCH" scale --guide "$GUIDE" --copies 1,10,50 --json "$OUT/scale.json" --markdown "$OUT/scale.md"

if [[ -n $PEER ]]; then
  jsons() { for r in $(seq 1 "$REPEAT"); do printf -- '--json\n%s\n' "$OUT/$1-$r.json"; done; }
  mapfile -t J_SMALL < <(jsons small)
  mapfile -t J_2K < <(jsons 2k)
  "$BENCH" compare "${J_SMALL[@]}" --markdown "$OUT/compare-small.md" >/dev/null
  "$BENCH" compare "${J_2K[@]}" --p99-target --markdown "$OUT/compare-2k.md" >/dev/null
fi

# --- report ------------------------------------------------------------------------
{
  echo "# lsp-bench results"
  echo
  echo "Generated by \`scripts/bench-lsp.sh\` on $(date -u +%Y-%m-%d) — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version)."
  echo "gloss: \`$("$GLOSS" --version)\` (release)."
  if [[ -n $PEER ]]; then echo "Peer: \`$PEER_VERSION\` (\`cargo install --locked\`, release), started in the workspace root."; else echo "Peer: none — $PEER_NOTE."; fi
  echo
  echo "Workspaces: $(cat "$OUT/gen-small.txt"); $(cat "$OUT/gen-2k.txt"); $(cat "$OUT/gen-large.txt")."
  echo
  echo "Method, positions and workspace generation: [README.md](README.md). Latencies are client-side round trips, one request in flight; the machine (2 cores) was shared with other builds, so p99s are noisy."
  echo
  if [[ -n $PEER ]]; then
    echo "## gloss vs iwes, side by side"
    echo
    echo "Requests both servers serve, same workspace files, same note, same positions and queries, same warm-up (20 of each kind), both started in the workspace root. \"spawn → first\" is the median of 3 fresh spawns per request kind (gloss on an empty cache each time); each cell lists the $REPEAT repeated runs."
    echo
    echo "### guide + 5 notes"
    echo
    cat "$OUT/compare-small.md"
    echo
    echo "### guide + 1,999 notes"
    echo
    cat "$OUT/compare-2k.md"
    echo
  fi
  echo "## LSP latency and memory, all metrics"
  echo
  for ws in small 2k; do
    for r in $(seq 1 "$REPEAT"); do cat "$OUT/$ws-$r.md"; echo; done
    cat "$OUT/$ws-warm.md"; echo
  done
  cat "$OUT/large.md"; echo; cat "$OUT/large-warm.md"; echo
  echo "## Index build scaling (N copies of the guide, in RAM)"
  echo
  cat "$OUT/scale.md"
} > bench/RESULTS.md
echo "bench-lsp: wrote bench/RESULTS.md (raw JSON in $OUT)" >&2
