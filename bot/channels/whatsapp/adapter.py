"""What the outbox needs of WhatsApp: the requests that carry a reply, sending one, the neutral template."""
from __future__ import annotations

import httpx

from bot.channels.whatsapp.send import WhatsAppClient, build_payloads, build_template_payload
from bot.conversation.content import Content
from bot.messaging.messages import OutgoingMessage, SendResult
from bot.settings import WhatsAppSettings


class WhatsAppAdapter:
    name = "whatsapp"
    window_hours: int | None = 24

    def __init__(self, settings: WhatsAppSettings, http: httpx.AsyncClient, content: Content,
                 default_language: str) -> None:
        self.settings = settings
        self.client = WhatsAppClient(http, settings.api_base, settings.api_version, settings.phone_number_id,
                                     settings.access_token)
        self.content = content
        self.default_language = default_language
        # Payloads are the same in every language: any language's menu says which lists are the menu.
        self._menu_payloads = frozenset(button.payload for button in content.menu(default_language))

    def build(self, address: str, message: OutgoingMessage) -> list[dict]:
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

    def send_blocking(self, request: dict) -> SendResult:
        """send, from a thread: the outbox sends a reply's parts from threads of its own."""
        return self.client.send_blocking(request)

    async def aclose(self) -> None:
        self.client.close()

    def reengagement(self, address: str) -> dict | None:
        if not self.settings.template_name:
            return None
        return build_template_payload(address, self.settings.template_name, self.settings.template_language)
