#!/usr/bin/env bash
# `gloss review next --json` on a 100,000-grade log, process start included.
# Usage: scripts/bench-review.sh [GUIDE.md]   (default: the example guide)
# Uses hyperfine when installed, else a timed loop of 20 runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
guide="${1:-$root/examples/workspace/guides/STORAGE_ENGINES.md}"
cargo build --release -p gloss --manifest-path "$root/Cargo.toml" >&2
bin="$root/target/release/gloss"
ws="$(mktemp -d)"
trap 'rm -rf "$ws"' EXIT
mkdir -p "$ws/guides" "$ws/.gloss"
cp "$guide" "$ws/guides/GUIDE.md"
export GLOSS_CACHE_DIR="$ws/.cache" GLOSS_NOW=2026-12-01T09:00:00Z
cd "$ws"
# Real card ids, graded in turn, 100,000 lines a few minutes apart.
"$bin" review stats --json >/dev/null
ids=$(for k in question flash scenario; do
  GLOSS_NOW=2020-01-01T00:00:00Z "$bin" review next --kind "$k" --json | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["card"] if v else "")'
done)
python3 - "$ws/.gloss/reviews.jsonl" $ids <<'PY'
import sys, datetime
path, ids = sys.argv[1], [i for i in sys.argv[2:] if i]
t = datetime.datetime(2024, 1, 1, 8, 0, 0)
grades = ["good", "good", "again", "hard", "easy"]
with open(path, "w") as f:
    for i in range(100_000):
        at = (t + datetime.timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        f.write('{"card":"%s","at":"%s","grade":"%s"}\n' % (ids[i % len(ids)], at, grades[i % 5]))
PY
wc -l .gloss/reviews.jsonl >&2
"$bin" review next --json >/dev/null   # warm the guide cache
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 30 "$bin review next --json"
else
  start=$(date +%s%N)
  for _ in $(seq 20); do "$bin" review next --json >/dev/null; done
  end=$(date +%s%N)
  echo "review next: $(( (end - start) / 20 / 1000000 )) ms per run (20 runs, process start included)"
fi
