"""find_cues: runs every pattern set that fits the text's scripts, maps cues and framing spans back to the
original text, and keeps the cues the writer states (bot/nlu/risk/framing.py decides which)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.nlu.risk.aligned_text import normalise, scripts_in
from bot.nlu.risk.elision import restore_elisions
from bot.nlu.risk.framing import Framing, resolve
from bot.nlu.risk.labels import ASSERTED, DANGER, INDICATORS, NEGATED, Cue, Frame, code_of
from bot.nlu.risk.markers import find_markers
from bot.nlu.risk.pipeline import FRAME_KEY, NEGATED_FRAME_KEY, NEGATED_KEY, SPAN_KEY, get_pipeline

__all__ = ["DANGER", "INDICATORS", "Cue", "Reading", "find_cues", "frame_cues", "read_cues"]

LANGUAGES = ("fr", "en", "ar", "ary")
# Messages beyond this are cut before matching: it bounds the cost of a pasted wall of text, and
# a disclosure is said early. The channels refuse much longer texts anyway.
MAX_CHARS = 5000
# Code-switching is the norm ("lpatron ma khelsnich", "my boss a pris mon passeport"): every set of a
# script the text uses is run, whatever language the detector chose.
_SETS_BY_SCRIPT = {"latin": ("en", "fr", "ary"), "arabic": ("ar", "ary")}


@dataclass(frozen=True)
class Reading:
    """What the pattern sets found in one message, before framing: cues (stated or negated) and framing spans."""

    text: str  # the text the offsets point into (cut at MAX_CHARS)
    cues: tuple[Cue, ...]
    frames: tuple[Frame, ...]


def pattern_sets_for(normalised_text: str, language: str) -> list[str]:
    """The detected language's set first, then every set of a script present in the text."""
    names: list[str] = []
    own = language.split("-")[0].lower() if language else ""
    if own in LANGUAGES:
        names.append(own)
    for script in sorted(scripts_in(normalised_text)):
        for name in _SETS_BY_SCRIPT[script]:
            if name not in names:
                names.append(name)
    return names


def read_cues(text: str, language: str) -> Reading:
    """Every cue (stated or negated) and framing span in `text`, by offsets in the original text."""
    text = (text or "")[:MAX_CHARS]
    if not text.strip():
        return Reading(text, (), ())
    normalised = normalise(text)
    if not normalised.text:
        return Reading(text, (), tuple(find_markers(text)))
    found: dict[tuple[str, int, int], Cue] = {}
    denied: dict[tuple[str, int, int], Cue] = {}
    frames: set[Frame] = set(find_markers(text))
    denied_frames: list[Frame] = []
    for name in pattern_sets_for(normalised.text, language):
        # "il m a enfermee" is read as "il m'a enfermee" by the French set (same length: the offsets hold), on French
        # text only: the French set runs on every Latin text, and English "it s a", "don t eat" are no elisions.
        elided = name == "fr" and language.split("-")[0].lower() == "fr"
        doc = get_pipeline(name)(restore_elisions(normalised.text) if elided else normalised.text)
        for key, into in ((SPAN_KEY, found), (NEGATED_KEY, denied)):
            for span in doc.spans[key]:
                start, end = normalised.original_span(span.start_char, span.end_char)
                label = span.label_
                code = code_of(label)
                status = ASSERTED if into is found else NEGATED
                into[(label, start, end)] = Cue(code, start, end, status, "" if code == label else label)
        for span in doc.spans[FRAME_KEY]:
            start, end = normalised.original_span(span.start_char, span.end_char)
            frames.add(Frame(span.label_, start, end))
        for span in doc.spans[NEGATED_FRAME_KEY]:
            start, end = normalised.original_span(span.start_char, span.end_char)
            denied_frames.append(Frame(span.label_, start, end))
    # A frame one set reads as negated ("I don't want the police": en knows "n't") is no frame, even if a set that does
    # not know that negation (fr, ary run on every Latin text) found it: negation scope is the same in every set. A
    # longer frame that holds the negation word itself ("لا بغيت نهضر مع شي بنادم": no, I want a person) stays.
    frames = {
        f for f in frames
        if not any(d.kind == f.kind and d.start <= f.start and f.end <= d.end for d in denied_frames)
    }
    stated = _drop_contained(sorted(found.values(), key=_order))
    # One set may deny what another states in other words; the statement wins (the safer reading). A denial winning
    # instead was tried (session 7): Darija's "ma" is also French "ma" (my), so "ma fille a 14 ans" read as denied
    # would drop the French statement. Each set must know the negations of its own text instead (ary.yml has مش).
    negated = [
        cue for cue in _drop_contained(sorted(denied.values(), key=_order))
        if not any(s.indicator == cue.indicator and s.start < cue.end and cue.start < s.end for s in stated)
    ]
    return Reading(
        text, tuple(sorted(stated + negated, key=_order)), tuple(sorted(frames, key=lambda f: (f.start, f.kind)))
    )


def frame_cues(text: str, language: str) -> Framing:
    """Every cue of `text` with its status (asserted, negated, hypothetical, joking...) and the message's framing."""
    reading = read_cues(text, language)
    return resolve(reading.text, reading.cues, reading.frames)


def find_cues(text: str, language: str) -> list[Cue]:
    """The cues the writer states in `text`, sorted by position; `language` (fr en ar ary) only adds its own set
    to those of the scripts. Negated, hypothetical, joking, spam and figurative cues are left out."""
    return frame_cues(text, language).asserted


def _order(cue: Cue) -> tuple[int, int, str]:
    return (cue.start, -cue.end, cue.indicator)


def _drop_contained(cues: list[Cue]) -> list[Cue]:
    """Two sets may find the same cue with different extents; the one inside another of its kind goes."""
    kept: list[Cue] = []
    for cue in cues:
        inside = any(
            (other.indicator, other.label) == (cue.indicator, cue.label)
            and other.start <= cue.start and cue.end <= other.end and other != cue
            for other in cues
        )
        if not inside:
            kept.append(cue)
    return kept

