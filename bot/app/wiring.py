"""Wires the server's parts together: the channels' adapters, the inbox, the outbox and the background
worker; the HTTP clients (made here, closed at shutdown); and who listens to the core's events."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot import pubsub
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.send import TelegramClient
from bot.channels.whatsapp.adapter import WhatsAppAdapter
from bot.conversation import events
from bot.conversation.cases import forget_case_sources
from bot.conversation.content import content_for
from bot.conversation.events import CaseChanged, CaseOpened
from bot.conversation.messages import IncomingMessage
from bot.conversation.retention import purge_periodically
from bot.desk.accounts import purge_desk_rows
from bot.desk.notify import notify_client, notify_new_case
from bot.messaging.inbox import Inbox
from bot.messaging.outbox import ChannelAdapter, Outbox
from bot.messaging.worker import DeliveryWorker
from bot.settings import Settings
from bot.store.sealing import sealer_for

logger = logging.getLogger(__name__)


@dataclass
class Delivery:
    """The message path of one server process. Channels see it only as a sink (accept, poke)."""

    inbox: Inbox
    outbox: Outbox
    worker: DeliveryWorker
    adapters: dict[str, ChannelAdapter]
    http: httpx.AsyncClient
    # Every client this process opened, closed once at shutdown.
    closers: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)
    notify_client: TelegramClient | None = None
    # A message was stored that the worker was not handed: the next poke wakes it (see accept).
    _unhanded: bool = False

    def accept(self, message: IncomingMessage) -> bool:
        """Store a message (in a webhook's thread); when the worker has room and the message is the next of its
        conversation, it is claimed in the same transaction and handed to the worker, which answers it at once
        without looking for it (no poke, no claim, no scan of the outbox)."""
        reserved = self.worker.reserve()
        try:
            received = self.inbox.receive(message, take=reserved)
        except BaseException:
            if reserved:
                self.worker.unreserve()
            raise
        if received.claimed is not None:
            self.worker.take(received.claimed)   # answered while the commit goes to the disk; sent once it is there
        else:
            if reserved:
                self.worker.unreserve()
            if received.new:
                self._unhanded = True
        self.inbox.make_durable(received)   # before the webhook's 200
        return received.new

    def poke(self) -> None:
        if self._unhanded:
            self._unhanded = False
            self.worker.poke()

    async def aclose(self) -> None:
        for close in self.closers:
            try:
                await close()
            except Exception as error:  # noqa: BLE001 (shutting down: close the others all the same)
                logger.warning("closing an HTTP client failed: %s", type(error).__name__)


def build_delivery(settings: Settings) -> Delivery:
    http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
    closers: list[Callable[[], Awaitable[Any]]] = [http.aclose]
    adapters: dict[str, ChannelAdapter] = {}
    if settings.whatsapp.enabled:
        whatsapp = WhatsAppAdapter(settings.whatsapp, http, content_for(settings), settings.default_language)
        adapters["whatsapp"] = whatsapp
        closers.append(whatsapp.aclose)
    if settings.telegram.enabled:
        telegram = TelegramAdapter(settings.telegram)
        adapters["telegram"] = telegram
        closers.append(telegram.aclose)
    group_client = None
    if settings.desk_notify.enabled:
        group_client = notify_client(settings)
        closers.append(group_client.aclose)
    sealer = sealer_for(settings.sealing_keys)
    inbox, outbox = Inbox(settings, sealer, adapters), Outbox(settings, sealer, adapters)
    return Delivery(inbox, outbox, DeliveryWorker(inbox, outbox), adapters, http, closers, group_client)


class Subscriptions:
    """The core's events, as the server acts on them: live views wake up, the officers' group hears of a case."""

    def __init__(self, settings: Settings, delivery: Delivery) -> None:
        self.settings = settings
        self.delivery = delivery
        self._tasks: set[asyncio.Future] = set()  # running notifications (a task nobody references may be collected)

    def case_changed(self, event: CaseChanged) -> None:
        topics = [pubsub.QUEUE]
        if event.case_id is not None:
            topics.append(pubsub.case_topic(event.case_id))
        if event.conversation_id:
            topics.append(pubsub.conversation_topic(event.conversation_id))
        pubsub.notify(*topics)

    def case_opened(self, event: CaseOpened) -> None:
        """Tell the officers' Telegram group (when configured) without delaying the user's answer."""
        task = asyncio.ensure_future(notify_new_case(self.settings, event.case_id, event.priority, event.language,
                                                     event.channel, client=self.delivery.notify_client))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def subscribe(self) -> None:
        """In the server's loop, where the listeners run (they use asyncio)."""
        events.subscribe(CaseChanged, self.case_changed)
        events.subscribe(CaseOpened, self.case_opened)
        events.handle_in(asyncio.get_running_loop())

    def unsubscribe(self) -> None:
        events.handle_in(None)
        events.unsubscribe(CaseChanged, self.case_changed)
        events.unsubscribe(CaseOpened, self.case_opened)


def attach(app, settings: Settings, delivery: Delivery) -> None:  # type: ignore[no-untyped-def]
    """Run the worker while the server runs (it also finishes what a previous run left pending), the
    retention purge every few hours, and the event subscriptions; close the HTTP clients at the end."""
    subscriptions = Subscriptions(settings, delivery)

    async def start(app, _loop):  # type: ignore[no-untyped-def]
        subscriptions.subscribe()
        if settings.redis_url:
            # Live views on every replica wake at once, whichever replica made the change.
            pubsub.start_relay(settings.redis_url)
        app.ctx.background = [asyncio.ensure_future(delivery.worker.run_forever(app.ctx.agent)),
                              asyncio.ensure_future(purge_periodically(delivery.inbox.settings,
                                                                       extra=[purge_desk_rows, forget_case_sources]))]

    async def stop(app, _loop):  # type: ignore[no-untyped-def]
        subscriptions.unsubscribe()
        for task in getattr(app.ctx, "background", []):
            task.cancel()
        await pubsub.stop_relay()
        await delivery.aclose()

    app.register_listener(start, "after_server_start")
    app.register_listener(stop, "before_server_stop")
