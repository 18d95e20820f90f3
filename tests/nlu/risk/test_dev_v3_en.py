"""English risk cues as migrants in Morocco write them (Nigerian and Ghanaian English and pidgin, Filipino and South
Asian workers): one row per class of fix made against evaluation/dev_v3/en.jsonl, in both directions.

The examples are written for this file, not copied from the development set. Disclosures and dangers must be found by
the rules alone (no intent); calm messages must stay calm with no intent, and the framed ones (a joke, an advert, a
question for someone else) also when the classifier wrongly guesses an escalating intent.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (text, expected, indicators the assessment must include). expected: "urgent", "escalate" (normal or high, not
# urgent) or "calm".
ESCALATING: list[tuple[str, str, frozenset[str]]] = [
    # Pidgin words: comot (leave), gree (agree), dey (is / -ing), am (him / her), flog.
    ("dem no gree make i comot from the compound since i reach", "escalate",
     frozenset({"restriction_of_movement"})),
    ("madam dey flog me with electric wire anytime the food burn", "escalate",
     frozenset({"physical_sexual_violence"})),
    ("the boys refuse to pay the chairman and dem beat am for road", "escalate",
     frozenset({"physical_sexual_violence"})),
    ("my salary never enter since 3 months, oga say make i wait", "escalate", frozenset({"withholding_of_wages"})),
    # A debt to be paid before one is free, however the writer puts it.
    ("the woman wey bring me say i must pay 3 million before i fit free", "escalate", frozenset({"debt_bondage"})),
    ("they said we must finish paying the room before we can leave the house", "escalate",
     frozenset({"debt_bondage"})),
    # Employers and wages in Filipino and Gulf English.
    ("the passport is with my amo since i arrived", "escalate", frozenset({"retention_of_documents"})),
    ("no sahod for 4 months po, only food", "escalate", frozenset({"withholding_of_wages"})),
    ("my kafeel is not giving my salary since five months", "escalate", frozenset({"withholding_of_wages"})),
    ("company is not releasing my passport even after contract finish", "escalate",
     frozenset({"retention_of_documents"})),
    ("they are not allowing us to go outside the camp", "escalate", frozenset({"restriction_of_movement"})),
    ("duty is 18 hours daily and no off day", "escalate", frozenset({"excessive_overtime"})),
    # Documents taken by "the men" or held and refused.
    ("the men at the bar took our passports the first night", "escalate", frozenset({"retention_of_documents"})),
    ("i only want my card back from the restaurant owner", "escalate", frozenset({"retention_of_documents"})),
    ("they have my passport since june, each time i ask they refuse to give it", "escalate",
     frozenset({"retention_of_documents"})),
    ("the door stays locked whenever the boss goes out", "escalate", frozenset({"restriction_of_movement"})),
    # A little child, with work.
    ("my little cousin cleans for a family all day instead of school", "escalate", frozenset({"minor"})),
    # Danger now: locked in now or for days, being driven away, carried to another town, weapons, hiding.
    ("they locked me inside the shop now and went away", "urgent", frozenset()),
    ("we are locked in the back room since friday no food", "urgent", frozenset()),
    ("they are driving us somewhere, i see only bush", "urgent", frozenset()),
    ("tonight they go carry us go another town, help", "urgent", frozenset()),
    ("somebody is banging my door with a cutlass please help", "urgent", frozenset()),
    ("the chairman boys dey come for me now with cutlass", "urgent", frozenset()),
    ("dem go kill me if dem catch me, i dey hide", "urgent", frozenset()),
    ("two men pushed my son into a car ten minutes ago, help", "urgent", frozenset()),
    # Self-harm said indirectly.
    ("nobody will miss me when i go", "urgent", frozenset({"self_harm"})),
    ("i want to drink sniper tonight, i don tire", "urgent", frozenset({"self_harm"})),
    ("i will hang myself today", "urgent", frozenset({"self_harm"})),
    ("i bought poison, tonight i end it", "urgent", frozenset({"self_harm"})),
    ("i stand on the balcony every night wanting to jump", "urgent", frozenset({"self_harm"})),
    ("i keep cutting my arm, it helps me forget", "urgent", frozenset({"self_harm"})),
    ("i left a letter to my family, forgive me, this is the last time you hear from me", "urgent",
     frozenset({"self_harm"})),
    # Medical emergencies.
    ("he drank pesticide in the farm, he is vomiting and shaking", "urgent", frozenset()),
    ("the steam burned her, the skin on her chest is peeling off", "urgent", frozenset()),
    ("she is foaming at the mouth and not answering", "urgent", frozenset()),
    # A denial, then the disclosure; laughter around a plain fact.
    ("i no be slave but dem no pay me since january", "escalate", frozenset({"withholding_of_wages"})),
    ("hahaha my oga still hold my passport, 6 months now 😂", "escalate", frozenset({"retention_of_documents"})),
]

CALM: list[tuple[str, str | None]] = [
    # Denials, including "no one is ..." three words before the cue.
    ("no one is threatening me, i only want to know the office hours", None),
    ("no one is hurting me, i am asking for my friend's daughter's school", None),
    ("my boss no take my passport, i get am with me", None),
    ("nobody seized my phone, i broke it myself", None),
    ("my oga dey pay me well well every month end", None),
    # Everyday talk, with the new words (dey, small brother, company, duty, release).
    ("i dey go market buy tomatoes and pepper", None),
    ("my small brother dey school now, he dey class 5", None),
    ("my husband took our little girl to the dentist", None),
    ("the company released the new schedule for ramadan", None),
    ("i am on duty tomorrow morning, we talk later", None),
    ("the door is locked, the cleaner has the key", None),
    ("i need to renew my passport, the embassy is in rabat?", None),
    ("we must pay the deposit before we can move into the flat", None),
    ("he collected my passport copy for the lease, is that normal?", None),
    ("the shop owner kept my phone charger by mistake lol", None),
    ("my little sister is learning to cook with mama", None),
]

# Framed messages stay calm even when the classifier guesses an escalating intent.
FRAMED_CALM: list[tuple[str, str]] = [
    ("how do i teach my younger sister to stay safe from fake recruiters online", "disclose_exploitation"),
    ("before i sign the contract for the hotel job in Oman, what should i check", "disclose_exploitation"),
    ("my mama go kill me if i no pass this exam 😂", "immediate_danger"),
    ("this rat poison no dey work, the mice are still dancing 😂", "immediate_danger"),
    ("fwd: Football trials in Italy for boys 15-18, FIFA licensed agent, pay 900€ registration fee", "disclose_exploitation"),
    ("Forwarded: fully funded scholarship in Canada, no IELTS, processing fee 120$", "disclose_exploitation"),
]


def _kind(text: str, intent: str | None, confidence: float) -> tuple[str, list[str]]:
    assessment = assess_risk(text, "en", intent, confidence)
    if assessment.priority == "urgent":
        return "urgent", assessment.indicators
    return ("escalate" if assessment.escalate else "calm"), assessment.indicators


@pytest.mark.parametrize("text, expected, indicators", ESCALATING)
def test_disclosures_and_dangers_are_found_by_the_rules(text: str, expected: str, indicators: frozenset[str]) -> None:
    kind, found = _kind(text, None, 0.0)
    assert kind == expected
    assert indicators <= set(found)


@pytest.mark.parametrize("text, intent", CALM)
def test_everyday_and_denied_messages_stay_calm(text: str, intent: str | None) -> None:
    assert _kind(text, intent, 0.0 if intent is None else 0.9) == ("calm", [])


@pytest.mark.parametrize("text, intent", FRAMED_CALM)
def test_framing_cancels_a_wrong_escalating_guess(text: str, intent: str) -> None:
    assessment = assess_risk(text, "en", intent, 0.9)
    assert not assessment.escalate and assessment.priority == "none"
