"""`python -m bot parse`: one JSON line per input line, with language, intent and risk from the latest model."""
from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage


def parse_result(text: str, parse_data: dict[str, Any]) -> dict[str, Any]:
    intent = parse_data.get("intent") or {}
    risk = parse_data.get("risk") or {}
    return {
        "text": text,
        "language": parse_data.get("language"),
        "intent": intent.get("name"),
        "confidence": round(float(intent.get("confidence") or 0.0), 4),
        "escalate": bool(risk.get("escalate")),
        "priority": risk.get("priority", "none"),
        "indicators": list(risk.get("indicators") or []),
        "danger": bool(risk.get("danger")),
        # An unsure danger guess with nothing in the words to show it: the assistant asks rather than escalates.
        "ask_danger": bool(risk.get("ask_danger")),
        # The sub-question asked, named like a retrieval intent ("ask_voluntary_return/who_pays"), or null.
        "sub_question": _sub_question(parse_data),
    }


def _sub_question(parse_data: dict[str, Any]) -> str | None:
    name = (parse_data.get("sub_question") or {}).get("name")
    return name if name and name != "none" else None


async def parse_text(agent: Agent, text: str) -> dict[str, Any]:
    # The processor's own parse runs the whole NLU graph, our annotator included.
    parse_data = await agent.processor.parse_message(UserMessage(text))
    return parse_result(text, parse_data)


async def parse_stream(agent: Agent, lines: Iterable[str], out: TextIO) -> int:
    count = 0
    for raw in lines:
        text = raw.rstrip("\r\n")
        if not text.strip():
            # An empty line still gets an answer line, so outputs stay aligned with inputs.
            result = parse_result(text, {"intent": {"name": None, "confidence": 0.0}})
        else:
            result = await parse_text(agent, text)
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
        count += 1
    return count


def run_parse(model: Path) -> int:
    # Standard output carries only the JSON lines: anything a library prints goes to stderr.
    with open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False) as stdin, \
            open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False) as stdout, \
            contextlib.redirect_stdout(sys.stderr):
        agent = Agent.load(str(model))
        asyncio.run(parse_stream(agent, stdin, stdout))
    return 0
