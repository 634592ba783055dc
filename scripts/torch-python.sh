#!/usr/bin/env bash
# The Python the export tests run exported packages with: $PROXLAB_TORCH_PYTHON
# when set, else python3 when it can import torch. Prints its path; with
# --note, prints instead the one line saying the torch tests are skipped
# (and how to run them) when there is none.
set -uo pipefail
python="${PROXLAB_TORCH_PYTHON:-}"
if [[ -z "$python" ]] && command -v python3 >/dev/null 2>&1 && python3 -c 'import torch' >/dev/null 2>&1; then
  python=$(command -v python3)
fi
if [[ "${1:-}" == "--note" ]]; then
  if [[ -z "$python" ]]; then
    echo "proxlab: the PyTorch export tests are skipped (python3 cannot import torch); run them with 'make test-torch', or set PROXLAB_TORCH_PYTHON=/path/to/python"
  fi
  exit 0
fi
[[ -n "$python" ]] && echo "$python"
