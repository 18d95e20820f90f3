"""Logging for every Amane process: levels that never let a library print message texts or sender ids."""
from __future__ import annotations

import logging
import os
import re

# These libraries log message texts and sender ids at DEBUG; they never go below INFO here.
OWN_PACKAGES = ("bot", "actions")
CHATTY_LIBRARIES = ("rasa", "rasa_sdk", "sanic", "sanic.access", "apscheduler", "urllib3", "httpx", "telegram")


# What must never be readable in a log line, whoever wrote it: phone numbers and long numeric ids
# (WhatsApp numbers, Telegram chat ids), e-mail addresses, and bearer tokens or bot tokens.
REDACTIONS = (
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    (re.compile(r"(?<!\d)\d{6,}:[\w-]{20,}"), "[token]"),             # Telegram bot token
    (re.compile(r"(?i)(bearer\s+)[\w.~+/-]+=*"), r"\1[token]"),
    (re.compile(r"\+?\d(?:[\s-]?\d){6,}"), "[number]"),               # 7+ digits, spaces or dashes allowed
)


def redact(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites every record's final message with the redactions above (a last line of defence)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info:
            # A traceback may quote a message or an address: keep only the exception's type.
            record.msg = f"{record.msg} [{record.exc_info[0].__name__ if record.exc_info[0] else 'error'}]"
            record.exc_info, record.exc_text = None, None
        return True


def configure_logging(level_name: str) -> None:
    level = max(logging.getLevelName(level_name.upper()), logging.DEBUG)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    # Our own loggers carry their level themselves: loading TensorFlow lowers the root logger to WARNING.
    for name in OWN_PACKAGES:
        logging.getLogger(name).setLevel(level)
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.INFO))
    logging.getLogger("sanic.access").setLevel(logging.WARNING)  # access lines carry client addresses
    # Rasa reads these when it configures its own (structlog) logging; keep them in step.
    os.environ["LOG_LEVEL"] = logging.getLevelName(max(level, logging.INFO))
    os.environ["LOG_LEVEL_LIBRARIES"] = "WARNING"
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    # Unconfigured, structlog prints Rasa's DEBUG events (with message texts) to stdout.
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(max(level, logging.INFO))
