"""The officer desk's web layer: a Sanic blueprint at /desk (pages fr/en, login, live queue, case view, actions).

Register it with `app.blueprint(desk_blueprint())`; it expects `app.ctx.handoff` (bot.desk.handoff.Handoff)
once the server has started. Pages are rendered on the server and work without JavaScript; desk.js adds
live refresh through server-sent events.
"""
from __future__ import annotations

from sanic import Blueprint

from bot.desk.web import actions, events, pages
from bot.desk.web.guard import PREFIX, add_security_headers

__all__ = ["desk_blueprint"]


def desk_blueprint() -> Blueprint:
    desk = Blueprint("amane_desk", url_prefix=PREFIX)
    pages.register(desk)
    actions.register(desk)
    events.register(desk)
    desk.middleware(add_security_headers, "response")
    return desk
