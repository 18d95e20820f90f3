"""Starts `python -m bot serve` as a real process on free ports, for end-to-end tests."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.settings import ROOT


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports: the sockets stay open until all are chosen, or the kernel may hand
    the same port out twice (the action server then takes the server's port and the start fails)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


@dataclass
class RunningServer:
    base_url: str
    data_dir: Path
    log_file: Path
    process: subprocess.Popen

    def post(self, path: str, body: bytes, content_type: str = "application/json") -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def say(self, sender: str, message: str, message_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"sender": sender, "message": message}
        if message_id:
            body["message_id"] = message_id
        status, reply = self.post("/webhooks/webchat/webhook", json.dumps(body).encode())
        assert status == 200, reply
        return reply

    def logs(self) -> str:
        return self.log_file.read_text(encoding="utf-8", errors="replace")


def start_server(data_dir: Path, config: Path, extra_env: dict[str, str] | None = None,
                 timeout: float = 600) -> RunningServer:
    """Start a server and wait until it is ready (its /readyz answers 200)."""
    server = launch_server(data_dir, config, extra_env)
    wait_until_ready(server, timeout)
    return server


def launch_server(data_dir: Path, config: Path, extra_env: dict[str, str] | None = None) -> RunningServer:
    """Start a server without waiting: several start at once (each loads its model for ~35 s), then
    `wait_until_ready` each."""
    port, actions_port = free_ports(2)
    log_file = data_dir / "server.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "AMANE_DATA_DIR": str(data_dir),
        "AMANE_PORT": str(port),
        "AMANE_ACTIONS_PORT": str(actions_port),
        "AMANE_RASA_CONFIG": str(config),
        "RASA_TELEMETRY_ENABLED": "false",
        # Every test client writes from 127.0.0.1, a new conversation a test: the web chat's rate limits
        # (tests/channels/test_webchat_abuse.py) are off unless a test sets them.
        "AMANE_WEBCHAT_MESSAGES_PER_MINUTE": "0",
        "AMANE_WEBCHAT_MESSAGES_PER_MINUTE_TOTAL": "0",
        "AMANE_WEBCHAT_NEW_CONVERSATIONS_PER_HOUR": "0",
        "AMANE_WEBCHAT_POLLS_PER_MINUTE": "0",
        **(extra_env or {}),
    }
    with log_file.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    return RunningServer(f"http://127.0.0.1:{port}", data_dir, log_file, process)


def wait_until_ready(server: RunningServer, timeout: float = 600) -> None:
    """Until /readyz answers 200 (the model loaded, the database answering); the server answers 503 before."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("server exited while starting:\n" + server.logs()[-5000:])
        try:
            with urllib.request.urlopen(server.base_url + "/readyz", timeout=5) as reply:
                if reply.status == 200:
                    return
        except OSError:  # refused before the socket is bound, HTTPError 503 while the model loads
            pass
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("server did not start in time:\n" + server.logs()[-5000:])


def child_processes(pid: int) -> list:
    """Linux: the ids of a process's children (the action server is the server's)."""
    return [int(child) for task in Path(f"/proc/{pid}/task").glob("*")
            for child in (task / "children").read_text().split()]


def process_is_gone(pid: int) -> bool:
    """Ended (or ended and waiting to be reaped, which a container's first process may never do)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return True


def stop_server(server: RunningServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.process.kill()


def module_server(name: str, extra_env: dict[str, str] | None = None) -> Any:
    """A module-scoped fixture: one real server (on the shared trained model) for a test module.

    Use as `server = module_server("desk_pages")` at the module's top level.
    """
    import pytest

    from tests.conftest import TEST_CONFIG

    @pytest.fixture(scope="module")
    def server(trained_model: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
        running = start_server(tmp_path_factory.mktemp(name), TEST_CONFIG, extra_env=extra_env)
        yield running
        stop_server(running)

    return server
