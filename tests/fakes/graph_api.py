"""A fake WhatsApp Cloud (Graph) API on 127.0.0.1: records every request and answers from a scripted queue.

Tests script the replies, point the real client at `base_url`, then assert the exact requests received.
A replay of many deliveries (bench/replay_provider_payloads.py) asks it to accept whatever was not scripted.
"""
from __future__ import annotations

import itertools
import json
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Answer to a request that no scripted reply was left for; the harness fails the test on it.
UNSCRIPTED_STATUS = 599


@dataclass(frozen=True)
class ScriptedReply:
    status: int
    body: Any = None                                   # JSON-encoded when not None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]                            # names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class FakeGraphAPI:
    """A threaded HTTP server on a free 127.0.0.1 port; use as a context manager."""

    def __init__(self, port: int = 0, accept_unscripted: bool = False) -> None:
        """`port` 0 takes a free one; `accept_unscripted` answers an unscripted send as the Cloud API accepts one
        (otherwise it is answered UNSCRIPTED_STATUS, and the harness fails the test)."""
        self._lock = threading.Lock()
        self._replies: deque[ScriptedReply] = deque()
        self.requests: list[RecordedRequest] = []
        self.unscripted_requests = 0
        self._port = port
        self._accept_unscripted = accept_unscripted
        self._sent_ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -------------------------------------------------------------------------------------------
    def reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        with self._lock:
            self._replies.append(ScriptedReply(status, body, dict(headers or {})))

    def reply_sent(self, message_id: str, wa_id: str) -> None:
        """The Cloud API's answer to an accepted message."""
        self.reply(200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": wa_id, "wa_id": wa_id}],
            "messages": [{"id": message_id}],
        })

    def reply_error(self, status: int, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        """The Graph API's error envelope."""
        self.reply(status, {
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "error_data": {"messaging_product": "whatsapp", "details": message},
                "fbtrace_id": "AFAKETRACEID0000000000",
            }
        }, headers)

    def forget_replies(self) -> None:
        """Drop the scripted replies not used yet (a long-running server's test that scripted more than it needed)."""
        with self._lock:
            self._replies.clear()

    @property
    def unused_replies(self) -> list[ScriptedReply]:
        with self._lock:
            return list(self._replies)

    def _next_reply(self, request: RecordedRequest) -> ScriptedReply | None:
        with self._lock:
            self.requests.append(request)
            if self._replies:
                return self._replies.popleft()
            if self._accept_unscripted:
                return ScriptedReply(200, _accepted(request, f"wamid.FAKESENT{next(self._sent_ids):012d}"))
            self.unscripted_requests += 1
            return None

    # -- lifecycle -------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "the fake Graph API is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeGraphAPI:
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), _handler_for(self))
        self._server.daemon_threads = True
        # A short poll keeps shutdown(), which waits for the next poll, quick at the end of every test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-graph-api", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def __enter__(self) -> FakeGraphAPI:
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()


def _accepted(request: RecordedRequest, message_id: str) -> dict[str, Any]:
    """The Cloud API's answer to a send: `contacts` names the recipient as it was addressed (phone or BSUID)."""
    try:
        body = request.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    if "to" in body:
        contact = {"input": body["to"], "wa_id": body["to"]}
    else:
        contact = {"input": body.get("recipient"), "user_id": body.get("recipient")}
    return {"messaging_product": "whatsapp", "contacts": [contact], "messages": [{"id": message_id}]}


def _handler_for(fake: FakeGraphAPI) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self._answer()

        def do_GET(self) -> None:
            self._answer()

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            recorded = RecordedRequest(
                method=self.command,
                path=self.path,
                headers={name.lower(): value for name, value in self.headers.items()},
                body=self.rfile.read(length),
            )
            reply = fake._next_reply(recorded)
            if reply is None:
                reply = ScriptedReply(UNSCRIPTED_STATUS, {"error": {"message": "no scripted reply", "code": -1}})
            payload = b"" if reply.body is None else json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_: Any) -> None:
            # http.server writes every request line to stderr; the tests read the requests from `fake.requests`.
            pass

    return Handler


def unused_port() -> int:
    """A 127.0.0.1 port nobody listens on (for 'connection refused')."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
