"""Telegram webhook input: check the secret header, and turn one Bot API update into an IncomingMessage.

Parsing never raises: anything we cannot or do not handle comes back as a content-free error code.
"""
from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from telegram import CallbackQuery, Message, Update

from bot.conversation.messages import IncomingMessage, client_language
from bot.messaging.taps import MAX_WORDS, TAPPED_MESSAGE, TAPPED_WORDS

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# The largest body the webhook reads (bot/channels/base.py: read_limited). Telegram sends one update a request: a
# text of at most 4,096 characters (or a caption of 1,024) with its formatting entities, and perhaps the message it
# answers, quoted the same way: usually a few kilobytes, tens at most. Entities are not capped in number by the Bot
# API, so 1 MiB (not less) keeps a real update from being refused, and Telegram retrying it until it gives up.
# A body is read only after the secret header matched: a stranger's body is never read at all.
MAX_BODY_BYTES = 1024 * 1024
# Telegram's ids fit in 52 bits (its documentation); anything larger is no chat of Telegram's.
MAX_ID = 2 ** 53
# "/start", "/start@SomeBot" (groups) and "/start <payload>" from a t.me/<bot>?start=<payload> link.
START_COMMAND = re.compile(r"^/start(?:@\w+)?(?:\s+(\S+))?\s*$", re.IGNORECASE)
# Telegram only lets deep-link payloads use these characters; anything else was typed or forged,
# and is not passed on as if it came from one of our links.
START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# Checked in this order: a venue message also carries a location, an animation also a document.
MEDIA_ATTRIBUTES = (
    ("photo", "image"),
    ("voice", "voice"),
    ("audio", "audio"),
    ("video_note", "video"),
    ("video", "video"),
    ("animation", "video"),
    ("document", "document"),
    ("sticker", "sticker"),
    ("venue", "location"),
    ("location", "location"),
    ("contact", "contacts"),
)


@dataclass(frozen=True)
class ParsedUpdate:
    """One update, parsed: a message to process, a callback query to acknowledge, or why there is neither."""

    message: IncomingMessage | None = None
    callback_query_id: str | None = None   # answer it, even with no message, to stop the client's spinner
    error: str | None = None               # a fixed code such as "invalid_json"; never any content
    chat_type: str | None = None           # for "not_private_chat": group, supergroup, channel (safe to log)
    # When the message (or its edit) was sent, in Unix seconds, as Telegram says; None for a button tap, which
    # carries no time of its own (bot/conversation/replay.py judges the age).
    sent_at: int | None = None


def secret_is_valid(header: str | None, secret: str) -> bool:
    """True when the webhook's secret header matches ours (constant time); False when either is missing."""
    if not header or not secret:
        return False
    # Bytes, because compare_digest refuses non-ASCII str; and "surrogatepass", because Sanic decodes a header's
    # bytes that are not UTF-8 as lone surrogates, which a strict encode refuses (a 500 for a forged header).
    return hmac.compare_digest(header.encode("utf-8", "surrogatepass"), secret.encode("utf-8", "surrogatepass"))


def parse_update(raw_body: bytes) -> ParsedUpdate:
    """The message (or callback) in one webhook body; an error code for anything else."""
    if len(raw_body) > MAX_BODY_BYTES:
        return ParsedUpdate(error="body_too_large")
    if not raw_body.strip():
        return ParsedUpdate(error="empty_body")
    try:
        data = json.loads(raw_body.decode("utf-8"))
    # UnicodeDecodeError and JSONDecodeError are ValueErrors; a body nested thousands deep exhausts the parser's
    # recursion: unreadable all the same.
    except (ValueError, RecursionError):
        return ParsedUpdate(error="invalid_json")
    if not isinstance(data, dict) or not _is_id(data.get("update_id")) or not _fields_have_their_types(data):
        return ParsedUpdate(error="invalid_update")
    parsed = _parse(data)
    if parsed.message is None:
        return parsed
    return replace(parsed, sent_at=_sent_at(data))


def _parse(data: dict[str, Any]) -> ParsedUpdate:
    try:
        update = Update.de_json(data, None)
    except Exception:  # noqa: BLE001 (TypeError, KeyError, ValueError... whatever the library meets)
        # python-telegram-bot refuses an object that lacks a field its Bot API version requires
        # (e.g. a poll option's persistent_id since Bot API 9.6), and Telegram and the library do not
        # change on the same day. A user's message must not be lost for a part we never read.
        return _from_raw(data)
    external_id = str(update.update_id)
    if update.callback_query is not None:
        return _from_callback(update.callback_query, external_id)
    message = update.message or update.edited_message
    if message is None:
        return ParsedUpdate(error="unhandled_update")
    if message.chat is None:
        return ParsedUpdate(error="no_chat")
    if not _is_private(message.chat.type, message.chat.id):
        return _not_private(message.chat.type)
    language = message.from_user.language_code if message.from_user is not None else None
    if update.edited_message is not None:
        return _edit(message.chat.id, message.message_id, external_id, message.text or message.caption)
    return _message(message.chat.id, message.message_id, external_id, message.text, _media_kind(message),
                    message.caption, language)


def _from_callback(query: CallbackQuery, external_id: str) -> ParsedUpdate:
    # The message holding the buttons gives the chat; without it (a very old message), in a private
    # chat the user's id is the chat's id.
    if query.message is not None and query.message.chat is not None:
        if not _is_private(query.message.chat.type, query.message.chat.id):
            return _not_private(query.message.chat.type, query.id)
        chat_id: int | None = query.message.chat.id
    elif query.from_user is not None:
        chat_id = query.from_user.id
    else:
        chat_id = None
    holder = query.message.to_dict() if query.message is not None else None
    return _callback(chat_id, query.id, query.data, external_id, holder)


def _is_private(chat_type: Any, chat_id: Any) -> bool:
    """Only a private chat is a conversation. Updates of 2015 carry no type: a private chat's id is the user's,
    a positive number; groups, supergroups and channels have negative ids."""
    if chat_type is None or chat_type == "":
        return _is_int(chat_id) and chat_id > 0
    return str(chat_type) == "private"


def _not_private(chat_type: Any, callback_query_id: str | None = None) -> ParsedUpdate:
    """A group, supergroup (forum topics included) or channel: acknowledged, never answered nor stored.
    An answer there would show a disclosure's reply, the safety buttons and the exit word to every member."""
    kind = str(chat_type) if chat_type in ("group", "supergroup", "channel") else "other"
    return ParsedUpdate(error="not_private_chat", chat_type=kind, callback_query_id=callback_query_id)


def _from_raw(data: dict[str, Any]) -> ParsedUpdate:
    """The same result from the raw JSON, for updates the library cannot build; strict about the fields we use."""
    external_id = str(data["update_id"])
    query = data.get("callback_query")
    if query is not None:
        if not isinstance(query, dict) or not isinstance(query.get("id"), str):
            return ParsedUpdate(error="invalid_update")
        holder, sender = query.get("message"), query.get("from")
        if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
            candidate = holder["chat"].get("id")
            if not _is_private(holder["chat"].get("type"), candidate):
                return _not_private(holder["chat"].get("type"), query["id"])
        else:
            candidate = sender.get("id") if isinstance(sender, dict) else None
        chat_id = candidate if _is_int(candidate) else None
        payload = query.get("data") if isinstance(query.get("data"), str) else None
        return _callback(chat_id, query["id"], payload, external_id, holder if isinstance(holder, dict) else None)
    message = data["message"] if "message" in data else data.get("edited_message")
    if message is None:
        return ParsedUpdate(error="unhandled_update")
    if not isinstance(message, dict) or not _is_int(message.get("message_id")):
        return ParsedUpdate(error="invalid_update")
    if "chat" not in message:
        return ParsedUpdate(error="no_chat")
    chat = message["chat"]
    if not isinstance(chat, dict) or not _is_int(chat.get("id")):
        return ParsedUpdate(error="invalid_update")
    if not _is_private(chat.get("type"), chat["id"]):
        return _not_private(chat.get("type"))
    text = message.get("text")
    if text is not None and not isinstance(text, str):
        return ParsedUpdate(error="invalid_update")
    caption = message.get("caption") if isinstance(message.get("caption"), str) else None
    if "message" not in data:
        return _edit(chat["id"], message["message_id"], external_id, text or caption)
    kind = next((kind for attribute, kind in MEDIA_ATTRIBUTES if message.get(attribute)), "unknown")
    sender = message.get("from")
    language = sender.get("language_code") if isinstance(sender, dict) else None
    return _message(chat["id"], message["message_id"], external_id, text, kind, caption, language)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_id(value: Any) -> bool:
    return _is_int(value) and -MAX_ID < value < MAX_ID


# The fields we read, and their types in the Bot API. python-telegram-bot builds its objects without checking
# types (a text that is a number, a chat id that is a string), so they are checked here, on the raw JSON, first:
# a reply must never go to a "chat" that is a string, and a text that is not one must not reach the pipeline.
_MESSAGE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "message_id": _is_id, "date": _is_int, "edit_date": _is_int,
    "text": lambda value: isinstance(value, str), "caption": lambda value: isinstance(value, str),
}
_CHAT_FIELDS: dict[str, Callable[[Any], bool]] = {"id": _is_id, "type": lambda value: isinstance(value, str)}
_USER_FIELDS: dict[str, Callable[[Any], bool]] = {"id": _is_id}
_QUERY_FIELDS: dict[str, Callable[[Any], bool]] = {
    "id": lambda value: isinstance(value, str), "data": lambda value: isinstance(value, str)}


def _fields_have_their_types(data: dict[str, Any]) -> bool:
    """False when a field we read is present with another type than the Bot API's (null counts as absent)."""
    for name in ("message", "edited_message"):
        if name in data and data[name] is not None and not _message_is_well_typed(data[name]):
            return False
    query = data.get("callback_query")
    if query is None:
        return True
    return (isinstance(query, dict) and _typed(query, _QUERY_FIELDS) and _typed_object(query, "from", _USER_FIELDS)
            and (query.get("message") is None or _message_is_well_typed(query["message"])))


def _message_is_well_typed(message: Any) -> bool:
    return (isinstance(message, dict) and _typed(message, _MESSAGE_FIELDS)
            and _typed_object(message, "chat", _CHAT_FIELDS) and _typed_object(message, "from", _USER_FIELDS))


def _typed_object(holder: dict[str, Any], name: str, fields: dict[str, Callable[[Any], bool]]) -> bool:
    """An object that may be absent; when present, its id is not optional (a chat or a user without one is none)."""
    value = holder.get(name)
    return value is None or (isinstance(value, dict) and value.get("id") is not None and _typed(value, fields))


def _typed(holder: dict[str, Any], fields: dict[str, Callable[[Any], bool]]) -> bool:
    return all(holder.get(name) is None or check(holder[name]) for name, check in fields.items())


def _sent_at(data: dict[str, Any]) -> int | None:
    """When the user sent this message, or edited it (for an edit); types were checked before."""
    message = data.get("message") or data.get("edited_message")
    if not isinstance(message, dict):
        return None   # a button tap: no time of its own
    moment = message.get("edit_date") if "message" not in data else None
    moment = moment if moment is not None else message.get("date")
    return moment if _is_int(moment) else None


def _media_kind(message: Message) -> str:
    for attribute, kind in MEDIA_ATTRIBUTES:
        if getattr(message, attribute, None):
            return kind
    return "unknown"


def _message(chat_id: int, message_id: int, external_id: str, text: str | None,
             media_kind: str, caption: str | None = None, language_code: Any = None) -> ParsedUpdate:
    """A text message (with /start and its deep-link payload recognised), or a media message and its caption."""
    context: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id}
    extra = {"chat_message_id": str(message_id), "client_language": client_language(language_code)}
    if text is None:
        # A caption may be the point of the message ("had lwara9 dyali"): it is read as text.
        return ParsedUpdate(message=_incoming(chat_id, external_id, (caption or "").strip(), media_kind, context,
                                              **extra))
    start = START_COMMAND.match(text.strip())
    if start:
        text = "/start"
        if start.group(1) and START_PAYLOAD.match(start.group(1)):
            context["start_payload"] = start.group(1)
    return ParsedUpdate(message=_incoming(chat_id, external_id, text, None, context, **extra))


def _edit(chat_id: int, message_id: int, external_id: str, text: str | None) -> ParsedUpdate:
    """The user changed an earlier message: not a new turn. Its new text is kept for the officers, unanswered."""
    if not text or not text.strip():
        return ParsedUpdate(error="edit_without_text")
    return ParsedUpdate(message=IncomingMessage(
        channel=CHANNEL, sender=str(chat_id), external_id=external_id, text=text,
        reply_context={"chat_id": chat_id, "message_id": message_id}, kind="edit", refers_to=str(message_id)))


def _callback(chat_id: int | None, query_id: str, data: str | None, external_id: str,
              holder: dict[str, Any] | None = None) -> ParsedUpdate:
    if chat_id is None:
        return ParsedUpdate(callback_query_id=query_id, error="no_chat")
    if not data:
        return ParsedUpdate(callback_query_id=query_id, error="callback_without_data")
    context: dict[str, Any] = {"chat_id": chat_id, "callback_query_id": query_id}
    context.update(_tapped_buttons(holder, data))
    return ParsedUpdate(message=_incoming(chat_id, external_id, data, None, context), callback_query_id=query_id)


def _tapped_buttons(holder: dict[str, Any] | None, data: str) -> dict[str, Any]:
    """Which of our messages held the tapped button, and the button's words: a tap on buttons the person has
    answered already, or written past, is read as those words (bot/messaging/taps.py)."""
    if not holder or not _is_id(holder.get("message_id")):
        return {}   # a very old message is not included: nothing to compare, the tap counts as it is
    tapped: dict[str, Any] = {TAPPED_MESSAGE: str(holder["message_id"])}   # as the outbox keeps it
    markup = holder.get("reply_markup")
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    for row in rows if isinstance(rows, list) else []:
        for button in row if isinstance(row, list) else []:
            if isinstance(button, dict) and button.get("callback_data") == data and isinstance(button.get("text"), str):
                tapped[TAPPED_WORDS] = button["text"][:MAX_WORDS]
                return tapped
    return tapped


def _incoming(chat_id: int, external_id: str, text: str, media: str | None,
              context: dict[str, Any], **extra: Any) -> IncomingMessage:
    return IncomingMessage(channel=CHANNEL, sender=str(chat_id), external_id=external_id, text=text,
                           media=media, reply_context=context, **extra)
