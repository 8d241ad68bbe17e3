#!/usr/bin/env bash
# Editor integration tests:
#   1. headless Neovim end-to-end tests (editors/nvim/tests/test_*.lua) against
#      the real gloss server, on a copy of examples/workspace;
#   2. the VS Code extension's unit tests and .vsix packaging;
#   3. real-VS-Code end-to-end tests (code-server + Debian's chromium,
#      scripts/test-vscode-e2e.sh; skipped with a line when chromium is missing).
#
# Usage: scripts/test-editors.sh [--nvim-only|--vscode-only|--no-e2e] [test-name-filter]
# Environment:
#   GLOSS_BIN   server binary (default: target/debug/gloss, built with
#               `cargo build -p gloss` when missing)
#   NVIM        nvim binary (default: installed by scripts/install-nvim.sh)
#   GLOSS_TEST_TIMEOUT  per-wait timeout in ms inside the tests (default 10000)
#   SKIP_LEGACY=1       skip the second Neovim pass on the 0.10 code path
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

run_nvim=1
run_vscode=1
run_e2e=1
filter=""
for arg in "$@"; do
  case "$arg" in
    --nvim-only) run_vscode=0; run_e2e=0 ;;
    --vscode-only) run_nvim=0 ;;
    --no-e2e) run_e2e=0 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) filter="$arg" ;;
  esac
done

total_pass=0
total_fail=0
failed_names=()

if [[ $run_nvim == 1 ]]; then
  nvim_bin="$("$root/scripts/install-nvim.sh")" || { echo "test-editors: could not install nvim" >&2; exit 1; }
  echo "== nvim: $nvim_bin ($("$nvim_bin" --version | head -1))"

  if [[ -z "${GLOSS_BIN:-}" ]]; then
    GLOSS_BIN="$root/target/debug/gloss"
    if [[ ! -x "$GLOSS_BIN" ]]; then
      echo "== building gloss (cargo build -p gloss)"
      cargo build -p gloss || { echo "test-editors: cargo build -p gloss failed" >&2; exit 1; }
    fi
  fi
  if [[ "$GLOSS_BIN" != /* ]]; then
    GLOSS_BIN="$(command -v "$GLOSS_BIN" 2>/dev/null || echo "$root/$GLOSS_BIN")"
  fi
  if [[ ! -x "$GLOSS_BIN" ]]; then
    echo "test-editors: GLOSS_BIN=$GLOSS_BIN is not executable" >&2
    exit 1
  fi
  export GLOSS_BIN GLOSS_REPO="$root"
  # keep Neovim's state (lsp.log) out of the user's home
  export XDG_STATE_HOME="$root/.cache/nvim-test/state" XDG_DATA_HOME="$root/.cache/nvim-test/data"
  mkdir -p "$XDG_STATE_HOME" "$XDG_DATA_HOME"
  echo "== gloss: $GLOSS_BIN ($("$GLOSS_BIN" --version 2>&1 </dev/null | head -1))"

  passes=("0")
  [[ "${SKIP_LEGACY:-0}" != 1 ]] && passes+=("1")
  for legacy in "${passes[@]}"; do
    for t in "$root"/editors/nvim/tests/test_*.lua; do
      name="$(basename "$t" .lua)"
      [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
      # the 0.10 code path only changes how the client starts: hover and
      # definition are enough to cover it
      if [[ $legacy == 1 && "$name" != test_hover && "$name" != test_definition ]]; then continue; fi
      label="$name"; [[ $legacy == 1 ]] && label="$name (vim.lsp.start path)"
      echo "== $label"
      log="$(mktemp)"
      GLOSS_NVIM_LEGACY=$legacy timeout 180 "$nvim_bin" --headless --clean \
        -u "$root/editors/nvim/tests/minimal_init.lua" -l "$t" >"$log" 2>&1 </dev/null
      rc=$?
      cat "$log"
      # the summary line printed by helpers.lua: "<file>: N passed, N failed"
      summary="$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)"
      p=0; f=0
      if [[ -n "$summary" ]]; then
        p="${summary%% passed*}"; f="${summary#*passed, }"; f="${f%% failed*}"
      fi
      if [[ $rc != 0 && $f == 0 ]]; then
        f=1
        echo "not ok - $label exited with status $rc"
      fi
      total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
      if [[ $rc != 0 || $f != 0 ]]; then
        failed_names+=("$label")
        echo "   (LSP client log: $XDG_STATE_HOME/nvim/lsp.log)"
      fi
      rm -f "$log"
    done
  done
fi

if [[ $run_vscode == 1 ]]; then
  echo "== vscode extension (npm ci, npm test, npm run package)"
  vlog="$(mktemp)"
  (
    cd "$root/editors/vscode" &&
      npm ci --no-audit --no-fund &&
      npm test &&
      npm run package
  ) 2>&1 | tee "$vlog"
  rc=${PIPESTATUS[0]}
  # node --test closing lines: "# pass N" / "# fail N"
  vp="$(grep -oE '^# pass [0-9]+' "$vlog" | tail -1 | grep -oE '[0-9]+$')"
  vf="$(grep -oE '^# fail [0-9]+' "$vlog" | tail -1 | grep -oE '[0-9]+$')"
  rm -f "$vlog"
  total_pass=$((total_pass + ${vp:-0}))
  total_fail=$((total_fail + ${vf:-0}))
  if [[ $rc == 0 ]]; then
    echo "ok - vscode unit tests (${vp:-0} passed) and packaging"
  else
    [[ ${vf:-0} == 0 ]] && total_fail=$((total_fail + 1))
    failed_names+=("vscode")
    echo "not ok - vscode unit tests or packaging (exit $rc)"
  fi
fi

if [[ $run_e2e == 1 ]]; then
  echo "== vscode end-to-end (code-server + chromium)"
  elog="$(mktemp)"
  GLOSS_BIN="${GLOSS_BIN:-}" "$root/scripts/test-vscode-e2e.sh" "$filter" 2>&1 | tee "$elog"
  rc=${PIPESTATUS[0]}
  summary="$(grep -oE '^vscode-e2e: [0-9]+ passed, [0-9]+ failed' "$elog" | tail -1)"
  rm -f "$elog"
  ep=0; ef=0
  if [[ -n "$summary" ]]; then
    ep="${summary#vscode-e2e: }"; ep="${ep%% passed*}"; ef="${summary#*passed, }"; ef="${ef%% failed*}"
  fi
  [[ $rc != 0 && $ef == 0 ]] && ef=1
  total_pass=$((total_pass + ep)); total_fail=$((total_fail + ef))
  [[ $rc != 0 || $ef != 0 ]] && failed_names+=("vscode-e2e")
fi

echo
if [[ ${#failed_names[@]} -gt 0 ]]; then
  echo "failed: ${failed_names[*]}"
fi
echo "editors: $total_pass passed, $total_fail failed"
[[ $total_fail == 0 ]]
