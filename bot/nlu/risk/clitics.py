"""Splits a word glued to the word it belongs to when the rest is a word the pattern set knows: the Arabic
conjunction ("وسأنهي" = and + I will end) in every Arabic-script set, and Darija's negation and conjunction written in
Latin letters ("machad" = ma + chad, did not take; "wkaydrbni" = w + kaydrbni, and he beats me) in the Darija set.
So every cue is found after a glued "و", "ف" or "w", and every denial after a glued "ma", without listing each word
twice.

Why a split and not a lookup: the rules match words two ways, by concept (NORM) and exactly as written (LOWER, the
"=word" items), and only a token of its own carries the word's own LOWER. The "و" left alone is a clause boundary in
the sets, as the conjunction is; the "ma" left alone is a negation. Only words whose rest the set knows are split,
and only when the whole word is not itself known: "ولد" (a boy), "فلوس" (money) or "machi" are words of their own.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from bot.nlu.risk.aligned_text import normalise

# "و" (and) and "ف" (so, then; in Darija also "in": "فالدار"), as normalised text writes them.
ARABIC_CONJUNCTIONS = ("و", "ف")
# Darija's negation glued in Latin letters: "machad", "makhda", "ma7ad".
LATIN_NEGATION = "ma"
# Darija's conjunction glued in Latin letters: "wkaydrbni" (and he beats me).
LATIN_CONJUNCTION = "w"
CONJUNCTIONS = (*ARABIC_CONJUNCTIONS, LATIN_CONJUNCTION)
# A rest this short is too often a word of its own by chance; in arabizi, whose spellings vary, one letter more
# ("mafia" is no "ma fia", as lexicon.py trusts no skeleton under four letters).
_MIN_REST = 3
_MIN_LATIN_REST = 4
_ARABIC = re.compile(r"^[\u0600-\u06FF]+$")
_LATIN = re.compile(r"^[a-z0-9]+$")
_CONCEPT_OR_SYNTAX = re.compile(r"^(?:[A-Z][A-Z0-9_]*|NUM\[\d+-\d+\]|[~*]\d)$")
# Marks both halves of a split conjunction (Arabic or Latin): the framing rules do not read them (pipeline.CueMatcher).
CONJUNCTION_SPLIT = "amane_conjunction_split"
if not Token.has_extension(CONJUNCTION_SPLIT):
    Token.set_extension(CONJUNCTION_SPLIT, default=False)


def pattern_words(sources: Iterable[str]) -> set[str]:
    """The plain and exact ("=word") words of pattern sources and phrases, normalised."""
    words: set[str] = set()
    for source in sources:
        for part in source.split():
            for alternative in part.rstrip("?").split("|") if len(part) > 1 else [part]:
                word = alternative.lstrip("=")
                if word and not _CONCEPT_OR_SYNTAX.match(alternative):
                    words.update(normalise(word).text.split())
    return words


class ProcliticSplitter:
    """A pipeline component: "وسانهي" -> "و" "سانهي", "machad" -> "ma" "chad" when the rest is known and the whole
    word is not. `knows` says whether the set knows a word (its lexicon, its pattern words, their spellings)."""

    def __init__(self, knows: Callable[[str], bool], latin_darija: bool) -> None:
        self.knows = knows
        self.latin_darija = latin_darija

    def prefix_of(self, word: str) -> str:
        """The glued prefix to split off `word`, or ""."""
        if len(word) < _MIN_REST + 1:
            return ""
        if word.startswith(ARABIC_CONJUNCTIONS) and _ARABIC.match(word):
            prefix = word[0]
        elif self.latin_darija and word.startswith((LATIN_NEGATION, LATIN_CONJUNCTION)) and _LATIN.match(word):
            prefix = LATIN_NEGATION if word.startswith(LATIN_NEGATION) else LATIN_CONJUNCTION
        else:
            return ""
        rest = word[len(prefix):]
        shortest = _MIN_REST if prefix in ARABIC_CONJUNCTIONS else _MIN_LATIN_REST
        if len(rest) < shortest or self.knows(word) or not self.knows(rest):
            return ""
        return prefix

    def __call__(self, doc: Doc) -> Doc:
        glued = [(token, prefix) for token in doc if (prefix := self.prefix_of(token.text))]
        if glued:
            before = [(token.i, prefix) for token, prefix in glued]
            with doc.retokenize() as retokenizer:
                for token, prefix in glued:
                    retokenizer.split(token, [prefix, token.text[len(prefix):]], heads=[(token, 1), token])
            # Each split before a word moves it one place on.
            for shift, (index, prefix) in enumerate(before):
                if prefix in CONJUNCTIONS:
                    doc[index + shift]._.set(CONJUNCTION_SPLIT, True)
                    doc[index + shift + 1]._.set(CONJUNCTION_SPLIT, True)
        return doc
