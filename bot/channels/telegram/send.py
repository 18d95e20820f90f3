"""Telegram output: the exact sendMessage requests for one reply, and a Bot API client that sends them.

Requests are plain JSON-able dicts so that an outbox can store them and send them again later.
"""
from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from bot.channels.base import split_text
from bot.messaging.messages import OutgoingMessage, SendResult

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 4096           # sendMessage text, after entity parsing (we send plain text)
MAX_CALLBACK_DATA_BYTES = 64    # InlineKeyboardButton.callback_data
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
MAX_DELETE_BATCH = 100          # deleteMessages

ChatId = int | str


def build_requests(chat_id: ChatId, message: OutgoingMessage) -> list[dict[str, Any]]:
    """sendMessage parameters for one reply: the text in pieces, the buttons under the last piece.

    An empty text gives no request at all: Telegram refuses an empty message, buttons included.
    """
    pieces = split_text(message.text, MAX_TEXT_CHARS)
    requests: list[dict[str, Any]] = [{"chat_id": chat_id, "text": piece} for piece in pieces]
    if requests and message.buttons:
        requests[-1]["reply_markup"] = inline_keyboard(message.buttons)
    return requests


def inline_keyboard(buttons: list[tuple[str, str]]) -> dict[str, Any]:
    """One button per row: titles in four languages vary too much in length to pair them up."""
    rows = [[InlineKeyboardButton(title, callback_data=callback_data(payload))] for title, payload in buttons]
    return InlineKeyboardMarkup(rows).to_dict()


def callback_data(payload: str) -> str:
    """The payload cut to Telegram's 64 bytes, never inside a character, still a valid intent if possible.

    A Rasa payload such as '/inform{"topic": "..."}' cut in its entities would no longer parse, so the
    entities are dropped first and the bare intent kept.
    """
    if _utf8_len(payload) <= MAX_CALLBACK_DATA_BYTES:
        return payload
    if payload.startswith("/") and "{" in payload:
        intent = payload[: payload.index("{")]
        if _utf8_len(intent) <= MAX_CALLBACK_DATA_BYTES:
            return intent
    return payload.encode("utf-8")[:MAX_CALLBACK_DATA_BYTES].decode("utf-8", errors="ignore")


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


class _WithholdProviderDetails(logging.Filter):
    """Keeps a library's warnings and errors, without their arguments; drops its debug and info records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return False
        # The format string is the library's constant text; the arguments and traceback are where a
        # token, a chat id, a message text or a raw server reply would be.
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


# python-telegram-bot logs at DEBUG the token in its API URL, every call's parameters (chat id,
# text) and every reply; httpx logs at INFO each request URL, which holds the token. We use a
# filter on these loggers rather than raising their level, because a level is global state that
# anyone may lower again (Rasa's logging setup, a test's caplog); a filter stays. A logger's filter
# only sees records created by that very logger, hence the list of exact names.
PROVIDER_LOGGERS = (
    "telegram.Bot",
    "telegram.request.BaseRequest",
    "telegram.request.HTTPXRequest",
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


def withhold_provider_logs() -> None:
    """Install the filter on the provider loggers (idempotent; done when this module is imported)."""
    for name in PROVIDER_LOGGERS:
        provider_logger = logging.getLogger(name)
        if not any(isinstance(existing, _WithholdProviderDetails) for existing in provider_logger.filters):
            provider_logger.addFilter(_WithholdProviderDetails())


withhold_provider_logs()


class TelegramClient:
    """The Bot API calls Amane makes, each mapped to a result instead of an exception.

    Bot.initialize() is never called: it makes a getMe request nobody asked for and, when the
    token is refused, puts the token itself in the exception's message.
    """

    def __init__(self, token: str, base_url: str, *, connect_timeout: float = 5.0, read_timeout: float = 10.0,
                 write_timeout: float = 10.0, pool_timeout: float = 5.0, connection_pool_size: int = 8,
                 httpx_kwargs: Mapping[str, Any] | None = None) -> None:
        """base_url is the API root, e.g. https://api.telegram.org; httpx_kwargs go to httpx.AsyncClient
        (a proxy in production, a hook refusing non-local hosts in tests)."""
        if not base_url:
            raise ValueError("base_url is required")
        root = base_url.rstrip("/")
        self.base_url = root
        self._requests = (
            HTTPXRequest(connection_pool_size=connection_pool_size, connect_timeout=connect_timeout,
                         read_timeout=read_timeout, write_timeout=write_timeout, pool_timeout=pool_timeout,
                         httpx_kwargs=dict(httpx_kwargs or {})),
            # Bot insists on a second request object for getUpdates; we use webhooks, so it stays idle.
            HTTPXRequest(connection_pool_size=1, httpx_kwargs=dict(httpx_kwargs or {})),
        )
        self._bot = Bot(token, base_url=f"{root}/bot", base_file_url=f"{root}/file/bot",
                        request=self._requests[0], get_updates_request=self._requests[1])

    def __repr__(self) -> str:  # the default would not leak the token, but say so explicitly
        return f"TelegramClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> TelegramClient:
        return self

    async def __aexit__(self, *_: Any) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for request in self._requests:
            await request.shutdown()

    async def send(self, request: Mapping[str, Any]) -> SendResult:
        """One sendMessage request as built by build_requests."""
        params = dict(request)
        chat_id, text = params.pop("chat_id"), params.pop("text")
        markup = params.pop("reply_markup", None)
        if isinstance(markup, str):  # an outbox may have stored it serialised
            markup = json.loads(markup)
        try:
            sent = await self._bot.send_message(
                chat_id=chat_id,
                text=text,
                reply_markup=InlineKeyboardMarkup.de_json(markup, None) if markup else None,
                api_kwargs=params or None,
            )
        except TelegramError as error:
            return self._failed("sendMessage", error)
        return SendResult(ok=True, provider_message_id=str(sent.message_id))

    async def answer_callback(self, callback_query_id: str) -> bool:
        """Stop the spinner on the button the user pressed. False when Telegram refused (e.g. too old)."""
        try:
            return bool(await self._bot.answer_callback_query(callback_query_id))
        except TelegramError as error:
            self._failed("answerCallbackQuery", error)
            return False

    async def delete_message(self, chat_id: ChatId, message_id: int | str) -> bool:
        """Remove one message from the chat. False when it could not be deleted (gone, too old, refused)."""
        try:
            return bool(await self._bot.delete_message(chat_id=chat_id, message_id=int(message_id)))
        except TelegramError as error:
            self._failed("deleteMessage", error)
            return False

    async def delete_messages(self, chat_id: ChatId, message_ids: list[int | str]) -> int:
        """Remove messages from a private chat, the bot's and the user's alike; returns how many went.

        deleteMessages takes up to 100 ids and skips those already gone; when Telegram refuses a batch,
        its messages are tried one by one so that one undeletable message keeps none of the others.
        """
        ids = sorted({int(message_id) for message_id in message_ids})
        deleted = 0
        for start in range(0, len(ids), MAX_DELETE_BATCH):
            batch = ids[start:start + MAX_DELETE_BATCH]
            try:
                if await self._bot.delete_messages(chat_id=chat_id, message_ids=batch):
                    deleted += len(batch)
                    continue
            except TelegramError as error:
                self._failed("deleteMessages", error)
            deleted += sum([await self.delete_message(chat_id, message_id) for message_id in batch])
        return deleted

    async def set_webhook(self, url: str, secret_token: str) -> bool:
        """Point Telegram at our webhook. Errors are raised, for the command to report why."""
        return bool(await self._bot.set_webhook(url=url, secret_token=secret_token,
                                                allowed_updates=list(ALLOWED_UPDATES)))

    @staticmethod
    def _failed(method: str, error: TelegramError) -> SendResult:
        result = classify_error(error)
        # The kind only: Telegram's description may quote what we sent.
        logger.warning("telegram %s failed kind=%s permanent=%s", method, result.error_code, result.permanent)
        return result


def classify_error(error: TelegramError) -> SendResult:
    """What a Bot API error means for the outbox: wait, retry, or give up."""
    if isinstance(error, RetryAfter):
        return SendResult(ok=False, retry_after=_retry_after_seconds(error), error_code="retry_after")
    if isinstance(error, ChatMigrated):
        return SendResult(ok=False, permanent=True, error_code="chat_migrated")
    # BadRequest and TimedOut are kinds of NetworkError in python-telegram-bot: test them first.
    if isinstance(error, BadRequest):
        return SendResult(ok=False, permanent=True, error_code="bad_request")
    if isinstance(error, Forbidden):  # the user blocked the bot, or left the chat
        return SendResult(ok=False, permanent=True, error_code="forbidden")
    if isinstance(error, InvalidToken):
        return SendResult(ok=False, permanent=True, error_code="invalid_token")
    if isinstance(error, TimedOut):
        return SendResult(ok=False, error_code="timed_out")
    if isinstance(error, NetworkError):  # 5xx and connection failures
        return SendResult(ok=False, error_code="network_error")
    # Anything else (e.g. an unreadable reply) may well pass on a second try.
    return SendResult(ok=False, error_code="telegram_error")


def _retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        # Reading retry_after warns that it will become a timedelta; we accept both.
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
