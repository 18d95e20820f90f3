"""The local web chat: a page to talk to Amane in a browser, and its JSON endpoint.

POST /webhooks/webchat/webhook {"sender": "<random id kept by the page>", "message": "...",
"message_id": "<optional, for retries>"} answers {"status", "language", "messages": [...]}.
POST /webhooks/webchat/updates {"sender", "after": N} waits up to 25 s for an officer's messages
(long polling: one request at a time, cheap on a phone's data) and answers {"messages": [{"id", "text"}]};
asking again with `after` = the highest id received confirms those. With "held": what the page last saw, the
answer also says whether an officer holds the chat, as soon as that changes ("a person has joined").
GET /webhooks/webchat/texts?languages=ar-MA,fr answers the page's greeting and words in the first language
Amane speaks (else the default); a message's "language" (the page's) is the first reply's language until a text tells.
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.webchat.page_texts import choose_language, page_texts, parse_tags, supported_language
from bot.channels.webchat.updates import wait_for_updates
from bot.conversation.content import content_for
from bot.conversation.messages import IncomingMessage
from bot.conversation.pipeline import Pipeline
from bot.settings import get_settings

PAGE_DIR = Path(__file__).parent / "page"
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MESSAGE_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
UPDATES_WAIT_SECONDS = 25.0
STATIC_FILES = {"app.js": "application/javascript", "style.css": "text/css"}


def _error(status: int, code: str, detail: str, **extra: Any) -> HTTPResponse:
    return response.json({"error": code, "detail": detail, **extra}, status=status)


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("amane_webchat", __name__)

        @webchat.route("/", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            return await response.file(PAGE_DIR / "index.html", mime_type="text/html; charset=utf-8")

        @webchat.route("/static/<name>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return _error(404, "not_found", "no such file")
            return await response.file(PAGE_DIR / name, mime_type=STATIC_FILES[name])

        @webchat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            inbound_or_error = parse_request(request)
            if isinstance(inbound_or_error, HTTPResponse):
                return inbound_or_error
            collector = CollectingOutputChannel()
            outcome = await Pipeline(get_settings(), request.app.ctx.agent).handle(inbound_or_error, collector)
            return response.json(
                {"status": outcome.status, "language": outcome.language, "messages": collector.messages}
            )

        @webchat.route("/updates", methods=["POST"])
        async def updates(request: Request) -> HTTPResponse:
            # POST, not GET: the sender id stays out of URLs, which proxies and browsers' histories keep.
            body_or_error = sender_body(request)
            if isinstance(body_or_error, HTTPResponse):
                return body_or_error
            body, sender = body_or_error
            after, wait = body.get("after", 0), body.get("wait", True)
            if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2 ** 62:
                return _error(400, "invalid_after", "after must be the id of the last message received, or 0")
            held = body.get("held")
            if held is not None and not isinstance(held, bool):
                return _error(400, "invalid_held", "held must be true or false: whether an officer held the chat")
            seconds = UPDATES_WAIT_SECONDS if wait is not False else 0.0
            return response.json(await wait_for_updates(get_settings(), sender, after, seconds, held))

        @webchat.route("/texts", methods=["GET"])
        async def texts(request: Request) -> HTTPResponse:
            tags = parse_tags(request.args.get("languages"))
            if tags is None:
                return _error(400, "invalid_languages", "languages must be up to 10 language tags, comma-separated")
            settings = get_settings()
            return response.json(page_texts(content_for(settings), settings,
                                            choose_language(tags, settings.default_language)))

        return webchat


def sender_body(request: Request) -> tuple[dict[str, Any], str] | HTTPResponse:
    """Both endpoints' bodies: a JSON object with the page's sender id; (body, sender) or the refusal."""
    try:
        body = request.json
    except Exception:  # noqa: BLE001 (sanic raises its own error type for invalid JSON)
        body = None
    if not isinstance(body, dict):
        return _error(400, "invalid_json", "the body must be a JSON object")
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        return _error(400, "invalid_sender", "sender must be 8-64 letters, digits, '-' or '_'")
    return body, sender


def parse_request(request: Request) -> IncomingMessage | HTTPResponse:
    """Validate the body; every refusal says plainly what was wrong."""
    body_or_error = sender_body(request)
    if isinstance(body_or_error, HTTPResponse):
        return body_or_error
    body, sender = body_or_error
    text, message_id = body.get("message"), body.get("message_id")
    if message_id is not None and (not isinstance(message_id, str) or not MESSAGE_ID_PATTERN.match(message_id)):
        return _error(400, "invalid_message_id", "message_id must be up to 128 plain characters")
    if not isinstance(text, str) or not text.strip():
        return _error(400, "empty_message", "message must be a non-empty text")
    max_chars = get_settings().max_message_chars
    if len(text) > max_chars:
        return _error(413, "message_too_long", f"messages are limited to {max_chars} characters",
                      max_chars=max_chars)
    return IncomingMessage(channel="webchat", sender=sender, text=text.strip(), external_id=message_id,
                           client_language=supported_language(body.get("language")))
