"""The screening's answers read back from a tracker's events, question by question, for the case page."""
from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from actions.screening_answers import QUESTIONS as FORM_QUESTIONS
from bot.conversation.content import content_for
from bot.desk.screening import QUESTIONS, screening_runs
from bot.settings import get_settings


def slot(name: str, value: str | None, timestamp: float) -> SlotSet:
    return SlotSet(name, value, timestamp=timestamp)


def test_the_desk_knows_the_forms_questions_in_order_and_their_words() -> None:
    assert [(s, showing) for s, _, showing in QUESTIONS] == [(s, showing) for s, (showing, _) in FORM_QUESTIONS.items()]
    content = content_for(get_settings())
    for _, key, _ in QUESTIONS:
        for language in ("fr", "en", "ar"):
            assert content.raw(f"screening.questions.{key}", language).strip()


def test_answers_are_read_per_run_with_the_last_value_of_each_question() -> None:
    events = [
        UserUttered("my boss took my passport", timestamp=1.0), ActionExecuted("action_listen", timestamp=1.1),
        # the form resets the slots as it starts
        *[slot(name, None, 2.0) for name, _, _ in QUESTIONS],
        BotUttered("Has someone taken your passport?", timestamp=2.1),
        slot("screening_documents", "yes", 3.0),
        slot("screening_wages", "no", 4.0),
        slot("screening_documents", "yes", 4.0),        # set again on a later turn: the same answer
        slot("screening_free_to_leave", "no", 5.0),
        slot("screening_threats", "skip", 6.0),
        slot("requested_slot", "screening_minor", 6.0),
        # the end of the form empties them: the run is over
        *[slot(name, None, 7.0) for name, _, _ in QUESTIONS],
        # asked again later, stopped after one answer
        slot("screening_minor", "yes", 20.0),
    ]
    first, second = screening_runs(events)
    assert [(a.key, a.answer, a.concerning) for a in first.answers] == [
        ("documents", "yes", True), ("wages", "no", False), ("free_to_leave", "no", True), ("threats", "skip", False)]
    assert first.at.timestamp() == 6.0
    assert [(a.key, a.answer, a.concerning) for a in second.answers] == [("minor", "yes", True)]


def test_a_conversation_without_the_screening_has_no_runs() -> None:
    assert screening_runs([UserUttered("hello", timestamp=1.0), slot("screening_documents", "maybe", 2.0)]) == []
