"""Loads a pattern set (bot/nlu/risk/patterns/<name>.yml): its word lexicon and its cue rules in a small
pattern language.

The format is described at the top of patterns/en.yml; this module checks it strictly so a typo fails at build time.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.nlu.risk.aligned_text import fold_chars, normalise
from bot.nlu.risk.labels import CUE_LABELS, FRAME_KINDS

PATTERNS_DIR = Path(__file__).parent / "patterns"
# Concepts the matching code itself relies on; every pattern set defines them.
NEGATION = "NEG"
BOUNDARY = "BOUNDARY"
UNIT = "UNIT"
REQUIRED_CONCEPTS = (NEGATION, BOUNDARY, UNIT)
# Optional: a word that makes the negation before it idiomatic, not a denial (Arabic "ما زال" = still).
STILL = "STILL"
# Optional: a word after which the negation word is part of a conjunction ("كل ما" whenever, "لحد ما" until, "قبل ما"
# before): that "ما" denies nothing.
MA_CONJUNCTION = "MA_CONJUNCTION"
# A concept whose name starts with this carries its own negation (Darija "makhlesnich" = "he did not pay me").
NEGATED_PREFIX = "NEG_"

_CONCEPT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_NUM_RANGE = re.compile(r"^NUM\[(\d+)-(\d+)\]$")
_WILDCARD = re.compile(r"^([~*])(\d)$")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ARABIZI_TOKEN = re.compile(r"^[a-z0-9'\-]*[a-z][a-z0-9'\-]*$")
# Latin-script Darija writes one sound many ways; these folds make a consonant skeleton shared by the variants.
_ARABIZI_FOLDS = (("sh", "c"), ("ch", "c"), ("x", "c"), ("kh", "5"), ("gh", "8"), ("q", "9"), ("p", "b"), ("7", "h"))
# Shorter skeletons are shared by too many unrelated words to be trusted ("l7o9o9" rights, "l7e9o" come help).
_MIN_SKELETON = 4
# Affixes on stems this short make real, unrelated words: ب + اب (father) = باب (door).
_MIN_AFFIXED_STEM = 2
# Marks a spelling key in a token's NORM (concept names are UPPER_CASE, so the two never meet).
SPELLING_PREFIX = "~"
# Bounds the memory of Lexicon.concept's cache; a day of messages uses far fewer distinct words.
_MAX_REMEMBERED = 100_000


class PatternSetError(ValueError):
    """A pattern file is malformed; raised while building, never while matching."""


def arabizi_spelling(word: str) -> str:
    """A milder fold than the skeleton, vowels kept, for words too short to trust a skeleton: "chadda", "shada" and
    "chada" give "cada"; "mous" and "mos" give "mos"; "ghadi" and "8adi" give "8adi"."""
    key = word.replace("'", "").replace("-", "")
    for old, new in _ARABIZI_FOLDS:
        key = key.replace(old, new)
    key = key.replace("ou", "o").replace("u", "o").replace("ee", "e")
    return re.sub(r"(.)\1+", r"\1", key)


def arabizi_skeleton(word: str) -> str:
    """Consonant skeleton of a Latin-script Darija word: "khlesni", "5elsni", "khalsni" all give "5lsn"."""
    key = word.replace("'", "").replace("-", "")
    for old, new in _ARABIZI_FOLDS:
        key = key.replace(old, new)
    key = key.replace("2", "")
    key = re.sub(r"[aeiouy]", "", key)
    return re.sub(r"(.)\1+", r"\1", key)


@dataclass
class Lexicon:
    """Maps a normalised word to the concept it belongs to, and number words to their value."""

    exact: dict[str, str] = field(default_factory=dict)
    skeletons: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, str] = field(default_factory=dict)  # arabizi_spelling -> concept, for short words
    written: set[str] = field(default_factory=set)  # words as listed in the file, before affixes
    regexes: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    skeleton_regexes: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    use_skeletons: bool = False
    _seen: dict[str, str | None] = field(default_factory=dict, repr=False)

    def concept(self, word: str) -> str | None:
        """The concept of a normalised word, or None; remembered, since the same words come back all day."""
        try:
            return self._seen[word]
        except KeyError:
            pass
        if len(self._seen) > _MAX_REMEMBERED:
            self._seen.clear()
        found = self._seen[word] = self._look_up(word)
        return found

    def _look_up(self, word: str) -> str | None:
        found = self.exact.get(word)
        if found is not None:
            return found
        if self.use_skeletons and _ARABIZI_TOKEN.match(word):
            skeleton = arabizi_skeleton(word)
            found = self.skeletons.get(skeleton) or self.spellings.get(arabizi_spelling(word))
            if found is not None:
                return found
            for regex, concept in self.skeleton_regexes:
                if regex.fullmatch(skeleton):
                    return concept
        for regex, concept in self.regexes:
            if regex.fullmatch(word):
                return concept
        return None

    def spelling_key(self, word: str) -> str | None:
        """For a Latin-script word of a set with arabizi_skeletons, its skeleton as a NORM ("~kyd9" for "kaydo9",
        "kaydoq", "kaydooq"), so a word a pattern names is found however it is spelled; None for other words and
        for skeletons too short to tell words apart."""
        if not self.use_skeletons or not _ARABIZI_TOKEN.match(word):
            return None
        skeleton = arabizi_skeleton(word)
        if len(skeleton) >= _MIN_SKELETON:
            return SPELLING_PREFIX + skeleton
        return SPELLING_PREFIX + SPELLING_PREFIX + arabizi_spelling(word)

    def number(self, word: str) -> int:
        """The value of a number in digits or words ("15", "fifteen", "خمسطاش"), or -1."""
        if word.isdigit() and len(word) <= 4:
            return int(word)
        return self.numbers.get(word, -1)


@dataclass
class PatternSet:
    """One language's (or script's) rules, ready to compile into spaCy matchers."""

    name: str
    spacy_lang: str
    negation_window: int
    lexicon: Lexicon
    phrases: dict[str, list[str]]
    patterns: dict[str, list[str]]
    # Framing rules (bot/nlu/risk/labels.py FRAME_KINDS), in the same pattern language: kind -> phrases, patterns.
    frame_phrases: dict[str, list[str]] = field(default_factory=dict)
    frame_patterns: dict[str, list[str]] = field(default_factory=dict)


def load_pattern_set(name: str) -> PatternSet:
    path = PATTERNS_DIR / f"{name}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise PatternSetError(f"{path.name}: not a mapping")
    lexicon = _build_lexicon(path.name, data)
    missing = [c for c in REQUIRED_CONCEPTS if c not in set(lexicon.exact.values())]
    if missing:
        raise PatternSetError(f"{path.name}: concepts {missing} must be defined")
    phrases, patterns = _rules(path.name, "cues", data.get("cues") or {}, CUE_LABELS)
    frame_phrases, frame_patterns = _rules(path.name, "framing", data.get("framing") or {}, FRAME_KINDS)
    return PatternSet(
        name=name,
        spacy_lang=str(data.get("spacy_lang", "xx")),
        negation_window=int(data.get("negation_window", 2)),
        lexicon=lexicon,
        phrases=phrases,
        patterns=patterns,
        frame_phrases=frame_phrases,
        frame_patterns=frame_patterns,
    )


def _rules(
    file_name: str, section: str, data: dict[str, Any], known: frozenset[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The phrases and patterns of each label of one section ("cues" or "framing")."""
    phrases: dict[str, list[str]] = {}
    patterns: dict[str, list[str]] = {}
    for label, rules in data.items():
        if label not in known:
            raise PatternSetError(f"{file_name}: {section}.{label} is not one of {sorted(known)}")
        if not isinstance(rules, dict) or set(rules) - {"phrases", "patterns"}:
            raise PatternSetError(f"{file_name}: {section}.{label} takes only 'phrases' and 'patterns'")
        phrases[label] = [str(p) for p in rules.get("phrases") or []]
        patterns[label] = [str(p) for p in rules.get("patterns") or []]
    return phrases, patterns


def _build_lexicon(file_name: str, data: dict[str, Any]) -> Lexicon:
    lexicon = Lexicon(use_skeletons=bool(data.get("arabizi_skeletons", False)))
    affix_sets: dict[str, dict[str, list[str]]] = data.get("affix_sets") or {}
    generated: dict[str, str] = {}
    conflicts: list[str] = []
    exact_only: set[str] = set()
    skeleton_owner: dict[str, str | None] = {}
    for concept, entry in (data.get("lexicon") or {}).items():
        if not _CONCEPT_NAME.match(concept):
            raise PatternSetError(f"{file_name}: concept name {concept!r} must be UPPER_CASE")
        if isinstance(entry, list):
            entry = {"words": entry}
        words = [_normalise_word(str(w), file_name) for w in entry.get("words") or []]
        affix_names = entry.get("affix") or []
        affix_names = [affix_names] if isinstance(affix_names, str) else affix_names
        for word in words:
            if lexicon.exact.get(word, concept) != concept:
                conflicts.append(f"{word!r} is in both {lexicon.exact[word]} and {concept}")
            lexicon.exact[word] = concept
            lexicon.written.add(word)
            for affix_name in affix_names:
                if affix_name not in affix_sets:
                    raise PatternSetError(f"{file_name}: unknown affix set {affix_name!r}")
                for variant in _with_affixes(word, affix_sets[affix_name]):
                    generated.setdefault(variant, concept)
        unknown_keys = set(entry) - {"words", "affix", "regex", "skeleton_regex", "exact_only"}
        if unknown_keys:
            raise PatternSetError(f"{file_name}: {concept} has unknown keys {sorted(unknown_keys)}")
        for word in (_normalise_word(str(w), file_name) for w in entry.get("exact_only") or []):
            # Matched only as spelled, never by skeleton: French or English words met in Darija (whose skeletons
            # would catch unrelated words: "mineur" and "m'emmener" share "mnr"), and Darija words whose
            # skeleton is shared by a common word ("tab3ni" and "tab3an").
            if lexicon.exact.get(word, concept) != concept:
                conflicts.append(f"{word!r} is in both {lexicon.exact[word]} and {concept}")
            lexicon.exact[word] = concept
            lexicon.written.add(word)
            exact_only.add(word)
        for regex in entry.get("skeleton_regex") or []:
            # Written on skeletons (see arabizi_skeleton): verb forms whose prefixes and suffixes a list would miss.
            lexicon.skeleton_regexes.append((re.compile(str(regex)), concept))
        for regex in entry.get("regex") or []:
            # Only letters are folded: padding punctuation or lowercasing escapes would break the regex.
            lexicon.regexes.append((re.compile(fold_chars(str(regex))), concept))
    if conflicts:
        raise PatternSetError(f"{file_name}: a word belongs to one concept only: " + "; ".join(conflicts))
    # A spelled-out word always wins over a generated variant that happens to look the same.
    for variant, concept in generated.items():
        lexicon.exact.setdefault(variant, concept)
    if lexicon.use_skeletons:
        for word, concept in lexicon.exact.items():
            if word in exact_only or not _ARABIZI_TOKEN.match(word):
                continue
            key = arabizi_skeleton(word)
            if len(key) < _MIN_SKELETON:
                continue
            # A skeleton claimed by two concepts would guess; it is dropped and only exact spellings match.
            skeleton_owner[key] = concept if skeleton_owner.get(key, concept) == concept else None
        lexicon.skeletons = {k: c for k, c in skeleton_owner.items() if c is not None}
        # Short words ("chad", "haz", "mous") get the milder spelling fold, also dropped when two concepts share it.
        spelling_owner: dict[str, str | None] = {}
        for word, concept in lexicon.exact.items():
            if _ARABIZI_TOKEN.match(word) and word not in exact_only:
                key = arabizi_spelling(word)
                spelling_owner[key] = concept if spelling_owner.get(key, concept) == concept else None
        lexicon.spellings = {k: c for k, c in spelling_owner.items() if c is not None}
    for word, value in (data.get("numbers") or {}).items():
        lexicon.numbers[_normalise_word(str(word), file_name)] = int(value)
    return lexicon


def _normalise_word(word: str, file_name: str) -> str:
    text = normalise(word).text
    if not text or " " in text:
        raise PatternSetError(f"{file_name}: lexicon word {word!r} is not one word once normalised")
    return text


def _with_affixes(word: str, affixes: dict[str, list[str]]) -> list[str]:
    script = "arabic" if _ARABIC.search(word) else "latin"
    if len(word) <= _MIN_AFFIXED_STEM:
        return [word]
    prefixes = [""] + [fold_chars(p) for p in affixes.get(f"{script}_prefixes", [])]
    suffixes = [""] + [fold_chars(s) for s in affixes.get(f"{script}_suffixes", [])]
    variants = []
    for prefix in prefixes:
        for suffix in suffixes:
            variants.append(prefix + word + suffix)
            # A final ta marbuta (folded to "ه") is written "ت" before a suffix: بطاقة + ي = بطاقتي.
            if suffix and script == "arabic" and word.endswith("ه"):
                variants.append(prefix + word[:-1] + "ت" + suffix)
    return variants


def compile_pattern(
    source: str, word_norm: Callable[[str], str], concepts: set[str], where: str
) -> list[list[dict[str, Any]]]:
    """Turns "AGENT ~2 TAKE my? DOC" into spaCy Matcher patterns (see patterns/en.yml for the language).

    An item mixing exact words (=word, matched on LOWER) with concepts (matched on NORM) cannot be one
    Matcher token, so it is split and the pattern multiplied; authors use such items rarely.
    """
    variants: list[list[dict[str, Any]]] = [[]]
    parts = source.split()
    if not parts:
        raise PatternSetError(f"{where}: empty pattern")
    for position, part in enumerate(parts):
        wildcard = _WILDCARD.match(part)
        if wildcard:
            if position in (0, len(parts) - 1):
                raise PatternSetError(f"{where}: {source!r} may not start or end with a gap")
            if wildcard.group(1) == "~":
                # A short gap never swallows a negation: a negation inside a cue must be one the pattern asked
                # for, so "he did not take my passport" cannot match "AGENT ~2 TAKE_BASE ~3 DOC" and so escape
                # the negation check. A wide gap (*N) links two facts ("locked in ... no food ... scared").
                negations = sorted(c for c in concepts if c == NEGATION or c.startswith(NEGATED_PREFIX))
                gap: dict[str, Any] = {"NORM": {"NOT_IN": negations}, "IS_PUNCT": False, "OP": "?"}
            else:
                gap = {"OP": "?"}
            variants = [v + [dict(gap) for _ in range(int(wildcard.group(2)))] for v in variants]
            continue
        optional = part.endswith("?") and len(part) > 1
        body = part[:-1] if optional else part
        choices = _compile_item(body, word_norm, concepts, f"{where}: {source!r}")
        if optional:
            for choice in choices:
                choice["OP"] = "?"
        variants = [v + [dict(choice)] for v in variants for choice in choices]
    return variants


def _compile_item(
    body: str, word_norm: Callable[[str], str], concepts: set[str], where: str
) -> list[dict[str, Any]]:
    norms: list[str] = []
    exact: list[str] = []
    tokens: list[dict[str, Any]] = []
    for alternative in body.split("|"):
        number = _NUM_RANGE.match(alternative)
        if number:
            low, high = int(number.group(1)), int(number.group(2))
            tokens.append({"_": {"amane_num": {">=": low, "<=": high}}})
        elif not alternative or alternative == "=":
            raise PatternSetError(f"{where}: empty alternative")
        elif alternative.startswith("="):
            word = _exact_word(alternative[1:])
            # In an arabizi set a word that is no concept is matched by its spelling key, like the text's tokens.
            key = _spelling_norm(word, word_norm)
            if key is not None:
                norms.append(key)
            else:
                exact.append(word)
        elif _CONCEPT_NAME.match(alternative):
            if alternative not in concepts:
                raise PatternSetError(f"{where}: unknown concept {alternative}")
            norms.append(alternative)
        else:
            norm = word_norm(alternative)
            if _CONCEPT_NAME.match(norm):
                # Silently widening a word to its whole concept surprised authors ("minors" matched "children").
                raise PatternSetError(f"{where}: {alternative!r} is a {norm} word; write {norm} or ={alternative}")
            norms.append(norm)
    if norms:
        unique = sorted(set(norms))
        tokens.append({"NORM": unique[0]} if len(unique) == 1 else {"NORM": {"IN": unique}})
    if exact:
        unique = sorted(set(exact))
        tokens.append({"LOWER": unique[0]} if len(unique) == 1 else {"LOWER": {"IN": unique}})
    return tokens


def _spelling_norm(word: str, word_norm: Callable[[str], str]) -> str | None:
    try:
        norm = word_norm(word)
    except PatternSetError:  # split by the tokenizer: matched as written, on its pieces' own terms
        return None
    return norm if norm.startswith(SPELLING_PREFIX) else None


def _exact_word(word: str) -> str:
    """An exact word is compared with the normalised surface form, which is already lowercase."""
    text = normalise(word).text
    if not text or " " in text:
        raise PatternSetError(f"exact word {word!r} must be one word")
    return text
