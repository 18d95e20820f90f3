"""The intent agrees with the risk decision: a disclosure or danger guess that the risk logic set aside takes the
next guess, and a topic question that the risk logic found a told exploitation in becomes the disclosure.

Why: the classifier reads words, not framing. "lol my sister sold me out to mum", "suppose a worker owes the
recruiter", "nobody holds my papers" carry a disclosure's words; the risk logic (bot/nlu/risk) reads negation,
hypotheticals, jokes and forwarded adverts and does not escalate them, so the intent should not say "disclosure"
either; and when every cue the risk logic found was a joke or a figure of speech and the message asks nothing
(`in_jest`), small talk takes the alarm's place rather than the topic its words brush ("my wife took my phone till I
do the dishes, save me 😂" is no safety question). The other way, "the family I work for keeps my passport, can I
still go home?" is read as a question about going home, while the risk logic found the passport held: the catalogue
(docs/intents.md) calls it a disclosure.
Only a disclosure that is the classifier's second guess is promoted, so that a plain topic question stays one.
Likewise an explicit request for a person the risk logic found ("oui je veux bien parler à une personne", read as a
yes at 0.71, the request at 0.29) makes the intent the request, as long as the classifier ranked the request at all:
the words decide, not where a threshold of the actions falls (actions/conversation.py PERSON_RUNNER_UP).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DISCLOSURE = "disclose_exploitation"
DANGER = "immediate_danger"
# Intents whose meaning is "something is wrong": set aside when the risk logic saw nothing to escalate.
ALARM_INTENTS = frozenset({DISCLOSURE, DANGER})
# Topic questions a told exploitation may come with ("..., can I still go home?", "..., is there a lawyer?").
TOPIC_QUESTIONS = frozenset({"ask_rights", "ask_voluntary_return", "ask_legal_aid", "ask_safety", "ask_shelter",
                             "ask_health", "ask_hotline"})
PERSON = "request_human"
# What a message said in jest is about, once its alarm is set aside.
SMALL_TALK = "out_of_scope"
# A request for a person is never taken over from these: the more serious label wins, and deleting is asked about.
BEFORE_PERSON = ALARM_INTENTS | {PERSON, "delete_my_data"}

Ranking = list[dict[str, Any]]


def reconcile(ranking: Ranking, risk: Mapping[str, Any]) -> Ranking:
    """The intent ranking, reordered (and its confidences restated) to agree with the risk assessment; the same
    ranking when they agree already."""
    if not ranking:
        return ranking
    top = ranking[0]["name"]
    if top == DISCLOSURE and not risk.get("escalate"):
        return _set_aside(ranking, in_jest=bool(risk.get("in_jest")))
    # A danger guess the bot will ask about ("are you in danger now?") stays, so that the question is asked.
    if top == DANGER and not risk.get("escalate") and not risk.get("ask_danger"):
        return _set_aside(ranking, in_jest=bool(risk.get("in_jest")))
    told = risk.get("escalate") and risk.get("indicators") and not risk.get("danger")
    if top in TOPIC_QUESTIONS and told and len(ranking) > 1 and ranking[1]["name"] == DISCLOSURE:
        # The classifier was torn between the two and the words decide.
        return _first(ranking, 1)
    if risk.get("person_asked") and top not in BEFORE_PERSON and PERSON in _names(ranking):
        return _first(ranking, _names(ranking).index(PERSON))
    return ranking


def _names(ranking: Ranking) -> list[str]:
    return [entry["name"] for entry in ranking]


def _first(ranking: Ranking, index: int) -> Ranking:
    """The guess at `index` goes first: it and the first guess swap places and confidences."""
    first, chosen = ranking[0], ranking[index]
    swapped = [{**chosen, "confidence": first["confidence"]}, *ranking[1:]]
    swapped[index] = {**first, "confidence": chosen["confidence"]}
    return swapped


def _set_aside(ranking: Ranking, in_jest: bool = False) -> Ranking:
    """The alarm intents go last; the others keep their order, with the confidence they have once the alarm is
    ruled out (each divided by what the others sum to). Said in jest, with nothing asked, the alarm was the joke:
    small talk goes first, not the topic its words brush ("my wife took my phone till I do the dishes, save me 😂"
    is no safety question)."""
    kept = [entry for entry in ranking if entry["name"] not in ALARM_INTENTS]
    aside = [{**entry, "confidence": 0.0} for entry in ranking if entry["name"] in ALARM_INTENTS]
    mass = sum(float(entry["confidence"]) for entry in kept)
    if not kept or mass <= 0:
        return ranking
    kept = [{**entry, "confidence": float(entry["confidence"]) / mass} for entry in kept]
    small_talk = _names(kept).index(SMALL_TALK) if SMALL_TALK in _names(kept) else 0
    if in_jest and small_talk:
        kept = _first(kept, small_talk)
    return kept + aside
