"""Logging for every Amane process: levels that never let a library print message texts or sender ids."""
from __future__ import annotations

import logging
import os

# These libraries log message texts and sender ids at DEBUG; they never go below INFO here.
OWN_PACKAGES = ("bot", "actions")
CHATTY_LIBRARIES = ("rasa", "rasa_sdk", "sanic", "sanic.access", "apscheduler", "urllib3", "httpx", "telegram")


def configure_logging(level_name: str) -> None:
    level = max(logging.getLevelName(level_name.upper()), logging.DEBUG)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
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
