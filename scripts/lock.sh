#!/usr/bin/env bash
# Regenerates requirements.lock from pyproject.toml: the dependencies and the `dev` extra, resolved
# in ONE resolution with Rasa (so its pins hold for everything), every package pinned with its
# sha256 hashes, setuptools and wheel included (Rasa requires them; a few sdists build with them).
# Versions already in requirements.lock are kept while they still fit, so a re-lock moves nothing
# by itself; to move one on purpose: scripts/lock.sh --upgrade-package NAME (any pip-compile option
# passes through). Used by `make lock`. Takes several minutes (hashes of every file of ~200 packages).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/python310.sh
python=$(find_python310) || { echo "Python 3.10 is required (Rasa 3.6 supports 3.8-3.10); set AMANE_PYTHON" >&2; exit 1; }

# Resolve against PyPI alone, whatever this machine's pip configuration adds (local wheel folders,
# extra indexes, constraints): the lock and its hashes must install on a machine that has only PyPI.
export PIP_CONFIG_FILE=/dev/null
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_NO_INDEX PIP_CONSTRAINT PIP_REQUIRE_HASHES

venv=$(mktemp -d "${TMPDIR:-/tmp}/amane-lock.XXXXXX")
trap 'rm -rf "$venv"' EXIT
"$python" -m venv "$venv"
# pip-tools 7.7 needs pip >= 26.2.2; its `stable` extra caps pip at the newest version it supports.
"$venv/bin/python" -m pip install --quiet --upgrade "pip-tools[stable]==7.7.0"

CUSTOM_COMPILE_COMMAND="scripts/lock.sh" "$venv/bin/pip-compile" --quiet \
  --extra dev --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links \
  --output-file requirements.lock "$@" pyproject.toml
