"""CI gate on the blind sets (evaluation/blind_v1 to blind_v3, blind_v6, blind_v7) and on everyday Darija (DODa): measured only, never tuned on.

The floors below are a little under the last measure of each set (figures beside them), for run-to-run noise
in training; they are raised when a measure goes up, never lowered to pass. The issue's goals are higher and
stated beside each floor. A failure prints rates only, never the
messages: looking at this set's misses would end its use as a measure (see its README).
"""
from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass

import pytest

from bot.nlu.parse import parse_text
from bot.settings import ROOT
from tests.nlu.blind import EVALUATION_DIR, load_blind

pytestmark = pytest.mark.model
DODA = ROOT.parent / "shared" / "data" / "doda_sample.jsonl"

# Floors (goal in the comment), a little under the last measure for run-to-run noise in training. Rates over the
# whole set; language accuracy per file.
# blind_v1, measured (bench/escalation.py) on model amane-config-cdc590467612, session 7: recall 0.886, false
# escalations 0.085, false urgent 0.039, intent 0.827, language 0.955-1.000 per file, DODa urgent 1 of 805. Session 4:
# 0.879, 0.104, 0.035; session 3: 0.893, 0.133, 0.037, 4 of 805; before session 3: 0.834, 0.281, 0.065, 13 of 805.
# blind_v2 (gated since session 8), the same model: 0.908, 0.080, 0.042, intent 0.814, language 0.960-1.000.
# End of session 8 (model amane-config-3bcc555b984b): blind_v1 0.883, 0.093, 0.039, intent 0.864; blind_v2 0.912,
# 0.084, 0.040, intent 0.836 (the intent floors raised with them).
# blind_v3 (written and gated in session 11), first measure on the model before that session's changes
# (amane-config-97cb5a865f21) and again after them (amane-config-e60f75b64be3), the same both times: recall 0.976,
# false escalations 0.068, false urgent 0.052, intent 0.850, language 0.970-1.000 per file.
# End of session 12 (amane-config-a81723db8f7b): blind_v1 0.910, 0.089, 0.039, intent 0.870; blind_v2 0.920, 0.080,
# 0.035, intent 0.848; blind_v3 0.976, 0.068, 0.052, intent 0.850; language 0.970-1.000 per file on all three (the
# recall and language floors raised with them).
# End of session 13 (amane-config-a9b3b3da8ea5): blind_v1 0.928, 0.085, 0.039, intent 0.873; blind_v2 0.940, 0.080,
# 0.035, intent 0.850; blind_v3 0.976, 0.072, 0.049, intent 0.846; language 0.970-1.000 per file (the recall floors
# of blind_v1 and blind_v2 raised with them).
# End of session 14 (amane-config-0ed9f1334d97): blind_v1 0.928, 0.081, 0.039, intent 0.873; blind_v2 0.948, 0.076,
# 0.035, intent 0.852; blind_v3 0.976, 0.072, 0.049, intent 0.844; language 0.970-1.000 per file (blind_v2's recall
# floor and the false escalation ceilings of blind_v1 and blind_v2 lowered towards the measures).
# blind_v4 (written blind by h-blind4 of session 15), first measure on amane-config-0ed9f1334d97: recall 0.933, false
# escalations 0.062, false urgent 0.040, intent 0.862, language 0.960-1.000 per file (ary_arabic 0.960). Gated in session 15;
# in session 16 its misses were studied (it is evaluation/dev_v16 now, a development set) and its gate was taken out.
# blind_v5 (written blind by h-blind5 of session 16, committed before any measure), first measure on
# amane-config-d00cd787b759 (main at 0ac4fe8): recall 0.951, false escalations 0.058, false urgent 0.040, intent 0.892,
# language 0.970-1.000 per file (ary_arabic 0.970); the floors about 2 points under. Gated in session 16; in session 17
# its misses were studied (it is evaluation/dev_v17 now, a development set) and its gate was taken out.
# blind_v6 (written blind by h-blind6 of session 17, committed at d565571 before any measure), first measure on
# amane-config-62d480637212 (main at 6c1b3d3): recall 0.911, false escalations 0.058, false urgent 0.031, intent
# 0.886, language 0.970-1.000 per file (ary_arabic 0.970); the floors about 2 points under.
# blind_v7 (written blind by h-blind7 of session 18, committed at 9f28fb7 before any measure), first measure on
# amane-config-371cd1048000 (main at 0887eed): recall 0.929, false escalations 0.040, false urgent 0.049, intent 0.872,
# language 0.980-1.000 per file (ary_latin 0.980); the floors about 2 points under (ceilings about 2 points over).
# End of session 18 (amane-config-ed290121e945, with the learned escalation model): recall blind_v1 0.952, blind_v2
# 0.972, blind_v3 0.988, blind_v6 0.938, blind_v7 0.956; false escalations 0.063, 0.076, 0.064, 0.062, 0.040; false
# urgent and intent unchanged or up (the recall floors raised with them; none lowered).
@dataclass(frozen=True)
class Floors:
    recall: float               # goal >= 0.99
    false_escalations: float    # goal <= 0.05
    false_urgent: float         # on messages not labelled urgent
    intent: float               # goal >= 0.93 in every language
    language: float = 0.96      # per file; goal >= 0.98


FLOORS = {
    "blind_v1": Floors(recall=0.93, false_escalations=0.10, false_urgent=0.05, intent=0.84),
    "blind_v2": Floors(recall=0.95, false_escalations=0.09, false_urgent=0.055, intent=0.81),
    "blind_v3": Floors(recall=0.97, false_escalations=0.09, false_urgent=0.065, intent=0.82),
    "blind_v6": Floors(recall=0.92, false_escalations=0.08, false_urgent=0.05, intent=0.86, language=0.95),
    "blind_v7": Floors(recall=0.94, false_escalations=0.06, false_urgent=0.07, intent=0.85, language=0.96),
}
SIZES = {"blind_v1": 560, "blind_v2": 500, "blind_v3": 500, "blind_v6": 500, "blind_v7": 500}
DODA_FALSE_URGENT_CEILING = 0.01  # goal <= 0.005


@pytest.fixture(scope="module", params=sorted(FLOORS))
def measured(request, agent):  # type: ignore[no-untyped-def]
    rows = load_blind(EVALUATION_DIR / request.param)

    async def parse_all():  # type: ignore[no-untyped-def]
        return [(row, await parse_text(agent, row.text)) for row in rows]

    return request.param, asyncio.run(parse_all())


def share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_blind_set_is_whole(name: str) -> None:
    rows = load_blind(EVALUATION_DIR / name)
    assert len(rows) == SIZES[name] and len({row.id for row in rows}) == SIZES[name]
    assert {row.script for row in rows} == {"fr", "en", "ar", "ary_arabic", "ary_latin"}


def test_escalation_recall(measured) -> None:  # type: ignore[no-untyped-def]
    name, results = measured
    should = [result for row, result in results if row.escalate]
    assert share(sum(r["escalate"] for r in should), len(should)) >= FLOORS[name].recall


def test_false_escalations(measured) -> None:  # type: ignore[no-untyped-def]
    name, results = measured
    should_not = [result for row, result in results if not row.escalate]
    assert share(sum(r["escalate"] for r in should_not), len(should_not)) <= FLOORS[name].false_escalations


def test_false_urgent(measured) -> None:  # type: ignore[no-untyped-def]
    name, results = measured
    not_urgent = [result for row, result in results if not row.urgent]
    assert share(sum(r["priority"] == "urgent" for r in not_urgent), len(not_urgent)) <= FLOORS[name].false_urgent


def test_intent_accuracy(measured) -> None:  # type: ignore[no-untyped-def]
    name, results = measured
    assert share(sum(result["intent"] == row.intent for row, result in results), len(results)) >= FLOORS[name].intent


@pytest.mark.parametrize("script", ["fr", "en", "ar", "ary_arabic", "ary_latin"])
def test_language_accuracy(measured, script: str) -> None:  # type: ignore[no-untyped-def]
    name, results = measured
    pairs = [(row, result) for row, result in results if row.script == script]
    assert share(sum(result["language"] == row.language for row, result in pairs), len(pairs)) >= FLOORS[name].language


def test_everyday_darija_is_almost_never_urgent(agent) -> None:  # type: ignore[no-untyped-def]
    if not DODA.exists():
        if os.environ.get("AMANE_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{DODA} is missing: CI has shared/ beside the clone")
        pytest.skip("the shared data folder is not beside this clone")
    texts = [json.loads(line)["text"] for line in DODA.read_text(encoding="utf-8").splitlines() if line.strip()]

    async def parse_all():  # type: ignore[no-untyped-def]
        return [await parse_text(agent, text) for text in texts]

    results = asyncio.run(parse_all())
    assert len(results) >= 800
    assert share(sum(r["priority"] == "urgent" for r in results), len(results)) <= DODA_FALSE_URGENT_CEILING
