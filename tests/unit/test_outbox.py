"""The outbox's rules, with a recording adapter: order per conversation, retries, the 24-hour window, sealing."""
from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.messaging.messages import OutgoingMessage, SendResult
from bot.messaging.outbox import WINDOW_CLOSED, Outbox, enqueue, enqueue_officer_reply
from bot.settings import get_settings
from bot.store import Case, Conversation, OutboundMessage, create_schema, session_scope
from bot.store.models import utcnow
from bot.store.sealing import Sealer, new_key

ADDRESS = "212600000009"


class RecordingAdapter:
    name = "whatsapp"
    window_hours: int | None = 24

    def __init__(self, results: list[SendResult]) -> None:
        self.results = list(results)
        self.sent: list[dict] = []

    def build(self, address: str, message: OutgoingMessage) -> list[dict]:
        return [{"to": address, "text": message.text}]

    async def send(self, request: dict) -> SendResult:
        self.sent.append(request)
        return self.results.pop(0) if self.results else SendResult(ok=True, provider_message_id="wamid.X")

    def reengagement(self, address: str) -> dict | None:
        return {"to": address, "template": "neutral_hello"}


@pytest.fixture
def sealer() -> Sealer:
    return Sealer([new_key()])


def prepare(sealer: Sealer, adapter: RecordingAdapter, texts: list[str], hours_since_user: float = 0.1) -> Outbox:
    settings = get_settings()
    create_schema(settings.database_url)
    with session_scope() as session:
        session.add(Conversation(id="wa_c1", channel="whatsapp", language="fr",
                                 last_message_at=utcnow() - timedelta(hours=hours_since_user),
                                 sealed_address=sealer.seal(ADDRESS)))
        enqueue(session, sealer, adapter, "wa_c1", ADDRESS, [OutgoingMessage(t) for t in texts], reply_to=1)
    return Outbox(settings, sealer, {"whatsapp": adapter})


def rows() -> list[OutboundMessage]:
    with session_scope() as session:
        return session.query(OutboundMessage).order_by(OutboundMessage.id).all()


async def test_sent_in_order_and_a_retry_blocks_the_next_piece(sealer: Sealer) -> None:
    adapter = RecordingAdapter([SendResult(ok=False, retry_after=7)])
    outbox = prepare(sealer, adapter, ["first", "second"])
    before = utcnow().replace(tzinfo=None)
    assert await outbox.send_due() == 0
    after = utcnow().replace(tzinfo=None)
    first, second = rows()
    assert (first.status, first.attempts, second.status) == ("pending", 1, "pending")
    # The provider's 7 seconds, counted from the attempt (bounded by the clock read around it, not a measured delay).
    retry_at = first.next_attempt_at.replace(tzinfo=None)
    assert before + timedelta(seconds=7) <= retry_at <= after + timedelta(seconds=7)
    assert [r["text"] for r in adapter.sent] == ["first"]  # "second" waits behind "first"
    with session_scope() as session:
        session.get(OutboundMessage, first.id).next_attempt_at = utcnow()
    assert await outbox.send_due() == 2   # once due, the whole reply goes out back to back, in order
    assert [r["text"] for r in adapter.sent] == ["first", "first", "second"]
    assert [r.status for r in rows()] == ["sent", "sent"]


async def test_permanent_error_fails_the_row(sealer: Sealer) -> None:
    outbox = prepare(sealer, RecordingAdapter([SendResult(ok=False, permanent=True, error_code="190")]), ["hi"])
    await outbox.send_due()
    [row] = rows()
    assert (row.status, row.last_error) == ("failed", "190")


@pytest.mark.parametrize("closed_by", ["clock", "provider"])
async def test_outside_the_window_only_the_neutral_template_goes(sealer: Sealer, closed_by: str) -> None:
    if closed_by == "clock":
        adapter, hours = RecordingAdapter([]), 25
    else:
        adapter, hours = RecordingAdapter([SendResult(ok=False, permanent=True, error_code="131047")]), 1
    outbox = prepare(sealer, adapter, ["a free-form reply", "another"], hours_since_user=hours)
    await outbox.send_due()
    await outbox.send_due()
    statuses = [(r.status, r.is_template, r.last_error) for r in rows()]
    assert statuses[:2] == [("failed", False, WINDOW_CLOSED), ("failed", False, WINDOW_CLOSED)]
    assert statuses[2][:2] == ("sent", True)
    assert adapter.sent[-1] == {"to": ADDRESS, "template": "neutral_hello"}
    assert all("free-form" not in json.dumps(r) for r in adapter.sent[-1:])


async def test_nothing_readable_at_rest(sealer: Sealer) -> None:
    prepare(sealer, RecordingAdapter([]), ["a very private reply"])
    database = Path(get_settings().data_dir) / "amane.db"
    dump = "\n".join(sqlite3.connect(database).iterdump())
    assert "a very private reply" not in dump and ADDRESS not in dump


async def test_never_first_a_message_that_answers_nothing_is_refused(sealer: Sealer) -> None:
    adapter = RecordingAdapter([])
    outbox = prepare(sealer, adapter, [])
    with session_scope() as session:
        session.add(OutboundMessage(channel="whatsapp", conversation_id="wa_c1",
                                    sealed_message=sealer.seal(json.dumps({"to": ADDRESS, "text": "hello!"}))))
    assert await outbox.send_due() == 0
    [row] = rows()
    assert (row.status, row.last_error) == ("failed", "not_a_reply")
    assert adapter.sent == []


@pytest.mark.parametrize("consent, hours, expected", [
    ("yes", 2, [("sent", False, None)]),                                   # consent, inside the window
    ("no", 2, [("failed", False, "no_consent")]),                          # no consent: never
    ("yes", 30, [("failed", False, WINDOW_CLOSED), ("sent", True, None)]),  # outside: only the template
])
async def test_an_officers_whatsapp_message_follows_consent_and_the_window(sealer: Sealer, consent: str, hours: int,
                                                                           expected: list) -> None:
    adapter = RecordingAdapter([])
    outbox = prepare(sealer, adapter, [], hours_since_user=hours)
    with session_scope() as session:
        case = Case(conversation_id="wa_c1", channel="whatsapp", language="fr", priority="high", consent="yes")
        session.add(case)
        session.flush()
        enqueue_officer_reply(session, sealer, adapter.build(ADDRESS, OutgoingMessage("Bonjour, je suis Amina")),
                              "wa_c1", "whatsapp", case)
        case.consent = consent  # e.g. the user withdrew it before the message went out
    await outbox.send_due()
    await outbox.send_due()
    assert [(r.status, r.is_template, r.last_error) for r in rows()] == expected
    sent_texts = [request.get("text") for request in adapter.sent]
    assert sent_texts == (["Bonjour, je suis Amina"] if expected[0][0] == "sent" else [None] * (len(expected) - 1))


def test_every_way_out_goes_through_the_outbox_guard() -> None:
    """Only bot/messaging/outbox.py creates outbound rows or sends them; channels and actions never send by themselves."""
    import ast

    from bot.settings import ROOT

    senders = {"send", "send_message", "sendMessage"}
    offenders, seen_in_outbox = [], 0
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "actions").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name == "OutboundMessage" and relative != "bot/messaging/outbox.py":
                    offenders.append(f"{relative}:{node.lineno} creates an outbound row")
                if name in senders and relative not in ALLOWED_SENDERS:
                    offenders.append(f"{relative}:{node.lineno} calls {name}")
                seen_in_outbox += relative == "bot/messaging/outbox.py" and name in senders | {"OutboundMessage"}
    assert seen_in_outbox >= 2  # the scan does see the real way out
    assert offenders == []


# Where a provider send may be called: the outbox (behind never_first), the adapters it calls, and the
# provider clients themselves.
ALLOWED_SENDERS = {"bot/messaging/outbox.py", "bot/channels/whatsapp/adapter.py", "bot/channels/telegram/adapter.py",
                   "bot/channels/whatsapp/send.py", "bot/channels/telegram/send.py",
                   # Telegram's client on its own event loop, through which the outbox's threads send.
                   "bot/channels/telegram/threaded.py",
                   # The officers' group chat, and the desk's server-sent events to an officer's browser: never a user.
                   "bot/desk/notify.py", "bot/desk/web/events.py"}
