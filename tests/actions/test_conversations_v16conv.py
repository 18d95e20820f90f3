"""Classes found on conversations_dev_v16 (issue 11), without a model (the classifiers' guesses are given), in other
words than the set's lines: a follow-up of danger its words name (no credit, nobody to call, no police), after the
numbers or the words for someone who may harm themselves; a bed asked surely after a child was told; going home's
duration and a choice of one's own in words; papers named over the domestic contract; a question
surely of the topic answered last, read as danger; a disclosure that asks nothing. Each with a contrast that keeps
the other answer."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionAffirm
from actions.danger_words import worded_follow_up
from actions.escalation import ActionDisclosure, ActionEmergency
from actions.named_details import named_detail
from actions.named_questions import named_question
from actions.subquestions import Asked, with_the_child
from actions.turn import Turn
from tests.actions.test_context import EARLIER_TURN, NO_RISK, escalations, run, say, topic_action, tracker
from tests.actions.test_conversations_v15conv import answered_with, ranked

RETURN, RIGHTS, SHELTER = "ask_voluntary_return", "ask_rights", "ask_shelter"
TOLD_NO_CUES = {"escalate": True, "priority": "normal", "indicators": [], "danger": False}


def turn(text: str, intent: str, last_topic: str | None = None, language: str = "en", confidence: float = 0.8,
         previous_texts: list[str] | None = None, told: set[str] | None = None) -> Turn:
    return Turn(language=language, intent=intent, foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text,
                last_topic=last_topic, intent_ranking=[(intent, confidence)], previous_texts=previous_texts or [],
                sub_question_ranking=[("none", 0.9)], indicators_told=told or set())


# -- a follow-up of danger its words name, read as another topic or a yes

@pytest.mark.parametrize(("language", "text", "intent", "before", "kind"), [
    ("en", "my phone has no credit left", "ask_health", "emergency", "cant_call"),
    ("fr", "j'ai plus de solde", "ask_shelter", "emergency", "cant_call"),
    ("ary", "ma3andich lkridi", "ask_health", "emergency", "cant_call"),
    ("en", "there is no one i could phone", "affirm", "self_harm", "cant_call"),
    ("ary", "ما عندي حتى واحد نعيط ليه", "affirm", "self_harm", "cant_call"),
    ("fr", "je veux pas de la police", "ask_legal_aid", "danger_followup.numbers", "call_police"),
    ("ar", "لا أريد الشرطة", "ask_legal_aid", "emergency", "call_police"),
])
async def test_a_follow_up_its_words_name_right_after_the_numbers_gets_silent_options(
        language: str, text: str, intent: str, before: str, kind: str) -> None:
    state = ranked(tracker(text, intent, NO_RISK, language, confidence=0.4, danger_seen=True,
                           before=answered_with(before, language)), "none", 0.6)
    action = topic_action(intent) if intent.startswith("ask_") else ActionAffirm()
    texts, _, _, _ = await run(action, state)
    assert texts[:2] == say(f"danger_followup.{kind}", language) + say("danger_followup.on_duty", language)


@pytest.mark.parametrize(("text", "before"), [
    ("my phone has no credit left", None),                 # no danger before: its topic's answer
    ("the police came, they are here now", "emergency"),  # no negation: news, not a refusal
    ("i have credit now, i can call", "emergency"),        # calling is possible
    ("someone called the police for me", "emergency"),     # somebody, not nobody
])
def test_no_worded_follow_up_without_the_numbers_before_or_without_its_words(text: str, before: str | None) -> None:
    assert worded_follow_up(turn(text, "ask_health", previous_texts=say(before) if before else None)) is None


# -- a bed asked surely after a child was told: the shelter with children, whatever other topic's detail was read

def test_a_bed_asked_surely_after_a_child_is_the_shelter_with_children() -> None:
    read = Asked(RIGHTS, "protection")   # "we have nowhere to stay" read as the papers of another topic
    state = turn("i have two small girls with me too, we have nowhere to stay", SHELTER, confidence=0.7,
                 told={"minor"})
    assert with_the_child(state, SHELTER, read) == Asked(SHELTER, "with_children")


@pytest.mark.parametrize(("confidence", "told"), [(0.4, {"minor"}), (0.7, set())])
def test_another_topic_s_detail_stays_when_the_bed_is_unsure_or_no_child_was_told(confidence: float,
                                                                                   told: set[str]) -> None:
    read = Asked(RIGHTS, "protection")
    state = turn("we have nowhere to stay and no papers", SHELTER, confidence=confidence, told=told)
    assert with_the_child(state, SHELTER, read) == read


# -- going home's duration and a choice of one's own, in words

@pytest.mark.parametrize(("language", "text", "intent", "last_topic", "expected"), [
    ("fr", "je rentre au mali, personne me force", RETURN, None, Asked(RETURN, "not_victim")),
    ("en", "it is my own choice to go back home", RETURN, None, Asked(RETURN, "not_victim")),
    ("ary_latn", "ch7al mn wa9t bach nsafer", RETURN, RETURN, Asked(RETURN, "how_long")),
    ("fr", "et ça prend combien de semaines ?", "ask_menu", RETURN, Asked(RETURN, "how_long")),
])
def test_going_home_s_question_its_words_name(language: str, text: str, intent: str, last_topic: str | None,
                                              expected: Asked) -> None:
    assert named_question(turn(text, intent, last_topic, language)) == expected


@pytest.mark.parametrize(("text", "intent", "last_topic"), [
    ("how long does a trial take?", "ask_legal_aid", "ask_legal_aid"),   # not going home's context
    ("je veux rentrer au pays", RETURN, None),                            # no word of choice
    ("yes, how long does it take", "affirm", RETURN),                     # a yes: its own rules (conversation.py)
])
def test_no_duration_or_choice_without_going_home_or_its_words(text: str, intent: str, last_topic: str) -> None:
    assert named_question(turn(text, intent, last_topic, confidence=0.95)) is None


# -- papers named over the domestic contract

@pytest.mark.parametrize(("text", "expected"), [
    ("can a family keep the passport of their maid", Asked(RIGHTS, "passport_kept")),   # the papers named
    ("what are the rights of a maid here", Asked(RIGHTS, "domestic_contract")),         # no papers named
])
def test_the_papers_named_keep_their_answer_over_the_domestic_contract(text: str, expected: Asked) -> None:
    assert named_detail(turn(text, RIGHTS), RIGHTS, Asked(RIGHTS, "passport_kept")) == expected


# -- a question surely of the topic answered last, read as danger

async def test_a_question_surely_of_the_last_topic_read_as_danger_gets_its_answer() -> None:
    state = ranked(tracker("and once home, is there any help for us?", "immediate_danger", NO_RISK, confidence=0.8,
                           last_topic=RETURN, before=EARLIER_TURN), f"{RETURN}/after_return", 0.97)
    texts, _, _, _ = await run(ActionEmergency(), state)
    assert texts[0] == say(f"questions.{RETURN}.after_return.answer")[0]


async def test_the_same_words_without_a_question_mark_are_asked_about_danger() -> None:
    state = ranked(tracker("and once home there is help for us", "immediate_danger", NO_RISK, confidence=0.8,
                           last_topic=RETURN, before=EARLIER_TURN), f"{RETURN}/after_return", 0.97)
    texts, _, _, _ = await run(ActionEmergency(), state)
    assert texts == say("danger_check")


# -- a disclosure that asks nothing, with no cue found: the disclosure's words

async def test_an_escalated_disclosure_that_asks_nothing_gets_the_disclosure_s_words() -> None:
    state = ranked(tracker("madame took my card and she says i get it back when the debt is paid",
                           "disclose_exploitation", dict(TOLD_NO_CUES), confidence=0.99, before=EARLIER_TURN),
                   f"{RIGHTS}/passport_kept", 0.7)
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[0] == say("disclosure")[0]
    assert say(f"questions.{RIGHTS}.passport_kept.answer")[0] in texts   # what its words ask, after


async def test_an_escalated_message_that_asks_gets_the_question_s_answer() -> None:
    state = ranked(tracker("is it allowed for madame to keep my card?", "disclose_exploitation",
                           dict(TOLD_NO_CUES), confidence=0.99, before=EARLIER_TURN), f"{RIGHTS}/passport_kept", 0.7)
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert say(f"questions.{RIGHTS}.passport_kept.answer")[0] in texts


async def test_no_credit_while_are_you_in_danger_waits_confirms_it_with_silent_options() -> None:
    state = ranked(tracker("ma3ndich solde", "ask_health", NO_RISK, "ary", confidence=0.3, danger_seen=True,
                           pending_question="danger_check", before=answered_with("danger_check", "ary")), "none", 0.6)
    texts, controls, _, _ = await run(topic_action("ask_health"), state)
    assert texts[0] == say("danger_followup.cant_call", "ary")[0]
    assert [c["risk"]["priority"] for c in escalations(controls)] == ["urgent"]


async def test_an_unsure_disclosure_guess_that_asks_nothing_gets_what_its_words_ask() -> None:
    state = ranked(tracker("madame took my card and she says i get it back when the debt is paid",
                           "disclose_exploitation", dict(TOLD_NO_CUES), confidence=0.6, before=EARLIER_TURN),
                   f"{RIGHTS}/passport_kept", 0.7)
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[0] == say(f"questions.{RIGHTS}.passport_kept.answer")[0]
