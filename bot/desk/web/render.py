"""Jinja2 rendering of the desk's pages and fragments, with the helpers every template uses."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from sanic import response
from sanic.response import HTTPResponse

from bot.desk.web.texts import NAMES, Texts
from bot.store.desk_models import as_utc
from bot.store.models import utcnow

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Autoescape everywhere: transcripts and notes are other people's words, never markup.
_environment = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
# A button's payload ("/affirm"), as the person's message: the transcript shows the button's meaning.
_PAYLOAD = re.compile(r"^/[a-z_]{1,64}$")
_environment.tests["payload"] = lambda text: isinstance(text, str) and bool(_PAYLOAD.match(text))


def age(texts: Texts, since: datetime | None, now: datetime | None = None) -> str:
    """How long ago, in the largest whole unit: "12 min", "3 h", "2 d"."""
    if since is None:
        return ""
    minutes = int(((now or utcnow()) - as_utc(since)).total_seconds() // 60)
    if minutes < 1:
        return texts("age.now")
    if minutes < 60:
        return texts("age.minutes", n=minutes)
    if minutes < 48 * 60:
        return texts("age.hours", n=minutes // 60)
    return texts("age.days", n=minutes // (24 * 60))


def when(moment: datetime | None) -> str:
    """Day, month, year and a 24-hour time, in every desk language (UTC; desk.js shows the browser's time zone
    in the same order): "05/12/2026 21:35 UTC", never "12/5/26, 9:35 PM"."""
    # Isolated left to right: in an Arabic line the date still reads day, month, year, then the time.
    return f"\u2066{as_utc(moment).strftime('%d/%m/%Y %H:%M UTC')}\u2069" if moment else ""


def day(moment: Any) -> str:
    """A date alone, day first: "05/12/2026"."""
    return f"\u2066{moment.strftime('%d/%m/%Y')}\u2069" if moment else ""


def iso(moment: datetime | None) -> str:
    return as_utc(moment).isoformat() if moment else ""


def render_text(template: str, texts: Texts, **context: Any) -> str:
    now = utcnow()
    desk = context.get("desk")
    values = {
        "desk": None, "done": None, "error": None, "here": "/desk/",
        # Every form of a logged-in page carries the session's CSRF token (checked on every POST).
        "csrf_field": Markup('<input type="hidden" name="csrf_token" value="{}">').format(
            desk.csrf_token if desk is not None else ""),
        "t": texts, "lang": texts.language, "dir": texts.direction, "language_names": NAMES,
        "age": lambda since: age(texts, since, now), "when": when, "day": day, "iso": iso,
    }
    values.update(context)
    return _environment.get_template(template).render(**values)


def render(template: str, texts: Texts, status: int = 200, **context: Any) -> HTTPResponse:
    return response.html(render_text(template, texts, **context), status=status)
