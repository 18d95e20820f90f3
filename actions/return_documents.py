"""Going home's questions of papers that their own words name, whatever the sub-question classifier read (found on
conversations_dev_v16, written in words other than its lines): "my passport got lost, can I still go home?" asks
about the lost passport, not about having no papers; "I only have an old ID card, is it enough?" right after going
home asks which documents are needed, not legal aid.

Each is a class of wording (a loss with a passport named; a paper named with "is it enough"), not one message.
Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import says_phrase_in_either_form
from actions.subquestions import Asked, if_offered
from actions.topic_words import TOPIC_PHRASES, names_detail, names_in_words, names_loss
from actions.turn import Turn

RETURN = "ask_voluntary_return"
# A passport itself (not any paper: "I lost my job and have no papers" asks about having none).
PASSPORT_PHRASES = (
    "passport", "my passport", "passeport", "mon passeport",
    "جواز", "جوازي", "الجواز", "جواز سفري", "جواز السفر", "الباسبور", "باسبور", "الپاسپور",
    "paspor", "lpaspor", "passpor", "lpassport", "lpasseport", "lbasbor", "basbor",
)
# A card one has (an identity or consular card), besides the papers DETAIL_PHRASES names.
CARD_PHRASES = (
    "card", "id card", "identity card", "consular card", "carte", "carte d identité", "carte d identite",
    "carte consulaire", "بطاقة", "بطاقتي", "بطاقة تعريف", "بطاقة التعريف", "بطاقة هوية", "البطاقة القنصلية",
    "كارط", "الكارط", "لاكارط", "karta", "lkarta", "kart", "lkart", "lacarte",
)
# "Is it enough?", of a paper one has.
ENOUGH_PHRASES = (
    "is it enough", "is that enough", "is this enough", "will it be enough", "enough for",
    "ça suffit", "ca suffit", "ça suffira", "ca suffira", "suffit", "suffisant", "suffisante",
    "هل تكفي", "هل يكفي", "تكفي", "يكفي", "كافية", "كافي", "كافيه",
    "واش كافية", "واش كافي", "واش تكفي", "واش يكفي", "كتكفي", "كيكفي",
    "kafia", "kafya", "kafiya", "kafi", "kafiy", "wach kafia", "wach kafi", "ykfi", "tkfi", "katkfi", "kaykfi",
)


def return_papers_named(turn: Turn, topic: str) -> Asked | None:
    """The paper question of going home the words name, when going home is the topic (or was answered last and the
    words name no other topic), or None."""
    if topic != RETURN and (turn.last_topic != RETURN or any(names_in_words(turn, other) for other in TOPIC_PHRASES
                                                              if other != RETURN)):
        return None
    if turn.danger or turn.sub_question_entity:
        return None   # danger first; a tapped button asks for its own answer
    if names_loss(turn) and says_phrase_in_either_form(turn.text, PASSPORT_PHRASES):
        sub = "lost_passport"
    elif says_phrase_in_either_form(turn.text, ENOUGH_PHRASES) and (
            names_detail(turn, "passport_kept") or says_phrase_in_either_form(turn.text, CARD_PHRASES)):
        sub = "documents"
    else:
        return None
    return if_offered(turn, RETURN, sub)
