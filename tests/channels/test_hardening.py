"""The provider webhooks against bad and oversized input (issue 13, items 10 and 11), through a real Sanic server
in-process with both channels' blueprints, as Rasa mounts them.

Every malformed body gets a 4xx with a JSON error, or the provider's 200 where an error would only make the
provider send the same unusable delivery again (a Telegram update it sent with our secret; a WhatsApp delivery
whose messages are readable but for a field we do not use); none gets a 5xx, and what can be read is stored. A body
larger than its route's limit is refused with 413: unread when its Content-Length says so, read no further than the
limit when it comes in chunks.
"""
from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import random
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import register
from sanic import Sanic

from bot.channels.telegram.connector import TelegramInput
from bot.channels.telegram.receive import MAX_BODY_BYTES as TELEGRAM_LIMIT
from bot.channels.whatsapp.connector import WhatsAppInput
from bot.channels.whatsapp.receive import MAX_BODY_BYTES as WHATSAPP_LIMIT
from bot.conversation.messages import IncomingMessage
from bot.settings import Settings
from tests.channels.flow import settings_with
from tests.channels.fresh import fresh
from tests.channels.telegram.harness import FIXTURES as TELEGRAM_FIXTURES
from tests.channels.telegram.harness import SECRET, TOKEN
from tests.channels.whatsapp.harness import FIXTURES as WHATSAPP_FIXTURES
from tests.channels.whatsapp.harness import sign, whatsapp_environment

WHATSAPP = "/webhooks/whatsapp/webhook"
TELEGRAM = "/webhooks/telegram/webhook"
NOWHERE = "http://127.0.0.1:9"          # no provider API is called by these tests
DEEP = b"[" * 100_000 + b"]" * 100_000   # parsing this exhausts the recursion of Python's json module
_apps = itertools.count()


@dataclass
class StoringSink:
    """The server's delivery as the connectors see it: each message sealed as the inbox seals it (JSON)."""

    stored: list[IncomingMessage] = field(default_factory=list)

    def accept(self, message: IncomingMessage) -> bool:
        json.dumps(asdict(message))
        self.stored.append(message)
        return True

    def poke(self) -> None:
        pass


class SilentBotAPI:
    """What the Telegram connector asks of its client: stopping a tapped button's spinner."""

    async def answer_callback(self, query_id: str) -> bool:
        return True


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database for the module: these tests only read it (the replay fingerprints), and migrating a new one
    for each of them would take most of their time."""
    return f"sqlite:///{tmp_path_factory.mktemp('hardening') / 'amane.db'}"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Settings:
    return settings_with(monkeypatch, {**whatsapp_environment(NOWHERE), "AMANE_TELEGRAM_BOT_TOKEN": TOKEN,
                                       "AMANE_TELEGRAM_SECRET_TOKEN": SECRET, "AMANE_TELEGRAM_API_BASE": NOWHERE,
                                       "AMANE_DATABASE_URL": database_url})


@pytest.fixture
def sink() -> StoringSink:
    return StoringSink()


@pytest.fixture
def whatsapp(settings: Settings, sink: StoringSink) -> WhatsAppInput:
    return WhatsAppInput(settings.whatsapp, sink)


@pytest.fixture
def telegram(settings: Settings, sink: StoringSink) -> TelegramInput:
    return TelegramInput(settings.telegram, sink, SilentBotAPI())  # type: ignore[arg-type]


@dataclass
class Server:
    port: int

    async def post(self, path: str, body: bytes, headers: dict[str, bytes] | None = None,
                   declared: int | None = None, then_closed: bool = False) -> tuple[int, Any]:
        """One POST on a fresh connection, header bytes exactly as given: (status, JSON body). `then_closed`: check
        that the server closes the connection after its answer (rather than wait to drain the declared body)."""
        lines = [b"POST " + path.encode() + b" HTTP/1.1", b"Host: 127.0.0.1",
                 b"Content-Type: application/json",
                 b"Content-Length: " + str(len(body) if declared is None else declared).encode()]
        lines += [name.encode() + b": " + value for name, value in (headers or {}).items()]
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
            await writer.drain()
            answer = await read_response(reader)
            if then_closed:
                assert await asyncio.wait_for(reader.read(1), timeout=5) == b"", "the server waited for more"
            return answer
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def post_chunked(self, path: str, headers: dict[str, bytes], limit: int) -> tuple[int, Any]:
        """A chunked body of exactly `limit` bytes, then the size line of one more chunk and nothing else: the
        answer must come then (had the server waited for the chunk or the end, this would time out)."""
        lines = [b"POST " + path.encode() + b" HTTP/1.1", b"Host: 127.0.0.1", b"Transfer-Encoding: chunked"]
        lines += [name.encode() + b": " + value for name, value in headers.items()]
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(b"\r\n".join(lines) + b"\r\n\r\n")
            chunk = b" " * 65536
            for size in [len(chunk)] * (limit // len(chunk)) + [limit % len(chunk)]:
                if size:
                    writer.write(f"{size:x}\r\n".encode() + chunk[:size] + b"\r\n")
                    await writer.drain()
            # Nothing after this line is sent: what the server has not read, it could only wait for.
            writer.write(b"1\r\n")
            await writer.drain()
            return await read_response(reader)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, Any]:
    """Status and JSON body of one response; a server still waiting for our body would time this out."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=20)
    status = int(head.split(b" ", 2)[1])
    headers = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:] if b": " in line)
    assert headers.get(b"content-type", b"").startswith(b"application/json"), head
    body = await asyncio.wait_for(reader.readexactly(int(headers[b"content-length"])), timeout=20)
    return status, json.loads(body)


@pytest.fixture
async def server(whatsapp: WhatsAppInput, telegram: TelegramInput, monkeypatch: pytest.MonkeyPatch,
                 request: pytest.FixtureRequest) -> AsyncIterator[Server]:
    """Both webhooks as Rasa mounts them; the app-wide REQUEST_MAX_SIZE is Sanic's default (100 MB) unless the test
    sets another (indirect parametrization)."""
    # Sanic rewrites some of its own methods when an app starts; its test mode lets a second app start in this
    # process (one app a test).
    monkeypatch.setattr(Sanic, "test_mode", True)
    app = Sanic(f"amane_hardening_{next(_apps)}")
    app.config.REQUEST_MAX_SIZE = getattr(request, "param", app.config.REQUEST_MAX_SIZE)
    register([whatsapp, telegram], app, route="/webhooks/")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    running = await app.create_server(sock=listener, return_asyncio_server=True, access_log=False)
    assert running is not None
    await running.startup()
    try:
        yield Server(listener.getsockname()[1])
    finally:
        running.close()
        await running.wait_closed()
        # Connections end with the test's event loop, not after it (their tasks would log errors then).
        for connection in list(running.connections):
            connection.close_if_idle()
        for _ in range(200):
            if not running.connections:
                break
            await asyncio.sleep(0.01)


# -- item 10: malformed bodies, table-driven


def whatsapp_with(change: Callable[[dict[str, Any], dict[str, Any]], Any]) -> bytes:
    """The recorded hello, changed: `change(value, message)` gets the delivery's value and its first message."""
    payload = json.loads(fresh((WHATSAPP_FIXTURES / "hello.json").read_bytes()))
    value = payload["entry"][0]["changes"][0]["value"]
    change(value, value["messages"][0])
    return json.dumps(payload).encode()


def telegram_with(change: Callable[[dict[str, Any]], Any], fixture: str = "hello.json") -> bytes:
    update = json.loads(fresh((TELEGRAM_FIXTURES / fixture).read_bytes()))
    change(update)
    return json.dumps(update).encode()


def in_message(key: str, value: Any) -> Callable[[dict[str, Any], dict[str, Any]], Any]:
    return lambda _, message: message.__setitem__(key, value)


def in_value(key: str, new: Any) -> Callable[[dict[str, Any], dict[str, Any]], Any]:
    return lambda value, _: value.__setitem__(key, new)


def no_sender(value: dict[str, Any], message: dict[str, Any]) -> None:
    message["from"] = ["x"]
    del value["contacts"]


def in_update(path: str, value: Any) -> Callable[[dict[str, Any]], Any]:
    *holders, key = path.split(".")

    def change(update: dict[str, Any]) -> None:
        target = update
        for name in holders:
            target = target[name]
        target[key] = value
    return change


@dataclass(frozen=True)
class Bad:
    name: str
    body: bytes
    status: int
    stored: int = 0      # messages that were still readable, and stored (never lost)


WHATSAPP_CASES = [
    Bad("empty", b"", 400),
    Bad("not JSON", b"{not json", 400),
    Bad("not UTF-8", b'{"object": "\xff\xfe"}', 400),
    Bad("nested 100,000 deep", DEEP, 400),
    Bad("nested deep inside a delivery", b'{"object": "whatsapp_business_account", "entry": ' + DEEP + b"}", 400),
    Bad("a list", b"[1, 2]", 400),
    Bad("a number", b"12", 400),
    Bad("entry an object", b'{"object": "whatsapp_business_account", "entry": {"changes": []}}', 400),
    Bad("changes a string", b'{"object": "whatsapp_business_account", "entry": [{"changes": "x"}]}', 400),
    Bad("messages an object", whatsapp_with(in_value("messages", {"id": 1})), 400),
    Bad("message a number", whatsapp_with(in_value("messages", [7])), 400),
    Bad("id a number", whatsapp_with(in_message("id", 7)), 400),
    Bad("from a list and no contacts", whatsapp_with(no_sender), 400),
    # Readable enough to answer: kept (the user gets the "I read only text" answer rather than nothing).
    Bad("text a number", whatsapp_with(in_message("text", {"body": 7})), 200, stored=1),
    Bad("text a string", whatsapp_with(in_message("text", "hello")), 200, stored=1),
    Bad("type a list", whatsapp_with(in_message("type", ["text"])), 200, stored=1),
    Bad("type an object", whatsapp_with(in_message("type", {"a": 1})), 200, stored=1),
    Bad("timestamp an object", whatsapp_with(in_message("timestamp", {"t": 1})), 200, stored=1),
    Bad("timestamp huge", whatsapp_with(in_message("timestamp", "9" * 400)), 200, stored=1),
    Bad("timestamp negative", whatsapp_with(in_message("timestamp", -10 ** 30)), 200, stored=0),
    Bad("contacts a string", whatsapp_with(in_value("contacts", "x")), 200, stored=1),
    Bad("metadata a number", whatsapp_with(in_value("metadata", 5)), 200, stored=1),
    Bad("statuses a number", whatsapp_with(in_value("statuses", 5)), 200, stored=1),
    Bad("errors with a list as code", whatsapp_with(in_value("errors", [{"code": [1]}])), 200, stored=1),
    Bad("edit a number", whatsapp_with(lambda _, m: m.update(type="edit", edit=5)), 200),
    Bad("interactive reply type a list",
        whatsapp_with(lambda _, m: m.update(type="interactive", interactive={"type": ["a"]})), 200, 1),
]

TELEGRAM_CASES = [
    Bad("empty", b"", 400),
    Bad("not JSON", b"{not json", 400),
    Bad("not UTF-8", b'{"update_id": "\xff"}', 400),
    Bad("nested 100,000 deep", DEEP, 400),
    Bad("nested deep inside an update", b'{"update_id": 5, "message": ' + DEEP + b"}", 400),
    # Sent with our secret, so from Telegram (or whoever holds it): a 200, or Telegram sends it again and again.
    Bad("a list", b"[1]", 200),
    Bad("text a number", telegram_with(in_update("message.text", 7)), 200),
    Bad("text an object", telegram_with(in_update("message.text", {"a": 1})), 200),
    Bad("caption a number", telegram_with(in_update("message.caption", 5)), 200),
    Bad("chat id a string", telegram_with(in_update("message.chat.id", "5550001111")), 200),
    Bad("chat id too large", telegram_with(in_update("message.chat.id", 2 ** 70)), 200),
    Bad("chat type a number", telegram_with(in_update("message.chat.type", 5)), 200),
    Bad("chat a list", telegram_with(in_update("message.chat", [5])), 200),
    Bad("from a list", telegram_with(in_update("message.from", [1])), 200),
    Bad("from id a string", telegram_with(in_update("message.from.id", "x")), 200),
    Bad("message id a string", telegram_with(in_update("message.message_id", "11")), 200),
    Bad("date a string", telegram_with(in_update("message.date", "today")), 200),
    Bad("message a list", telegram_with(in_update("message", [])), 200),
    Bad("update id a float", telegram_with(in_update("update_id", 1.5)), 200),
    Bad("edit date a string", telegram_with(in_update("edited_message.edit_date", "x"), "edited_message.json"), 200),
    Bad("callback id a number", telegram_with(in_update("callback_query.id", 4), "callback_query.json"), 200),
    Bad("callback data an object", telegram_with(in_update("callback_query.data", {}), "callback_query.json"), 200),
    Bad("callback from a string", telegram_with(in_update("callback_query.from", "x"), "callback_query.json"), 200),
    Bad("callback chat id a string",
        telegram_with(in_update("callback_query.message.chat.id", "x"), "callback_query.json"), 200),
    # Fields we do not read may be anything: the message is kept.
    Bad("language code a number", telegram_with(in_update("message.from.language_code", 5)), 200, stored=1),
    Bad("photo a string", telegram_with(in_update("message.photo", "x")), 200, stored=1),
    Bad("entities a number", telegram_with(in_update("message.entities", 5)), 200, stored=1),
]


def check_answer(status: int, body: Any, case: Bad, sink: StoringSink) -> None:
    assert status == case.status, body
    assert isinstance(body, dict) and ("error" in body or "status" in body), body
    assert len(sink.stored) == case.stored


@pytest.mark.parametrize("case", WHATSAPP_CASES, ids=lambda case: case.name)
async def test_a_malformed_whatsapp_body_gets_a_clear_answer(case: Bad, server: Server, sink: StoringSink) -> None:
    status, body = await server.post(WHATSAPP, case.body, {"X-Hub-Signature-256": sign(case.body).encode()})
    check_answer(status, body, case, sink)


@pytest.mark.parametrize("case", TELEGRAM_CASES, ids=lambda case: case.name)
async def test_a_malformed_telegram_update_gets_a_clear_answer(case: Bad, server: Server, sink: StoringSink) -> None:
    status, body = await server.post(TELEGRAM, case.body, {"X-Telegram-Bot-Api-Secret-Token": SECRET.encode()})
    check_answer(status, body, case, sink)


HELLO_WHATSAPP = (WHATSAPP_FIXTURES / "hello.json").read_bytes()
HELLO_TELEGRAM = (TELEGRAM_FIXTURES / "hello.json").read_bytes()


@pytest.mark.parametrize(("path", "headers", "status"), [
    (TELEGRAM, {"X-Telegram-Bot-Api-Secret-Token": "sécret".encode()}, 403),          # UTF-8
    (TELEGRAM, {"X-Telegram-Bot-Api-Secret-Token": b"s\xe9cret\xff"}, 403),          # not UTF-8 at all
    (TELEGRAM, {"X-Telegram-Bot-Api-Secret-Token": SECRET.encode() + b"\xc3\xa9"}, 403),
    (TELEGRAM, {}, 403),
    (WHATSAPP, {"X-Hub-Signature-256": b"sha256=\xff\xfe" + b"0" * 62}, 403),
    (WHATSAPP, {"X-Hub-Signature-256": "sha256=é".encode()}, 403),
    (WHATSAPP, {}, 403),
], ids=["telegram utf-8", "telegram latin-1", "telegram secret and more", "telegram none",
        "whatsapp bytes", "whatsapp utf-8", "whatsapp none"])
async def test_a_non_ascii_or_missing_secret_is_refused_not_a_crash(path: str, headers: dict[str, bytes], status: int,
                                                                    server: Server, sink: StoringSink) -> None:
    body = fresh(HELLO_TELEGRAM if path == TELEGRAM else HELLO_WHATSAPP)
    answer = await server.post(path, body, headers)
    assert answer[0] == status and "error" in answer[1]
    assert sink.stored == []


@pytest.mark.parametrize("token", ["vérifier", "\udcff", "x" * 5000])
def test_the_subscription_handshake_refuses_a_strange_verify_token(token: str, whatsapp: WhatsAppInput) -> None:
    from bot.channels.whatsapp.receive import verify_subscription

    assert verify_subscription("subscribe", token, "123", "fake-verify-token-0000")[0] == 403


# -- item 10: random mutations of the recorded payloads (fixed seed)


FUZZ_VALUES: list[Any] = [None, True, 0, -1, 2 ** 64, 1.5, float("inf"), "", "x", "é\u202e", "9" * 30,
                          [], [1, "a"], {}, {"id": 1}, [[[[[]]]]]]


def mutate(payload: Any, rng: random.Random) -> bytes:
    """One to three random changes: a value replaced by another type, a key dropped, a value wrapped in a list;
    or, sometimes, the bytes themselves cut or altered."""
    document = copy.deepcopy(payload)
    for _ in range(rng.randint(1, 3)):
        holder, key = _random_slot(document, rng)
        if holder is None:
            break
        choice = rng.random()
        if choice < 0.6:
            holder[key] = copy.deepcopy(rng.choice(FUZZ_VALUES))
        elif choice < 0.8 and isinstance(holder, dict):
            del holder[key]
        else:
            holder[key] = [holder[key]]
    raw = json.dumps(document).encode()
    if rng.random() < 0.15:
        cut = rng.randrange(len(raw))
        raw = raw[:cut] + bytes([rng.randrange(256)]) + raw[cut + 1:] if rng.random() < 0.5 else raw[:cut]
    return raw


def _random_slot(document: Any, rng: random.Random) -> tuple[Any, Any]:
    """A random (container, key) anywhere in the document, or (None, None) for an empty one."""
    slots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in keys:
            slots.append((node, key))
            walk(node[key])
    walk(document)
    return rng.choice(slots) if slots else (None, None)


def recorded(folder: Path) -> list[Any]:
    return [json.loads(fresh(path.read_bytes())) for path in sorted(folder.glob("*.json"))]


MUTATIONS_PER_PAYLOAD = 25


def check_stored(sink: StoringSink, channel: str) -> None:
    """Whatever was stored has the shape the worker relies on."""
    for message in sink.stored:
        assert message.channel == channel and isinstance(message.text, str) and message.external_id
        if message.kind != "undelivered":
            assert isinstance(message.sender, str) and message.sender
        if channel == "telegram":
            assert isinstance(message.reply_context["chat_id"], int)


async def test_random_mutations_of_whatsapp_payloads_never_get_a_5xx(whatsapp: WhatsAppInput,
                                                                     sink: StoringSink) -> None:
    rng = random.Random(13)
    statuses = []
    for payload in recorded(WHATSAPP_FIXTURES):
        for _ in range(MUTATIONS_PER_PAYLOAD):
            raw = mutate(payload, rng)
            status, body = whatsapp.receive_webhook(raw, sign(raw))
            json.dumps(body)
            statuses.append(status)
    assert set(statuses) <= {200, 400}
    assert statuses.count(400) > 50 and statuses.count(200) > 50   # the mutations reached both outcomes
    check_stored(sink, "whatsapp")


async def test_random_mutations_of_telegram_updates_never_get_a_5xx(telegram: TelegramInput,
                                                                    sink: StoringSink) -> None:
    rng = random.Random(13)
    statuses = []
    for payload in recorded(TELEGRAM_FIXTURES):
        for _ in range(MUTATIONS_PER_PAYLOAD):
            raw = mutate(payload, rng)
            status, body = telegram.receive_update(raw, SECRET)
            json.dumps(body)
            statuses.append(status)
    await asyncio.gather(*telegram.callbacks)
    assert set(statuses) <= {200, 400}
    assert statuses.count(400) > 20 and len(sink.stored) > 50
    check_stored(sink, "telegram")


# -- item 11: bodies larger than a route's limit


NINETY_MB = 90 * 1024 * 1024


@pytest.mark.parametrize(("path", "headers"), [
    (WHATSAPP, {"X-Hub-Signature-256": b"sha256=" + b"0" * 64}),
    (TELEGRAM, {"X-Telegram-Bot-Api-Secret-Token": SECRET.encode()}),
], ids=["whatsapp", "telegram"])
async def test_a_declared_90_mb_body_is_refused_before_it_is_read(path: str, headers: dict[str, bytes],
                                                                  server: Server, sink: StoringSink) -> None:
    """Only the headers and 1 KB are sent: an answer at all shows the server did not wait for the 90 MB."""
    status, body = await server.post(path, b"{" + b" " * 1023, headers, declared=NINETY_MB, then_closed=True)
    assert (status, body["error"]) == (413, "body_too_large")
    assert sink.stored == []


async def test_a_stranger_s_telegram_body_is_never_read(server: Server) -> None:
    """The secret is a header: checked before the body, so a wrong one is refused whatever follows."""
    status, body = await server.post(TELEGRAM, b"{", {"X-Telegram-Bot-Api-Secret-Token": b"guess"},
                                     declared=NINETY_MB, then_closed=True)
    assert (status, body["error"]) == (403, "invalid_secret")


@pytest.mark.parametrize(("path", "headers", "limit"), [
    (WHATSAPP, {"X-Hub-Signature-256": b"sha256=" + b"0" * 64}, WHATSAPP_LIMIT),
    (TELEGRAM, {"X-Telegram-Bot-Api-Secret-Token": SECRET.encode()}, TELEGRAM_LIMIT),
], ids=["whatsapp", "telegram"])
async def test_a_chunked_body_is_read_up_to_the_limit_then_refused(path: str, headers: dict[str, bytes], limit: int,
                                                                   server: Server, sink: StoringSink) -> None:
    """The body never ends: the 413 comes once the limit is passed, not at the end of a body."""
    status, body = await server.post_chunked(path, headers, limit)
    assert (status, body["error"]) == (413, "body_too_large")
    assert sink.stored == []


@pytest.mark.parametrize("server", [64 * 1024], indirect=True, ids=["app-wide limit 64 KiB"])
@pytest.mark.parametrize("path", [WHATSAPP, TELEGRAM])
async def test_a_real_delivery_as_large_as_the_limit_is_stored(path: str, server: Server, sink: StoringSink) -> None:
    """The limit is the provider's largest delivery, whatever the app-wide limit (here far below it)."""
    if path == WHATSAPP:
        raw = fresh(HELLO_WHATSAPP)
        body = raw + b" " * (WHATSAPP_LIMIT - len(raw))
        headers = {"X-Hub-Signature-256": sign(body).encode()}
    else:
        raw = fresh(HELLO_TELEGRAM)
        body = raw + b" " * (TELEGRAM_LIMIT - len(raw))
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET.encode()}
    status, answer = await server.post(path, body, headers)
    assert (status, answer["accepted"]) == (200, 1)
    assert len(sink.stored) == 1
    # One byte more is refused (declared only: a body the server will not read would be reset, not answered).
    status, answer = await server.post(path, b"", headers, declared=len(body) + 1, then_closed=True)
    assert (status, answer["error"]) == (413, "body_too_large") and len(sink.stored) == 1
