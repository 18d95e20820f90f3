"""assess_risk: the one place that turns cues, their framing and the NLU intent into escalate / priority /
indicators / danger (and ask_danger, when a danger guess has nothing behind it).

The decision, step by step:
1. Cues: the pattern sets find cues and framing spans (bot/nlu/risk/cues.py).
2. Framing: each cue is stated, negated, hypothetical, general, prevention, joking, spam or an idiom; only stated
   cues count (bot/nlu/risk/framing.py). The framing also says whether the classifier's guess can be trusted.
3. Danger needs evidence: a stated danger, medical or self-harm cue; being moved by others now or tonight; or a
   confident danger guess with a word of distress behind it (help, scared, knife, police...; not the words of a past
   indicator). A weaker or groundless guess only asks "are you in danger now?" (ask_danger), nor is a question about
   no one asked about ("what is the meaning of life?"): the length of a message is no evidence ("we're moving
   house tonight with the kids, any help?"), except for a near-certain guess on a message without everyday haste.
   A confident guess on a message long enough to tell something is still seen: escalated at normal priority while
   the bot asks, and beside everyday haste only when near-certain and told rather than asked. Being shut in a place
   by others is danger when its sentence says it is so now ("locked inside the farm now", "depuis hier").
4. Escalate on any stated indicator, on danger, on an explicit request for a person, or on an escalating intent
   the framing does not cancel. The escalation model's score (bot/nlu/escalation_model.py, learned on the
   development sets' escalate labels) is a second opinion: a high score escalates what the framing does not cancel
   even when the intent reads a topic, and a very low one drops an escalation that rests on the intent guess alone.
5. Priority: urgent for danger and for a child with any other sign; high for several indicators or a grave one;
   normal for any other escalation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.nlu.risk.cues import frame_cues
from bot.nlu.risk.labels import (
    CHASE,
    CONFINED,
    CONFINEMENT,
    DANGER,
    IDIOM,
    JOKING,
    KIN_AGE,
    SELF_HARM,
    THREAT_HARM,
    TRANSFER,
    Cue,
)

_QUESTION_MARK = re.compile("[?؟]")
# Cue statuses that say the words are not meant: a joke, a figure of speech.
IN_JEST = frozenset({JOKING, IDIOM})
# Below this the intent is a guess; the cues still count on their own.
INTENT_CONFIDENCE = 0.5
# A danger guess alone makes a case urgent only from here: an officer's red banner must be worth stopping for, and
# below 0.8 the classifier's danger guesses on everyday words ("daba", "rah 9rib", "now") outnumber the real ones.
# Between INTENT_CONFIDENCE and this, the bot asks instead.
CONFIDENT_DANGER = 0.8
# A guess this sure, on a message long enough to say something ("she fell in the night, she is pale and cold"), stands
# on its own when no everyday haste ("now", "tonight", "daba") is what the classifier may be leaning on: a missed
# emergency costs more than a red banner. Below it, a word of distress must back the guess.
SURE_DANGER = 0.95
SURE_DANGER_WORDS = 6
# The escalation model's score from which a message escalates on its own, and under which an escalation resting on
# the intent guess alone is dropped (assess_risk, bot/nlu/escalation_model.py).
LEARNED_ESCALATION = 0.9
LEARNED_CALM = 0.1
# Asking for a person or telling of exploitation is enough to open a case, even with no cue recognised.
ESCALATING_INTENTS = frozenset({"disclose_exploitation", "request_human"})
# Violence and sexual exploitation need an officer quickly even as the only indicator.
SEVERE_INDICATORS = frozenset({"physical_sexual_violence", "sexual_exploitation"})
# Internal cue labels as grave as those (labels.INTERNAL_LABELS): a person sold or bought.
SEVERE_LABELS = frozenset({"sale"})
# Codes that mean a life may be at stake now: danger (violence, medical emergency) and self-harm.
LIFE_AT_STAKE = frozenset({DANGER, SELF_HARM})
# Indicators that put the body at stake when the person is in distress now (assess_risk: grave_now).
GRAVE_NOW = frozenset({"restriction_of_movement", "physical_sexual_violence", "intimidation_threats"})


@dataclass(frozen=True)
class RiskAssessment:
    """What the referral queue needs to know about one message."""

    escalate: bool
    priority: str  # none | normal | high | urgent
    indicators: list[str]  # sorted unique codes, never "danger"
    danger: bool  # a life may be at stake now: the emergency answer first (danger or self-harm)
    # The classifier guessed danger but nothing in the message shows it: the bot asks "are you in danger now?".
    ask_danger: bool = False
    # An explicit request for a person ("oui je veux bien parler à quelqu'un"), however the classifier read it.
    person_asked: bool = False
    # Every cue found is a joke or a figure of speech and the message asks nothing ("my boss will kill me if I'm late
    # again hhhh", "I owe my cousin 3000, he is patient"): what it is about is small talk, whatever its words. A note
    # for the intent, not part of the decision: two assessments that decide the same are equal (compare=False).
    in_jest: bool = field(default=False, compare=False)


def assess_risk(text: str, language: str, intent: str | None, confidence: float,
                escalation_score: float | None = None) -> RiskAssessment:
    """`escalation_score`: the escalation model's probability that the message needs an officer
    (bot/nlu/escalation_scorer.py), a second opinion beside the rules and the intent; None when there is none."""
    framing = frame_cues(text, language)
    stated = framing.asserted
    sure_intent = intent if intent is not None and confidence >= INTENT_CONFIDENCE else None
    trusted_intent = None if framing.cancels_intent else sure_intent

    indicators = sorted({c.indicator for c in stated if c.indicator != DANGER})
    # A parent giving a child's age ("my son is 12, can he come home with me?") says nothing of exploitation: the age
    # counts only beside another sign or a told exploitation ("my son is 12 and works all day for the boss").
    kin_age_only = indicators == ["minor"] and _only_a_kin_age(stated)
    danger_guess = trusted_intent == "immediate_danger"
    # A confident danger guess is a sign too: "they just took my son, he is 9, a man in a white car" is a child in
    # danger, not a parent giving an age.
    sure_danger_guess = danger_guess and confidence >= CONFIDENT_DANGER
    # Told, not asked: "my son is 9, can he come with me to the office?" is a parent's question.
    child_in_danger = sure_danger_guess and not _QUESTION_MARK.search(text)
    if kin_age_only and trusted_intent != "disclose_exploitation" and not child_in_danger:
        indicators = []

    # Step 3: danger from a stated cue, or from a confident guess with grounds; a weaker guess is asked about.
    # Being followed told as a habit, with no haste ("I think a man follows me whenever I leave work"): the safety
    # question of being followed, not the emergency numbers (conversations_dev_v13).
    danger_cue = any(
        c.indicator in LIFE_AT_STAKE and not (c.label == CHASE and framing.habitual and not framing.urgency)
        for c in stated
    )
    # Being moved by others is danger when it happens now or tonight, wherever the time is said in the message ("pack
    # tonight, a van is taking us to another farm"): one rule for every language's transfer cues, not one pattern
    # per word order. Unless the message says it is over ("they moved us last week, at night").
    # Nor when it is a habit ("every two weeks they take us at night to another farm"): an officer must see it, but
    # nothing is happening now (dev_v11).
    moved_now = (
        framing.urgency and not framing.past and not framing.habitual and any(c.label == TRANSFER for c in stated)
    )
    # Being shut in by others is danger when it is happening at this moment ("we are locked in the fish factory now,
    # they closed the door from outside"): "now" itself, not "tonight" or "at night", which tell of the nights they
    # lock the door; nor when the message says it is over or a habit (dev_v16).
    held_now = (
        framing.present and not framing.past and not framing.habitual and any(c.label == CONFINED for c in stated)
    )
    # The same for the grave indicators told beside the state of a person now (the "peril" frame: screaming, bleeding,
    # swollen, can't breathe, he is downstairs, I hear them coming): "he locked the door, he is shouting at the little
    # one", "since he pushed me my hand is swollen and blue". Told in indirect words, danger is the grave fact plus the
    # state of the person now: one rule for every language, not one pattern per phrasing. Haste ("today", "daba") or a
    # word like "police" is not enough: "if I leave he will tell the police" is a disclosure.
    # Being moved as a habit ("they change our town all the time, now I don't know where I am") is told by moved_now:
    # its "I don't know where" is the habit's, not an emergency (dev_v16).
    # The plain restriction cue found on the same words as a habitual transfer ("every 3 or 4 weeks they move us to
    # another farm") is that habit too (dev_v17).
    habitual_moves = [c for c in stated if c.label == TRANSFER] if framing.habitual else []
    grave_now = framing.peril and not framing.past and any(
        c.indicator in GRAVE_NOW and not any(m.start < c.end and c.start < m.end for m in habitual_moves)
        for c in stated
    )
    guessed = (sure_danger_guess and framing.distress) or (
        danger_guess and confidence >= SURE_DANGER and len(text.split()) >= SURE_DANGER_WORDS and not framing.urgency
    )
    # A threat of harm is danger when it is for now or tonight ("tonight you will see what I do to you, and I am alone
    # on the farm"), by the same reading of time as being moved (dev_v13).
    threat_now = (
        framing.urgency and not framing.past and not framing.habitual and any(c.label == THREAT_HARM for c in stated)
    )
    # Shut in a place by others, told as so now in the same sentence ("we are locked inside the farm now", "locked in
    # the room since yesterday", "il nous enferme ... la porte est fermee a cle maintenant"): danger now, as the
    # emergency it is; locked in last month, or every night, is a disclosure (dev_v16). One rule for every language's
    # confinement cues and words of "now", not one pattern per word order.
    confined_now = not framing.past and not framing.habitual and any(
        c.label == CONFINEMENT and framing.said_now(c) for c in stated
    )
    danger = danger_cue or moved_now or held_now or grave_now or guessed or threat_now or confined_now
    # "what is the meaning of life?" asks about no one: "are you in danger now?" would only alarm.
    ask_danger = danger_guess and not danger and not framing.impersonal_question

    # Step 4: a request for a person counts however the classifier read it ("bghit nhder m3a chi bnadem" read as
    # "deny"), but "am I talking to a bot?" is a question, not a request.
    intent_escalates = trusted_intent in ESCALATING_INTENTS and not (
        trusted_intent == "request_human" and framing.bot_challenge and not framing.request_person
    )
    # A confident danger guess on a message that says something ("I gathered the pills and will take them all
    # tonight" in words no rule knows) is not urgent without evidence, but it is not dropped either: an officer sees
    # it (normal priority) while the bot asks "are you in danger now?". One or two everyday words ("daba", "now")
    # are not enough to say something.
    # Beside everyday haste ("tonight", "now") the guess is seen when the message tells rather than asks: "I wrote to
    # my mother and I'm going to the bridge tonight" in words no rule knows, not "we move house tonight, any help?"
    # (dev_v11: such guesses at 0.99 were dropped as calm). Any confident guess, not only a near-certain one: "the truck
    # comes tonight to take the girls to another place" was read at 0.94 and dropped (dev_v13; on the sets measured
    # with it, recall rose and no false escalation was added).
    told_in_haste = not _QUESTION_MARK.search(text)
    asked_and_seen = (
        ask_danger and sure_danger_guess and len(text.split()) >= SURE_DANGER_WORDS
        and (not framing.urgency or told_in_haste)
    )
    # The escalation model's second opinion (bot/nlu/escalation_model.py). An escalation that rests on the intent
    # guess alone (no stated cue, no person asked, no danger) is dropped when the model is sure it is calm; a message
    # the model reads as needing an officer escalates whatever the topic the intent reads, unless the framing says
    # the words are not meant (negation, hypothesis, general question, prevention, joke, spam, "are you a bot?").
    # Never urgent from the score: priority stays the rules' (issue 10: urgent needs evidence).
    # Thresholds chosen by leaving one development set out at a time (bench/escalation_model.py: recall 0.991 -> 0.993,
    # false escalations 0.034 both, mean over 20 folds); on the measuring sets recall rose on all eight (blind_v1
    # 0.931 -> 0.952), false escalations fell on four and rose on check_v13 and check_v14 (evaluation/README.md).
    on_guess_alone = intent_escalates and not (danger or indicators or framing.request_person or asked_and_seen)
    if on_guess_alone and escalation_score is not None and escalation_score < LEARNED_CALM:
        intent_escalates = False
    learned = (
        escalation_score is not None and escalation_score >= LEARNED_ESCALATION
        and not (framing.cancels_intent or framing.spam or (framing.bot_challenge and not framing.request_person))
    )
    escalate = (danger or bool(indicators) or intent_escalates or framing.request_person or asked_and_seen
                or learned)

    # Step 5. A child together with any sign of exploitation is treated like danger now: the law and the referral
    # mechanism put children first, and a child cannot wait for the next working day.
    # A relative's age beside a guess alone is escalated, but is no evidence for a red banner.
    child_at_risk = "minor" in indicators and (not kin_age_only or child_in_danger) and (
        len(indicators) > 1 or trusted_intent == "disclose_exploitation" or child_in_danger
    )
    if danger or child_at_risk:
        priority = "urgent"
    elif (len(indicators) >= 2 or SEVERE_INDICATORS.intersection(indicators)
          or any(c.label in SEVERE_LABELS for c in stated)):
        # Indicators are rarely conclusive alone (ILO): several together, or violence, make a likely case.
        priority = "high"
    elif escalate:
        priority = "normal"
    else:
        priority = "none"
    in_jest = bool(framing.cues) and all(c.status in IN_JEST for c in framing.cues) and not _QUESTION_MARK.search(text)
    return RiskAssessment(
        escalate=escalate, priority=priority, indicators=indicators, danger=danger, ask_danger=ask_danger,
        person_asked=framing.request_person,
        in_jest=in_jest,
    )



def _only_a_kin_age(stated: list[Cue]) -> bool:
    """Every minor cue lies within a kin's age ("my son is 12", where "is 12" is also an age cue)."""
    kin_ages = [c for c in stated if c.label == KIN_AGE]
    return bool(kin_ages) and all(
        any(k.start <= c.start and c.end <= k.end for k in kin_ages) for c in stated if c.indicator == "minor"
    )
