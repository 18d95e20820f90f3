"""`python -m bot.app.action_server`: rasa_sdk's action server, which ends when the Amane server that started it dies.

A server killed outright (a crash, `kill -9`, the machine's OOM killer) would otherwise leave its action
server running and holding the port, and the next start would fail. Linux delivers SIGTERM to it then.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def follow_parent(parent_pid: int) -> None:
    """Ask Linux for SIGTERM when the parent dies; if it already died before we asked, stop now."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if parent_pid and os.getppid() != parent_pid:
        sys.exit(0)


def main() -> None:
    # `--parent-pid N` first, then rasa_sdk's own arguments.
    parent_pid = 0
    if sys.argv[1:2] == ["--parent-pid"]:
        parent_pid = int(sys.argv[2])
        del sys.argv[1:3]
    follow_parent(parent_pid)
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()
