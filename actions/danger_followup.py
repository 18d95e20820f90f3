"""After danger, what people ask next: "I can't call, he will hear me", "where do I go?", "should I call the police?".

Once the emergency numbers were said (or "are you in danger right now?" asked), these get silent options rather
than "Call now" again or a goodbye: keep writing here; a person reads soon only when someone is on duty in the desk
(otherwise: when the team is back); and the numbers kept in reach for when calling is possible.
"""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.topic_words import names_in_words
from actions.turn import Turn, topic_action_name

# The follow-ups, as the NLU's sub-questions name them (nlu_data/<lang>/safety_questions.yml).
FOLLOW_UPS = {
    "ask_safety/cant_call": "cant_call",
    "ask_safety/where_to_go": "where_to_go",
    "ask_shelter/tonight": "where_to_go",   # "where do I go tonight?" right after danger is about leaving
    "ask_safety/call_police": "call_police",
    "ask_safety/phone_checked": "phone_checked",  # "he checks my phone after, he'll see I wrote to you"
    # "The police will ask for my papers, do I call anyway?": the fear of calling the police without papers.
    "ask_voluntary_return/no_papers": "call_police",
    "ask_legal_aid/no_papers": "call_police",
    "ask_health/no_papers": "call_police",
}
# "Where do I go tonight?" after danger is about leaving; with words of sleeping or a bed it asks for a bed.
TONIGHT = "ask_shelter/tonight"
# Follow-ups that tell of no danger themselves: only right after the numbers, in a message that shows nothing worse
# (later in the conversation, or with words of violence, they are their topic's question or a disclosure).
RIGHT_AFTER_ONLY = frozenset({"ask_safety/phone_checked", "ask_voluntary_return/no_papers",
                              "ask_legal_aid/no_papers", "ask_health/no_papers"})
# A follow-up's first message, when it is not danger_followup.<kind>: the phone's answer says what to erase and how.
FIRST_MESSAGE = {"phone_checked": "questions.ask_safety.phone_checked.answer"}
# Right after the numbers, a message the intent classifier is this sure asks about safety ("can I text the police?
# I can't speak") is a follow-up even when the sub-question classifier hesitates: its likeliest follow-up, or else
# the silent options.
SURE_SAFETY = 0.5
SILENT = "ask_safety/cant_call"
# The sub-question's own confidence needed: right after danger a short message is read in that light, but a
# message that asks nothing of this kind ("thanks", "he took my passport") must not get these options.
MIN_CONFIDENCE = 0.4
# Right after the numbers, a message the intent classifier does not place ("la voiture part vers la gare", the car is
# leaving for the station, said by a witness of a child taken): news of the danger, most likely. Who reads it and the
# numbers again, with no first line of a kind that was not asked.
UNPLACED_INTENTS = frozenset({"out_of_scope", "nlu_fallback"})
UNPLACED = "unplaced"
# What "yes" to "are you in danger right now?" tells the case; a follow-up of that question says as much.
DANGER_CONFIRMED = {"escalate": True, "priority": "urgent", "danger": True}


def follow_up_kind(turn: Turn) -> str | None:
    """Which follow-up of danger the message is, or None (no danger in this conversation, or something else)."""
    if not (turn.danger_seen or turn.pending_question == "danger_check"):
        return None
    if turn.sub_question_entity:
        return None     # a tapped button asks for its own answer
    best = turn.best_sub_question
    if best is None:
        return None
    # The follow-ups that tell of no danger themselves count only right after the numbers and in words that show
    # nothing worse ("they took my phone, I can't call" shows isolation): else the next guess, if it is clear.
    allowed = [(label, confidence) for label, confidence in turn.sub_question_ranking if label in FOLLOW_UPS
               and (label not in RIGHT_AFTER_ONLY or (turn.just_after_danger and not turn.risky))]
    if best[0] in RIGHT_AFTER_ONLY and best not in allowed:
        best = allowed[0] if allowed else ("", 0.0)
    label, confidence = best
    if label not in FOLLOW_UPS or confidence < MIN_CONFIDENCE:
        if unplaced_after_danger(turn):
            return UNPLACED
        if not safety_asked_after_danger(turn):
            return None
        if allowed:
            label = allowed[0][0]
        elif turn.risky:
            return None     # words of violence or exploitation and no follow-up guessed: the disclosure is heard
        else:
            label = SILENT
    if label == TONIGHT and names_in_words(turn, TONIGHT.partition("/")[0]):
        return None   # "I'm out now, where can I sleep tonight?": a bed, the shelter's answer, not where to go
    return None if of_topic_just_answered(turn, label) else FOLLOW_UPS[label]


def safety_asked_after_danger(turn: Turn) -> bool:
    """The message answers the numbers just said, and the intent classifier is sure it asks about safety."""
    return turn.just_after_danger and turn.intent == "ask_safety" and turn.intent_confidence >= SURE_SAFETY


def unplaced_after_danger(turn: Turn) -> bool:
    """Right after the numbers, a message with words that the intent classifier reads as out of scope or does not
    understand, and that shows nothing the risk cues answer themselves."""
    return (turn.just_after_danger and turn.intent in UNPLACED_INTENTS and not turn.risky
            and not turn.says_nothing)


def of_topic_just_answered(turn: Turn, label: str) -> bool:
    """The previous reply was a topic's answer and the message asks one of that topic's questions ("tonight?" right
    after the shelter answer, "and if I can't call?" after the safety answer): the conversation has moved on from the
    danger to that topic, so the topic's own answer is what was asked."""
    topic = turn.last_topic
    return bool(topic) and label.partition("/")[0] == topic and turn.previous_action == topic_action_name(topic)


def answer_follow_up(turn: Turn, kind: str) -> None:
    """Silent options, who reads and when, and the numbers in reach; a follow-up of the danger check confirms it."""
    if turn.pending_question == "danger_check":
        # "I can't call, he will hear me" to "are you in danger right now?" is a yes: the case becomes urgent.
        turn.risk = {**turn.risk, **DANGER_CONFIRMED,
                     "indicators": list(turn.risk.get("indicators") or [])}
        turn.escalation_reason = "danger_confirmed"
        turn.pending_question = None
        turn.events.append(SlotSet("pending_question", None))
    turn.mark_danger_seen()
    if kind != UNPLACED:
        turn.say(FIRST_MESSAGE.get(kind, f"danger_followup.{kind}"))
    turn.say("danger_followup.on_duty" if turn.officer_on_duty else "danger_followup.off_duty")
    turn.say("danger_followup.numbers")
    turn.say_child_line()
