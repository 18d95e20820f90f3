"""Classes found on conversations_dev_v16 (issue 11), second pass, in other words than the set's lines: news that help
came, ending in a thanks after the emergency numbers, is thanked back with the numbers in reach (a thanks that also
asks, or says calling is not possible, keeps the silent options); a passport out of date is not lost; a laugh that asks
nothing, read as a topic its words do not name, is small talk."""
from __future__ import annotations

import pytest

from actions.jest_words import laughs_off
from actions.subquestions import Asked, kept_not_lost
from tests.actions.test_context import NO_RISK, run, say, topic_action, tracker
from tests.actions.test_conversations_v15conv import answered_with, ranked
from tests.actions.test_conversations_v15conv import turn as v15_turn

RETURN = "ask_voluntary_return"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "my cousin phoned 19 and the officers came, thank you"),
    ("fr", "les gendarmes sont venus chez eux, merci beaucoup"),
    ("ary", "bouliss jaw daba, choukran bzaf"),
])
async def test_news_that_ends_in_thanks_after_the_numbers_is_thanked_back(language: str, text: str) -> None:
    state = ranked(tracker(text, "ask_safety", NO_RISK, language, confidence=0.5, danger_seen=True,
                           before=answered_with("emergency", language)), "ask_safety/call_police", 0.7)
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[:2] == say("thank", language) + say("danger_followup.numbers", language)


@pytest.mark.parametrize(("language", "text", "kind"), [
    ("en", "thank you, should i phone the officers?", "call_police"),     # it asks
    ("fr", "merci mais je ne peux pas appeler la police", "call_police"),  # it negates
])
async def test_a_thanks_that_asks_or_negates_keeps_the_silent_options(language: str, text: str, kind: str) -> None:
    state = ranked(tracker(text, "ask_safety", NO_RISK, language, confidence=0.5, danger_seen=True,
                           before=answered_with("emergency", language)), f"ask_safety/{kind}", 0.7)
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[0] == say(f"danger_followup.{kind}", language)[0]
    assert texts[0] not in say("thank", language)


# -- a passport out of date is not lost: going home's documents' answer

@pytest.mark.parametrize(("text", "expected"), [
    ("my passport is out of date since march, can i still fly home?", Asked(RETURN, "documents")),
    ("mon passeport est périmé depuis 2024, je peux rentrer ?", Asked(RETURN, "documents")),
    ("lpaspor dyali sala, n9der nrje3?", Asked(RETURN, "documents")),
    # Contrast: lost, or lost though out of date too: the lost passport's answer.
    ("i lost my passport, can i still fly home?", Asked(RETURN, "lost_passport")),
    ("j'ai perdu mon passeport qui était périmé", Asked(RETURN, "lost_passport")),
])
def test_a_passport_out_of_date_is_not_lost(text: str, expected: Asked) -> None:
    state = v15_turn(text, RETURN)
    assert kept_not_lost(state, Asked(RETURN, "lost_passport")) == expected


# -- a laugh that asks nothing, read as a topic its words do not name: small talk

@pytest.mark.parametrize(("text", "topic", "expected"), [
    ("my office is a zoo honestly 😂", "ask_rights", True),
    ("ce lycée c'est l'armée mdr", "ask_rights", True),
    ("lmdrasa wlat 7bs hhhh", "ask_safety", True),
    # Contrasts: a question, the topic's words, or no laugh keep the topic's answer.
    ("lol what are my rights here", "ask_rights", False),
    ("i need a doctor lol", "ask_health", False),
    ("my office is a zoo honestly", "ask_rights", False),
    ("hhhh fin n9der nbat", "ask_shelter", False),
])
def test_a_laugh_that_asks_nothing_of_the_topic_is_small_talk(text: str, topic: str, expected: bool) -> None:
    assert laughs_off(v15_turn(text, topic), topic) is expected
