"""Intent boundaries around nlu_data/en/intent_boundaries_v3.yml (issue 10, session 13), as contrast pairs through
the whole NLU graph: the same words on either side of a boundary. Written apart from the training lines and from every
evaluation set's lines."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.nlu.parse import parse_text

pytestmark = pytest.mark.model


def intent_of(agent: Any, text: str) -> str:
    return str(asyncio.run(parse_text(agent, text))["intent"])


@pytest.mark.parametrize("text, intent", [
    # Not wanting to live any more is self-harm; not wanting to live in a country any more is about going home.
    ("honestly i dont wanna live anymore", "immediate_danger"),
    ("i dont wanna live in this country anymore, can i go home", "ask_voluntary_return"),
    # A hypothetical about a worker's passport asks what the law says; one's own passport kept is a disclosure.
    ("if a worker's boss keeps her passport, what can she do legally", "ask_rights"),
    ("my boss keeps my passport and i cant leave", "disclose_exploitation"),
    # Police and papers: whether one can be sent home is a rights question; wanting to go home is a return.
    ("ila ma3ndich lwra9 wach lbolis y9der ysifetni l bladi?", "ask_rights"),
    ("bghit nrj3 l bladi, kifach", "ask_voluntary_return"),
    # "Whom do I call" is a hotline question, a person to talk to is a request for a human.
    ("3la chkon khasni n3ayt?", "ask_hotline"),
    ("bghit nhder m3a chi wa7ed 7a9i9i", "request_human"),
    # French "can the police arrest me if I leave" (rights) is not here: its training lines were dropped at the merge
    # (evaluation/README.md, intent_dev_v3), and main's model reads it otherwise.
    ("je veux rentrer dans mon pays, comment faire ?", "ask_voluntary_return"),
])
def test_boundary_pairs(agent: Any, text: str, intent: str) -> None:
    assert intent_of(agent, text) == intent
