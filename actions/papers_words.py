"""Having no papers, in the words ("and I have no other paper", "ma 3ndich lwra9", "ليس لدي اي وثيقة"): what
actions/papers_told.py and the lawyer's question (actions/subquestions.py lawyer_without_papers) read.

Found on conversations_dev_v17 (Darija): "and I don't have a single other paper" right after going home's lost passport
was read as a bed (shelter at 0.35), and "is there a lawyer for one who has no papers?" as the rights' lawyer. The
class is a negated having (or "without") before a word of papers, in the languages we read, not one message. Compared
on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words
from actions.topic_words import names_loss
from actions.turn import Turn

# Not having: the papers' word follows within NO_HAVE_WINDOW words ("ما عندي حتى شي ورقة").
NO_HAVE_PHRASES = (
    "i have no", "i dont have", "i do not have", "we have no", "we dont have", "he has no", "she has no",
    "he doesnt have", "she doesnt have",
    "je n ai pas", "j ai pas", "je n ai aucun", "je n ai aucune", "j ai aucun", "j ai aucune", "il n a pas",
    "elle n a pas",
    "ليس لدي", "ليس عندي", "ليس لدينا", "ليس عندنا", "ليس له", "ليس لها", "ليس لديه", "ليس لديها", "ليست لدي",
    "ليست لديه", "ليست لديها", "ليس معي", "ليس معه", "لا أملك", "لا املك", "لا يملك", "لا تملك",
    "ما عندي", "ماعندي", "ما عنديش", "ماعنديش", "ما عندناش", "ماعندناش", "ما عندو", "ماعندو", "ما عندوش", "ماعندوش",
    "ما عندهاش", "ماعندهاش", "ما عندها", "ماعندها",
    "ma 3ndi", "ma3ndi", "ma 3ndich", "ma3ndich", "ma 3endi", "ma3endi", "ma 3endich", "ma3endich", "ma 3ndna",
    "ma3ndnach", "ma 3ndnach", "ma 3ndo", "ma3ndo", "ma 3ndouch", "ma3ndouch", "ma 3ndhach", "ma3ndhach",
)
NO_HAVE_WINDOW = 4
# "Without" and "no": the papers' word right after (an article or "any" between): "no, I have my passport" is no.
WITHOUT_PHRASES = (
    "without", "no", "sans", "pas de", "aucun", "aucune", "بدون", "بلا", "دون", "bla", "bla ma",
)
WITHOUT_WINDOW = 2
# Papers: identity or residence papers, in any form.
PAPER_WORDS = frozenset({
    "papers", "paper", "documents", "document", "passport", "id", "permit", "residence",
    "papiers", "papier", "passeport", "carte", "titre", "séjour", "sejour",
    "أوراق", "اوراق", "الأوراق", "الاوراق", "ورقة", "ورقه", "وثائق", "الوثائق", "وثيقة", "وثيقه", "جواز", "الجواز",
    "إقامة", "اقامة", "الإقامة", "الاقامة", "بطاقة", "البطاقة",
    "وراق", "الوراق", "لوراق", "باسبور", "الباسبور", "لاكارط", "الكارط", "كارط", "الكارطة",
    "wra9", "lwra9", "wraq", "lwraq", "wr9a", "wer9a", "wra9a", "lwra9a", "lwr9a", "paspor", "lpaspor", "passpor",
    "lkarta", "lakarta", "lkart",
})


def says_no_papers(turn: Turn) -> bool:
    """The words say someone has no papers: a negated having (or "without"), Arabic's "and" glued to it or not, with a
    word of papers a few words after; not a loss ("my passport was lost" is going home's lost passport)."""
    if names_loss(turn):
        return False
    words = padded_words(turn.text, " ").split()
    return any(papers_after(words, start, phrases, window) for start in range(len(words))
               for phrases, window in ((NO_HAVE_PHRASES, NO_HAVE_WINDOW), (WITHOUT_PHRASES, WITHOUT_WINDOW)))


def papers_after(words: list[str], start: int, phrases: tuple[str, ...], window: int) -> bool:
    """One of `phrases` at `start` (Arabic's "and" glued to it or not), a word of papers within `window` after."""
    for phrase in phrases:
        length = len(phrase.split())
        if " ".join(words[start:start + length]) in (phrase, f"و{phrase}") and any(
                word in PAPER_WORDS for word in words[start + length:start + length + window]):
            return True
    return False

