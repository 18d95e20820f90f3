"""Darija is answered in the script it was written in (issue 11 item 8): arabizi in Latin letters, Arabic script in
Arabic script; a request for the other letters holds; a button keeps the script. Actions on built trackers first,
then whole conversations through the trained agent and the real pipeline."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import TOPIC_ACTIONS
from actions.turn import Turn
from bot.conversation.content import content_for
from bot.settings import get_settings
from tests.actions.agent_harness import Conversation, load_agent, texts


def say(key: str, form: str) -> list[str]:
    return content_for(get_settings()).messages(key, form)


def tracker(*user_messages: tuple[str, dict[str, Any]], intent: str = "ask_voluntary_return") -> Tracker:
    """A tracker whose user events are `(text, metadata)`, the last one being the latest message."""
    events = [{"event": "user", "text": text, "metadata": metadata,
               "parse_data": {"intent": {"name": intent, "confidence": 0.99}}} for text, metadata in user_messages]
    text, metadata = user_messages[-1]
    latest = {"text": text, "metadata": metadata, "intent": {"name": intent, "confidence": 0.99},
              "language": "ary", "risk": {"escalate": False, "priority": "none", "indicators": []}}
    return Tracker("darija-script", {}, latest, events, False, None, {}, "action_listen")


async def answer(action_tracker: Tracker) -> list[str]:
    action = next(a for a in TOPIC_ACTIONS if a.topic == "ask_voluntary_return")()
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, action_tracker, {})
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def test_the_pipelines_script_makes_the_turn_write_latin_darija() -> None:
    latin = tracker(("bghit nrje3 l bladi", {"language": "ary", "script": "latn"}))
    arabic = tracker(("بغيت نرجع لبلادي", {"language": "ary", "script": "arab"}))
    french = tracker(("je veux rentrer", {"language": "fr", "script": None}))
    assert [Turn.of(t, CollectingDispatcher()).language for t in (latin, arabic, french)] == ["ary_latn", "ary", "fr"]


async def test_a_topic_answers_arabizi_in_latin_letters_and_arabic_script_in_arabic() -> None:
    latin = await answer(tracker(("bghit nrje3 l bladi", {"language": "ary", "script": "latn"})))
    assert latin[0] == say("answers.ask_voluntary_return", "ary_latn")[0]
    arabic = await answer(tracker(("بغيت نرجع لبلادي", {"language": "ary", "script": "arab"})))
    assert arabic[0] == say("answers.ask_voluntary_return", "ary")[0]


async def test_without_the_pipeline_the_script_is_read_from_the_persons_last_words() -> None:
    # `rasa test` and `rasa shell` bypass the pipeline: the latest message's letters tell; a tapped button (a
    # payload) looks back to the last message with words.
    assert (await answer(tracker(("bghit nrje3 l bladi", {}))))[0] == say("answers.ask_voluntary_return", "ary_latn")[0]
    tapped = tracker(("salam khoya bghit n3ref", {}), ("/ask_voluntary_return", {}))
    assert (await answer(tapped))[0] == say("answers.ask_voluntary_return", "ary_latn")[0]
    assert (await answer(tracker(("بغيت نرجع", {}))))[0] == say("answers.ask_voluntary_return", "ary")[0]


@pytest.fixture(scope="module")
def actions_agent(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield load_agent(trained_model, tmp_path_factory.mktemp("darija_script_agent"))


@pytest.mark.model
async def test_a_person_writing_arabizi_reads_latin_letters_until_asking_for_arabic(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = await person.say("bghit nrje3 l bladi")
    assert texts(reply)[0] == say("answers.ask_voluntary_return", "ary_latn")[0]
    # A button keeps the script: its payload has no letters to tell one.
    reply = await person.say("/ask_hotline")
    assert texts(reply)[0] == say("answers.ask_hotline", "ary_latn")[0]
    # The person asks for Arabic letters: confirmed in Arabic script, and it holds though they keep writing arabizi.
    reply = await person.say("ktb liya b l7rouf l3arbiya 3afak")
    assert texts(reply)[0] == say("language_changed", "ary")[0]
    reply = await person.say("bghit nrje3 l bladi")
    assert texts(reply)[0] == say("answers.ask_voluntary_return", "ary")[0]


@pytest.mark.model
async def test_arabic_script_darija_stays_in_arabic_script_and_follows_a_switch_to_arabizi(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = await person.say("بغيت نرجع لبلادي")
    assert texts(reply)[0] == say("answers.ask_voluntary_return", "ary")[0]
    # The next Darija message in Latin letters: the replies follow its script.
    reply = await person.say("fin n9der nbat had lila")
    assert all(text in say("answers.ask_shelter", "ary_latn") + say("questions.ask_shelter.tonight.answer",
                                                                      "ary_latn") for text in texts(reply)[:1])
