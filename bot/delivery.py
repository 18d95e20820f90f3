"""Wires the channels' adapters, the inbox, the outbox and the background worker into the server."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Dict, List, Optional

import httpx

from bot.channels.messages import OutgoingMessage, SendResult
from bot.channels.telegram.send import TelegramClient, build_requests
from bot.channels.whatsapp.send import WhatsAppClient, build_payloads, build_template_payload
from bot.content import Content, content_for
from bot.inbox import Inbox
from bot.outbox import ChannelAdapter, Outbox
from bot.retention import purge_periodically
from bot.sealing import sealer_for
from bot.settings import Settings, TelegramSettings, WhatsAppSettings
from bot.workers import DeliveryWorker

logger = logging.getLogger(__name__)


class WhatsAppAdapter:
    name = "whatsapp"
    window_hours: Optional[int] = 24

    def __init__(self, settings: WhatsAppSettings, http: httpx.AsyncClient, content: Content,
                 default_language: str) -> None:
        self.settings = settings
        self.client = WhatsAppClient(http, settings.api_base, settings.api_version, settings.phone_number_id,
                                     settings.access_token)
        self.content = content
        self.default_language = default_language
        # Payloads are the same in every language: any language's menu says which lists are the menu.
        self._menu_payloads = frozenset(button.payload for button in content.menu(default_language))

    def build(self, address: str, message: OutgoingMessage) -> List[dict]:
        return build_payloads(address, message, self.list_label(message))

    def list_label(self, message: OutgoingMessage) -> str:
        """The button that opens a list (4 to 10 choices): the operator's label when set, otherwise, in the
        reply's language, "Menu" for the menu and "Choose" for any other choice (a screening question)."""
        if self.settings.list_button_label:
            return self.settings.list_button_label
        payloads = {payload for _, payload in message.buttons}
        key = "buttons.list_menu" if payloads and payloads <= self._menu_payloads else "buttons.list_choose"
        return str(self.content.raw(key, message.language or self.default_language))

    async def send(self, request: dict) -> SendResult:
        return await self.client.send(request)

    def reengagement(self, address: str) -> Optional[dict]:
        if not self.settings.template_name:
            return None
        return build_template_payload(address, self.settings.template_name, self.settings.template_language)


class TelegramAdapter:
    name = "telegram"
    window_hours: Optional[int] = None

    def __init__(self, settings: TelegramSettings) -> None:
        self.client = TelegramClient(settings.bot_token, settings.api_base)

    def build(self, address: str, message: OutgoingMessage) -> List[dict]:
        return build_requests(address, message)

    async def send(self, request: dict) -> SendResult:
        return await self.client.send(request)

    async def delete_message(self, address: str, message_id: str) -> bool:
        return await self.client.delete_message(address, message_id)

    def reengagement(self, address: str) -> Optional[dict]:
        return None


@dataclass
class Delivery:
    inbox: Inbox
    outbox: Outbox
    worker: DeliveryWorker
    adapters: Dict[str, ChannelAdapter]
    http: httpx.AsyncClient


def build_delivery(settings: Settings) -> Delivery:
    http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
    adapters: Dict[str, ChannelAdapter] = {}
    if settings.whatsapp.enabled:
        adapters["whatsapp"] = WhatsAppAdapter(settings.whatsapp, http, content_for(settings),
                                               settings.default_language)
    if settings.telegram.enabled:
        adapters["telegram"] = TelegramAdapter(settings.telegram)
    sealer = sealer_for(settings.sealing_keys)
    inbox, outbox = Inbox(settings, sealer, adapters), Outbox(settings, sealer, adapters)
    return Delivery(inbox, outbox, DeliveryWorker(inbox, outbox), adapters, http)


def attach(app, delivery: Delivery) -> None:  # type: ignore[no-untyped-def]
    """Run the worker while the server runs (it also finishes what a previous run left pending),
    and the retention purge every few hours."""

    async def start(app, _loop):  # type: ignore[no-untyped-def]
        app.ctx.background = [asyncio.ensure_future(delivery.worker.run_forever(app.ctx.agent)),
                              asyncio.ensure_future(purge_periodically(delivery.inbox.settings))]

    async def stop(app, _loop):  # type: ignore[no-untyped-def]
        for task in getattr(app.ctx, "background", []):
            task.cancel()
        await delivery.http.aclose()

    app.register_listener(start, "after_server_start")
    app.register_listener(stop, "before_server_stop")
