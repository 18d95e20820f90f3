"""The redaction filter on every log handler: numbers, ids, e-mails and tokens never reach the output."""
from __future__ import annotations

import io
import logging

import pytest

from bot.logs import RedactingFilter, redact


@pytest.mark.parametrize(
    "line, secret",
    [
        ("sending to 212600000001 failed", "212600000001"),
        ("user +212 6 12 34 56 78 wrote", "12 34 56 78"),
        ("chat 5550001111 blocked the bot", "5550001111"),
        ("GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage",
         "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
        ("Authorization: Bearer EAAJZCtoken.abc-123", "EAAJZCtoken"),
        ("reply to amina.b@example.org", "amina.b@example.org"),
    ],
)
def test_redact_removes_the_secret(line: str, secret: str) -> None:
    assert secret not in redact(line)


def test_short_numbers_and_codes_stay_readable() -> None:
    assert redact("outbox send status=429 error=131047 attempt 3") == "outbox send status=429 error=131047 attempt 3"


def test_filter_rewrites_arguments_and_drops_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    log = logging.getLogger("test.redaction")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("could not send to %s", "212600000001")
        try:
            raise ValueError("text was: my boss took my passport, call 212600000002")
        except ValueError:
            log.exception("delivery failed")
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert "212600000001" not in output and "212600000002" not in output and "passport" not in output
    assert "could not send to [number]" in output and "delivery failed [ValueError]" in output
