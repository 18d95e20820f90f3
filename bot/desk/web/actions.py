"""What officers do from a case page: each a form POST that calls the case rules and redirects back (PRG).

The rules and their audit lines are in bot/desk/casework.py and bot/desk/handoff.py; a refusal comes
back as a CaseError code, shown on the page as a short translated message.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import pubsub
from bot.conversation.cases import officer_may_write
from bot.desk import casework
from bot.desk.casework import CaseError
from bot.desk.web import views
from bot.desk.web.guard import PREFIX, DeskRequest, form_value, officer_route, redirect, safe_next
from bot.settings import get_settings
from bot.store import Referral, session_scope
from bot.store.sealing import sealer_for


def back(case_id: int, done: str | None = None, error: str | None = None) -> HTTPResponse:
    query = urlencode({k: v for k, v in (("done", done), ("error", error)) if v})
    return redirect(f"{PREFIX}/cases/{case_id}" + (f"?{query}" if query else ""))


def changed(case_id: int) -> None:
    """Wake the queue and this case's open pages on this replica (others see it at their next poll)."""
    pubsub.notify(pubsub.QUEUE, pubsub.case_topic(case_id))


def _handoff(request: Request) -> Any:
    handoff = getattr(request.app.ctx, "handoff", None)
    if handoff is None:
        raise CaseError("unavailable")
    return handoff


def _sealer():  # type: ignore[no-untyped-def]
    return sealer_for(get_settings().sealing_keys)


def register(desk: Blueprint) -> None:
    @desk.post("/cases/<case_id:int>/claim")
    @officer_route()
    async def claim(request: Request, case_id: int) -> HTTPResponse:
        officer = request.ctx.desk.officer
        try:
            with session_scope() as session:
                case = casework.claim(session, case_id, officer)
                may_write = officer_may_write(case) and case.conversation_id is not None
        except CaseError as error:
            return back(case_id, error=error.code)
        changed(case_id)
        if not may_write:
            return back(case_id, done="claimed")   # the page offers "Take over" once the person agrees
        # Consent or urgency: claiming is taking over, so the bot never talks over the officer.
        try:
            await _handoff(request).take_over(case_id, officer)
        except CaseError as error:
            return back(case_id, error=error.code)
        return back(case_id, done="taken_over")

    @desk.post("/cases/<case_id:int>/take-over")
    @officer_route()
    async def take_over(request: Request, case_id: int) -> HTTPResponse:
        try:
            await _handoff(request).take_over(case_id, request.ctx.desk.officer)
        except CaseError as error:
            return back(case_id, error=error.code)
        return back(case_id, done="taken_over")

    @desk.post("/cases/<case_id:int>/reply")
    @officer_route()
    async def reply(request: Request, case_id: int) -> HTTPResponse:
        try:
            await _handoff(request).reply(case_id, request.ctx.desk.officer, form_value(request, "text"))
        except CaseError as error:
            return back(case_id, error=error.code)
        return back(case_id, done="replied")

    @desk.post("/cases/<case_id:int>/close")
    @officer_route()
    async def close(request: Request, case_id: int) -> HTTPResponse:
        try:
            await _handoff(request).close(case_id, request.ctx.desk.officer)
        except CaseError as error:
            return back(case_id, error=error.code)
        return back(case_id, done="closed")

    @desk.post("/cases/<case_id:int>/reassign")
    @officer_route()
    async def reassign(request: Request, case_id: int) -> HTTPResponse:
        target = form_value(request, "officer_id")
        try:
            with session_scope() as session:
                casework.reassign(session, case_id, request.ctx.desk.officer, int(target) if target.isdigit() else -1)
        except CaseError as error:
            return back(case_id, error=error.code)
        changed(case_id)
        return back(case_id, done="reassigned")

    @desk.post("/cases/<case_id:int>/notes")
    @officer_route()
    async def add_note(request: Request, case_id: int) -> HTTPResponse:
        try:
            with session_scope() as session:
                casework.add_note(session, _sealer(), case_id, request.ctx.desk.officer, form_value(request, "text"))
        except CaseError as error:
            return back(case_id, error=error.code)
        changed(case_id)
        return back(case_id, done="note_added")

    @desk.post("/cases/<case_id:int>/referrals")
    @officer_route()
    async def add_referral(request: Request, case_id: int) -> HTTPResponse:
        try:
            with session_scope() as session:
                casework.add_referral(session, _sealer(), case_id, request.ctx.desk.officer,
                                      form_value(request, "service"), form_value(request, "consent") == "yes",
                                      form_value(request, "note"))
        except CaseError as error:
            return back(case_id, error=error.code)
        changed(case_id)
        return back(case_id, done="referral_added")

    @desk.post("/cases/<case_id:int>/referrals/<referral_id:int>/status")
    @officer_route()
    async def referral_status(request: Request, case_id: int, referral_id: int) -> HTTPResponse:
        try:
            with session_scope() as session:
                referral = session.get(Referral, referral_id) if 0 < referral_id <= casework.MAX_CASE_ID else None
                if referral is None or referral.case_id != case_id:   # the form's case, not another one
                    raise CaseError("no_such_referral")
                casework.set_referral_status(session, referral_id, request.ctx.desk.officer,
                                             form_value(request, "status"))
        except CaseError as error:
            return back(case_id, error=error.code)
        changed(case_id)
        return back(case_id, done="referral_status")

    @desk.post("/cases/<case_id:int>/reopen")
    @officer_route()
    async def reopen(request: Request, case_id: int) -> HTTPResponse:
        try:
            with session_scope() as session:
                new_id = casework.open_from_desk(session, case_id, request.ctx.desk.officer).id
        except CaseError as error:
            return back(case_id, error=error.code)
        changed(new_id)
        return back(new_id, done="reopened")

    @desk.post("/cases/<case_id:int>/acknowledge")
    @officer_route()
    async def acknowledge(request: Request, case_id: int) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        target = safe_next(form_value(request, "next"))
        joiner = "&" if "?" in target else "?"
        try:
            with session_scope() as session:
                views.acknowledge_urgent(session, case_id, desk_request.officer)
        except CaseError as error:
            return redirect(f"{target}{joiner}error={error.code}")
        changed(case_id)
        return redirect(f"{target}{joiner}done=acknowledged")
