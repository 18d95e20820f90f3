"""`python -m bot serve`: the action server and the Rasa server with Amane's channels, on one machine."""
from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
import urllib.request
from functools import partial
from pathlib import Path
from typing import Any

from rasa.core import agent as rasa_agent
from rasa.core import run as rasa_run
from rasa.core.channels.channel import InputChannel
from rasa.core.utils import AvailableEndpoints
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic, response
from sqlalchemy.engine import make_url

from bot.app.nlu_thread import parse_messages_off_the_loop
from bot.app.ops import Readiness, ops_blueprint, starting_gate
from bot.app.rasa_patches import (
    close_kept_sessions,
    keep_action_sessions,
    retry_failed_action_connections,
    validate_action_results_with_one_validator,
)
from bot.app.wiring import Delivery, attach, build_delivery
from bot.channels.telegram.connector import TelegramInput
from bot.channels.webchat.connector import WebChatInput
from bot.channels.whatsapp.connector import WhatsAppInput
from bot.desk.handoff import Handoff
from bot.desk.web import desk_blueprint
from bot.nlu import language, risk
from bot.settings import ROOT, Settings
from bot.store import create_schema

logger = logging.getLogger(__name__)


def build_endpoints(settings: Settings) -> AvailableEndpoints:
    """Rasa's endpoints from our settings: one database for our tables and Rasa's tracker store."""
    url = make_url(settings.database_url)
    tracker_store = EndpointConfig(
        url=url.host,  # Rasa passes a custom store's `url` as its `host`
        type="bot.store.tracker_store.AmaneTrackerStore",
        dialect=url.drivername,
        port=url.port,
        db=url.database,
        username=url.username,
        password=url.password,
    )
    lock_store = None
    if settings.redis_url:
        redis = make_url(settings.redis_url)
        lock_store = EndpointConfig(
            type="redis", url=redis.host, port=redis.port or 6379,
            db=int(redis.database or 0), password=redis.password,
        )
    return AvailableEndpoints(
        action=EndpointConfig(url=f"http://127.0.0.1:{settings.actions_port}/webhook"),
        tracker_store=tracker_store,
        lock_store=lock_store,
    )


def input_channels(settings: Settings, delivery: Delivery) -> list[InputChannel]:
    """The web chat always; WhatsApp and Telegram when their credentials are configured."""
    channels: list[InputChannel] = [WebChatInput()]
    if settings.whatsapp.enabled:
        channels.append(WhatsAppInput(settings.whatsapp, delivery))
    if settings.telegram.enabled:
        telegram = delivery.adapters["telegram"]
        channels.append(TelegramInput(settings.telegram, delivery, telegram.client))  # type: ignore[attr-defined]
    return channels


# The largest request body the server reads (nginx's client_max_body_size in deploy/ matches it): a web chat
# message of AMANE_MAX_MESSAGE_CHARS is at most ~25 KB of JSON, a provider's webhook a few KB.
REQUEST_MAX_BYTES = 1024 * 1024


def build_app(settings: Settings, model: Path) -> Sanic:
    validate_action_results_with_one_validator()
    retry_failed_action_connections()
    keep_action_sessions()
    # A long message's parse must not stall every other conversation (bench/webchat_abuse.py).
    parse_messages_off_the_loop()
    endpoints = build_endpoints(settings)
    delivery = build_delivery(settings)
    # Rasa's HTTP API would expose every conversation's tracker: it stays off.
    app = rasa_run.configure_app(input_channels(settings, delivery), enable_api=False, endpoints=endpoints,
                                 port=settings.port)
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_BYTES
    readiness = Readiness(settings.database_url, settings.redis_url)
    app.ctx.readiness = readiness
    # The server answers at once (probes, providers' webhooks) and loads the model meanwhile: listeners of one
    # event run in the order they were registered, so the model is loaded before the worker and the hand-over
    # start (attach, start_handoff), and the process says it is ready only after all of them.
    app.register_listener(partial(load_model, str(model), endpoints), "after_server_start")
    attach(app, settings, delivery)
    if settings.proxies_count:
        # Behind a reverse proxy the socket's peer is the proxy: the desk's login throttling needs the
        # client's own address, which only a trusted number of proxies may tell (X-Forwarded-For).
        app.config.PROXIES_COUNT = settings.proxies_count
    app.ctx.delivery = delivery
    app.blueprint(desk_blueprint())
    app.blueprint(ops_blueprint(readiness, settings.metrics_token))
    app.register_middleware(starting_gate(readiness), "request")
    app.register_listener(partial(start_handoff, settings), "after_server_start")
    app.register_listener(partial(announce_ready, settings), "after_server_start")
    app.register_listener(rasa_run.close_resources, "after_server_stop")
    app.register_listener(close_kept_sessions, "after_server_stop")

    @app.on_request
    async def home(request):  # type: ignore[no-untyped-def]
        # Rasa owns the "/" route (a banner); people opening the server want the chat.
        if request.path == "/":
            return response.redirect("/webhooks/webchat/")
        return None

    return app


async def load_model(model: str, endpoints: AvailableEndpoints, app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
    """Load the agent in a thread: the event loop keeps answering /healthz, /readyz and webhooks meanwhile."""
    started = time.monotonic()
    app.ctx.agent = await loop.run_in_executor(None, load_agent_blocking, model, endpoints)
    logger.info("model loaded in %.0f s", time.monotonic() - started)


def load_agent_blocking(model: str, endpoints: AvailableEndpoints) -> Any:
    # Built now, not on the first person's message (seconds otherwise).
    language.preload()
    risk.preload()
    # Rasa's loader is a coroutine that does blocking work; it runs here on a loop of this thread.
    return asyncio.run(rasa_agent.load_agent(model_path=model, endpoints=endpoints))


async def start_handoff(settings: Settings, app, _loop):  # type: ignore[no-untyped-def]
    """The desk's hand-over needs the agent, loaded by load_model before this runs."""
    app.ctx.handoff = Handoff(settings, app.ctx.agent, app.ctx.delivery)


async def announce_ready(settings: Settings, app: Sanic, _loop: asyncio.AbstractEventLoop) -> None:
    """Open the gate (starting_gate) and say so: from this line on, requests are answered."""
    readiness: Readiness = app.ctx.readiness
    if not app.ctx.agent.is_ready():
        # Rasa's loader logs the cause and returns an agent without a model: /readyz stays 503.
        readiness.model_failed = True
        logger.error("the model could not be loaded: not ready (GET /readyz says why)")
        return
    readiness.agent = app.ctx.agent
    logger.info("Amane is ready: web chat on http://%s:%s/", settings.host, settings.port)


def start_action_server(settings: Settings) -> subprocess.Popen:
    # bot.app.action_server is rasa_sdk's own, but it ends with this process even when this one is killed.
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.app.action_server", "--parent-pid", str(os.getpid()),
         "--actions", "actions", "--port", str(settings.actions_port)],
        cwd=ROOT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_HOST": "127.0.0.1"},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the action server stopped while starting")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{settings.actions_port}/health", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the action server did not start within 120 s")


def serve(settings: Settings, model: Path) -> None:
    create_schema(settings.database_url)
    actions = start_action_server(settings)
    try:
        app = build_app(settings, model)
        logger.info("Amane starting on http://%s:%s/ (loading the model; GET /readyz answers 200 once ready)",
                    settings.host, settings.port)
        app.run(host=settings.host, port=settings.port, workers=1, access_log=False)
    finally:
        actions.terminate()
        actions.wait(timeout=30)
