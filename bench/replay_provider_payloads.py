"""Replays the collected WhatsApp and Telegram deliveries against a running server and checks each file's `expect`.

It starts nothing but the fake Graph and Bot APIs (tests/fakes) that the server must send to; it prints the
command that starts a server pointing at them, waits for that server, posts every file (signed for WhatsApp,
with the secret header for Telegram, with fresh ids, numbers and chat ids per run), waits until the fakes
are quiet, then judges what each file's sender received. Prints one line per file and the total; exits 1
when a file fails.

Usage:
    .venv/bin/python bench/replay_provider_payloads.py --server http://127.0.0.1:5005 \\
        --whatsapp-app-secret S --telegram-bot-token T --telegram-secret-token X [--graph-port P] [--bot-api-port Q]
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import json
import shlex
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.conversation.content import LANGUAGES, load_content
from bot.settings import ROOT
from tests.fakes.graph_api import FakeGraphAPI
from tests.fakes.telegram_api import FakeTelegramAPI

PAYLOADS = Path("/work/shared/data/provider_payloads")
WHATSAPP_PATH = "/webhooks/whatsapp/webhook"
TELEGRAM_PATH = "/webhooks/telegram/webhook"
# WhatsApp keys that name a person (phone number or business-scoped id): fresh values per run.
WHATSAPP_PEOPLE = ("from", "wa_id", "recipient_id", "from_user_id", "user_id", "parent_user_id", "from_parent_user_id")
TELEGRAM_CHAT_KEYS = ("migrate_to_chat_id", "migrate_from_chat_id")
EXPECTATIONS = ("text_reply", "media_reply", "no_reply", "no_reply_or_note", "any_reply", "one_reply")


# -- fresh ids ---------------------------------------------------------------------------------------------

class Freshener:
    """Replaces ids by new ones: within one file the same value by the same new value, never one of another file."""

    def __init__(self, run: int) -> None:
        self.run = run
        self.counter = itertools.count(1)
        self.values: dict[Any, Any] = {}

    def next_file(self) -> Freshener:
        self.values = {}
        return self

    def phone(self, value: str) -> str:
        return self._map(value, lambda n: f"2126{self.run % 10_000:04d}{n:04d}")

    def bsuid(self, value: str) -> str:
        prefix = value.rsplit(".", 1)[0]
        return self._map(value, lambda n: f"{prefix}.{self.run}{n:06d}")

    def message_id(self, value: str) -> str:
        return self._map(value, lambda n: f"wamid.REPLAY{self.run}{n:06d}")

    def chat(self, value: int) -> int:
        def fresh(n: int) -> int:
            if value >= 0:
                return 7_000_000_000 + (self.run % 100_000) * 1_000 + n
            if str(value).startswith("-100"):
                return -(1_007_000_000_000 + (self.run % 100_000) * 1_000 + n)
            return -(700_000_000 + (self.run % 100_000) * 100 + n)
        return self._map(value, fresh)

    def _map(self, value: Any, make: Callable[[int], Any]) -> Any:
        if value not in self.values:
            self.values[value] = make(next(self.counter))
        return self.values[value]


def fresh_whatsapp(body: Any, fresh: Freshener) -> tuple[Any, set[str]]:
    """The body with fresh message ids, numbers and business-scoped ids; and the people's new ids."""
    people: set[str] = set()

    def walk(node: Any, parent: str = "") -> Any:
        if isinstance(node, list):
            return [walk(item, parent) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in WHATSAPP_PEOPLE and isinstance(value, str) and value:
                value = fresh.phone(value) if value.lstrip("+").isdigit() else fresh.bsuid(value)
                people.add(value)
            elif key == "id" and parent in ("messages", "statuses") and isinstance(value, str):
                value = fresh.message_id(value)
            else:
                value = walk(value, key)
            out[key] = value
        return out

    return walk(body), people


def fresh_telegram(body: Any, fresh: Freshener, update_id: int) -> tuple[Any, set[str]]:
    """The update with a fresh update_id and fresh user and chat ids; and those new ids."""
    chats: set[str] = set()

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if (key == "id" or key in TELEGRAM_CHAT_KEYS) and isinstance(value, int) and not isinstance(value, bool):
                value = fresh.chat(value)
                chats.add(str(value))
            else:
                value = walk(value)
            out[key] = value
        return out

    updated = walk(body)
    if isinstance(updated, dict) and "update_id" in updated:
        updated["update_id"] = update_id
    return updated, chats


# -- what the fakes received ---------------------------------------------------------------------------------

@dataclass
class Sent:
    """One message the server sent to a person: its recipient and what it showed."""

    recipient: str
    text: str


def whatsapp_sent(graph: FakeGraphAPI) -> list[Sent]:
    out = []
    for request in list(graph.requests):
        try:
            body = request.json()
        except ValueError:
            continue
        recipient = str(body.get("to") or body.get("recipient") or "")
        if "to" in body and not recipient.lstrip("+").isdigit():
            # The Cloud API takes a business-scoped user id in `recipient` only: sent this way it reaches nobody.
            recipient = f"to:{recipient}"
        kind = body.get("type")
        if kind == "text":
            text = body["text"]["body"]
        elif kind == "interactive":
            text = body["interactive"]["body"]["text"]
        else:
            text = f"[{kind}]"
        out.append(Sent(recipient, text))
    return out


def telegram_sent(api: FakeTelegramAPI) -> list[Sent]:
    return [Sent(str(call.params.get("chat_id")), str(call.params.get("text", "")))
            for call in list(api.calls) if call.method == "sendMessage"]


# -- judging -----------------------------------------------------------------------------------------------

class Texts:
    """The content's texts per language, to tell the unsupported-media answer and a reply's language."""

    def __init__(self, exit_word: str) -> None:
        content = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", exit_word)
        self.media = {text for language in LANGUAGES for text in content.messages("unsupported_media", language)}
        self.by_language: dict[str, list[str]] = {}
        for language in LANGUAGES:
            raw = yaml.safe_load((ROOT / "content" / f"{language}.yml").read_text(encoding="utf-8"))
            strings = []
            for text in _strings(raw):
                try:
                    strings.append(content.fill(text, language))
                except (KeyError, IndexError, ValueError):
                    strings.append(text)
            self.by_language[language] = strings

    def languages_of(self, text: str) -> set[str]:
        piece = text.strip()
        return {language for language, strings in self.by_language.items()
                if any(piece == s.strip() or (len(piece) > 20 and piece in s) for s in strings)}


def _strings(node: Any) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)


@dataclass
class Case:
    channel: str
    name: str
    expect: str
    expect_lang: str | None
    status: int = 0
    people: set[str] = field(default_factory=set)
    replies: list[str] = field(default_factory=list)
    verdict: str = ""
    reason: str = ""


def judge(case: Case, texts: Texts) -> None:
    replies = case.replies
    media = bool(replies) and all(text in texts.media for text in replies)
    problems = []
    if not 200 <= case.status < 300:
        problems.append(f"HTTP {case.status}: the provider would retry")
    if case.expect == "text_reply":
        if not replies:
            problems.append("no reply")
        elif media:
            problems.append("got the unsupported-media answer")
        elif case.expect_lang:
            found = set.intersection(*(texts.languages_of(text) or set(LANGUAGES) for text in replies))
            if case.expect_lang not in found:
                problems.append(f"language {sorted(found) or '?'} not {case.expect_lang}")
    elif case.expect == "media_reply":
        if not media:
            problems.append("no unsupported-media answer" if not replies else "answered as text")
    elif case.expect == "no_reply":
        if replies:
            problems.append(f"{len(replies)} message(s) sent")
    elif case.expect == "no_reply_or_note":
        # A short note (one message that is not the media answer) would be acceptable; nothing is best.
        if len(replies) > 1 or media:
            problems.append(f"{len(replies)} message(s) sent")
    elif case.expect == "any_reply":
        if not replies:
            problems.append("no reply")
    elif case.expect == "one_reply":
        if not replies:
            problems.append("no reply")
        elif len(set(replies)) != len(replies):
            problems.append("answered more than once")
    else:
        problems.append(f"unknown expectation {case.expect!r}")
    case.verdict = "FAIL" if problems else "pass"
    case.reason = "; ".join(problems)


# -- running -----------------------------------------------------------------------------------------------

def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_for_server(base_url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + "/webhooks/webchat/", timeout=3) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"no server answered at {base_url} within {timeout:.0f} s")
        time.sleep(1)


def settle(count: Callable[[], int], quiet: float, timeout: float) -> None:
    """Until nothing new reached the fakes for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    last, since = count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    print(f"warning: requests still arriving after {timeout:.0f} s", file=sys.stderr)


def load_cases(folder: Path, channel: str) -> list[tuple[Path, dict]]:
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in sorted((folder / channel).glob("*.json"))]


def server_command(args: argparse.Namespace, graph: FakeGraphAPI, api: FakeTelegramAPI) -> str:
    env = {
        "AMANE_WHATSAPP_ACCESS_TOKEN": "replay-access-token", "AMANE_WHATSAPP_APP_SECRET": args.whatsapp_app_secret,
        "AMANE_WHATSAPP_VERIFY_TOKEN": "replay-verify", "AMANE_WHATSAPP_PHONE_NUMBER_ID": "100000000000002",
        "AMANE_WHATSAPP_API_BASE": graph.base_url,
        "AMANE_TELEGRAM_BOT_TOKEN": args.telegram_bot_token, "AMANE_TELEGRAM_SECRET_TOKEN": args.telegram_secret_token,
        "AMANE_TELEGRAM_API_BASE": api.base_url,
        "AMANE_DATA_DIR": "/tmp/amane-replay", "RASA_TELEMETRY_ENABLED": "false",
    }
    return " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items()) + " .venv/bin/python -m bot serve"


def replay(args: argparse.Namespace) -> int:
    run = int(time.time())
    fresh = Freshener(run)
    texts = Texts(args.exit_word)
    graph = FakeGraphAPI(port=args.graph_port, accept_unscripted=True).start()
    api = FakeTelegramAPI(args.telegram_bot_token, port=args.bot_api_port).start()
    try:
        print("Start the server pointing at the fakes (the same secrets), for example:")
        print("  " + server_command(args, graph, api), flush=True)
        wait_for_server(args.server, args.wait_for_server)
        cases: list[Case] = []
        channels = [c for c in ("whatsapp", "telegram") if args.channel in (c, "both")]
        for channel in channels:
            for index, (path, record) in enumerate(load_cases(args.payloads, channel)):
                case = Case(channel, path.stem, record["expect"], record.get("expect_lang"))
                if channel == "whatsapp":
                    body, case.people = fresh_whatsapp(record["body"], fresh.next_file())
                    raw = json.dumps(body).encode()
                    signature = hmac.new(args.whatsapp_app_secret.encode(), raw, hashlib.sha256).hexdigest()
                    case.status = post(args.server.rstrip("/") + WHATSAPP_PATH, raw,
                                       {"X-Hub-Signature-256": f"sha256={signature}"})
                else:
                    body, case.people = fresh_telegram(record["body"], fresh.next_file(), run * 1000 + index)
                    raw = json.dumps(body).encode()
                    case.status = post(args.server.rstrip("/") + TELEGRAM_PATH, raw,
                                       {"X-Telegram-Bot-Api-Secret-Token": args.telegram_secret_token})
                cases.append(case)
                if args.one_by_one:
                    settle(lambda: len(graph.requests) + len(api.calls), args.quiet, args.timeout)
        settle(lambda: len(graph.requests) + len(api.calls), args.quiet, args.timeout)
        sent = {"whatsapp": whatsapp_sent(graph), "telegram": telegram_sent(api)}
        for case in cases:
            case.replies = [s.text for s in sent[case.channel] if s.recipient in case.people]
            judge(case, texts)
    finally:
        graph.stop()
        api.stop()
    width = max(len(case.name) for case in cases) if cases else 10
    print(f"\n{'file':<{width}}  {'expect':<16} {'lang':<4} {'http':<4} {'sent':>4}  result")
    for case in cases:
        print(f"{case.name:<{width}}  {case.expect:<16} {case.expect_lang or '-':<4} {case.status:<4} "
              f"{len(case.replies):>4}  {case.verdict}{'  ' + case.reason if case.reason else ''}")
    passed = sum(case.verdict == "pass" for case in cases)
    for channel in ("whatsapp", "telegram"):
        of_channel = [case for case in cases if case.channel == channel]
        if of_channel:
            print(f"{channel}: {sum(c.verdict == 'pass' for c in of_channel)}/{len(of_channel)} passed")
    print(f"total: {passed}/{len(cases)} passed")
    return 0 if passed == len(cases) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="the running server's base URL, e.g. http://127.0.0.1:5005")
    parser.add_argument("--whatsapp-app-secret", required=True)
    parser.add_argument("--telegram-bot-token", required=True, help="the fake Bot API accepts this token only")
    parser.add_argument("--telegram-secret-token", required=True)
    parser.add_argument("--graph-port", type=int, default=0, help="port of the fake Graph API (0: any free one)")
    parser.add_argument("--bot-api-port", type=int, default=0, help="port of the fake Bot API (0: any free one)")
    parser.add_argument("--payloads", type=Path, default=PAYLOADS)
    parser.add_argument("--channel", choices=("whatsapp", "telegram", "both"), default="both")
    parser.add_argument("--exit-word", default="0000", help="the server's AMANE_EXIT_WORD (it is in the greeting)")
    parser.add_argument("--wait-for-server", type=float, default=600.0, help="seconds to wait for the server")
    parser.add_argument("--quiet", type=float, default=6.0, help="seconds without a request that mean 'done'")
    parser.add_argument("--timeout", type=float, default=900.0, help="at most this long for all replies")
    parser.add_argument("--one-by-one", action="store_true", help="wait for the replies after each file")
    return replay(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
