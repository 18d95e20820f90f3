"""Replays scripted conversations through the web chat and prints, per language, how follow-ups are answered.

Each conversation of bench/data/followups.yml opens a topic, then asks what people ask next, often without
the topic's words. Printed per language: the share of follow-up questions answered by their own answer (not
the topic's block again, not "that is just above"), and the length of the first message of every answer
(targets: 95% of follow-ups; every first message at most 320 characters).
Usage: .venv/bin/python bench/conversation_replay.py [conversations.yml]   (trains first if there is no model)
"""
from __future__ import annotations

import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.conversation.content import content_for
from bot.nlu.training import ensure_model
from bot.settings import get_settings
from tests.e2e.server import start_server, stop_server

SCRIPT = Path(__file__).resolve().parent / "data" / "followups.yml"
FIRST_MESSAGE_MAX = 320
LANGUAGE_OF = {"ary-latn": "ary_latn"}   # Darija in Latin letters is answered in Latin letters (issue 11 item 8)


def expected_text(expect: str, language: str) -> str:
    """The first message of the answer the script expects: a topic's short answer or a sub-question's own."""
    content = content_for(get_settings())
    topic, _, sub = expect.partition("/")
    key = f"questions.{topic}.{sub}.answer" if sub else f"answers.{topic}"
    return content.messages(key, language)[0]


def main(script: Path) -> None:
    settings = get_settings()
    ensure_model(settings.rasa_config, settings.models_dir)
    conversations = yaml.safe_load(script.read_text(encoding="utf-8"))["conversations"]
    server = start_server(Path(tempfile.mkdtemp(prefix="amane-replay-")), settings.rasa_config)
    followups: dict[str, list[bool]] = defaultdict(list)
    first_lengths: dict[str, list[int]] = defaultdict(list)
    misses: list[str] = []
    started = time.perf_counter()
    try:
        for conversation in conversations:
            label = conversation["language"]
            language = LANGUAGE_OF.get(label, label)
            sender = "replay" + uuid.uuid4().hex
            server.say(sender, "/greet")
            for turn in conversation["turns"]:
                reply = [m["text"] for m in server.say(sender, turn["say"])["messages"] if m.get("text")]
                if reply:
                    first_lengths[label].append(len(reply[0]))
                if "/" in turn["expect"]:
                    answered = expected_text(turn["expect"], language) in reply
                    followups[label].append(answered)
                    if not answered:
                        misses.append(f"  {label}: {turn['say']!r} expected {turn['expect']}, got {reply[:1]!r:.90}")
    finally:
        stop_server(server)
    print(f"replayed {sum(len(c['turns']) for c in conversations)} messages in {time.perf_counter() - started:.0f} s")
    print(f"{'language':<10} {'follow-ups':>10} {'specific':>9} {'first msg max':>14} {'<= 320':>7}")
    for label in sorted(first_lengths):
        answered, lengths = followups[label], first_lengths[label]
        share = sum(answered) / len(answered) if answered else 0.0
        within = sum(1 for n in lengths if n <= FIRST_MESSAGE_MAX) / len(lengths)
        print(f"{label:<10} {len(answered):>10} {share:>9.0%} {max(lengths):>14} {within:>7.0%}")
    if misses:
        print("not answered specifically:")
        print("\n".join(misses))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SCRIPT)
