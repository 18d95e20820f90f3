"""Thanks read as a no ("merci d'être là", thanks for being there, read as "no" at 0.72 while "is it safe to write
now?" waits): a message that thanks, with no word of negation, is a thanks, and the question stays open.

Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py); the negation words are
the language tokeniser's (bot/nlu/risk/framing.negates).
"""
from __future__ import annotations

from actions.phrases import says_phrase_in_either_form
from actions.turn import Turn
from bot.nlu.language.tokens import tokenise
from bot.nlu.risk.framing import negates

THANKS_PHRASES = (
    "thanks", "thank you", "thank u", "thx", "merci", "merci beaucoup",
    "شكرا", "شكراً", "شكرًا", "بارك الله فيك", "جزاك الله خيرا",
    "الله يخليك", "الله يجازيك", "بارك الله فيكم",
    "choukran", "chokran", "shukran", "chkran", "baraka lahou fik", "lah yjazik", "llah ykhlik",
)
# A bare no anywhere, or "la" (no in Darija, but "là" in French written without accents) as the first word.
BARE_NO = frozenset({"no", "non", "nope", "nn", "لا", "ماشي", "machi", "walo"})
LEADING_NO = "la"
# A thanks is short; a longer message says more than thanks.
MAX_WORDS = 6


# After danger, news that help came ends in a thanks ("the neighbour called, the police are here, thanks"): longer.
MAX_NEWS_WORDS = 14


def thanks_not_no(turn: Turn, max_words: int = MAX_WORDS) -> bool:
    """The message thanks (THANKS_PHRASES), short, and holds no word of negation nor anything the risk cues answer."""
    if turn.risky or turn.word_count > max_words or not says_phrase_in_either_form(turn.text, THANKS_PHRASES):
        return False
    words = [token.norm for token in tokenise(turn.text)]
    if words and words[0] == LEADING_NO:
        return False
    return not any(negates(word) or word in BARE_NO for word in words)


def thanks_after_news(turn: Turn) -> bool:
    """A thanks that asks nothing, with news at most MAX_NEWS_WORDS long and no negation ("someone called 19, the
    police came, thanks"): thanked back, not the silent options ("I can't call, thanks" negates; "thanks, where do I
    go?" asks)."""
    return not turn.asks and thanks_not_no(turn, MAX_NEWS_WORDS)
