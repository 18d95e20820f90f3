"""A fake Telegram Bot API on 127.0.0.1: records every call exactly as received, answers like Telegram or as scripted.

Implements sendMessage, answerCallbackQuery, deleteMessage, deleteMessages and setWebhook under /bot<token>/<method>.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

# Parameters Telegram reads as JSON when they come form-encoded.
JSON_PARAMETERS = {"reply_markup", "allowed_updates", "message_ids"}
START_MESSAGE_ID = 9001


@dataclass(frozen=True)
class ReceivedCall:
    method: str
    token: str
    params: dict[str, Any]


@dataclass
class ScriptedReply:
    """The answer to the next call of `method`, instead of the usual success."""

    method: str
    status: int
    body: dict[str, Any]
    delay: float = 0.0          # seconds to wait before answering, to make the client time out


@dataclass
class FakeTelegramAPI:
    token: str
    port: int = 0               # 0: a free port
    calls: list[ReceivedCall] = field(default_factory=list)
    _script: list[ScriptedReply] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_message_id: int = START_MESSAGE_ID
    _server: ThreadingHTTPServer | None = None

    # -- life cycle

    def start(self) -> FakeTelegramAPI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, reply, delay = fake._answer(self.path, self.headers.get("Content-Type", ""), body)
                if delay:
                    time.sleep(delay)
                payload = json.dumps(reply).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up waiting (timeout cases)
                    pass

            do_GET = do_POST

            def log_message(self, *_: Any) -> None:
                # http.server writes each request line, token included, to stderr.
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name="fake-telegram-api", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- scripting

    def script(self, method: str, status: int, body: dict[str, Any], delay: float = 0.0) -> None:
        with self._lock:
            self._script.append(ScriptedReply(method, status, body, delay))

    def reply_retry_after(self, method: str, seconds: int) -> None:
        self.script(method, 429, {"ok": False, "error_code": 429,
                                  "description": f"Too Many Requests: retry after {seconds}",
                                  "parameters": {"retry_after": seconds}})

    def reply_server_error(self, method: str) -> None:
        self.script(method, 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})

    def reply_bad_request(self, method: str, description: str = "Bad Request: chat not found") -> None:
        self.script(method, 400, {"ok": False, "error_code": 400, "description": description})

    def reply_forbidden(self, method: str) -> None:
        self.script(method, 403, {"ok": False, "error_code": 403,
                                  "description": "Forbidden: bot was blocked by the user"})

    def reply_slowly(self, method: str, delay: float) -> None:
        self.script(method, 200, {"ok": True, "result": True}, delay=delay)

    def unused_replies(self) -> list[ScriptedReply]:
        with self._lock:
            return list(self._script)

    # -- answering

    def _answer(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any], float]:
        token, method = _split_path(path)
        if method is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, 0.0
        params = decode_params(content_type, body)
        with self._lock:
            self.calls.append(ReceivedCall(method, token, params))
            if token != self.token:
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, 0.0
            for index, scripted in enumerate(self._script):
                if scripted.method == method:
                    del self._script[index]
                    return scripted.status, scripted.body, scripted.delay
            return self._success(method, params)

    def _success(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
        if method == "sendMessage":
            message_id, self._next_message_id = self._next_message_id, self._next_message_id + 1
            chat_id = params.get("chat_id", "0")
            result: dict[str, Any] = {
                "message_id": message_id,
                "from": {"id": 5559990000, "is_bot": True, "first_name": "Amane", "username": "amane_test_bot"},
                "chat": {"id": int(chat_id) if str(chat_id).lstrip("-").isdigit() else 0, "type": "private"},
                "date": int(time.time()),
                "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                result["reply_markup"] = params["reply_markup"]
            return 200, {"ok": True, "result": result}, 0.0
        if method == "setWebhook":
            return 200, {"ok": True, "result": True, "description": "Webhook was set"}, 0.0
        if method in ("answerCallbackQuery", "deleteMessage", "deleteMessages"):
            return 200, {"ok": True, "result": True}, 0.0
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, 0.0


def _split_path(path: str) -> tuple[str, str | None]:
    """('<token>', '<method>') from /bot<token>/<method>; method None for any other path."""
    parts = path.split("?", 1)[0].strip("/").split("/")
    if len(parts) != 2 or not parts[0].startswith("bot"):
        return "", None
    return parts[0][len("bot"):], parts[1]


def decode_params(content_type: str, body: bytes) -> dict[str, Any]:
    """Parameters as Telegram would read them: JSON bodies as is, form fields as strings (JSON ones decoded)."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    params: dict[str, Any] = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    for name in JSON_PARAMETERS & params.keys():
        params[name] = json.loads(params[name])
    return params
