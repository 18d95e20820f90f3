"""The web chat under attack (issue 13): floods, bursts of cases, bad and huge bodies, framing.

The real web chat blueprint served in-process on 127.0.0.1 (behind one trusted proxy, as behind nginx: each
test client says its address in X-Forwarded-For), with the real pipeline and a stand-in agent that opens an
urgent case for a message saying "URGENT".
"""
from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.webchat.connector import WebChatInput
from bot.conversation import control
from bot.settings import Settings
from bot.store import Case, Conversation, session_scope
from bot.store.sealing import sealer_for
from tests.channels.flow import settings_with
from tests.channels.telegram.harness import TOKEN, telegram_api
from tests.e2e.server import free_ports
from tests.fakes.agent import AnsweringAgent
from tests.fakes.telegram_api import FakeTelegramAPI

__all__ = ["telegram_api"]  # pytest fixture, imported to be found

WEBHOOK, UPDATES = "/webhooks/webchat/webhook", "/webhooks/webchat/updates"
URGENT = {"escalate": True, "priority": "urgent", "indicators": [], "danger": True}


class FloodAgent(AnsweringAgent):
    """Answers like the channel tests' agent; a message saying URGENT also opens an urgent case."""

    async def handle_message(self, message: UserMessage) -> None:
        await super().handle_message(message)
        if "URGENT" in (message.text or ""):
            payload = control.escalation(URGENT, "immediate_danger")
            await message.output_channel.send_response(message.sender_id, {"custom": payload})


@dataclass
class Chat:
    base_url: str
    settings: Settings
    agent: FloodAgent
    client: httpx.AsyncClient

    async def post(self, path: str, body: Any, address: str = "203.0.113.10",
                   headers: dict[str, str] | None = None) -> httpx.Response:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return await self.client.post(self.base_url + path, content=raw, headers={
            "Content-Type": "application/json", "X-Forwarded-For": address, **(headers or {})})

    async def say(self, sender: str, text: str, address: str = "203.0.113.10", **headers: str) -> httpx.Response:
        return await self.post(WEBHOOK, {"sender": sender, "message": text}, address, headers)


MakeChat = Callable[..., Awaitable[Chat]]


@pytest.fixture
async def make_chat(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[MakeChat]:
    """Serve the web chat with these settings (environment variables); stopped after the test."""
    running: list[tuple[Any, httpx.AsyncClient]] = []

    async def make(**variables: str) -> Chat:
        settings = settings_with(monkeypatch, variables)
        Sanic.test_mode = True   # one app per test in one process
        app = Sanic(f"webchat_abuse_{uuid.uuid4().hex[:12]}")
        app.config.PROXIES_COUNT = 1
        app.blueprint(WebChatInput().blueprint(lambda _: asyncio.sleep(0)), url_prefix="/webhooks/webchat")
        agent = FloodAgent(settings.data_dir / "trackers.db", sealer_for(settings.sealing_keys))
        app.ctx.agent = agent
        port = free_ports(1)[0]
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True,
                                         access_log=False)
        assert server is not None
        await server.startup()
        client = httpx.AsyncClient(timeout=10)
        running.append((server, client))
        return Chat(f"http://127.0.0.1:{port}", settings, agent, client)

    yield make
    for server, client in running:
        await client.aclose()
        await server.before_stop()
        server.close()
        await server.wait_closed()


def new_sender() -> str:
    return uuid.uuid4().hex


def conversation_count(settings: Settings) -> int:
    with session_scope(settings.database_url) as session:
        return session.query(Conversation).count()


def all_cases(settings: Settings) -> list[Case]:
    with session_scope(settings.database_url) as session:
        cases = session.query(Case).order_by(Case.id).all()
        session.expunge_all()
        return cases


# -- bodies: bad, wrongly typed, huge


@pytest.mark.parametrize("raw, code", [
    (b'{"sender": "abcdefgh12", "message": "\\ud800"}', "invalid_text"),            # a lone surrogate
    (b'{"sender": "abcdefgh12", "message": "hi \\udfff there"}', "invalid_text"),
    (b'{"sender": "abcdefgh12", "message": 42}', "invalid_message"),
    (b'{"sender": "abcdefgh12", "message": ["hi"]}', "invalid_message"),
    (b'{"sender": "abcdefgh12", "message": {"text": "hi"}}', "invalid_message"),
    (b'{"sender": "abcdefgh12", "message": true}', "invalid_message"),
    (b'{"message": "hi"}', "invalid_sender"),
    (b'{"sender": 12345678, "message": "hi"}', "invalid_sender"),
    (b'{"sender": "\\ud800abcdefgh", "message": "hi"}', "invalid_sender"),
    (b'{"sender": "abcdefgh12", "message": "hi", "message_id": "\\ud800"}', "invalid_message_id"),
    (b'{"sender": "abcdefgh12", "message": "hi", "x": ' + b"[" * 30000 + b"]" * 30000 + b"}", "invalid_json"),
    (b"[" * 30000 + b"]" * 30000, "invalid_json"),
    (b'{"sender": "abcdefgh12", "message": NaN}', "invalid_json"),
    (b'{"sender": "abcdefgh12", "message": "caf\xe9"}', "invalid_json"),                # not UTF-8
    (b"", "invalid_json"),
    (b'"just a string"', "invalid_json"),
])
async def test_bad_bodies_get_a_clear_400_and_store_nothing(make_chat: MakeChat, raw: bytes, code: str) -> None:
    chat = await make_chat()
    reply = await chat.post(WEBHOOK, raw)
    assert (reply.status_code, reply.json()["error"]) == (400, code)
    assert reply.json()["detail"]
    assert chat.agent.turns == [] and conversation_count(chat.settings) == 0


@pytest.mark.parametrize("raw, code", [
    (b'{"sender": "\\ud800abcdefgh", "after": 0}', "invalid_sender"),
    (b'{"sender": ["abcdefgh12"], "after": 0}', "invalid_sender"),
    (b"[" * 30000 + b"]" * 30000, "invalid_json"),
    (b'{"sender": "abcdefgh12", "after": 1e400}', "invalid_after"),
])
async def test_bad_requests_for_officers_messages_get_a_clear_400(make_chat: MakeChat, raw: bytes, code: str) -> None:
    chat = await make_chat()
    reply = await chat.post(UPDATES, raw)
    assert (reply.status_code, reply.json()["error"]) == (400, code)


async def test_a_text_over_the_limit_is_refused_before_anything_reads_it(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_MAX_MESSAGE_CHARS="100")
    reply = await chat.say(new_sender(), "x" * 101)
    assert (reply.status_code, reply.json()["error"], reply.json()["max_chars"]) == (413, "message_too_long", 100)
    assert chat.agent.turns == []
    assert (await chat.say(new_sender(), "y" * 100)).status_code == 200


def raw_request(port: int, head: bytes, body: bytes = b"", wait: float = 5.0) -> bytes:
    """Send a request by hand (a lying or chunked body) and read the answer until the server closes or waits."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(head + body)
        received = b""
        try:
            while b"\r\n\r\n" not in received or not received.rstrip().endswith(b"}"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except TimeoutError:
            pass
        return received


async def test_a_body_said_to_be_too_big_is_refused_before_it_is_read(make_chat: MakeChat) -> None:
    chat = await make_chat()
    port = int(chat.base_url.rsplit(":", 1)[1])
    head = (b"POST " + WEBHOOK.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 10000000\r\n\r\n")
    # Nothing of the 10 MB is sent: the answer comes all the same, at once.
    answer = await asyncio.to_thread(raw_request, port, head)
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413")
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["error"] == "body_too_large"


async def test_a_chunked_body_is_cut_off_at_the_limit(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_MAX_BODY_BYTES="1000")
    port = int(chat.base_url.rsplit(":", 1)[1])
    head = (b"POST " + WEBHOOK.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b'{"sender": "abcdefgh12", "message": "' + b"x" * 2000 + b'"}'
    body = hex(len(chunk))[2:].encode() + b"\r\n" + chunk + b"\r\n0\r\n\r\n"
    answer = await asyncio.to_thread(raw_request, port, head, body)
    assert answer.startswith(b"HTTP/1.1 413")
    assert chat.agent.turns == []


async def test_a_body_within_the_limit_is_read_whole(make_chat: MakeChat) -> None:
    chat = await make_chat()
    text = "أ" * 4000   # two bytes each in UTF-8; as \\u escapes six
    reply = await chat.post(WEBHOOK, json.dumps({"sender": new_sender(), "message": text}).encode())
    assert reply.status_code == 200 and chat.agent.turns == [text]


# -- rate limits


async def test_one_address_is_limited_and_others_are_not(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_MESSAGES_PER_MINUTE="3")
    sender = new_sender()
    statuses = [(await chat.say(sender, f"hello {n}", "198.51.100.7")).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert (await chat.say(new_sender(), "hello", "198.51.100.8")).status_code == 200
    assert len(chat.agent.turns) == 4   # the refused message never reached the NLU


async def test_a_refusal_says_when_to_try_again_in_the_persons_language(make_chat: MakeChat) -> None:
    from bot.conversation.content import content_for

    chat = await make_chat(AMANE_WEBCHAT_MESSAGES_PER_MINUTE="1")
    content = content_for(chat.settings)
    sender = new_sender()
    assert (await chat.say(sender, "hello, where can I sleep tonight", "198.51.100.9")).status_code == 200
    refused = await chat.say(sender, "hello again", "198.51.100.9")
    assert refused.status_code == 429
    seconds = int(refused.headers["Retry-After"])
    assert 1 <= seconds <= 60
    assert refused.json() == {"error": "rate_limited", "detail": content.messages("too_many_messages", "en")[0],
                              "retry_after": seconds, "scope": "address"}
    # A page that has no conversation yet: the browser's language.
    arabic = await chat.say(new_sender(), "مرحبا", "198.51.100.9", **{"Accept-Language": "ar-MA,ar;q=0.9"})
    assert arabic.json()["detail"] == content.messages("too_many_messages", "ar")[0]


async def test_all_addresses_together_are_limited(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_MESSAGES_PER_MINUTE_TOTAL="3")
    replies = [await chat.say(new_sender(), "hello", f"198.51.100.{n}") for n in range(1, 5)]
    assert [r.status_code for r in replies] == [200, 200, 200, 429]
    assert replies[-1].json()["scope"] == "overall"


async def test_one_address_refused_does_not_use_up_everyones_allowance(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_MESSAGES_PER_MINUTE="2", AMANE_WEBCHAT_MESSAGES_PER_MINUTE_TOTAL="4")
    flood = [(await chat.say(new_sender(), "spam", "192.0.2.66")).status_code for _ in range(10)]
    assert flood.count(200) == 2
    others = [(await chat.say(new_sender(), "hello", f"198.51.100.{n}")).status_code for n in (1, 2)]
    assert others == [200, 200]


async def test_new_conversations_from_one_address_are_capped_but_ongoing_ones_go_on(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_NEW_CONVERSATIONS_PER_HOUR="2")
    first, second = new_sender(), new_sender()
    assert (await chat.say(first, "hello", "192.0.2.5")).status_code == 200
    assert (await chat.say(second, "hello", "192.0.2.5")).status_code == 200
    third = await chat.say(new_sender(), "hello", "192.0.2.5")
    assert third.status_code == 429 and third.json()["scope"] == "new_conversations"
    assert 3000 < int(third.headers["Retry-After"]) <= 3600 or int(third.headers["Retry-After"]) <= 3600
    assert (await chat.say(first, "still me", "192.0.2.5")).status_code == 200
    assert (await chat.say(new_sender(), "hello", "192.0.2.6")).status_code == 200
    assert conversation_count(chat.settings) == 3


async def test_one_ipv6_subscriber_cannot_pass_as_many(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_MESSAGES_PER_MINUTE="2")
    addresses = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9"]
    statuses = [(await chat.say(new_sender(), "hi", address)).status_code for address in addresses]
    assert statuses == [200, 200, 429]
    assert (await chat.say(new_sender(), "hi", "2001:db8:1:3::1")).status_code == 200


async def test_replicas_share_the_limits_through_redis(make_chat: MakeChat, redis_url: str) -> None:
    one = await make_chat(AMANE_REDIS_URL=redis_url, AMANE_WEBCHAT_MESSAGES_PER_MINUTE="2")
    two = await make_chat(AMANE_REDIS_URL=redis_url, AMANE_WEBCHAT_MESSAGES_PER_MINUTE="2")
    sender = new_sender()
    statuses = [(await chat.say(sender, "hi", "192.0.2.99")).status_code for chat in (one, two, one)]
    assert statuses == [200, 200, 429]


async def test_long_polls_are_limited_too(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_POLLS_PER_MINUTE="2")
    body = {"sender": new_sender(), "after": 0, "wait": False}
    statuses = [(await chat.post(UPDATES, body, "192.0.2.7")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


async def test_the_address_is_never_stored_or_logged(make_chat: MakeChat, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    chat = await make_chat(AMANE_WEBCHAT_MESSAGES_PER_MINUTE="1")
    address = "198.51.100.234"
    await chat.say(new_sender(), "URGENT help", address)
    await chat.say(new_sender(), "URGENT help", address)   # refused
    assert address not in caplog.text
    database = chat.settings.database_url.removeprefix("sqlite:///")
    import sqlite3

    with sqlite3.connect(database) as db:
        dump = "\n".join(db.iterdump())
    assert address not in dump and address.replace(".", "") not in dump


# -- bursts of cases


async def test_a_flood_of_urgent_cases_from_one_address_is_one_burst(make_chat: MakeChat) -> None:
    chat = await make_chat()
    for _ in range(5):
        assert (await chat.say(new_sender(), "URGENT help me now 1", "192.0.2.10")).status_code == 200
    # Near-identical: other digits, case and punctuation.
    assert (await chat.say(new_sender(), "URGENT HELP Me now 2!!", "192.0.2.10")).status_code == 200
    assert (await chat.say(new_sender(), "URGENT help me now", "192.0.2.11")).status_code == 200   # another address
    assert (await chat.say(new_sender(), "URGENT my boss hits me", "192.0.2.10")).status_code == 200  # other words
    cases = all_cases(chat.settings)
    assert len(cases) == 8   # every case is kept: a real person in a burst is still read
    leader = cases[0]
    assert [c.burst_of for c in cases] == [None] + [leader.id] * 5 + [None, None]
    assert all(c.priority == "urgent" and c.conversation_id for c in cases)


async def test_a_burst_lasts_only_its_window_and_the_address_hash_is_then_forgotten(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_CASE_BURST_MINUTES="10")
    await chat.say(new_sender(), "URGENT help", "192.0.2.20")
    with session_scope(chat.settings.database_url) as session:
        for case in session.query(Case):
            case.created_at = case.created_at - timedelta(minutes=11)
    await chat.say(new_sender(), "URGENT help", "192.0.2.20")
    old, new = all_cases(chat.settings)
    assert new.burst_of is None                                  # a new burst begins
    assert (old.source_ref, old.fingerprint) == (None, None)     # the old source is forgotten
    assert new.source_ref and new.fingerprint


async def test_the_periodic_purge_forgets_old_sources_on_a_quiet_day(make_chat: MakeChat) -> None:
    from bot.conversation.cases import forget_case_sources

    chat = await make_chat(AMANE_CASE_BURST_MINUTES="10")
    await chat.say(new_sender(), "URGENT help", "192.0.2.21")
    forget_case_sources(chat.settings)
    assert all_cases(chat.settings)[0].source_ref is not None    # still within its burst's window
    with session_scope(chat.settings.database_url) as session:
        for case in session.query(Case):
            case.created_at = case.created_at - timedelta(minutes=11)
    forget_case_sources(chat.settings)
    [case] = all_cases(chat.settings)
    assert (case.source_ref, case.fingerprint) == (None, None) and case.conversation_id


async def test_erasing_the_conversation_forgets_its_source(make_chat: MakeChat) -> None:
    chat = await make_chat()
    await chat.say(new_sender(), "URGENT help", "192.0.2.30")
    [case] = all_cases(chat.settings)
    from bot.conversation.cases import strip_content

    with session_scope(chat.settings.database_url) as session:
        strip_content(session, case.conversation_id, "user_request")
    [case] = all_cases(chat.settings)
    assert (case.conversation_id, case.source_ref, case.fingerprint) == (None, None, None)


# -- headers


async def test_the_page_and_its_files_refuse_framing_and_sniffing(make_chat: MakeChat) -> None:
    chat = await make_chat()
    for path in ("/webhooks/webchat/", "/webhooks/webchat/static/app.js", "/webhooks/webchat/static/style.css"):
        reply = await chat.client.get(chat.base_url + path)
        assert reply.status_code == 200
        assert reply.headers["X-Frame-Options"] == "DENY"
        csp = reply.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Referrer-Policy"] == "no-referrer"
    answer = await chat.say(new_sender(), "hello")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


async def test_the_page_has_no_inline_script_or_style_for_the_policy_to_block() -> None:
    from bot.channels.webchat.connector import PAGE_DIR

    page = (PAGE_DIR / "index.html").read_text()
    assert "<script>" not in page and "<style" not in page and " style=" not in page and " on" not in page.lower()


async def test_an_organisation_may_be_allowed_to_frame_the_chat(make_chat: MakeChat) -> None:
    chat = await make_chat(AMANE_WEBCHAT_FRAME_ANCESTORS="https://ngo.example https://help.ngo.example:8443")
    reply = await chat.client.get(chat.base_url + "/webhooks/webchat/")
    assert "X-Frame-Options" not in reply.headers
    assert "frame-ancestors https://ngo.example https://help.ngo.example:8443" in reply.headers["Content-Security-Policy"]


def test_a_frame_ancestor_that_is_no_origin_stops_the_start() -> None:
    from bot.channels.webchat.guard import security_headers

    with pytest.raises(ValueError, match="not an origin"):
        security_headers(("https://ngo.example; script-src *",))


# -- the officers' group hears of a burst a handful of times, with the count


async def test_a_flood_rings_the_officers_group_a_few_times_with_a_count(make_chat: MakeChat,
                                                                         telegram_api: FakeTelegramAPI) -> None:
    from bot.conversation import events
    from bot.conversation.events import CaseOpened
    from bot.desk.notify import notify_new_case

    chat = await make_chat(AMANE_TELEGRAM_BOT_TOKEN=TOKEN, AMANE_TELEGRAM_API_BASE=telegram_api.base_url,
                           AMANE_DESK_NOTIFY_TELEGRAM_CHAT_ID="-1001234567890", AMANE_DESK_NOTIFY_LANGUAGE="en",
                           AMANE_WEBCHAT_NEW_CONVERSATIONS_PER_HOUR="0")
    opened: list[CaseOpened] = []
    events.subscribe(CaseOpened, opened.append)
    try:
        for n in range(12):
            await chat.say(new_sender(), f"URGENT help {n}", "192.0.2.40")
        await chat.say(new_sender(), "URGENT other words", "192.0.2.40")
    finally:
        events.unsubscribe(CaseOpened, opened.append)
    assert len(opened) == 13   # each case opened, and was announced to the desk's live views
    sent = [await notify_new_case(chat.settings, e.case_id, e.priority, e.language, e.channel) for e in opened]
    assert sent.count(True) == 5
    first = opened[0].case_id
    assert [call.params["text"] for call in telegram_api.calls] == [
        f"URGENT · New case #{first} · priority urgent · language en · channel webchat",
        f"URGENT · Burst of 2 similar cases from one source since #{first} (latest #{first + 1}) · priority urgent"
        " · language en · channel webchat",
        f"URGENT · Burst of 5 similar cases from one source since #{first} (latest #{first + 4}) · priority urgent"
        " · language en · channel webchat",
        f"URGENT · Burst of 10 similar cases from one source since #{first} (latest #{first + 9}) · priority urgent"
        " · language en · channel webchat",
        f"URGENT · New case #{first + 12} · priority urgent · language en · channel webchat",
    ]


def test_burst_milestones() -> None:
    from bot.desk.notify import is_burst_milestone

    assert [n for n in range(1, 1001) if is_burst_milestone(n)] == [2, 5, 10, 20, 50, 100, 200, 500, 1000]


# -- the desk: one urgent alert a burst, every case listed


async def test_the_desk_rings_once_for_a_burst_and_lists_every_case(make_chat: MakeChat) -> None:
    from bot.desk.accounts import create_officer
    from bot.desk.casework import QueueFilters
    from bot.desk.web import views
    from bot.desk.web.pages import QUEUE_CHOICES
    from bot.desk.web.render import render_text
    from bot.desk.web.texts import Texts

    chat = await make_chat()
    for _ in range(4):
        await chat.say(new_sender(), "URGENT help", "192.0.2.50")
    await chat.say(new_sender(), "URGENT someone else", "192.0.2.51")
    with session_scope(chat.settings.database_url) as session:
        officer = create_officer(session, "amina-burst", "a long enough password")
        page = views.queue_page(session, officer, QueueFilters())
        html = render_text("_queue.html", Texts("en"), page=page, choices=QUEUE_CHOICES)
    first = min(page.urgent)
    assert len(page.urgent) == 5 and page.urgent_alerts == [first, first + 4]
    assert len(page.items) == 5   # each case is listed: a real person in a burst is still read
    assert "Urgent cases not yet seen by you: 2" in html
    assert f'data-urgent-ids="{first} {first + 4}"' in html
    assert html.count("×4 similar") == 1 and html.count(f"like #{first}") == 3
