#!/usr/bin/env bash
# Installs the Debian packages proxlab needs when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails,
# so a missing library never shows up later as an obscure link error.
set -euo pipefail
packages=(pkg-config libncurses-dev libopenblas-dev zlib1g-dev dataset-fashion-mnist tmux)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then exit 0; fi
if [[ $(id -u) -eq 0 ]]; then
  echo "proxlab: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "proxlab: missing system packages; run this, then try again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "proxlab: no 'swift' on PATH; install Swift 6 (https://swift.org/install) or add /opt/swift/usr/bin to PATH" >&2
  exit 1
fi
