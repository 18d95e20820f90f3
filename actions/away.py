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
# Alone now, in answer to "is it safe to write now? Are you alone?" just asked ("no i am alone": the "no" answers "is
# someone there?"). Whole phrases: "I am not alone" and "ana machi bo7di" hold none of them.
ALONE_PHRASES = (
    "i am alone", "im alone", "i m alone", "alone now", "i am by myself", "nobody is here", "no one is here",
    "je suis seule", "je suis seul", "suis seule", "suis seul", "seule maintenant", "seul maintenant",
    "personne nest là", "personne nest la", "personne ici",
    "أنا وحدي", "انا وحدي", "أنا لوحدي", "انا لوحدي", "لا أحد هنا", "لا احد هنا", "لا يوجد أحد",
    "أنا بوحدي", "انا بوحدي", "راني بوحدي", "ana bo7di", "rani bo7di", "ana wa7di", "rani wa7di", "ana bohdi",
    "rani bohdi", "ma kayn 7ta 7ed", "makayn 7ta 7ed", "ما كاين حتى حد", "ماكاين حتى حد",
)
# A reply to the question is short; a longer message tells or asks more, and is answered as such.
MAX_WORDS = 12


def says_away(turn: Turn) -> bool:
    """The message says that the other person is not here (AWAY_PHRASES), or, to "is it safe to write now?", that the
    writer is alone (ALONE_PHRASES), and asks nothing else."""
    if turn.risky or turn.asks or turn.word_count > MAX_WORDS:
        return False
    padded = padded_words(turn.text)
    return says_phrase(padded, AWAY_PHRASES) or (
        turn.pending_question == "safe_to_talk" and says_phrase(padded, ALONE_PHRASES))


def waits_for_safe(turn: Turn) -> bool:
    """"Is it safe to write now?" waits, or was answered "later" and the offer of a person waits."""
    return turn.pending_question == "safe_to_talk" or turn.offer_deferred
