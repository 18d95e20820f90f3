"""Tells the officers' Telegram group that a case was opened: number, priority, language, channel; nothing else.

Off unless AMANE_DESK_NOTIFY_TELEGRAM_CHAT_ID is set. The group is the only recipient: this never writes
to a user, so it does not go through the outbox (whose guard is about never writing first to a user).
"""
from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import yaml

from bot.channels.telegram.send import TelegramClient
from bot.settings import Settings

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


def notification_text(case_id: int, priority: str, language: str, channel: str, desk_language: str) -> str:
    """The group message, built only from the case's number and codes."""
    texts = _texts()
    words = texts.get(desk_language) or texts[DEFAULT_LANGUAGE]
    text = words["new_case"].format(
        case_id=int(case_id),
        priority=words["priorities"].get(priority, UNKNOWN),
        language=_code(language),
        channel=_code(channel),
    )
    return f"{words['urgent_marker']} · {text}" if priority == "urgent" else text


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
    try:
        text = notification_text(case_id, priority, language, channel, notify.language)
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


__all__ = ["notify_new_case", "notification_text"]
