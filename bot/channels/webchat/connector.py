"""The local web chat: a page to talk to Amane in a browser, and its JSON endpoint.

POST /webhooks/webchat/webhook {"sender": "<random id kept by the page>", "message": "...",
"message_id": "<optional, for retries>"} answers {"status", "language", "messages": [...]}.
POST /webhooks/webchat/updates {"sender", "after": N} waits up to 25 s for an officer's messages
(long polling: one request at a time, cheap on a phone's data) and answers {"messages": [{"id", "text"}]};
asking again with `after` = the highest id received confirms those. With "held": what the page last saw, the
answer also says whether an officer holds the chat, as soon as that changes ("a person has joined").
GET /webhooks/webchat/texts?languages=ar-MA,fr answers the page's greeting and words in the first language
Amane speaks (else the default); a message's "language" (the page's) is the first reply's language until a text tells.

Anyone can reach these endpoints (bot/channels/webchat/guard.py): a body over settings.webchat.max_body_bytes
gets 413 before it is read, bad JSON or types 400, and too many messages 429 with Retry-After and
{"error": "rate_limited", "detail": <text in the person's language>, "retry_after": <seconds>, "scope": ...}.
Cases that a flood opens from one address with the same words are grouped into bursts (CaseSource).
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.webchat.guard import (
    Refusal,
    WebChatLimits,
    client_ref,
    error,
    is_valid_text,
    read_json_object,
    security_headers,
    too_many,
)
from bot.channels.webchat.page_texts import choose_language, page_texts, parse_tags, supported_language
from bot.channels.webchat.updates import wait_for_updates
from bot.conversation.cases import CaseSource, case_source, message_fingerprint
from bot.conversation.content import content_for
from bot.conversation.messages import IncomingMessage
from bot.conversation.pipeline import Pipeline
from bot.conversation.privacy import pseudonymise_sender
from bot.ratelimit import make_rate_limiter
from bot.settings import Settings, get_settings
from bot.store import Conversation, session_scope

PAGE_DIR = Path(__file__).parent / "page"
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MESSAGE_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
UPDATES_WAIT_SECONDS = 25.0
STATIC_FILES = {"app.js": "application/javascript", "style.css": "text/css"}


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = get_settings()
        headers = security_headers(settings.webchat.frame_ancestors)
        limits = WebChatLimits(make_rate_limiter(settings.redis_url), settings.webchat)
        webchat = Blueprint("amane_webchat", __name__)

        @webchat.middleware("response")
        async def secure(_: Request, reply: HTTPResponse) -> None:
            for name, value in headers.items():
                reply.headers[name] = value

        @webchat.listener("before_server_stop")
        async def close_limits(_app: Any, _loop: Any) -> None:
            await limits.limiter.aclose()

        @webchat.route("/", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            return await response.file(PAGE_DIR / "index.html", mime_type="text/html; charset=utf-8")

        @webchat.route("/static/<name>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return error(404, "not_found", "no such file")
            return await response.file(PAGE_DIR / name, mime_type=STATIC_FILES[name])

        # Streamed: the body is read here, within its limit, and never before the limits were checked.
        @webchat.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            settings = get_settings()
            ref = client_ref(request, settings.pseudonym_key)
            refusal = await limits.message(ref)
            body = await read_json_object(request, settings.webchat.max_body_bytes,
                                          max_chars=settings.max_message_chars)
            if refusal is not None:
                return refuse(settings, request, body, refusal)
            if isinstance(body, HTTPResponse):
                return body
            inbound_or_error = parse_request(body)
            if isinstance(inbound_or_error, HTTPResponse):
                return inbound_or_error
            inbound = inbound_or_error
            conversation_id = pseudonymise_sender("webchat", inbound.sender, settings.pseudonym_key)
            if conversation_language(settings, conversation_id) is None:
                refusal = await limits.new_conversation(ref)
                if refusal is not None:
                    return refuse(settings, request, body, refusal)
            collector = CollectingOutputChannel()
            source = CaseSource(ref, message_fingerprint(inbound.text, settings.pseudonym_key),
                                settings.webchat.burst_minutes)
            with cases_from(source):
                outcome = await Pipeline(settings, request.app.ctx.agent).handle(inbound, collector)
            return response.json(
                {"status": outcome.status, "language": outcome.language, "messages": collector.messages}
            )

        @webchat.route("/updates", methods=["POST"], stream=True)
        async def updates(request: Request) -> HTTPResponse:
            # POST, not GET: the sender id stays out of URLs, which proxies and browsers' histories keep.
            settings = get_settings()
            refusal = await limits.poll(client_ref(request, settings.pseudonym_key))
            body = await read_json_object(request, settings.webchat.max_body_bytes)
            if refusal is not None:
                return refuse(settings, request, body, refusal)
            if isinstance(body, HTTPResponse):
                return body
            body_or_error = sender_body(body)
            if isinstance(body_or_error, HTTPResponse):
                return body_or_error
            body, sender = body_or_error
            after, wait = body.get("after", 0), body.get("wait", True)
            if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2 ** 62:
                return error(400, "invalid_after", "after must be the id of the last message received, or 0")
            held = body.get("held")
            if held is not None and not isinstance(held, bool):
                return error(400, "invalid_held", "held must be true or false: whether an officer held the chat")
            seconds = UPDATES_WAIT_SECONDS if wait is not False else 0.0
            return response.json(await wait_for_updates(settings, sender, after, seconds, held))

        @webchat.route("/texts", methods=["GET"])
        async def texts(request: Request) -> HTTPResponse:
            tags = parse_tags(request.args.get("languages"))
            if tags is None:
                return error(400, "invalid_languages", "languages must be up to 10 language tags, comma-separated")
            settings = get_settings()
            return response.json(page_texts(content_for(settings), settings,
                                            choose_language(tags, settings.default_language)))

        return webchat


@contextmanager
def cases_from(source: CaseSource) -> Iterator[None]:
    """Cases opened while handling this message know its source (for bursts); only for this request's task."""
    token = case_source.set(source)
    try:
        yield
    finally:
        case_source.reset(token)


def conversation_language(settings: Settings, conversation_id: str) -> str | None:
    """The conversation's reply language; None when there is no such conversation yet (a new sender id)."""
    with session_scope(settings.database_url) as session:
        conversation = session.get(Conversation, conversation_id)
        return None if conversation is None else (conversation.language or settings.default_language)


def refuse(settings: Settings, request: Request, body: dict[str, Any] | HTTPResponse, refusal: Refusal) -> HTTPResponse:
    """429 in the person's language: their conversation's, else the page's, else their browser's."""
    language = None
    sender = body.get("sender") if isinstance(body, dict) else None
    if isinstance(sender, str) and SENDER_PATTERN.match(sender):
        language = conversation_language(settings, pseudonymise_sender("webchat", sender, settings.pseudonym_key))
    if language is None and isinstance(body, dict):
        language = supported_language(body.get("language"))
    if language is None:
        # "ar-MA,ar;q=0.9,fr;q=0.8": the tags in the browser's order, without their weights.
        accepted = ",".join(part.split(";")[0] for part in (request.headers.get("accept-language") or "").split(","))
        language = choose_language(parse_tags(accepted.replace(" ", "")) or [], settings.default_language)
    return too_many(refusal, content_for(settings).messages("too_many_messages", language)[0])


def sender_body(body: dict[str, Any]) -> tuple[dict[str, Any], str] | HTTPResponse:
    """Both endpoints' bodies: a JSON object with the page's sender id; (body, sender) or the refusal."""
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        return error(400, "invalid_sender", "sender must be 8-64 letters, digits, '-' or '_'")
    return body, sender


def parse_request(body: dict[str, Any]) -> IncomingMessage | HTTPResponse:
    """Validate the body; every refusal says plainly what was wrong."""
    body_or_error = sender_body(body)
    if isinstance(body_or_error, HTTPResponse):
        return body_or_error
    body, sender = body_or_error
    text, message_id = body.get("message"), body.get("message_id")
    if message_id is not None and (not isinstance(message_id, str) or not MESSAGE_ID_PATTERN.match(message_id)):
        return error(400, "invalid_message_id", "message_id must be up to 128 plain characters")
    if text is not None and not isinstance(text, str):
        return error(400, "invalid_message", "message must be a text")
    if not isinstance(text, str) or not text.strip():
        return error(400, "empty_message", "message must be a non-empty text")
    max_chars = get_settings().max_message_chars
    # Checked before anything reads the text (language, NLU): a long text costs nothing more.
    if len(text) > max_chars:
        return error(413, "message_too_long", f"messages are limited to {max_chars} characters",
                      max_chars=max_chars)
    if not is_valid_text(text):
        return error(400, "invalid_text", "message holds an invalid character (a lone surrogate)")
    return IncomingMessage(channel="webchat", sender=sender, text=text.strip(), external_id=message_id,
                           client_language=supported_language(body.get("language")))
