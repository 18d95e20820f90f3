"""Who may see a desk page: session cookies, login required, CSRF and Origin checks, security headers.

Every desk route but the login page and static files is wrapped in `officer_route`: no live session
means a redirect to the login page (pages) or 401 (fragments, event streams); a POST also needs the
session's CSRF token in its form and, when the browser sends one, an Origin matching the Host.
"""
from __future__ import annotations

import functools
import hmac
import logging
import re
import traceback
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sanic import response
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

from bot.desk.accounts import CASE_ROLES, FIGURES_ROLES, ROLES
from bot.desk.sessions import csrf_is_valid, officer_for
from bot.desk.web.render import render
from bot.desk.web.texts import LANGUAGES, Texts, choose_language
from bot.settings import get_settings
from bot.store import session_scope
from bot.store.desk_models import Officer

logger = logging.getLogger(__name__)

PREFIX = "/desk"
LOGIN_PATH = f"{PREFIX}/login"
SESSION_COOKIE = "amane_desk"          # the session token; the database keeps only its digest
CSRF_COOKIE = "amane_desk_csrf"        # the raw CSRF token, rendered into every form by the server
LOGIN_COOKIE = "amane_desk_login"      # the login form's own CSRF token, before there is a session
LANGUAGE_COOKIE = "amane_desk_lang"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = ("GET", "HEAD")

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "connect-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    "X-Frame-Options": "DENY",
    # Not "no-referrer": with it, browsers send "Origin: null" on the desk's own form posts, which the
    # origin check must refuse. "same-origin" still tells no other site where the officer came from.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


@dataclass
class DeskRequest:
    """What a desk handler knows about its caller, on request.ctx.desk."""

    officer: Officer            # detached from its session: id, username, role are loaded
    token: str
    csrf_token: str
    texts: Texts

    @property
    def is_supervisor(self) -> bool:
        return self.officer.role == "supervisor"

    @property
    def works_cases(self) -> bool:
        """Officers and supervisors: the queue and the cases. A coordinator sees only the figures."""
        return self.officer.role in CASE_ROLES

    @property
    def sees_figures(self) -> bool:
        return self.officer.role in FIGURES_ROLES


def texts_for(request: Request, officer: Officer | None = None) -> Texts:
    """The officer's own choice of language, else the language switch's cookie, else the browser's, else French."""
    if officer is not None and officer.language in LANGUAGES:
        return Texts(officer.language)
    return Texts(choose_language(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language")))


def add_security_headers(_request: Request, reply: BaseHTTPResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        reply.headers[name] = value


def _secure(request: Request) -> bool:
    return request.scheme == "https" or get_settings().public_url.lower().startswith("https://")


def set_cookie(reply: BaseHTTPResponse, request: Request, name: str, value: str, path: str = PREFIX,
               max_age: int | None = None) -> None:
    """HttpOnly and SameSite=Strict always; Secure over https. No max-age: gone when the browser closes."""
    reply.cookies[name] = value
    cookie = reply.cookies[name]
    cookie["path"] = path
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    if _secure(request):
        cookie["secure"] = True
    if max_age is not None:
        cookie["max-age"] = max_age


def clear_cookie(reply: BaseHTTPResponse, request: Request, name: str, path: str = PREFIX) -> None:
    # Sanic's own deletion would use Path=/, which would not remove a cookie set on /desk.
    set_cookie(reply, request, name, "", path=path, max_age=0)


def origin_is_ours(request: Request) -> bool:
    """A browser's Origin, when sent, must be this very host (a form posted from elsewhere is refused).

    The public address counts too: a reverse proxy may pass on its own Host rather than the browser's.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return True
    ours = {(request.headers.get("host") or "").lower(), urlsplit(get_settings().public_url).netloc.lower()}
    return urlsplit(origin).netloc.lower() in ours - {""}


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def form_value(request: Request, name: str) -> str:
    value = request.form.get(name) if request.form else None
    return value if isinstance(value, str) else ""


# Where a form may send the officer back to: a desk page of this site, with a plain query at most.
NEXT_PAGE = re.compile(r"^/desk(/[A-Za-z0-9_-][A-Za-z0-9/_-]*|/)?(\?[A-Za-z0-9_=&%.+-]*)?$")


def safe_next(target: str | None, default: str = f"{PREFIX}/") -> str:
    """A redirect target from a form or the address, only if it is one of the desk's own pages (without its
    done or error message: the redirect adds its own)."""
    if not target or not NEXT_PAGE.match(target) or "//" in target:
        return default
    path, _, query = target.partition("?")
    kept = [part for part in query.split("&") if part and not part.startswith(("done=", "error="))]
    return path + ("?" + "&".join(kept) if kept else "")


def redirect(location: str) -> HTTPResponse:
    # 303: after a POST the browser follows with a GET (post/redirect/get).
    return response.redirect(location, status=303)


def error_page(texts: Texts, status: int, code: str, desk: DeskRequest | None = None) -> HTTPResponse:
    return render("error.html", texts, status=status, desk=desk, message=texts(f"error.{code}"))


def unauthenticated(request: Request, kind: str) -> HTTPResponse:
    if kind == "page":
        return redirect(LOGIN_PATH)
    return response.text(texts_for(request)("login.title"), status=401)


def log_failure(where: str, error: BaseException) -> None:
    """The kind of error and where it happened, never its message: messages can quote user content."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    logger.error("desk route %s failed: %s\n%s", where, type(error).__name__, frames)


Handler = Callable[..., Coroutine[Any, Any, HTTPResponse | None]]
ANY_ROLE = ROLES


def officer_route(kind: str = "page", roles: tuple[str, ...] = CASE_ROLES) -> Callable[[Handler], Handler]:
    """Require a live session (kind: page, fragment or stream) of one of `roles`; for changes, also the CSRF
    token and Origin. By default only officers and supervisors: a coordinator reaches no case, nor its content."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(request: Request, **params: Any) -> HTTPResponse | None:
            texts = texts_for(request)
            token = request.cookies.get(SESSION_COOKIE)
            changes = request.method not in SAFE_METHODS
            with session_scope() as session:
                officer = officer_for(session, token)
                csrf_ok = officer is not None and (
                    not changes or csrf_is_valid(session, token, form_value(request, CSRF_FIELD)))
            if officer is None:
                return unauthenticated(request, kind)
            texts = texts_for(request, officer)
            desk = DeskRequest(officer, token or "", request.cookies.get(CSRF_COOKIE) or "", texts)
            if changes and not (csrf_ok and origin_is_ours(request)):
                return error_page(texts, 403, "forbidden", desk)
            if officer.role not in roles:
                if kind == "page":
                    return error_page(texts, 403, "not_for_role", desk)
                return response.text(texts("error.not_for_role"), status=403)
            request.ctx.desk = desk
            try:
                return await handler(request, **params)
            except Exception as error:  # noqa: BLE001  an officer sees a short message, never a trace
                log_failure(handler.__name__, error)
                if request.responded:
                    return None
                if kind == "page":
                    return error_page(texts, 500, "server", desk)
                return response.text(texts("error.server"), status=500)

        return guarded

    return wrap
