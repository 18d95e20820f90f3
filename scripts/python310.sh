# Sourced by bootstrap.sh and lock.sh: find_python310 prints a Python 3.10 (Rasa 3.6 supports 3.8-3.10),
# from AMANE_PYTHON, the PATH or pyenv.
find_python310() {
  local candidate
  for candidate in "${AMANE_PYTHON:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10 \
                   "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
