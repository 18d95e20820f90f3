"""Throttling and outages never lose a reply: 429 and 5xx are retried for a day, honouring Retry-After; a reply
that finally fails is shown to an officer (a case, raised or opened, and the case page's "not delivered")."""
from __future__ import annotations

import json
from datetime import timedelta

from bot.conversation import events
from bot.conversation.events import CaseChanged, CaseOpened
from bot.desk.web.texts import Texts
from bot.desk.web.views import case_page
from bot.messaging.messages import SendResult
from bot.messaging.outbox import Outbox, backoff
from bot.messaging.undelivered import undelivered_replies
from bot.settings import get_settings
from bot.store import Case, CaseMessage, OutboundMessage, session_scope
from bot.store.desk_models import Officer
from bot.store.models import utcnow
from tests.messaging.conftest import RecordingAdapter, queue_reply, settings_sealer

THROTTLED = SendResult(ok=False, retry_after=1.0, error_code="retry_after")
DOWN = SendResult(ok=False, error_code="500")


def make_due() -> None:
    with session_scope() as session:
        session.query(OutboundMessage).update({"next_attempt_at": utcnow()}, synchronize_session=False)


def rows() -> list[OutboundMessage]:
    with session_scope() as session:
        return session.query(OutboundMessage).order_by(OutboundMessage.id).all()


async def test_a_long_run_of_429s_and_5xx_never_fails_the_reply(database_url: str) -> None:
    adapter = RecordingAdapter(results=[THROTTLED] * 30 + [DOWN] * 20)
    queue_reply("tg_c1", adapter, ["you are not alone", "here are the numbers"])
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
    for _ in range(50):   # each try comes due at once here; in real time this is minutes of 429s and an outage
        assert await outbox.send_due() == 0
        make_due()
    first, second = rows()
    assert (first.status, first.attempts, second.status, second.attempts) == ("pending", 50, "pending", 0)
    assert await outbox.send_due() == 2
    assert [r.status for r in rows()] == ["sent", "sent"]
    assert [request["text"] for request in adapter.sent[-2:]] == ["you are not alone", "here are the numbers"]


def test_backoff_honours_retry_after_and_is_capped() -> None:
    assert backoff(1, None) == timedelta(seconds=2)
    assert backoff(6, None) == timedelta(seconds=64)
    assert backoff(300, None) == timedelta(minutes=5)           # a day of outage: a try every 5 minutes
    assert backoff(1, 42.0) == timedelta(seconds=42)            # the provider's word, whatever the attempt
    assert backoff(1, 86400.0) == timedelta(hours=1)           # but not a day of silence


async def test_after_a_day_of_5xx_the_reply_fails_and_a_case_shows_it(database_url: str) -> None:
    seen: list[object] = []
    events.subscribe(CaseChanged, seen.append)
    events.subscribe(CaseOpened, seen.append)
    try:
        adapter = RecordingAdapter(results=[DOWN])
        queue_reply("tg_c2", adapter, ["call 5757 if you are in danger", "second part"], hours_ago=24.5)
        outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
        await outbox.send_due()
    finally:
        events.unsubscribe(CaseChanged, seen.append)
        events.unsubscribe(CaseOpened, seen.append)
    first, second = rows()
    assert (first.status, first.last_error) == ("failed", "gave_up")
    assert second.status == "sent"   # the rest of the reply still goes (it was retried for a day too)
    with session_scope() as session:
        [case] = session.query(Case).all()
        [kept] = session.query(CaseMessage).all()
        assert (case.conversation_id, case.status, json.loads(case.reasons)) == ("tg_c2", "new", ["undelivered"])
        assert settings_sealer().open(kept.sealed_text) == "call 5757 if you are in danger"   # what the person did not get
        assert undelivered_replies(session, "tg_c2") == 1
    assert {type(event) for event in seen} == {CaseChanged, CaseOpened}   # the queue and the group hear of it


async def test_a_permanent_refusal_raises_the_open_case_and_the_case_page_says_not_delivered(
        database_url: str) -> None:
    adapter = RecordingAdapter(results=[SendResult(ok=False, permanent=True, error_code="forbidden")])
    queue_reply("tg_c3", adapter, ["stay safe"])
    with session_scope() as session:
        session.add(Case(conversation_id="tg_c3", channel="telegram", language="en", priority="urgent",
                         reasons=json.dumps(["danger"])))
        officer = Officer(username="amina", password_hash="x", role="officer")
        session.add(officer)
    await Outbox(get_settings(), settings_sealer(), {"telegram": adapter}).send_due()
    with session_scope() as session:
        [case] = session.query(Case).all()
        assert (case.priority, sorted(json.loads(case.reasons))) == ("urgent", ["danger", "undelivered"])
        page = case_page(session, case.id, session.query(Officer).one())
    assert page.undelivered == 1
    for language in ("fr", "en", "ar"):   # the banner's words and the reason's label exist in every desk language
        assert "1" in Texts(language)("case.undelivered", n=1)
        assert Texts(language).label("reason", "undelivered") != "undelivered"


async def test_a_closed_window_or_a_refusal_is_not_counted_as_lost(database_url: str) -> None:
    adapter = RecordingAdapter()
    queue_reply("tg_c4", adapter, ["a"])
    with session_scope() as session:
        session.query(OutboundMessage).update({"status": "failed", "last_error": "window_closed"},
                                              synchronize_session=False)
        assert undelivered_replies(session, "tg_c4") == 0
