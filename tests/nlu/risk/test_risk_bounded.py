"""A long pasted message is cut, not fatal: the parse ends, finds what is said early, and its output stays small.
(Speed is measured by bench/risk_cues.py, not asserted here.)"""
from __future__ import annotations

from bot.nlu.risk import assess_risk, frame_cues
from bot.nlu.risk.cues import MAX_CHARS


def test_long_mixed_message_is_bounded() -> None:
    filler = "lol what if 😂 www.example.com hhhh واش إلا daba كنموت بالضحك is it legal? " * 2000
    text = "my boss took my passport. he beats me. " + filler
    framing = frame_cues(text, "en")
    assert all(0 <= cue.start < cue.end <= MAX_CHARS for cue in framing.cues)
    assert len(framing.cues) < MAX_CHARS // 20
    assessment = assess_risk(text, "en", "disclose_exploitation", 0.9)
    # The two opening sentences state their facts: the laughter and questions later do not reach them.
    assert assessment.escalate
    assert {"retention_of_documents", "physical_sexual_violence"} <= set(assessment.indicators)


def test_a_wall_of_laughter_or_links_is_calm() -> None:
    for text in ("hh" * 10_000, "😂" * 10_000, "www.a.com " * 2_000, "ه" * 20_000):
        assert not assess_risk(text, "ary", None, 0.0).escalate
