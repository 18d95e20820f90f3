"""Questions and offers their words name, that no topic's block answers (issue 11, found by the lead in the web chat).

- Working without papers ("هل يمكنني العمل في المغرب بدون أوراق؟", "can I work here without papers?"): a rights
  question, read as going home's "no papers, arrest?". The facts file has nothing on it: say so, a person can answer,
  and what holds whatever the papers (a passport kept, pay held back are signs of forced labour).
- A paid crossing offered ("wa7d bgha ydini f lbato b 2000 euro", someone wants to take me on the boat for 2000
  euros): a journey paid or owed to the one who takes you can become a debt worked off, a sign of forced labour; and
  "o ila ma khlsthch?" (and if I don't pay?) right after: what a debt held over someone looks like.
Never for words that show danger or exploitation: those are answered first, as what they tell. Compared on the
lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.turn import Turn

WORK_NO_PAPERS_KEY = "followups.work_no_papers"
CROSSING_KEY = "followups.crossing_offer"
UNPAID_KEY = "followups.crossing_unpaid"
# Working, asked about (the person's own work, not the job they have).
WORK_PHRASES = (
    "can i work", "could i work", "may i work", "allowed to work", "right to work", "work here", "work in morocco",
    "find work", "find a job", "get a job", "work legally",
    "travailler", "trouver du travail", "trouver un travail", "trouver un emploi", "avoir un emploi",
    "العمل في المغرب", "يمكنني العمل", "أستطيع العمل", "استطيع العمل", "يمكنني أن أعمل", "يمكنني ان اعمل",
    "أعمل في المغرب", "اعمل في المغرب", "أجد عملا", "اجد عملا", "الحصول على عمل", "أشتغل", "اشتغل",
    "نخدم", "نقدر نخدم", "نلقى خدمة", "نلقى الخدمة",
    "nkhdem", "nkhdm", "nkhdam", "nekhdem", "n9der nkhdem", "nl9a khdma", "nl9a lkhedma", "nl9a khedma",
)
NO_PAPERS_PHRASES = (
    "without papers", "no papers", "without documents", "without a residence", "undocumented", "without a permit",
    "sans papiers", "sans papier", "sans titre de séjour", "sans titre de sejour", "sans carte de séjour",
    "sans carte de sejour", "sans documents",
    "بدون أوراق", "بدون اوراق", "بلا أوراق", "بلا اوراق", "بدون وثائق", "بلا وثائق", "بدون إقامة", "بدون اقامة",
    "بلا إقامة", "بلا اقامة", "بدون بطاقة", "بدون أوراق إقامة",
    "بلا وراق", "بلا لوراق", "بلا الوراق", "بلا كارط", "بلا لاكارط", "بلا بطاقة",
    "bla wra9", "bla lwra9", "bla wraq", "bla lwraq", "bla papiers", "bla karta", "bla lakarta", "bla carte",
    "bla la carte",
)
# A crossing: the boat, the smuggler, crossing over.
CROSSING_PHRASES = (
    "boat", "the boat", "a boat", "smuggler", "smugglers", "cross to spain", "cross the sea", "crossing",
    "bateau", "le bateau", "patera", "passeur", "passeurs", "traverser", "traversée", "traversee", "zodiac",
    "قارب", "القارب", "مركب", "المركب", "الباطو", "باطو", "الفلوكة", "فلوكة", "الحريك", "نحرك", "زودياك", "البوطي",
    "فالباطو", "فالفلوكة", "فالقارب", "فالمركب", "فالبوطي", "في القارب", "بالقارب",
    "lbato", "bato", "lbatou", "batou", "lbateau", "flouka", "lflouka", "l7rig", "7rig", "hrig", "n7reg", "n7rag",
    "lbotti", "botti", "zodiak",
)
# A price or an offer: money named, or someone wanting to take the writer.
PRICE_WORDS = frozenset({
    "euro", "euros", "eur", "dh", "dhs", "dirham", "dirhams", "money", "pay", "price", "argent", "payer", "prix",
    "يورو", "أورو", "اورو", "درهم", "دراهم", "فلوس", "مال", "ندفع", "أدفع", "ادفع", "نخلص",
    "flous", "lflous", "nkhalles", "nkhles", "ydini", "ydik", "yddini", "ydouzni", "ydewwezni",
})
# Not paying, asked after the crossing's answer.
UNPAID_PHRASES = (
    "dont pay", "don t pay", "do not pay", "cant pay", "can t pay", "cannot pay", "not pay", "don t have the money",
    "dont have the money", "no money",
    "paie pas", "paye pas", "peux pas payer", "pas payer", "pas d argent", "pas l argent",
    "لم أدفع", "لم ادفع", "ما دفعت", "لا أستطيع الدفع", "لا استطيع الدفع", "ليس لدي المال", "ما عنديش الفلوس",
    "ما خلصتش", "ماخلصتش", "ما نخلصش", "مانخلصش", "ما قدرتش نخلص", "ما عنديش باش نخلص",
    "ma khlsthch", "ma khlstch", "makhlstch", "ma khalstch", "ma khallstch", "ma nkhlsch", "ma nkhallsch",
    "ma 3ndich flous", "ma 3ndich lflous", "ma 3ndich bach nkhalles", "ma 9dertch nkhalles",
)


def asks_work_without_papers(turn: Turn) -> bool:
    """A question about working without papers (the module's first kind)."""
    padded = padded_words(turn.text, " ")
    return (turn.asks and not turn.risky and says_phrase(padded, WORK_PHRASES)
            and says_phrase(padded, NO_PAPERS_PHRASES))


def tells_of_a_crossing_offer(turn: Turn) -> bool:
    """A crossing named with a price or an offer to take the writer (the module's second kind)."""
    padded = padded_words(turn.text, " ")
    return (not turn.risky and says_phrase(padded, CROSSING_PHRASES)
            and bool(set(padded.split()) & PRICE_WORDS))


def asks_if_unpaid(turn: Turn) -> bool:
    """"And if I don't pay?" right after the crossing's answer."""
    return (not turn.danger and turn.just_said(CROSSING_KEY)
            and says_phrase(padded_words(turn.text, " "), UNPAID_PHRASES))


def told_in_words(turn: Turn) -> bool:
    """Answer what the words name (the module's kinds); True if answered."""
    if asks_work_without_papers(turn):
        turn.say(WORK_NO_PAPERS_KEY, turn.menu())
        return True
    if asks_if_unpaid(turn):
        turn.say(UNPAID_KEY, turn.menu())
        return True
    if tells_of_a_crossing_offer(turn):
        turn.say(CROSSING_KEY, turn.menu())
        return True
    return False
