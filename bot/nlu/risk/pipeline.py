"""Builds, once per pattern set, a blank spaCy pipeline whose rule-based components mark risk cues in doc.spans.

Three components: amane_risk_clitics splits a glued Arabic "و"/"ف" or Darija "ma" off a known word
(bot/nlu/risk/clitics.py);
amane_risk_concepts tags each token with its concept (in NORM) and number value;
amane_risk_cues runs the Matcher and PhraseMatcher and sorts what they find into three span groups: cues as
stated (SPAN_KEY), cues a negation denies (NEGATED_KEY, kept as evidence of a denial), and framing spans
(FRAME_KEY: "what if", "lol", "is it legal"...). No trained spaCy 3.4 pipeline is available offline, so
everything is rules on a blank language class.
"""
# No "from __future__ import annotations" here: spaCy's factory registry reads the annotations at runtime.
import functools
import threading
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from bot.nlu.risk.aligned_text import normalise
from bot.nlu.risk.clitics import CONJUNCTION_SPLIT, ProcliticSplitter, pattern_words
from bot.nlu.risk.lexicon import (
    BOUNDARY,
    MA_CONJUNCTION,
    NEGATED_PREFIX,
    NEGATION,
    STILL,
    UNIT,
    Lexicon,
    PatternSet,
    PatternSetError,
    compile_pattern,
    load_pattern_set,
)

SPAN_KEY = "amane_risk"
NEGATED_KEY = "amane_risk_negated"
FRAME_KEY = "amane_risk_frames"
# Framing spans a negation denies ("I don't want the police"): another set that misses the negation must not revive
# them.
NEGATED_FRAME_KEY = "amane_risk_frames_negated"
# Framing rules share the cue Matcher (one pass over the doc); their match labels carry this prefix.
FRAME_PREFIX = "frame:"
TRIVIAL_FRAME = FRAME_PREFIX + "trivial"
# The subject of a clause (he, she, the boss): after an opening "no" it starts a new statement.
AGENT = "AGENT"
# Age cues end on a number ("I am 15"); for them only, a following unit means a quantity ("I am 15 minutes away").
AGE_LABEL = "minor"
# Cues that read a number of years as an age.
AGE_LABELS = frozenset({AGE_LABEL, "child_work", "kin_age"})
# A word that refuses what follows ("ma bghitch", "ما بغيتش": I don't want); optional in a pattern set.
REFUSAL = "NEG_WANT"
PATTERN_SETS = ("en", "fr", "ar", "ary")
# The Arabic "and" glued to the next word: it starts a clause, so a negation before it does not reach past it.
GLUED_AND = "و"
# Darija "ولا" is "nor" and "or": after "واش" (the yes/no question) in the same sentence it is "or", a clause break
# ("واش كاين شي مساعدة ولا نخلص البيي بوحدي؟": is there help, or do I pay the ticket myself?). dev_v15.
QUESTION_OPENERS = frozenset({"واش"})
OR_IN_QUESTION = frozenset({"ولا"})
SENTENCE_ENDS = frozenset({".", "?", "!", "؟"})

if not Token.has_extension("amane_num"):
    # -1 (not None) because the Matcher compares this value with >= and <=.
    Token.set_extension("amane_num", default=-1)

_pipelines: dict[str, Language] = {}
_build_lock = threading.Lock()


def get_pipeline(name: str) -> Language:
    """The pipeline of one pattern set, built on first use and then shared."""
    nlp = _pipelines.get(name)
    if nlp is None:
        with _build_lock:
            nlp = _pipelines.get(name)
            if nlp is None:
                nlp = build_pipeline(name)
                _pipelines[name] = nlp
    return nlp


def preload() -> None:
    """Builds every pattern set now: the first French build alone takes seconds (spaCy's French exceptions)."""
    for name in PATTERN_SETS:
        get_pipeline(name)


def build_pipeline(name: str) -> Language:
    """A fresh pipeline for one pattern set; raises PatternSetError on any mistake in its file."""
    if name not in PATTERN_SETS:
        raise PatternSetError(f"unknown pattern set {name!r}")
    nlp = spacy.blank(_load(name).spacy_lang)
    nlp.add_pipe("amane_risk_clitics", config={"pattern_set": name})
    nlp.add_pipe("amane_risk_concepts", config={"pattern_set": name})
    nlp.add_pipe("amane_risk_cues", config={"pattern_set": name})
    return nlp


@functools.cache
def _load(name: str) -> PatternSet:
    return load_pattern_set(name)


class ConceptTagger:
    """Writes each token's concept (or its plain form) into NORM, and number words' value into ._.amane_num."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        previous = ""
        asking = False
        for token in doc:
            text = token.text
            # spaCy's own norm knows contractions ("n't" -> "not", "'ll" -> "will"); try it after the surface form.
            concept = lexicon.concept(text) or lexicon.concept(token.norm_)
            if concept == NEGATION and previous == MA_CONJUNCTION:
                # "كل ما كنطلب فلوسي كيضربني" (whenever I ask...): the "ما" opens a clause, it negates nothing.
                concept = None
            elif concept == NEGATION and asking and text in OR_IN_QUESTION:
                concept = BOUNDARY
            if text in QUESTION_OPENERS:
                asking = True
            elif text in SENTENCE_ENDS:
                asking = False
            previous = concept or ""
            if concept is not None:
                token.norm_ = concept
            else:
                # Arabizi has no fixed spelling: "kaydo9", "kaydoq" and "kaydooq" share one key.
                key = lexicon.spelling_key(text)
                if key is not None:
                    token.norm_ = key
            value = lexicon.number(text)
            if value >= 0:
                token._.amane_num = value
        return doc


class CueMatcher:
    """Finds cue and framing spans, sets the negated cues apart and keeps, per label, the longest of overlaps."""

    def __init__(self, nlp: Language, pattern_set: PatternSet) -> None:
        self.matcher = Matcher(nlp.vocab)
        # Phrases are fixed expressions, matched as written; concepts are for the token patterns.
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.negation_window = pattern_set.negation_window
        self.lexicon = pattern_set.lexicon
        self._compile(nlp, pattern_set)

    def _compile(self, nlp: Language, pattern_set: PatternSet) -> None:
        lexicon = pattern_set.lexicon
        tagger = ConceptTagger(lexicon)
        concepts = set(lexicon.exact.values()) | {c for _, c in lexicon.regexes + lexicon.skeleton_regexes}

        def word_norm(word: str) -> str:
            text = normalise(word).text
            if not _is_one_token(nlp, text):
                raise PatternSetError(f"{pattern_set.name}: {word!r} is not one token; use two pattern items")
            return tagger(nlp.make_doc(f"a {text} a"))[1].norm_

        # Generated affix variants may be split (xx splits "lwra9ha" as "lwra9" + "ha"); the stem still matches.
        split = [
            f"{lexicon.exact[word]}:{word}" for word in sorted(lexicon.written) if not _is_one_token(nlp, word)
        ]
        if split:
            raise PatternSetError(f"{pattern_set.name}.yml: words the tokenizer splits, never matched: {split}")
        # All mistakes of a file are reported at once, so an author fixes them in one pass.
        errors: list[str] = []
        sections = (
            ("cues", "", pattern_set.patterns, pattern_set.phrases),
            ("framing", FRAME_PREFIX, pattern_set.frame_patterns, pattern_set.frame_phrases),
        )
        for section, prefix, patterns, phrases in sections:
            for label in sorted(set(patterns) | set(phrases)):
                where = f"{pattern_set.name}.yml {section}.{label}"
                compiled = []
                for source in patterns.get(label, []):
                    try:
                        compiled.extend(compile_pattern(source, word_norm, concepts, where))
                    except PatternSetError as error:
                        errors.append(str(error))
                if compiled:
                    self.matcher.add(prefix + label, compiled)
                phrase_docs = [nlp.make_doc(normalise(p).text) for p in phrases.get(label, [])]
                if phrase_docs:
                    self.phrase_matcher.add(prefix + label, phrase_docs)
        if errors:
            raise PatternSetError("\n".join(errors))

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        stated: list[Span] = []
        denied: list[Span] = []
        frames: list[Span] = []
        denied_frames: list[Span] = []
        for match_id, start, end in list(self.matcher(doc)) + list(self.phrase_matcher(doc)):
            label = strings[match_id]
            negated = self._negated(doc, start, end)
            if label.startswith(FRAME_PREFIX):
                # The split conjunction serves cues only. Frames were written against whole words, and their scopes
                # (a denial opens what it denies, haste is the message's own) do not hold for a word joined to what
                # came before: "...وحتى واحد ما قال لينا فين" (and nobody told us where) goes on with a complaint.
                if any(token._.get(CONJUNCTION_SPLIT) for token in doc[start:end]):
                    continue
                # "ma bghitch lbolis" (I don't want the police): a refusal denies the frame after it too.
                negated = negated or self._refused(doc, start)
                # A negated frame says the opposite ("I don't want to talk to a person"): it is no frame at all. A
                # trivial cause stays one ("so that I don't eat the sweets").
                if not negated or label == TRIVIAL_FRAME:
                    frames.append(Span(doc, start, end, label=label[len(FRAME_PREFIX):]))
                else:
                    denied_frames.append(Span(doc, start, end, label=label[len(FRAME_PREFIX):]))
                continue
            if label == AGE_LABEL and self._number_is_a_quantity(doc, end):
                continue
            if label in AGE_LABELS and _years_ago(doc, start, end):
                continue
            (denied if negated else stated).append(Span(doc, start, end, label=label))
        doc.spans[SPAN_KEY] = _longest_per_label(stated)
        doc.spans[NEGATED_KEY] = _longest_per_label(denied)
        doc.spans[FRAME_KEY] = _longest_per_label(frames)
        doc.spans[NEGATED_FRAME_KEY] = _longest_per_label(denied_frames)
        return doc

    def _negated(self, doc: Doc, start: int, end: int) -> bool:
        """True when a negation shortly before the cue denies it ("he did not take my passport").

        A cue that contains its own negation ("he does not pay me") is a statement of the problem, not a denial.
        """
        if any(_is_negation(token.norm_) for token in doc[start:end]):
            return False
        # "مش هتمشي قبل ما تسدد" (you won't leave before you pay): a cue opening with "before / until" is a clause of
        # its own; the negation before it is another clause's.
        if doc[start].norm_ == MA_CONJUNCTION:
            return False
        # "ولا أتكلم لغتهم وممنوع علي الحديث" (I don't speak their language, and I am forbidden to talk): a cue whose
        # first word carries a glued "و" opens a clause of its own, as the "و" the clitic splitter splits off does (a
        # boundary); the splitter left this one on only because the set knows the word with its prefix (dev_v13).
        if self._glued_and(doc[start].text, doc[start].norm_):
            return False
        for index in range(start - 1, max(0, start - self.negation_window) - 1, -1):
            token = doc[index]
            if token.is_punct or _is_a(token.norm_, BOUNDARY):
                return False
            # "ما زلت مدينا لهم" (I still owe them): the negation belongs to the idiom "still"; "ila ma khdmtch
            # kaydrbni" (if I don't work he beats me): it closes on the word after it (ma ...ch), not on the cue.
            following = doc[index + 1]
            if token.norm_ == NEGATION and following.norm_ != STILL and not (
                index + 1 < start and _closes_a_negation(following.text)
            ) and not _answers_no(doc, index):
                return True
        return False

    def _glued_and(self, word: str, norm: str) -> bool:
        """"وممنوع": "و" + a word the set knows as the same concept."""
        return (
            word.startswith(GLUED_AND) and len(word) > len(GLUED_AND) + 2
            and self.lexicon.concept(word[len(GLUED_AND):]) == norm
        )

    def _refused(self, doc: Doc, start: int) -> bool:
        """A "don't want" word (NEG_WANT: "ma bghitch", "ما بغيتش") shortly before, within the clause."""
        for index in range(start - 1, max(0, start - self.negation_window) - 1, -1):
            token = doc[index]
            if token.is_punct or _is_a(token.norm_, BOUNDARY):
                return False
            if token.norm_ == REFUSAL:
                return True
        return False

    @staticmethod
    def _number_is_a_quantity(doc: Doc, end: int) -> bool:
        """A cue ending on a number ("I am 15") is no age when a unit follows ("I am 15 minutes away")."""
        if doc[end - 1]._.amane_num < 0 or end >= len(doc):
            return False
        return _is_a(doc[end].norm_, UNIT)


@Language.factory("amane_risk_clitics", default_config={"pattern_set": ""})
def _make_clitics(nlp: Language, name: str, pattern_set: str) -> ProcliticSplitter:
    rules = _load(pattern_set)
    lexicon = rules.lexicon
    sources = [
        source for group in (rules.patterns, rules.phrases, rules.frame_patterns, rules.frame_phrases)
        for sources in group.values() for source in sources
    ]
    words = pattern_words(sources)
    # An arabizi pattern word is matched by its spelling key, so "chad" in a rule knows "chedd" too.
    keys = {key for key in map(lexicon.spelling_key, words) if key is not None}

    def knows(word: str) -> bool:
        key = lexicon.spelling_key(word)
        return word in words or lexicon.concept(word) is not None or (key is not None and key in keys)

    # Only Darija glues its negation and "and" in Latin letters; in French "ma" is "my".
    return ProcliticSplitter(knows, latin_darija=lexicon.use_skeletons)


@Language.factory("amane_risk_concepts", default_config={"pattern_set": ""})
def _make_concepts(nlp: Language, name: str, pattern_set: str) -> ConceptTagger:
    return ConceptTagger(_load(pattern_set).lexicon)


@Language.factory("amane_risk_cues", default_config={"pattern_set": ""})
def _make_cues(nlp: Language, name: str, pattern_set: str) -> CueMatcher:
    return CueMatcher(nlp, _load(pattern_set))


def _years_ago(doc: Doc, start: int, end: int) -> bool:
    """French "il y a deux ans" is "two years ago", not an age: "il y a deux ans, je travaille..." is no child at
    work."""
    return any(
        doc[i].lower_ == "a" and doc[i - 1].lower_ == "y" and doc[i + 1]._.amane_num >= 0
        for i in range(max(start, 1), min(end, len(doc) - 1))
    )


def _is_one_token(nlp: Language, word: str) -> bool:
    """True if the tokenizer keeps `word` whole between other words.

    Clitics ("n't", "'m", "j'", "-moi") are tokens only when glued to a word (and only to some words), so
    they are trusted as written.
    """
    if word[0] in "'-" or word[-1] in "'-":
        return True
    return [t.text for t in nlp.make_doc(f"a {word} a")] == ["a", word, "a"]


def _is_a(norm: str, concept: str) -> bool:
    """BOUNDARY_BUT is a BOUNDARY, UNIT_HOUR a UNIT: sub-concepts keep their family's role in the code."""
    return norm == concept or norm.startswith(concept + "_")


def _closes_a_negation(word: str) -> bool:
    """The second half of Darija's ma ...ch: "khdmtch", "خدمتش" (not "ch" alone, nor "kolchi")."""
    return len(word) >= 4 and word.endswith(("ch", "sh", "ش"))


def _answers_no(doc: Doc, index: int) -> bool:
    """"no he is hitting me now": a "no" that opens the message, then a subject, answers what was asked before (a
    pending question); it does not deny what follows. "no one hits me", "he did not take it" stay negations."""
    opening = all(token.is_punct or token.norm_ == NEGATION for token in doc[:index])
    return opening and index + 1 < len(doc) and _is_a(doc[index + 1].norm_, AGENT)


def _is_negation(norm: str) -> bool:
    return norm == NEGATION or norm.startswith(NEGATED_PREFIX)


def _longest_per_label(spans: Iterable[Span]) -> list[Span]:
    kept: list[Span] = []
    taken: dict[str, set[int]] = {}
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label_)):
        used = taken.setdefault(span.label_, set())
        if used.isdisjoint(range(span.start, span.end)):
            kept.append(span)
            used.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: (s.start, s.label_))
