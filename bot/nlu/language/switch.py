"""Recognises an explicit request to change the reply language ("English please", "بالدارجة عافاك")."""
from __future__ import annotations

import re

from bot.nlu.language.lexicon import switch_lexicon
from bot.nlu.language.tokens import tokenise

# Clause boundaries: a request in one clause is not undone by a mention in another
# ("I speak a little French but English please").
_CLAUSE_SPLIT = re.compile(
    r"[,.;:!?؟،؛\n]+|\b(?:but|mais|walakin|wlakin|lakin)\b|(?:^|\s)(?:لكن|ولكن)(?=\s|$)", re.IGNORECASE
)
_LATIN_CLITICS = ("bel", "bl", "b", "fl", "f", "l")
_ARABIC_CLITICS = ("وب", "ب", "ف", "و", "ل")
_FR_ELISIONS = ("l", "d", "j", "qu")
# How many words may separate a phrase addressed to the bot from the language name.
ADDRESSED_WINDOW = 3
# Clauses longer than this are statements, not a bare request, unless addressed to the bot.
MAX_BARE_REQUEST = 8
# A switch request is a short message or opens a longer one.
MAX_CHARS = 1000


def requested_language(text: str) -> str | None:
    """Code in SUPPORTED the user explicitly asks to be answered in, else None (a mere mention is not a request)."""
    found: str | None = None
    for clause in _CLAUSE_SPLIT.split((text or "")[:MAX_CHARS]):
        if clause and clause.strip():
            request = _clause_request(_words(clause))
            if request:
                found = request  # the last request wins: "not in French, English please"
    return found


def names_a_language(text: str) -> bool:
    """The message names a language we speak ("et si je ne parle pas arabe ?"), whether or not it asks for it."""
    return any(_name_spans(_words(clause)) for clause in _CLAUSE_SPLIT.split((text or "")[:MAX_CHARS]) if clause)


def _words(clause: str) -> list[str]:
    words: list[str] = []
    for token in tokenise(clause):
        parts = token.norm.split("'")
        # "l'arabe", "d'anglais": the elided article is noise; keep the word after it.
        if len(parts) > 1 and parts[0] in _FR_ELISIONS:
            words.extend(part for part in parts if part)
        else:
            words.append("".join(parts))
    return words


def _clause_request(words: list[str]) -> str | None:
    lexicon = switch_lexicon()
    spans = _name_spans(words)
    if len(spans) != 1:
        # No name, or several ("English or French?"): not a request we can act on.
        return None
    start, end, code = spans[0]
    others = words[:start] + words[end:]
    if len(words) <= MAX_BARE_REQUEST and all(word in lexicon.around for word in others):
        return code
    for phrases, anywhere in ((lexicon.questions, True), (lexicon.orders, False)):
        for phrase in phrases:
            for at in range(0, start - len(phrase) + 1):
                if tuple(words[at : at + len(phrase)]) != phrase:
                    continue
                if not anywhere and not all(word in lexicon.around for word in words[:at]):
                    continue
                between = words[at + len(phrase) : start]
                if len(between) <= ADDRESSED_WINDOW and all(word in lexicon.around for word in between):
                    return code
    return None


def _name_spans(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, code) of each language name, longest match first, clitics allowed on the first word."""
    names = switch_lexicon().names
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        match = None
        for phrase, code in names:
            size = len(phrase)
            window = words[i : i + size]
            if len(window) == size and _first_word_matches(window[0], phrase[0]) and tuple(window[1:]) == phrase[1:]:
                match = (i, i + size, code)
                break
        if match:
            # "moroccan arabic" and "arabic" name one language; merge adjacent names of the same code.
            if spans and spans[-1][1] == match[0] and spans[-1][2] == match[2]:
                spans[-1] = (spans[-1][0], match[1], match[2])
            else:
                spans.append(match)
            i = match[1]
        else:
            i += 1
    return spans


def _first_word_matches(word: str, name: str) -> bool:
    if word == name:
        return True
    for clitic in _LATIN_CLITICS:
        if word.startswith(clitic) and word[len(clitic) :] == name:
            return True
    for clitic in _ARABIC_CLITICS:
        if word.startswith(clitic):
            rest = word[len(clitic) :]
            # بالعربية = ب + العربية; للعربية = ل + لعربية, i.e. the article lost its alef.
            if rest == name or ("ال" + rest[1:] == name and rest.startswith("ل")):
                return True
    return False
