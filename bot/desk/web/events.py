"""Server-sent events for the live queue and case pages: "something changed", never the content itself.

Each stream wakes on bot.pubsub's in-process topics and also reads a signature from the database every
few seconds, so a change made on another replica still shows. It sends a comment every 15 s so that
proxies and Sanic's response timeout keep the connection, and ends (event "logout") when the session does.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from bot import pubsub
from bot.desk import casework
from bot.desk.casework import CaseError
from bot.desk.sessions import csrf_is_valid
from bot.desk.web import views
from bot.desk.web.guard import DeskRequest, add_security_headers, officer_route
from bot.store import session_scope

POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 15.0
RETRY_MILLISECONDS = 5000
STOP_TOPIC = "desk:stop"
STOPPING = "desk_streams_stopping"   # a flag on app.ctx


def message(event: str, data: str) -> str:
    return f"event: {event}\ndata: {data}\n\n"


async def stream(request: Request, topics: list[str], event: str,
                 read: Callable[[Session], str | None]) -> None:
    """Send `event` with read()'s value whenever it differs from the last one sent (or from ?since=)."""
    desk_request: DeskRequest = request.ctx.desk
    reply = await request.respond(content_type="text/event-stream; charset=utf-8",
                                  headers={"X-Accel-Buffering": "no"})   # nginx: do not hold events back
    add_security_headers(request, reply)
    await reply.send(f"retry: {RETRY_MILLISECONDS}\n\n")
    last, last_sent = request.args.get("since"), time.monotonic()
    while True:
        with session_scope() as session:
            # The CSRF check looks the session up without touching it: an open page alone must not
            # keep a session alive past its idle timeout, as officer_for would.
            alive = csrf_is_valid(session, desk_request.token, desk_request.csrf_token)
            current = read(session) if alive else None
        if not alive:
            await reply.send(message("logout", "{}"))
            break
        if current is None:
            break
        if getattr(request.app.ctx, STOPPING, False):
            break   # the server is stopping: the browser reconnects to the next one
        if current != last:
            await reply.send(message(event, current))
            last, last_sent = current, time.monotonic()
        elif time.monotonic() - last_sent >= HEARTBEAT_SECONDS:
            await reply.send(": keep-alive\n\n")
            last_sent = time.monotonic()
        await pubsub.wait([*topics, STOP_TOPIC], POLL_SECONDS)
    await reply.eof()


async def stop_streams(app, _loop) -> None:  # type: ignore[no-untyped-def]
    """Open streams would otherwise hold a stopping server until its graceful-shutdown timeout."""
    setattr(app.ctx, STOPPING, True)
    pubsub.notify(STOP_TOPIC)


def register(desk: Blueprint) -> None:
    desk.listener("before_server_stop")(stop_streams)

    @desk.get("/events")
    @officer_route("stream")
    async def queue_events(request: Request) -> None:
        await stream(request, [pubsub.QUEUE], "queue", casework.queue_signature)

    @desk.get("/cases/<case_id:int>/events")
    @officer_route("stream")
    async def case_events(request: Request, case_id: int) -> HTTPResponse | None:
        def read(session: Session) -> str | None:
            try:
                return views.case_event(session, case_id)
            except CaseError:
                return None   # gone: the stream ends

        with session_scope() as session:
            if read(session) is None:
                return response.text(request.ctx.desk.texts("error.no_such_case"), status=404)
        await stream(request, [pubsub.case_topic(case_id)], "case", read)
        return None
