#!/usr/bin/env bash
# Makes the virtual environment `make test-torch` runs the export tests in:
# python3 -m venv DIR, then pip install torch numpy safetensors (plus
# $TORCH_PIP_ARGS, e.g. --index-url https://download.pytorch.org/whl/cpu for
# the CPU-only wheels). Kept when it already imports all three. Prints the
# environment's python.
set -euo pipefail
venv="$1"
python="$venv/bin/python"
if [[ -x "$python" ]] && "$python" -c 'import torch, numpy, safetensors' >/dev/null 2>&1; then
  echo "$python"
  exit 0
fi
echo "proxlab: making $venv (python3 -m venv, pip install torch numpy safetensors; several minutes, several GB)" >&2
python3 -m venv "$venv"
# shellcheck disable=SC2086
"$venv/bin/pip" install --quiet ${TORCH_PIP_ARGS:-} torch numpy safetensors >&2
"$python" -c 'import torch, numpy, safetensors' >&2
echo "$python"
