"""The desk's pages: login and logout, language, duty, the queue, a case, the transcript fragment, the audit log,
quick replies, and the coordinator's figures."""
from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import pubsub
from bot.conversation.content import content_for
from bot.desk import figures, quick_replies
from bot.desk.accounts import FIGURES_ROLES, authenticate, refuse_invalid
from bot.desk.casework import (
    CHANNEL_FILTERS,
    LANGUAGE_FILTERS,
    MAX_NOTE_CHARS,
    OWNER_FILTERS,
    PRIORITY_FILTERS,
    REFERRAL_SERVICES,
    REFERRAL_STATUSES,
    SORTS,
    STATUS_FILTERS,
    CaseError,
    get_case,
)
from bot.desk.handoff import MAX_REPLY_CHARS, ConversationRead
from bot.desk.sessions import close_session, officer_for, open_session
from bot.desk.throttle import address_tag
from bot.desk.web import audit_view, charts, views
from bot.desk.web.guard import (
    ANY_ROLE,
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
    safe_next,
    set_cookie,
    texts_for,
    tokens_match,
)
from bot.desk.web.render import render
from bot.desk.web.texts import LANGUAGES, Texts
from bot.settings import get_settings
from bot.store import audit, session_scope
from bot.store.desk_models import Officer
from bot.store.models import utcnow

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"desk.css": "text/css; charset=utf-8", "desk.js": "application/javascript; charset=utf-8"}
MAX_USERNAME_CHARS, MAX_PASSWORD_CHARS = 64, 1024    # argon2 on a megabyte "password" would be a cheap DoS
# Messages carried across a redirect (post/redirect/get) are codes, shown only if the texts know them.
_CODE = re.compile(r"^[a-z_]{1,40}$")
QUEUE_CHOICES = {"priority": PRIORITY_FILTERS, "status": tuple(STATUS_FILTERS), "language": LANGUAGE_FILTERS,
                 "channel": CHANNEL_FILTERS, "owner": OWNER_FILTERS, "sort": SORTS}


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
            officer = authenticate(session, username, password, client)   # a refusal is audited, grouped, there
        else:
            refuse_invalid(session, client)
        if officer is None:
            return None
        tokens = open_session(session, officer)
        audit.record(session, officer.id, "login", detail=f"address={address_tag(client)}")
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
    @officer_route(roles=ANY_ROLE)
    async def logout(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        with session_scope() as session:
            close_session(session, desk_request.token)
            officer = session.get(Officer, desk_request.officer.id)
            if officer is not None and officer.on_duty:
                officer.on_duty, officer.duty_changed_at = False, utcnow()   # logging out ends the shift
                audit.record(session, officer.id, "duty_off")
            audit.record(session, desk_request.officer.id, "logout")
        reply = redirect(f"{LOGIN_PATH}?done=logged_out")
        clear_cookie(reply, request, SESSION_COOKIE)
        clear_cookie(reply, request, CSRF_COOKIE)
        return reply

    @desk.get("/lang/<language:str>")
    @officer_route(roles=ANY_ROLE)
    async def switch_language(request: Request, language: str) -> HTTPResponse:
        reply = redirect(safe_next(request.args.get("next")))   # never to another site
        if language in LANGUAGES:
            set_cookie(reply, request, LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600)
            with session_scope() as session:   # the officer's own choice, on every device they log in from
                officer = session.get(Officer, request.ctx.desk.officer.id)
                if officer is not None:
                    officer.language = language
        return reply

    @desk.get("", strict_slashes=True)
    @officer_route(roles=ANY_ROLE)
    async def home(request: Request) -> HTTPResponse:
        return redirect(f"{PREFIX}/")

    # Strict: "/desk/" must not fall to the catch-all below.
    @desk.get("/", strict_slashes=True)
    @officer_route(roles=ANY_ROLE)
    async def queue_page(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        if not desk_request.works_cases:
            return redirect(f"{PREFIX}/figures")   # a coordinator's desk is the figures
        filters, errors = views.parse_filters(request.args)
        with session_scope() as session:
            page = views.queue_page(session, desk_request.officer, filters, errors)
        done, error = flash(request, desk_request.texts)
        here = f"{PREFIX}/" + views.filters_query(filters) if not errors else f"{PREFIX}/"
        return render("queue.html", desk_request.texts, status=400 if errors else 200, desk=desk_request, page=page,
                      done=done, error=error, here=here, choices=QUEUE_CHOICES)

    @desk.get("/queue")
    @officer_route("fragment")
    async def queue_fragment(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        filters, errors = views.parse_filters(request.args)
        with session_scope() as session:
            page = views.queue_page(session, desk_request.officer, filters, errors)
        here = f"{PREFIX}/" + views.filters_query(filters) if not errors else f"{PREFIX}/"
        return render("_queue.html", desk_request.texts, status=400 if errors else 200, desk=desk_request, page=page,
                      here=here, choices=QUEUE_CHOICES)

    @desk.post("/duty")
    @officer_route()
    async def duty(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        wanted = form_value(request, "duty")
        if wanted not in ("on", "off"):
            return redirect(f"{PREFIX}/?error=bad_filter")
        with session_scope() as session:
            officer = session.get(Officer, desk_request.officer.id)
            if officer is not None and bool(officer.on_duty) != (wanted == "on"):
                officer.on_duty, officer.duty_changed_at = wanted == "on", utcnow()
                audit.record(session, officer.id, f"duty_{wanted}")
        pubsub.notify(pubsub.QUEUE)
        target = safe_next(form_value(request, "next"))
        return redirect(target + ("&" if "?" in target else "?") + f"done=duty_{wanted}")

    @desk.get("/cases/<case_id:int>")
    @officer_route()
    async def case_page(request: Request, case_id: int) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        try:
            with session_scope() as session:
                page = views.case_page(session, case_id, desk_request.officer)
        except CaseError as error:
            return error_page(desk_request.texts, 404, error.code, desk_request)
        read, unavailable = await _conversation(request, case_id)
        done, error_text = flash(request, desk_request.texts)
        content = content_for(get_settings())
        return render("case.html", desk_request.texts, desk=desk_request, page=page, case=page.view.case,
                      lines=read.lines, screening=read.screening, unavailable=unavailable, done=done,
                      error=error_text, services=REFERRAL_SERVICES, referral_statuses=REFERRAL_STATUSES,
                      question=lambda key: content.raw(f"screening.questions.{key}", desk_request.texts.language),
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
        read, unavailable = await _conversation(request, case_id)
        return render("_transcript.html", desk_request.texts, lines=read.lines, unavailable=unavailable,
                      erased=erased)

    @desk.get("/audit")
    @officer_route()
    async def audit_log(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        if not desk_request.is_supervisor:
            return error_page(desk_request.texts, 403, "supervisor_only", desk_request)
        with session_scope() as session:
            page = audit_view.audit_page(session, desk_request.officer, request.args)
        return render("audit.html", desk_request.texts, status=400 if page.errors else 200, desk=desk_request,
                      page=page, error=" ".join(desk_request.texts(f"error.{code}") for code in page.errors) or None,
                      here=page.link() if not page.errors else f"{PREFIX}/audit")

    @desk.get("/quick-replies")
    @officer_route()
    async def quick_replies_page(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        if not desk_request.is_supervisor:
            return error_page(desk_request.texts, 403, "supervisor_only", desk_request)
        with session_scope() as session:
            replies = {language: quick_replies.for_language(session, language)
                       for language in quick_replies.LANGUAGES}
        done, error = flash(request, desk_request.texts)
        return render("quick_replies.html", desk_request.texts, desk=desk_request, replies=replies, done=done,
                      error=error, max_chars=quick_replies.MAX_CHARS, here=f"{PREFIX}/quick-replies")

    @desk.post("/quick-replies")
    @officer_route()
    async def quick_reply_add(request: Request) -> HTTPResponse:
        try:
            with session_scope() as session:
                quick_replies.add(session, request.ctx.desk.officer, form_value(request, "language"),
                                  form_value(request, "text"))
        except CaseError as error:
            return redirect(f"{PREFIX}/quick-replies?error={error.code}")
        return redirect(f"{PREFIX}/quick-replies?done=quick_reply_added")

    @desk.post("/quick-replies/<reply_id:int>/remove")
    @officer_route()
    async def quick_reply_remove(request: Request, reply_id: int) -> HTTPResponse:
        try:
            with session_scope() as session:
                quick_replies.remove(session, request.ctx.desk.officer, reply_id)
        except CaseError as error:
            return redirect(f"{PREFIX}/quick-replies?error={error.code}")
        return redirect(f"{PREFIX}/quick-replies?done=quick_reply_removed")

    @desk.get("/figures")
    @officer_route(roles=FIGURES_ROLES)
    async def figures_page(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        start, end = request.args.get("from"), request.args.get("to")
        try:
            first, last = figures.parse_period(start, end)
        except figures.PeriodError as error:
            return render("figures.html", desk_request.texts, status=400, desk=desk_request, data=None,
                          error=desk_request.texts(f"error.{error.code}"), start=start or "", end=end or "",
                          here=f"{PREFIX}/figures")
        with session_scope() as session:
            data = figures.compute(session, first, last)
            audit.record(session, desk_request.officer.id, "figures_viewed", detail=f"{first}..{last}")
        texts = desk_request.texts
        weeks = [monday.strftime("%d/%m") for monday in data.weeks]
        volume = charts.bar_chart(weeks, [(texts("figures.conversations"), [b.conversations for b in data.by_week]),
                                          (texts("figures.cases"), [b.cases for b in data.by_week])],
                                  texts("figures.by_week"))
        by_priority = [(texts.label("priority", code), [b.groups["priority"][code] for b in data.by_week])
                       for code in data.categories("priority")]
        priorities = charts.bar_chart(weeks, by_priority, texts("figures.cases_by_priority"))
        return render("figures.html", texts, desk=desk_request, data=data, error=None, start=first.isoformat(),
                      end=last.isoformat(), figures=figures, week_labels=weeks, volume_chart=volume,
                      priority_chart=priorities, here=f"{PREFIX}/figures?from={first}&to={last}")

    @desk.get("/figures.csv")
    @officer_route(roles=FIGURES_ROLES)
    async def figures_csv(request: Request) -> HTTPResponse:
        desk_request: DeskRequest = request.ctx.desk
        try:
            first, last = figures.parse_period(request.args.get("from"), request.args.get("to"))
        except figures.PeriodError as error:
            return response.text(desk_request.texts(f"error.{error.code}"), status=400)
        with session_scope() as session:
            data = figures.compute(session, first, last)
            audit.record(session, desk_request.officer.id, "figures_exported", detail=f"{first}..{last}")
        return response.text(figures.csv_text(data), content_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="amane-figures-{first}-{last}.csv"'})

    @desk.get("/<rest:path>")
    @officer_route(roles=ANY_ROLE)
    async def not_found(request: Request, rest: str) -> HTTPResponse:
        # Any other /desk address: login first, then a plain page (and the desk's headers) rather than Sanic's.
        return error_page(request.ctx.desk.texts, 404, "not_found", request.ctx.desk)

    @desk.get("/static/<name:str>")
    async def static(request: Request, name: str) -> HTTPResponse:
        if name not in STATIC_FILES:
            return response.text(texts_for(request)("error.not_found"), status=404)
        return await response.file(STATIC_DIR / name, mime_type=STATIC_FILES[name])


async def _conversation(request: Request, case_id: int) -> tuple[ConversationRead, bool]:
    """The transcript and the screening's answers from the tracker, through the hand-over; (read, unavailable)."""
    handoff = getattr(request.app.ctx, "handoff", None)
    nothing = ConversationRead([], [])
    if handoff is None:
        return nothing, True
    try:
        return await handoff.read(case_id), False
    except CaseError:
        return nothing, True
    except Exception as error:  # noqa: BLE001  the rest of the case page is still useful
        log_failure("transcript", error)
        return nothing, True
