#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs requirements.lock into it, only when the lock changed.
# Used by `make serve`, `make test` and CI, so a fresh machine needs nothing installed by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/python310.sh

if [ ! -x .venv/bin/python ]; then
  python=$(find_python310) || { echo "Python 3.10 is required (Rasa 3.6 supports 3.8-3.10); set AMANE_PYTHON" >&2; exit 1; }
  "$python" -m venv .venv
fi

want=$(sha256sum requirements.lock | cut -d' ' -f1)
have=$(cat .venv/.requirements.sha256 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  echo "Installing Python packages into .venv (first run takes a few minutes)..." >&2
  # One resolution with Rasa included: later installs would not honour Rasa's pins.
  .venv/bin/python -m pip install --quiet -r requirements.lock
  .venv/bin/python -m pip check
  echo "$want" > .venv/.requirements.sha256
fi
