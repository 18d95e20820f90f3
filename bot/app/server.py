"""`python -m bot serve`: the action server and the Rasa server with Amane's channels, on one machine."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import urllib.request
from functools import partial
from pathlib import Path

from rasa.core import run as rasa_run
from rasa.core.channels.channel import InputChannel
from rasa.core.utils import AvailableEndpoints
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic, response
from sqlalchemy.engine import make_url

from bot.app.rasa_patches import validate_action_results_with_one_validator
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


def build_app(settings: Settings, model: Path) -> Sanic:
    validate_action_results_with_one_validator()
    endpoints = build_endpoints(settings)
    delivery = build_delivery(settings)
    # Rasa's HTTP API would expose every conversation's tracker: it stays off.
    app = rasa_run.configure_app(input_channels(settings, delivery), enable_api=False, endpoints=endpoints,
                                 port=settings.port)
    attach(app, settings, delivery)
    if settings.proxies_count:
        # Behind a reverse proxy the socket's peer is the proxy: the desk's login throttling needs the
        # client's own address, which only a trusted number of proxies may tell (X-Forwarded-For).
        app.config.PROXIES_COUNT = settings.proxies_count
    app.ctx.delivery = delivery
    app.blueprint(desk_blueprint())
    app.register_listener(partial(start_handoff, settings), "after_server_start")
    app.register_listener(partial(rasa_run.load_agent_on_start, str(model), endpoints, None), "before_server_start")
    app.register_listener(rasa_run.close_resources, "after_server_stop")
    app.register_listener(warm_up, "before_server_start")

    @app.on_request
    async def home(request):  # type: ignore[no-untyped-def]
        # Rasa owns the "/" route (a banner); people opening the server want the chat.
        if request.path == "/":
            return response.redirect("/webhooks/webchat/")
        return None

    return app


async def start_handoff(settings: Settings, app, _loop):  # type: ignore[no-untyped-def]
    """The desk's hand-over needs the agent, which Rasa loads before the server starts."""
    app.ctx.handoff = Handoff(settings, app.ctx.agent, app.ctx.delivery)


async def warm_up(_app, _loop):  # type: ignore[no-untyped-def]
    """Build the language and risk pipelines now, not on the first person's message (seconds otherwise)."""
    language.preload()
    risk.preload()


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
        logger.info("Amane web chat on http://%s:%s/", settings.host, settings.port)
        app.run(host=settings.host, port=settings.port, workers=1, access_log=False)
    finally:
        actions.terminate()
        actions.wait(timeout=30)
