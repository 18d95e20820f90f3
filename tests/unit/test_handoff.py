"""Taking a chat over, with the trained agent: the bot is paused and silent, officers write, closing hands back.

The bot's own answers need the action server and are covered end to end (tests/e2e); here the agent
only logs messages, which is exactly what it does while an officer holds the chat.
"""
from __future__ import annotations

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered

from bot.conversation.cases import officer_holds
from bot.conversation.content import content_for
from bot.conversation.fresh_start import append_events
from bot.conversation.messages import IncomingMessage
from bot.conversation.pipeline import Pipeline
from bot.desk.accounts import create_officer, deactivate_officer
from bot.desk.casework import CaseError, claim
from bot.desk.handoff import Handoff
from bot.messaging.outbox import take_webchat_messages
from bot.settings import get_settings
from bot.store import Case, Conversation, OutboundMessage, create_schema, session_scope
from bot.store.desk_models import AuditEntry
from bot.store.sealing import sealer_for

pytestmark = pytest.mark.asyncio


@pytest.fixture
def world(agent):  # type: ignore[no-untyped-def]
    """A web chat conversation with a case the user consented to, claimed by anna; bilal is another officer."""
    settings = get_settings()
    create_schema(settings.database_url)
    pipeline = Pipeline(settings, agent)
    conversation_id = pipeline.conversation_id(IncomingMessage("webchat", "handoff-sender-1", "x", None))
    with session_scope() as session:
        anna = create_officer(session, "anna", "a long enough password")
        bilal = create_officer(session, "bilal", "a long enough password")
        session.add(Conversation(id=conversation_id, channel="webchat", language="en"))
        case = Case(conversation_id=conversation_id, channel="webchat", language="en", priority="high",
                    consent="yes", indicators='["retention_of_documents"]', reasons='["risk"]')
        session.add(case)
        session.flush()
        claim(session, case.id, anna)
    return settings, pipeline, Handoff(settings, agent, None), case.id, conversation_id, anna, bilal


async def say(pipeline: Pipeline, text: str) -> list:
    output = CollectingOutputChannel()
    inbound = IncomingMessage("webchat", "handoff-sender-1", text, None)
    await pipeline.process(inbound, pipeline.conversation_id(inbound), output)
    return output.messages


async def test_taking_over_pauses_the_bot_and_the_users_messages_reach_the_transcript(world, agent) -> None:
    settings, pipeline, handoff, case_id, conversation_id, anna, _ = world
    await agent.log_message(UserMessage("my boss keeps my passport", CollectingOutputChannel(), conversation_id))
    await handoff.take_over(case_id, anna)
    with session_scope() as session:
        assert officer_holds(session, conversation_id)
    # Not even a restart payload wakes the bot while an officer holds the chat.
    assert await say(pipeline, "/restart") == []
    assert await say(pipeline, "are you still there?") == []
    lines = await handoff.transcript(case_id)
    assert [(line.who, line.text) for line in lines] == [
        ("user", "my boss keeps my passport"), ("user", "/restart"), ("user", "are you still there?")]
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert case.taken_over and case.last_activity_at is not None
        assert "chat_taken_over" in [e.action for e in session.query(AuditEntry)]


async def test_the_officers_reply_goes_to_the_users_web_chat_and_into_the_transcript(world) -> None:
    settings, _, handoff, case_id, conversation_id, anna, bilal = world
    with pytest.raises(CaseError) as refused:
        await handoff.reply(case_id, anna, "hello")
    assert refused.value.code == "not_taken_over"
    await handoff.take_over(case_id, anna)
    with pytest.raises(CaseError) as refused:
        await handoff.reply(case_id, bilal, "I am not holding this case")
    assert refused.value.code == "not_holder"
    with pytest.raises(CaseError):
        await handoff.reply(case_id, anna, "   ")
    await handoff.reply(case_id, anna, "Hello, my name is Amina. Are you safe right now?")
    sealer = sealer_for(settings.sealing_keys)
    with session_scope() as session:
        [message] = take_webchat_messages(session, sealer, conversation_id, 0)
    assert message["text"] == "Hello, my name is Amina. Are you safe right now?"
    [line] = await handoff.transcript(case_id)
    assert (line.who, line.officer_name, line.delivery) == ("officer", "anna", "pending")
    with session_scope() as session:
        take_webchat_messages(session, sealer, conversation_id, message["id"])
    assert (await handoff.transcript(case_id))[0].delivery == "sent"


async def test_closing_resumes_the_bot_with_a_short_neutral_message(world, agent) -> None:
    settings, _, handoff, case_id, conversation_id, anna, bilal = world
    await handoff.take_over(case_id, anna)
    with pytest.raises(CaseError):
        await handoff.close(case_id, bilal)  # neither the holder nor a supervisor
    await handoff.close(case_id, anna)
    with session_scope() as session:
        assert not officer_holds(session, conversation_id)
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert (case.status, case.taken_over) == ("closed", False) and case.closed_at is not None
        messages = take_webchat_messages(session, sealer_for(settings.sealing_keys), conversation_id, 0)
    assert [m["text"] for m in messages] == content_for(settings).messages("officer_closed", "en")
    with pytest.raises(CaseError) as refused:
        await handoff.reply(case_id, anna, "one more thing")
    assert refused.value.code == "case_closed"


async def test_no_take_over_without_consent_unless_urgent(world) -> None:
    _, _, handoff, case_id, _, anna, _ = world
    with session_scope() as session:
        session.get(Case, case_id).consent = "later"
    with pytest.raises(CaseError) as refused:
        await handoff.take_over(case_id, anna)
    assert refused.value.code == "no_consent"
    with session_scope() as session:
        session.get(Case, case_id).priority = "urgent"
    await handoff.take_over(case_id, anna)
    await handoff.reply(case_id, anna, "I am here with you.")
    with session_scope() as session:
        assert session.query(OutboundMessage).count() == 1


async def test_danger_while_an_officer_holds_the_chat_raises_the_case_to_urgent_silently(world) -> None:
    _, pipeline, handoff, case_id, _, anna, _ = world
    await handoff.take_over(case_id, anna)
    assert await say(pipeline, "help he is beating me now, he has a knife") == []
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert (case.priority, case.taken_over) == ("urgent", True)
        assert "danger" in case.reasons


async def test_a_deactivation_hands_the_chat_back_and_the_bot_forgets_the_question_it_had_asked(world, agent) -> None:
    """The bot asked "are you safe to talk?", then anna took the chat over and was deactivated: the person's
    next "yes" answers whatever anna said, not the bot's old question. As closing the case does (above)."""
    _, pipeline, handoff, case_id, conversation_id, anna, _ = world
    await append_events(agent, conversation_id, SlotSet("pending_question", "safe_to_talk"))
    await handoff.take_over(case_id, anna)
    with session_scope() as session:
        assert deactivate_officer(session, "anna")[1] == [case_id]
    with session_scope() as session:
        assert not officer_holds(session, conversation_id) and session.get(Conversation, conversation_id).fresh_start
    await say(pipeline, "yes")
    await say(pipeline, "yes")
    events = list((await agent.tracker_store.retrieve(conversation_id)).events)
    first_yes = next(i for i, e in enumerate(events) if isinstance(e, UserUttered) and e.text == "yes")
    before = [e for e in events[:first_yes] if isinstance(e, SlotSet) and e.key == "pending_question"]
    assert [e.value for e in before] == ["safe_to_talk", None]   # dropped before the message was read
    # Once: the mark is cleared by the turn that acted on it.
    assert [e for e in events if isinstance(e, ActiveLoop)] == [ActiveLoop(None)]
    with session_scope() as session:
        assert not session.get(Conversation, conversation_id).fresh_start


async def test_a_chat_never_taken_over_is_not_marked_when_its_officer_is_deactivated(world) -> None:
    _, _, _, case_id, conversation_id, _, _ = world
    with session_scope() as session:
        assert deactivate_officer(session, "anna")[1] == [case_id]   # the claimed case goes back to the queue
        assert not session.get(Conversation, conversation_id).fresh_start
