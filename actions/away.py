""""No, she is not here now", "it's ok, she went to the market" to "is it safe to write now?": the other one is away.

The classifiers read such a reply as a no (then "later"), or as a topic its words look like ("the market" as a bed):
a "no" to a question about being alone that says the other person is away means it is safe. The phrases say that
someone is not here or went out, in each language we read; "not now, she is here" names nobody away and stays
"later". Compared on the lowercased words, punctuation removed, as whole words.
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.turn import Turn

AWAY_PHRASES = (
    # English
    "not here", "isnt here", "is not here", "not home", "not at home", "not in the house", "went out", "gone out",
    "went to", "is out", "she left", "he left", "they left",
    # French
    "pas là", "est sorti", "est sortie", "sont sortis", "est partie", "est parti", "pas à la maison",
    "pas a la maison",
    # Arabic
    "ليس هنا", "ليست هنا", "ليسوا هنا", "غير موجود", "غير موجودة", "ليست في البيت", "ليس في البيت", "ذهب إلى",
    # Darija, Arabic script
    "ماشي هنا", "ماكايناش", "ما كايناش", "ماكاينش", "ما كاينش", "ماكاينينش", "ما كاينينش", "خرجات", "مشات", "مشا",
    "ماشي فالدار", "ماشي في الدار",
    # Darija, Latin letters
    "machi hna", "mashi hna", "makaynach", "ma kaynach", "makaynch", "ma kaynch", "makaynich", "ma kaynich",
    "khrjat", "khorjat", "mchat", "mshat", "mcha", "msha", "machi f dar", "machi fdar",
)
# A reply to the question is short; a longer message tells or asks more, and is answered as such.
MAX_WORDS = 12


def says_away(turn: Turn) -> bool:
    """The message says that the other person is not here (AWAY_PHRASES), and asks nothing else."""
    if turn.risky or turn.asks or turn.word_count > MAX_WORDS:
        return False
    return says_phrase(padded_words(turn.text), AWAY_PHRASES)


def waits_for_safe(turn: Turn) -> bool:
    """"Is it safe to write now?" waits, or was answered "later" and the offer of a person waits."""
    return turn.pending_question == "safe_to_talk" or turn.offer_deferred
