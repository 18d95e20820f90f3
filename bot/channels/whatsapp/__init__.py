"""The WhatsApp Cloud API channel: verify and parse webhooks (receive), build and send replies (send)."""
from bot.channels.whatsapp.receive import CHANNEL, ParsedWebhook, parse_webhook, signature_is_valid, verify_subscription
from bot.channels.whatsapp.send import WhatsAppClient, build_payloads, build_template_payload

__all__ = [
    "CHANNEL",
    "ParsedWebhook",
    "WhatsAppClient",
    "build_payloads",
    "build_template_payload",
    "parse_webhook",
    "signature_is_valid",
    "verify_subscription",
]
