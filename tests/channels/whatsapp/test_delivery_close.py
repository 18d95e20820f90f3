"""Shutting the server down closes WhatsApp's blocking client too (the outbox's threads send through it)."""
from __future__ import annotations

import pytest

from bot.app.wiring import build_delivery
from bot.settings import get_settings
from tests.channels.whatsapp.harness import whatsapp_environment


async def test_closing_the_delivery_closes_the_blocking_client(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in whatsapp_environment("http://127.0.0.1:9").items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        delivery = build_delivery(get_settings())
        blocking = delivery.adapters["whatsapp"].client._blocking   # type: ignore[attr-defined]
        assert not blocking.is_closed
        await delivery.aclose()
        assert blocking.is_closed and delivery.http.is_closed
    finally:
        get_settings.cache_clear()
