"""`python -m bot set-telegram-webhook` registers our URL and secret with (a fake) Telegram."""
from __future__ import annotations

import os
import subprocess
import sys

from bot.settings import ROOT
from tests.fakes.telegram_api import FakeTelegramAPI

TOKEN = "123456:TEST-BOT-TOKEN-command"


def run_command(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("AMANE_TELEGRAM")}
    return subprocess.run([sys.executable, "-m", "bot", "set-telegram-webhook"], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_registers_the_webhook_with_the_secret_token() -> None:
    fake = FakeTelegramAPI(token=TOKEN).start()
    try:
        completed = run_command({"AMANE_TELEGRAM_BOT_TOKEN": TOKEN, "AMANE_TELEGRAM_SECRET_TOKEN": "s3cret-token",
                                 "AMANE_TELEGRAM_API_BASE": fake.base_url,
                                 "AMANE_PUBLIC_URL": "https://amane.example.org/"})
        assert completed.returncode == 0, completed.stderr[-2000:]
        [call] = [c for c in fake.calls if c.method == "setWebhook"]
        assert call.params["url"] == "https://amane.example.org/webhooks/telegram/webhook"
        assert call.params["secret_token"] == "s3cret-token"
        assert TOKEN not in completed.stdout + completed.stderr
    finally:
        fake.stop()


def test_says_what_is_missing() -> None:
    completed = run_command({})
    assert completed.returncode == 2
    assert "AMANE_TELEGRAM_BOT_TOKEN" in completed.stderr
