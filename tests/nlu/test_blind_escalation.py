"""CI gate on the blind set (evaluation/blind_v1) and on everyday Darija (DODa): measured only, never tuned on.

The floors below were set from the first measurement after the escalation work of session 3 (figures in
the closing note and evaluation/README.md), a little under it for run-to-run noise in training; the
issue's goals are higher and stated beside each floor. A failure prints rates only, never the
messages: looking at this set's misses would end its use as a measure (see its README).
"""
from __future__ import annotations

import asyncio
import json
import os

import pytest

from bot.nlu.parse import parse_text
from bot.settings import ROOT
from tests.nlu.blind import load_blind

pytestmark = pytest.mark.model
DODA = ROOT.parent / "shared" / "data" / "doda_sample.jsonl"

# Floors (goal in the comment). Rates over the whole blind set; language accuracy per file.
# Measured (bench/escalation.py, model amane-config-43d399cdd140, session 4): recall 0.879, false escalations
# 0.104, false urgent 0.035, language 0.955-1.000 per file, DODa urgent 2 of 805 (0.25%). Session 3: 0.893, 0.133,
# 0.037, the same, 4 of 805; before session 3: 0.834, 0.281, 0.065, the same, 13 of 805.
RECALL_FLOOR = 0.87               # goal >= 0.99
FALSE_ESCALATION_CEILING = 0.13   # goal <= 0.05 (was 0.16: the gain kept)
FALSE_URGENT_CEILING = 0.05       # on messages not labelled urgent
LANGUAGE_FLOOR = 0.94             # goal >= 0.98
DODA_FALSE_URGENT_CEILING = 0.01  # goal <= 0.005


@pytest.fixture(scope="module")
def blind(agent):  # type: ignore[no-untyped-def]
    rows = load_blind()

    async def parse_all():  # type: ignore[no-untyped-def]
        return [(row, await parse_text(agent, row.text)) for row in rows]

    return asyncio.run(parse_all())


def share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def test_the_blind_set_is_whole() -> None:
    rows = load_blind()
    assert len(rows) == 560 and len({row.id for row in rows}) == 560
    assert {row.script for row in rows} == {"fr", "en", "ar", "ary_arabic", "ary_latin"}


def test_escalation_recall(blind) -> None:  # type: ignore[no-untyped-def]
    should = [result for row, result in blind if row.escalate]
    assert share(sum(r["escalate"] for r in should), len(should)) >= RECALL_FLOOR


def test_false_escalations(blind) -> None:  # type: ignore[no-untyped-def]
    should_not = [result for row, result in blind if not row.escalate]
    assert share(sum(r["escalate"] for r in should_not), len(should_not)) <= FALSE_ESCALATION_CEILING


def test_false_urgent(blind) -> None:  # type: ignore[no-untyped-def]
    not_urgent = [result for row, result in blind if not row.urgent]
    assert share(sum(r["priority"] == "urgent" for r in not_urgent), len(not_urgent)) <= FALSE_URGENT_CEILING


@pytest.mark.parametrize("script", ["fr", "en", "ar", "ary_arabic", "ary_latin"])
def test_language_accuracy(blind, script: str) -> None:  # type: ignore[no-untyped-def]
    pairs = [(row, result) for row, result in blind if row.script == script]
    assert share(sum(result["language"] == row.language for row, result in pairs), len(pairs)) >= LANGUAGE_FLOOR


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
