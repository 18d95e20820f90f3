"""WhatsApp Cloud API replies: OutgoingMessage -> the JSON bodies of POST /messages, and the client that sends them.

Building is pure; the client maps each HTTP outcome to a SendResult so the caller's outbox decides what to retry.
"""
from __future__ import annotations

import logging
import math
import re
from typing import Any

import httpx

from bot.channels.base import BREAKS, split_text
from bot.messaging.messages import OutgoingMessage, SendResult

logger = logging.getLogger(__name__)

# The Cloud API's limits, in characters.
TEXT_BODY_MAX = 4096
INTERACTIVE_BODY_MAX = 1024
BUTTON_TITLE_MAX = 20
MAX_BUTTONS = 3
BUTTON_ID_MAX = 256
ROW_TITLE_MAX = 24
MAX_ROWS = 10
ROW_ID_MAX = 200
LIST_BUTTON_LABEL_MAX = 20
ELLIPSIS = "…"

# When a 429 names no delay, wait this long (seconds) before the next try.
DEFAULT_RETRY_AFTER = 30.0
WINDOW_CLOSED = "131047"   # more than 24 hours since the user's last message: only a template may be sent
# A wa_id is the number in digits; any other address is a business-scoped user id (BSUID, "US.1349…"): a user
# with a username whose number Meta does not give.
PHONE_NUMBER = re.compile(r"^\+?[0-9]{6,20}$")
# Throttling answered with a 4xx other than 429: waiting helps, so these are not permanent failures.
# 4 app request limit, 80007 account rate limit, 130429 throughput reached, 131056 too many to one user.
THROTTLING_CODES = frozenset({"4", "80007", "130429", "131056"})


def build_payloads(to: str, message: OutgoingMessage, list_button_label: str) -> list[dict[str, Any]]:
    """The request bodies, in order, that show `message` to `to`; [] when there is nothing to show."""
    buttons = list(message.buttons)
    if not buttons:
        return [_text(to, piece) for piece in split_text(message.text, TEXT_BODY_MAX)]
    if not message.text.strip() or not _ids_fit(buttons):
        # An interactive message needs a body and short ids; a numbered text always works.
        return _numbered(to, message)
    if len(buttons) <= MAX_BUTTONS:
        leading, body = _split_for_body(message.text)
        return [_text(to, piece) for piece in leading] + [_button_message(to, body, buttons)]
    if len(buttons) <= MAX_ROWS:
        leading, body = _split_for_body(message.text)
        return [_text(to, piece) for piece in leading] + [_list_message(to, body, buttons, list_button_label)]
    return _numbered(to, message)


def build_template_payload(to: str, template_name: str, language_code: str) -> dict[str, Any]:
    """The neutral, pre-approved template: the only message allowed outside the 24-hour window."""
    return {
        **_envelope(to),
        "type": "template",
        "template": {"name": template_name, "language": {"code": language_code}},
    }


class WhatsAppClient:
    """Sends request bodies to one business phone number's /messages endpoint."""

    def __init__(
        self, http: httpx.AsyncClient, base_url: str, api_version: str, phone_number_id: str, access_token: str
    ) -> None:
        self._http = http
        self._blocking = httpx.Client(timeout=http.timeout)   # send_blocking's (thread-safe, pooled)
        self._url = f"{base_url.rstrip('/')}/{api_version.strip('/')}/{phone_number_id}/messages"
        self._headers = {"Authorization": f"Bearer {access_token}"}

    async def send(self, payload: dict[str, Any]) -> SendResult:
        """One POST; never raises for network or provider failures. Logs status and error codes only."""
        try:
            response = await self._http.post(self._url, json=payload, headers=self._headers)
        except httpx.TransportError as error:
            return _network_error(error)
        return _result(response)

    def send_blocking(self, payload: dict[str, Any]) -> SendResult:
        """send, from a thread (the outbox sends a reply's parts from its own threads, where the event loop's other
        work does not hold them up). A pooled client of its own: the async one belongs to the event loop."""
        try:
            response = self._blocking.post(self._url, json=payload, headers=self._headers)
        except httpx.TransportError as error:
            return _network_error(error)
        return _result(response)

    def close(self) -> None:
        """Closes send_blocking's client (the async one is the server's, closed with the others)."""
        self._blocking.close()


def _network_error(error: httpx.TransportError) -> SendResult:
    # The exception text may quote the URL or the request: its class says enough.
    logger.warning("whatsapp send failed: network error %s", type(error).__name__)
    return SendResult(ok=False)


def _result(response: httpx.Response) -> SendResult:
    """The provider's answer to one POST, as the outbox needs it."""
    status = response.status_code
    body = _json_object(response)
    if 200 <= status < 300:
        message_id = _first_message_id(body)
        logger.info("whatsapp send ok status=%s", status)
        return SendResult(ok=True, provider_message_id=message_id)
    error_code = _error_code(body)
    logger.warning("whatsapp send failed status=%s error_code=%s", status, error_code)
    if status == 429 or (400 <= status < 500 and error_code in THROTTLING_CODES):
        return SendResult(ok=False, retry_after=_retry_after(response), error_code=error_code)
    if 400 <= status < 500:
        return SendResult(ok=False, permanent=True, error_code=error_code)
    return SendResult(ok=False, error_code=error_code)


def is_phone_number(address: str) -> bool:
    """True for a wa_id (phone number); False for a business-scoped user id."""
    return bool(PHONE_NUMBER.match(address))


def _envelope(to: str) -> dict[str, Any]:
    # The Cloud API documents `to` for a phone number and `recipient` for a business-scoped user id; with both,
    # `to` would win, so only one is ever sent.
    field = "to" if is_phone_number(to) else "recipient"
    return {"messaging_product": "whatsapp", "recipient_type": "individual", field: to}


def _text(to: str, body: str) -> dict[str, Any]:
    # No link previews: a preview fetch would tell a third-party site that this number got the link.
    return {**_envelope(to), "type": "text", "text": {"preview_url": False, "body": body}}


def _button_message(to: str, body: str, buttons: list[tuple[str, str]]) -> dict[str, Any]:
    replies = [
        {"type": "reply", "reply": {"id": payload, "title": _truncate(title, BUTTON_TITLE_MAX)}}
        for title, payload in buttons
    ]
    return {
        **_envelope(to),
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": replies}},
    }


def _list_message(to: str, body: str, buttons: list[tuple[str, str]], label: str) -> dict[str, Any]:
    rows = [{"id": payload, "title": _truncate(title, ROW_TITLE_MAX)} for title, payload in buttons]
    return {
        **_envelope(to),
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": body},
            "action": {"button": _truncate(label, LIST_BUTTON_LABEL_MAX), "sections": [{"rows": rows}]},
        },
    }


def _numbered(to: str, message: OutgoingMessage) -> list[dict[str, Any]]:
    choices = "\n".join(f"{number}. {title.strip()}" for number, (title, _) in enumerate(message.buttons, 1))
    text = f"{message.text.strip()}\n\n{choices}" if message.text.strip() else choices
    return [_text(to, piece) for piece in split_text(text, TEXT_BODY_MAX)]


def _ids_fit(buttons: list[tuple[str, str]]) -> bool:
    limit = BUTTON_ID_MAX if len(buttons) <= MAX_BUTTONS else ROW_ID_MAX
    return all(0 < len(payload) <= limit for _, payload in buttons)


def _truncate(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def _split_for_body(text: str) -> tuple[list[str], str]:
    """(plain texts to send first, the interactive body): the body is the text's end, cut at a natural break."""
    text = text.strip()
    if len(text) <= INTERACTIVE_BODY_MAX:
        return [], text
    start = len(text) - INTERACTIVE_BODY_MAX
    window = text[start:]
    cut = start
    for separators in BREAKS:
        # The earliest break keeps the body long; one in the window's last third would leave a tiny body.
        positions = [(window.find(sep), sep) for sep in separators]
        found = [i + len(sep) for i, sep in positions if 0 <= i < 2 * len(window) // 3]
        if found:
            cut = start + min(found)
            break
    return split_text(text[:cut], TEXT_BODY_MAX), text[cut:].strip()


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _first_message_id(body: dict[str, Any]) -> str | None:
    messages = body.get("messages")
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        message_id = messages[0].get("id")
        return message_id if isinstance(message_id, str) else None
    return None


def _error_code(body: dict[str, Any]) -> str | None:
    error = body.get("error")
    code = error.get("code") if isinstance(error, dict) else None
    return str(code) if isinstance(code, (int, str)) and not isinstance(code, bool) else None


def _retry_after(response: httpx.Response) -> float:
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return DEFAULT_RETRY_AFTER   # absent, or an HTTP date, which the Graph API does not send
    return seconds if math.isfinite(seconds) and seconds >= 0 else DEFAULT_RETRY_AFTER
