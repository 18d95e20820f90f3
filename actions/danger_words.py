"""The follow-ups of danger that their own words name, right after the numbers (found on conversations_dev_v16): no
means to call ("I have no credit", "ma3ndich solde", "j'ai plus de solde", "nobody to call") and not wanting the
police ("ma bghitch police", "je veux pas la police"). The classifiers read such short messages as anything (health,
legal aid, a yes): right after the emergency numbers, or after the words for someone who may harm themselves, they
answer the numbers; while "are you in danger right now?" waits, they answer it.

Each is a class of wording (a negation or "nobody" with a word of calling or of phone credit; a negation with the
police), not one message. Compared on the message's tokens (bot/nlu/language/tokens.py), lowercased, punctuation
dropped; a negation is any of bot/nlu/risk/framing.negates, glued Darija included ("ma3ndich", "ماعنديش").
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.turn import Turn
from bot.nlu.language.tokens import tokenise
from bot.nlu.risk.framing import negates

CANT_CALL = "cant_call"
# "Are you in danger right now?" waits: "I have no credit" answers it (actions/danger_followup.answer_follow_up).
DANGER_CHECK = "danger_check"
CALL_POLICE = "call_police"
# What a call needs: credit or a balance on the phone.
CREDIT_WORDS = (
    "credit", "airtime", "balance", "units", "bundle",
    "crédit", "solde", "forfait", "recharge", "unités", "unites",
    "رصيد", "الرصيد", "رصيدي", "تعبئة",
    "صولد", "الصولد", "كريدي", "الكريدي", "روشارج", "الروشارج",
    "sold", "lsolde", "kridi", "lkridi", "rasid", "rrasid", "recharj", "rochaj",
)
# Calling someone.
CALL_WORDS = (
    "call", "phone", "ring",
    "appeler", "telephoner", "téléphoner", "appelle",
    "أتصل", "اتصل", "الاتصال", "أكلم", "اكلم",
    "نعيط", "نعيط ليه", "نعيطلو", "نتاصل",
    "n3eyet", "n3ayt", "n3yt", "n3iyet", "n3ayet", "n3yet", "ntasel", "ntassel",
)
# Nobody (to call): the words that say no person, in the languages we read.
NOBODY_WORDS = (
    "nobody", "no one", "noone",
    "personne",
    "لا أحد", "لا احد",
    "حتى واحد", "حتى حد",
    "7ta wa7ed", "7ta wa7d", "7ta 7ed", "7ta 7ad", "7ta had", "hta wahed",
)
# Someone: with a negation, nobody ("I don't have anyone to call", "ما عندي حد نعيط ليه").
SOMEONE_WORDS = (
    "anyone", "anybody", "someone", "somebody",
    "quelqu un", "quelquun",
    "أحد", "احد", "حد", "واحد",
    "wa7ed", "wa7d", "7ed", "7ad",
)
# Credit used up, in words that are no negation elsewhere ("j'ai plus de solde", "sala lia solde").
USED_UP_WORDS = (
    "out of", "ran out", "run out", "finished", "no more",
    "plus", "fini", "finie", "épuisé", "epuise",
    "نفد", "نفذ", "انتهى", "سالا", "سالى", "سالات", "تسالا",
    "sala", "salat", "tsala", "kmel", "kmal",
)
# MSA's verb "is not" ("ليس عندي رصيد", I have no credit: conversations_dev_v16), which the risk cues' negations leave
# out (there a negation guards a cue word; "ليس" is no negation of a verb after it).
LAYSA = frozenset({"ليس", "ليست", "لست", "لسنا", "ليسوا", "وليس", "وليست", "ولست"})
POLICE_WORDS = (
    "police", "cops", "policia",
    "flics", "commissariat",
    "الشرطة", "شرطة", "البوليس", "بوليس",
    "lbolis", "bolis", "lbolice", "chorta", "chourta",
    # Arabizi spells البوليس with "ou" as often as with "o" (conversations_dev_v17).
    "lboulis", "boulis", "lbouliss", "bouliss", "lpolice", "lpolis", "polis",
)


def worded_follow_up(turn: Turn) -> str | None:
    """The follow-up of danger the words name (see the module's docstring), or None. Only right after the numbers (or
    the words for someone who may harm themselves) or while "are you in danger right now?" waits, in a message that
    shows no new danger or exploitation."""
    if not (turn.just_after_danger or turn.pending_question == DANGER_CHECK) or turn.risky or turn.sub_question_entity:
        return None
    padded = padded_words(turn.text)
    negated = any(negates(token.norm) or token.norm in LAYSA for token in tokenise(turn.text))
    if negated and says_phrase(padded, POLICE_WORDS):
        return CALL_POLICE
    if (negated or says_phrase(padded, USED_UP_WORDS)) and says_phrase(padded, CREDIT_WORDS):
        return CANT_CALL
    nobody = says_phrase(padded, NOBODY_WORDS) or (negated and says_phrase(padded, SOMEONE_WORDS))
    if nobody and says_phrase(padded, CALL_WORDS):
        return CANT_CALL
    return None
