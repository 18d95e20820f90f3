"""Reply language per turn of conversation sets, rates only, without a model: each file's user turns go through
`choose_reply_language` in order, as the pipeline does, and a turn is right when the reply's form is the file's
(ar, fr, en, ary in Arabic script, ary_latn for Darija in Latin letters).

A reply in another language is judged wrong by `bench/conversation_blind.py`, so this is the language share of its
figure in a second instead of minutes: to judge a detection change on sets that are measure only. It never prints a
message. A turn that asks to change language is left out (its answer is the language asked for).
Usage: python bench/language_conversations.py [--set evaluation/conversations_v1 ...] [--default fr]
       (default sets: conversations_v1 conversations_v2 conversations_v3)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Run as a plain script from anywhere, so the repository root must be importable.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.conversation.messages import language_evidence  # noqa: E402
from bot.conversation.pipeline import choose_reply_language  # noqa: E402
from bot.nlu.language import preload, requested_language  # noqa: E402
from bot.nlu.language.script import requested_script  # noqa: E402

DEFAULT_SETS = ("evaluation/conversations_v1", "evaluation/conversations_v2", "evaluation/conversations_v3")
# A conversation file's name to the form its replies should take.
FORM_OF_FILE = {"ar": "ar", "ary_arabic": "ary", "ary_latin": "ary_latn", "en": "en", "fr": "fr"}


def file_rates(path: Path, default: str) -> tuple[int, int]:
    """(turns, turns answered in the file's form)."""
    expected = FORM_OF_FILE[path.stem]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    turns = right = 0
    for conversation in data["conversations"]:
        current: str | None = None
        locked = False
        for turn in conversation["turns"]:
            text = language_evidence(str(turn["user"]))
            choice = choose_reply_language(text, current, locked, default)
            current, locked = choice.form, choice.locked
            if requested_language(text) or requested_script(text):
                break  # the conversation changes language on purpose: its later turns are not the file's
            turns += 1
            right += choice.form == expected
    return turns, right


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", help="a conversations folder (repeatable)")
    parser.add_argument("--default", default="fr", help="the reply language before anything is known")
    args = parser.parse_args()
    preload()
    for name in args.sets or DEFAULT_SETS:
        figures = []
        for path in sorted((ROOT / name).glob("*.yml")):
            if path.stem not in FORM_OF_FILE:
                continue
            turns, right = file_rates(path, args.default)
            figures.append(f"{path.stem} {right / turns:.3f} ({turns})" if turns else f"{path.stem} -")
        print(f"{name}: reply language " + "  ".join(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
