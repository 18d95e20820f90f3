"""What the outbox needs of Telegram: the requests that carry a reply, sending one, deleting messages from the chat."""
from __future__ import annotations

from bot.channels.telegram.send import TelegramClient, build_requests
from bot.channels.telegram.threaded import ThreadedTelegramClient
from bot.messaging.messages import OutgoingMessage, SendResult
from bot.settings import TelegramSettings


class TelegramAdapter:
    name = "telegram"
    window_hours: int | None = None

    def __init__(self, settings: TelegramSettings) -> None:
        self.client = TelegramClient(settings.bot_token, settings.api_base)
        # The outbox's threads send a reply's parts through this one (its own loop, its own connections).
        self.threaded = ThreadedTelegramClient(lambda: TelegramClient(settings.bot_token, settings.api_base))

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.threaded.aclose()

    def build(self, address: str, message: OutgoingMessage) -> list[dict]:
        return build_requests(address, message)

    async def send(self, request: dict) -> SendResult:
        return await self.client.send(request)

    def send_blocking(self, request: dict) -> SendResult:
        """send, from a thread: the outbox sends a reply's parts from threads of its own."""
        return self.threaded.send(request)

    async def delete_message(self, address: str, message_id: str) -> bool:
        return await self.client.delete_message(address, message_id)

    async def delete_messages(self, address: str, message_ids: list[str]) -> int:
        """The bot's and the user's messages alike: the Bot API allows both in a private chat, for 48 hours."""
        return await self.client.delete_messages(address, list(message_ids))

    def reengagement(self, address: str) -> dict | None:
        return None
