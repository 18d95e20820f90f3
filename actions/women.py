"""A place to stay asked for women ("is there a place for women like me?", "y a un hébergement pour les femmes ?").

The sub-question classifier learned "for men" from lines that name a sex ("shelters are only for women?" is a man's
question), so a woman's question was read as the men's. The facts hold no list of women's shelters, only the line for
women facing violence: the answer says so and gives that line (content `shelter_for_women`), before the shelter's
answer. A message that names men, a husband, or asks whether it is "only" for women stays the men's question.
Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.turn import Turn

SHELTER = "ask_shelter"
# Details of the shelter a women's question may have been read as (none, or the men's look-alike).
READ_AS = frozenset({"", "for_men"})
WOMEN_PHRASES = (
    # English
    "women", "woman", "womens", "ladies",
    # French ("femme" alone is also "wife": "ma femme est enceinte")
    "femmes", "une femme", "femme seule", "pour femme", "pour les femmes",
    # Arabic
    "النساء", "للنساء", "نساء", "امرأة", "المرأة", "للمرأة",
    # Darija, Arabic script
    "العيالات", "للعيالات", "عيالات", "مرا بوحدها",
    # Darija, Latin letters
    "l3yalat", "l3ayalat", "3yalat", "l3iyalat", "nsa", "mra bo7dha",
)
# A man's question about women's places, or a question about a man: the men's answer stays.
MEN_PHRASES = (
    "only", "men", "man", "husband", "brother", "son",
    "que pour", "seulement", "uniquement", "homme", "hommes", "mari", "frère", "fils",
    "فقط", "رجال", "رجل", "زوجي", "أخي", "ابني",
    "غير ل", "غير للعيالات", "الرجال", "راجل", "راجلي", "خويا", "ولدي",
    "ghir l", "ghir", "rjal", "rajel", "rajli", "khoya", "weldi",
)


def place_for_women(turn: Turn, topic: str, detail: str) -> bool:
    """A shelter question (general, or read as the men's) whose words ask for women, and name no man."""
    if topic != SHELTER or detail not in READ_AS:
        return False
    padded = padded_words(turn.text)
    return says_phrase(padded, WOMEN_PHRASES) and not says_phrase(padded, MEN_PHRASES)
