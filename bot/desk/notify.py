"""Tells the officers' Telegram group that a case was opened: number, priority, language, channel; nothing else.

Off unless AMANE_DESK_NOTIFY_TELEGRAM_CHAT_ID is set. The group is the only recipient: this never writes
to a user, so it does not go through the outbox (whose guard is about never writing first to a user).
A burst of near-identical cases (bot/conversation/cases.link_to_burst) is told once, then again only as
its count reaches 2, 5, 10, 20, 50...: a flood of hundreds of cases rings the group a handful of times.
"""
from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import yaml

from bot.channels.telegram.send import TelegramClient
from bot.conversation.cases import burst_size
from bot.settings import Settings
from bot.store import Case, session_scope

logger = logging.getLogger(__name__)

TEXTS_FILE = Path(__file__).resolve().parent / "notify_texts.yml"
DEFAULT_LANGUAGE = "fr"
# Language and channel are codes ("ary", "whatsapp"). Anything else is replaced, so that a caller's
# mistake (a message text passed by error) can never reach the group.
_CODE = re.compile(r"[a-z][a-z_]{0,15}")
UNKNOWN = "?"
# Short timeouts: the notification runs beside a user's reply and must not hold it up for long.


def notify_client(settings: Settings) -> TelegramClient:
    """The officers' group's client, with short timeouts."""
    return TelegramClient(settings.desk_notify.bot_token, settings.telegram.api_base, connect_timeout=3.0,
                          read_timeout=5.0, write_timeout=5.0, pool_timeout=3.0)


@functools.lru_cache(maxsize=1)
def _texts() -> dict[str, dict]:
    with TEXTS_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def notification_text(case_id: int, priority: str, language: str, channel: str, desk_language: str,
                      burst: tuple[int, int] | None = None) -> str:
    """The group message, built only from the case's number and codes; for a burst (leader's id, count),
    the burst's line about `case_id`, its latest case."""
    texts = _texts()
    words = texts.get(desk_language) or texts[DEFAULT_LANGUAGE]
    codes = {"priority": words["priorities"].get(priority, UNKNOWN), "language": _code(language),
             "channel": _code(channel)}
    if burst is None:
        text = words["new_case"].format(case_id=int(case_id), **codes)
    else:
        text = words["burst"].format(case_id=int(burst[0]), count=int(burst[1]), latest=int(case_id), **codes)
    return f"{words['urgent_marker']} · {text}" if priority == "urgent" else text


def is_burst_milestone(count: int) -> bool:
    """2, 5, 10, 20, 50, 100...: when the group hears again of a growing burst."""
    if count < 2:
        return False
    while count % 10 == 0:
        count //= 10
    return count in (1, 2, 5)


def burst_of(settings: Settings, case_id: int) -> tuple[int, int] | None:
    """(leader's id, the case's place in its burst) for a case that joined a burst; None for any other."""
    try:
        with session_scope(settings.database_url) as session:
            case = session.get(Case, case_id)
            if case is None or case.burst_of is None:
                return None
            return case.burst_of, burst_size(session, case.burst_of, up_to=case_id)
    except Exception as error:  # noqa: BLE001 (in doubt, tell the group: a missed case costs more than a line)
        logger.warning("burst lookup failed: %s", type(error).__name__)
        return None


def _code(value: object) -> str:
    return value if isinstance(value, str) and _CODE.fullmatch(value) else UNKNOWN


async def notify_new_case(settings: Settings, case_id: int, priority: str, language: str, channel: str,
                          client: TelegramClient | None = None) -> bool:
    """Send the notification to the configured group; True when Telegram accepted it. Never raises.

    `client` is the server's own (made and closed by the wiring); without one, a client is opened for this call.
    """
    notify = settings.desk_notify
    if not notify.enabled:
        return False
    burst = burst_of(settings, case_id)
    if burst is not None and not is_burst_milestone(burst[1]):
        logger.info("desk notification folded into a burst")
        return False
    try:
        text = notification_text(case_id, priority, language, channel, notify.language, burst)
        request = {"chat_id": notify.chat_id, "text": text}
        if client is not None:
            result = await client.send(request)
        else:
            async with notify_client(settings) as own:
                result = await own.send(request)
    except Exception as error:  # noqa: BLE001 (a notification must never break a user's reply)
        # The type only: a message could hold the token, the chat id or the provider's reply.
        logger.warning("desk notification failed: %s", type(error).__name__)
        return False
    if not result.ok:
        logger.warning("desk notification not sent: %s", result.error_code)
    return result.ok


__all__ = ["is_burst_milestone", "notify_new_case", "notification_text"]
