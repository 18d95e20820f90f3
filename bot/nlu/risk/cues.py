"""find_cues: runs every pattern set that fits the text's scripts and maps the cues back to the original text."""
from __future__ import annotations

from dataclasses import dataclass

from bot.nlu.risk.aligned_text import normalise, scripts_in
from bot.nlu.risk.pipeline import SPAN_KEY, get_pipeline

INDICATORS: tuple[str, ...] = (
    "abuse_of_vulnerability",
    "deception",
    "restriction_of_movement",
    "isolation",
    "physical_sexual_violence",
    "intimidation_threats",
    "retention_of_documents",
    "withholding_of_wages",
    "debt_bondage",
    "abusive_conditions",
    "excessive_overtime",
    "minor",
    "sexual_exploitation",
    "forced_begging",
)
DANGER = "danger"
LANGUAGES = ("fr", "en", "ar", "ary")
# Messages beyond this are cut before matching: it bounds the cost of a pasted wall of text, and
# a disclosure is said early. The channels refuse much longer texts anyway.
MAX_CHARS = 5000
# Code-switching is the norm ("lpatron ma khelsnich", "my boss a pris mon passeport"): every set of a
# script the text uses is run, whatever language the detector chose.
_SETS_BY_SCRIPT = {"latin": ("en", "fr", "ary"), "arabic": ("ar", "ary")}


@dataclass(frozen=True)
class Cue:
    """A piece of the user's text that signals an indicator (or "danger"), by character offsets in that text."""

    indicator: str
    start: int
    end: int


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


def find_cues(text: str, language: str) -> list[Cue]:
    """Cues in `text`, sorted by position; `language` (fr en ar ary) only adds its own set to those of the scripts."""
    if not text or not text.strip():
        return []
    normalised = normalise(text[:MAX_CHARS])
    if not normalised.text:
        return []
    found: dict[tuple[str, int, int], Cue] = {}
    for name in pattern_sets_for(normalised.text, language):
        doc = get_pipeline(name)(normalised.text)
        for span in doc.spans[SPAN_KEY]:
            start, end = normalised.original_span(span.start_char, span.end_char)
            found[(span.label_, start, end)] = Cue(span.label_, start, end)
    return _drop_contained(sorted(found.values(), key=lambda c: (c.start, -c.end, c.indicator)))


def _drop_contained(cues: list[Cue]) -> list[Cue]:
    """Two sets may find the same cue with different extents; the one inside another of its kind goes."""
    kept: list[Cue] = []
    for cue in cues:
        inside = any(
            other.indicator == cue.indicator and other.start <= cue.start and cue.end <= other.end and other != cue
            for other in cues
        )
        if not inside:
            kept.append(cue)
    return kept
