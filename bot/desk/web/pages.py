"""The desk's pages: login and logout, language, the queue, a case, the transcript fragment, the audit log."""
from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.accounts import authenticate
from bot.desk.casework import MAX_NOTE_CHARS, REFERRAL_SERVICES, REFERRAL_STATUSES, CaseError, get_case
from bot.desk.handoff import MAX_REPLY_CHARS
from bot.desk.sessions import close_session, officer_for, open_session
from bot.desk.web import views
from bot.desk.web.guard import (
    CSRF_COOKIE,
    CSRF_FIELD,
    LANGUAGE_COOKIE,
    LOGIN_COOKIE,
    LOGIN_PATH,
    PREFIX,
    SESSION_COOKIE,
    DeskRequest,
    clear_cookie,
    error_page,
    form_value,
    log_failure,
    officer_route,
    origin_is_ours,
    redirect,
    set_cookie,
    texts_for,
    tokens_match,
)
from bot.desk.web.render import render
from bot.desk.web.texts import LANGUAGES, Texts
from bot.store import audit, session_scope

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"desk.css": "text/css; charset=utf-8", "desk.js": "application/javascript; charset=utf-8"}
MAX_USERNAME_CHARS, MAX_PASSWORD_CHARS = 64, 1024    # argon2 on a megabyte "password" would be a cheap DoS
# Messages carried across a redirect (post/redirect/get) are codes, shown only if the texts know them.
_CODE = re.compile(r"^[a-z_]{1,40}$")
_NEXT = re.compile(r"^/desk(/[A-Za-z0-9/_-]*)?$")


def flash(request: Request, texts: Texts) -> tuple[str | None, str | None]:
    """(done message, error message) from the query string, for known codes only."""
    done, error = request.args.get("done"), request.args.get("error")
    done_text = texts(f"done.{done}") if done and _CODE.match(done) and texts.has(f"done.{done}") else None
    if error and _CODE.match(error):
        return done_text, texts(f"error.{error}") if texts.has(f"error.{error}") else texts("error.generic")
    return done_text, None


def _login_form(request: Request, texts: Texts, status: int = 200, failed: bool = False,
                language: str | None = None) -> HTTPResponse:
    token = secrets.token_urlsafe(32)
    done, _ = flash(request, texts)
    reply = render("login.html", texts, status=status, desk=None, login_token=token, failed=failed, done=done)
    set_cookie(reply, request, LOGIN_COOKIE, token, path=LOGIN_PATH)
    if language:
        set_cookie(reply, request, LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600)
    return reply


def _login(username: str, password: str, client: str | None) -> tuple[str, str] | None:
    """(session token, CSRF token), or None for any refusal: wrong, unknown, inactive or throttled alike."""
    with session_scope() as session:
        officer = None
        if 0 < len(username) <= MAX_USERNAME_CHARS and len(password) <= MAX_PASSWORD_CHARS:
            officer = authenticate(session, username, password, client)
        if officer is None:
            audit.record(session, None, "login_failed")   # no username: it may be a mistyped password
            return None
        tokens = open_session(session, officer)
        audit.record(session, officer.id, "login")
        return tokens


def register(desk: Blueprint) -> None:
    @desk.get("/login")
    async def login_page(request: Request) -> HTTPResponse:
        language = request.args.get("lang")
        language = language if language in LANGUAGES else None
        texts = Texts(language) if language else texts_for(request)
        with session_scope() as session:
            if officer_for(session, request.cookies.get(SESSION_COOKIE)) is not None:
                return redirect(f"{PREFIX}/")
        return _login_form(request, texts, language=language)

    @desk.post("/login")
    async def login_submit(request: Request) -> HTTPResponse:
        texts = texts_for(request)
        if not (origin_is_ours(request) and tokens_match(request.cookies.get(LOGIN_COOKIE),
                                                          form_value(request, CSRF_FIELD))):
            return error_page(texts, 403, "forbidden")
        username, password = form_value(request, "username"), form_value(request, "password")
        # argon2 takes tens of milliseconds on purpose: off the event loop, so other officers are not held up.
        # remote_addr is the client behind a trusted proxy (Sanic's PROXIES_COUNT / FORWARDED_SECRET);
        # without that configuration it is empty and the peer address is the client.
        client = request.remote_addr or request.ip
        tokens = await asyncio.get_running_loop().run_in_executor(None, _login, username, password, client)
        if tokens is None:
            return _login_form(request, texts, status=401, failed=True)
        reply = redirect(f"{PREFIX}/")
        set_cookie(reply, request, SESSION_COOKIE, tokens[0])
        set_cookie(reply, request, CSRF_COOKIE, tokens[1])
        clear_cookie(reply, request, LOGIN_COOKIE, path=LOGIN_PATH)
        return reply

    @desk.post("/logout")
    @officer_route()
    async def logout(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        with session_scope() as session:
            close_session(session, desk_request.token)
            audit.record(session, desk_request.officer.id, "logout")
        reply = redirect(f"{LOGIN_PATH}?done=logged_out")
        clear_cookie(reply, request, SESSION_COOKIE)
        clear_cookie(reply, request, CSRF_COOKIE)
        return reply

    @desk.get("/lang/<language:str>")
    @officer_route()
    async def switch_language(request: Request, language: str) -> HTTPResponse:
        target = request.args.get("next") or f"{PREFIX}/"
        reply = redirect(target if _NEXT.match(target) else f"{PREFIX}/")   # never to another site
        if language in LANGUAGES:
            set_cookie(reply, request, LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600)
        return reply

    @desk.get("", strict_slashes=True)
    @officer_route()
    async def home(request: Request) -> HTTPResponse:
        return redirect(f"{PREFIX}/")

    # Strict: "/desk/" must not fall to the catch-all below.
    @desk.get("/", strict_slashes=True)
    @officer_route()
    async def queue_page(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        with session_scope() as session:
            page = views.queue_page(session, desk_request.officer)
        done, error = flash(request, desk_request.texts)
        return render("queue.html", desk_request.texts, desk=desk_request, page=page, done=done, error=error,
                      here=f"{PREFIX}/")

    @desk.get("/queue")
    @officer_route("fragment")
    async def queue_fragment(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        with session_scope() as session:
            page = views.queue_page(session, desk_request.officer)
        return render("_queue.html", desk_request.texts, desk=desk_request, page=page)

    @desk.get("/cases/<case_id:int>")
    @officer_route()
    async def case_page(request: Request, case_id: int) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        try:
            with session_scope() as session:
                page = views.case_page(session, case_id, desk_request.officer)
        except CaseError as error:
            return error_page(desk_request.texts, 404, error.code, desk_request)
        lines, unavailable = await _transcript(request, case_id)
        done, error_text = flash(request, desk_request.texts)
        return render("case.html", desk_request.texts, desk=desk_request, page=page, case=page.view.case,
                      lines=lines, unavailable=unavailable, done=done, error=error_text,
                      services=REFERRAL_SERVICES, referral_statuses=REFERRAL_STATUSES,
                      max_reply=MAX_REPLY_CHARS, max_note=MAX_NOTE_CHARS, here=f"{PREFIX}/cases/{case_id}")

    @desk.get("/cases/<case_id:int>/transcript")
    @officer_route("fragment")
    async def transcript_fragment(request: Request, case_id: int) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        try:
            with session_scope() as session:
                erased = get_case(session, case_id).conversation_id is None
                views.audit_transcript_view(session, case_id, desk_request.officer)
        except CaseError:
            return response.text(desk_request.texts("error.no_such_case"), status=404)
        lines, unavailable = await _transcript(request, case_id)
        return render("_transcript.html", desk_request.texts, lines=lines, unavailable=unavailable, erased=erased)

    @desk.get("/audit")
    @officer_route()
    async def audit_log(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        if not desk_request.is_supervisor:
            return error_page(desk_request.texts, 403, "supervisor_only", desk_request)
        with session_scope() as session:
            entries = views.audit_page(session, desk_request.officer)
        return render("audit.html", desk_request.texts, desk=desk_request, entries=entries,
                      limit=views.AUDIT_PAGE_SIZE, here=f"{PREFIX}/audit")

    @desk.get("/<rest:path>")
    @officer_route()
    async def not_found(request: Request, rest: str) -> HTTPResponse:
        # Any other /desk address: login first, then a plain page (and the desk's headers) rather than Sanic's.
        return error_page(request.ctx.desk.texts, 404, "not_found", request.ctx.desk)

    @desk.get("/static/<name:str>")
    async def static(request: Request, name: str) -> HTTPResponse:
        if name not in STATIC_FILES:
            return response.text(texts_for(request)("error.not_found"), status=404)
        return await response.file(STATIC_DIR / name, mime_type=STATIC_FILES[name])


async def _transcript(request: Request, case_id: int) -> tuple[list, bool]:
    """The conversation from the tracker, through the hand-over; (lines, unavailable)."""
    handoff = getattr(request.app.ctx, "handoff", None)
    if handoff is None:
        return [], True
    try:
        return await handoff.transcript(case_id), False
    except CaseError:
        return [], True
    except Exception as error:  # noqa: BLE001  the rest of the case page is still useful
        log_failure("transcript", error)
        return [], True
