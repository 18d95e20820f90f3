"""Every setting of Amane, read once from the environment with its default (the only place that reads it)."""
from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def _path(name: str, default: str) -> Path:
    path = Path(_env(name, default))
    return path if path.is_absolute() else ROOT / path


@dataclass(frozen=True)
class Settings:
    environment: str            # "trial" (defaults, SQLite) or "production" (secrets required)
    data_dir: Path              # SQLite databases and the trial secret live here
    database_url: str           # project tables; also the Rasa tracker store's database
    redis_url: str              # Rasa lock store when several replicas run; empty = in-memory
    pseudonym_key: bytes        # keyed hash of sender ids
    sealing_keys: tuple         # Fernet keys, newest first: reply addresses and queued texts at rest
    default_language: str       # reply language before anything is known
    content_dir: Path
    contacts_file: Path
    models_dir: Path
    rasa_config: Path           # the pipeline and policies the server trains with
    host: str
    port: int                   # Rasa server: web chat, channels, officer desk
    actions_port: int           # rasa_sdk action server
    log_level: str
    max_message_chars: int      # longer texts are refused with a clear answer
    exit_word: str              # typed alone, wipes the conversation at once; the greeting names it
    persona_name: str           # the name the assistant gives itself; empty: the content's own per language
    duress_word: str            # in a message, answered as usual but the case is raised to urgent; empty: off
    retention_days: int         # conversations without an open case are deleted this long after their last message
    public_url: str             # where providers reach this server (https), for registering webhooks
    desk_idle_minutes: int      # an officer's desk session ends after this long without a request
    desk_session_hours: int     # and after this long in any case: a stolen cookie does not live forever
    proxies_count: int          # reverse proxies in front of the server (X-Forwarded-For is trusted that deep)
    metrics_token: str          # bearer token for /metrics from anywhere; empty: only direct requests from loopback
    whatsapp: WhatsAppSettings
    telegram: TelegramSettings
    desk_notify: DeskNotifySettings
    webchat: WebChatSettings


@dataclass(frozen=True)
class WebChatSettings:
    """The web chat's defences: it is open to anyone, so it is where floods come from (issue 13).

    The limits are far above what people typing can reach (0 is no limit), and counted per client address
    (hashed with the pseudonym key, never stored raw) so that one source cannot drown the others; in Redis
    when configured, so that every replica shares them.
    """

    # A person types a message every few seconds at most (taps on buttons a little faster): 12 a minute is
    # already hurried. 30 leaves room for two or three people behind one address (a shelter's wifi, a mobile
    # carrier's shared address) and still stops a script at one message every two seconds.
    messages_per_minute: int
    # All addresses together, for all replicas: 10 a second, about what one replica's NLU serves
    # (bench/webchat_latency.py); beyond it a distributed flood would starve everyone anyway.
    messages_per_minute_total: int
    # New conversations (new sender ids) a page at one address may open in an hour: a person keeps one id in
    # their browser (a new one only after the exit word or on another phone); a flood opens one per message.
    new_conversations_per_hour: int
    # Long polls for officers' messages: one every 25 s when idle, one after each officer message.
    polls_per_minute: int
    # A request body, refused before it is read when its Content-Length says more: max_message_chars of
    # text is at most 4 bytes a character in UTF-8, or 12 as the JSON escapes of a surrogate pair, plus a
    # little JSON around it: 64 KB covers 4096 characters written in any script, however encoded.
    max_body_bytes: int
    # Origins that may show the chat in a frame (an organisation's own site), e.g. "https://ngo.example";
    # empty: none may (X-Frame-Options DENY, CSP frame-ancestors 'none').
    frame_ancestors: tuple
    # Cases opened from one address with the same first message within this many minutes are one burst:
    # one alert, one group notification with a count (each case is still kept and listed).
    burst_minutes: int


@dataclass(frozen=True)
class WhatsAppSettings:
    access_token: str           # a system user's permanent token for the WhatsApp Business account
    app_secret: str             # signs every webhook POST (X-Hub-Signature-256)
    verify_token: str           # chosen by the operator, echoed by Meta when the webhook is registered
    phone_number_id: str
    api_base: str               # the Graph API; tests point it at a local fake
    api_version: str
    template_name: str          # neutral pre-approved template for outside the 24-hour window
    template_language: str
    list_button_label: str      # the button that opens a list, in every language; empty: the content's, per language

    @property
    def enabled(self) -> bool:
        return bool(self.access_token and self.app_secret and self.phone_number_id)


@dataclass(frozen=True)
class TelegramSettings:
    bot_token: str
    secret_token: str           # echoed by Telegram in X-Telegram-Bot-Api-Secret-Token
    api_base: str               # the Bot API; tests point it at a local fake

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token and self.secret_token)


@dataclass(frozen=True)
class DeskNotifySettings:
    """The officers' Telegram group told of each new case (number, priority, language, channel only)."""

    chat_id: str                # the officers' group; empty = no notifications (the default)
    bot_token: str              # a bot that is a member of that group; defaults to the channel bot's token
    language: str               # language of the notification texts (bot/desk/notify_texts.yml)

    @property
    def enabled(self) -> bool:
        return bool(self.chat_id and self.bot_token)


def _secret(name: str, environment: str, data_dir: Path, make: Callable[[], str]) -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    if environment == "production":
        raise RuntimeError(f"{name} must be set in production")
    # A trial keeps a random secret on disk so it stays stable across restarts.
    key_file = data_dir / f"{name.lower()}.key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(make())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _fernet_key() -> str:
    # Fernet's own key format, made here: settings sit below every other layer and import none of them.
    return Fernet.generate_key().decode()


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process; tests clear the cache after changing the environment."""
    environment = _env("AMANE_ENV", "trial")
    data_dir = _path("AMANE_DATA_DIR", "var")
    return Settings(
        environment=environment,
        data_dir=data_dir,
        database_url=_env("AMANE_DATABASE_URL", f"sqlite:///{data_dir / 'amane.db'}"),
        redis_url=_env("AMANE_REDIS_URL", ""),
        pseudonym_key=_secret("AMANE_PSEUDONYM_KEY", environment, data_dir, lambda: secrets.token_hex(32)).encode(),
        # Comma-separated, newest first; rotate by prepending a new key and re-sealing (README).
        sealing_keys=tuple(
            k.strip().encode()
            for k in _secret("AMANE_SEALING_KEYS", environment, data_dir, _fernet_key).split(",") if k.strip()
        ),
        default_language=_env("AMANE_DEFAULT_LANGUAGE", "fr"),
        content_dir=_path("AMANE_CONTENT_DIR", "content"),
        contacts_file=_path("AMANE_CONTACTS_FILE", "content/contacts.yml"),
        models_dir=_path("AMANE_MODELS_DIR", "models"),
        rasa_config=_path("AMANE_RASA_CONFIG", "config.yml"),
        host=_env("AMANE_HOST", "127.0.0.1"),
        port=int(_env("AMANE_PORT", "5005")),
        actions_port=int(_env("AMANE_ACTIONS_PORT", "5055")),
        log_level=_env("AMANE_LOG_LEVEL", "INFO"),
        max_message_chars=int(_env("AMANE_MAX_MESSAGE_CHARS", "4096")),
        exit_word=_env("AMANE_EXIT_WORD", "0000"),
        persona_name=_env("AMANE_PERSONA_NAME", ""),
        duress_word=_env("AMANE_DURESS_WORD", ""),
        retention_days=int(_env("AMANE_RETENTION_DAYS", "30")),
        public_url=_env("AMANE_PUBLIC_URL", ""),
        desk_idle_minutes=int(_env("AMANE_DESK_IDLE_MINUTES", "30")),
        desk_session_hours=int(_env("AMANE_DESK_SESSION_HOURS", "12")),
        proxies_count=int(_env("AMANE_PROXIES_COUNT", "0")),
        metrics_token=_env("AMANE_METRICS_TOKEN", ""),
        whatsapp=WhatsAppSettings(
            access_token=_env("AMANE_WHATSAPP_ACCESS_TOKEN", ""),
            app_secret=_env("AMANE_WHATSAPP_APP_SECRET", ""),
            verify_token=_env("AMANE_WHATSAPP_VERIFY_TOKEN", ""),
            phone_number_id=_env("AMANE_WHATSAPP_PHONE_NUMBER_ID", ""),
            api_base=_env("AMANE_WHATSAPP_API_BASE", "https://graph.facebook.com"),
            api_version=_env("AMANE_WHATSAPP_API_VERSION", "v21.0"),
            template_name=_env("AMANE_WHATSAPP_TEMPLATE", ""),
            template_language=_env("AMANE_WHATSAPP_TEMPLATE_LANGUAGE", "fr"),
            list_button_label=_env("AMANE_WHATSAPP_LIST_LABEL", ""),
        ),
        telegram=TelegramSettings(
            bot_token=_env("AMANE_TELEGRAM_BOT_TOKEN", ""),
            secret_token=_env("AMANE_TELEGRAM_SECRET_TOKEN", ""),
            api_base=_env("AMANE_TELEGRAM_API_BASE", "https://api.telegram.org"),
        ),
        # Sent through the Bot API at AMANE_TELEGRAM_API_BASE, like the channel's own messages.
        desk_notify=DeskNotifySettings(
            chat_id=_env("AMANE_DESK_NOTIFY_TELEGRAM_CHAT_ID", ""),
            bot_token=_env("AMANE_DESK_NOTIFY_TELEGRAM_BOT_TOKEN", _env("AMANE_TELEGRAM_BOT_TOKEN", "")),
            language=_env("AMANE_DESK_NOTIFY_LANGUAGE", "fr"),
        ),
        webchat=WebChatSettings(
            messages_per_minute=int(_env("AMANE_WEBCHAT_MESSAGES_PER_MINUTE", "30")),
            messages_per_minute_total=int(_env("AMANE_WEBCHAT_MESSAGES_PER_MINUTE_TOTAL", "600")),
            new_conversations_per_hour=int(_env("AMANE_WEBCHAT_NEW_CONVERSATIONS_PER_HOUR", "10")),
            polls_per_minute=int(_env("AMANE_WEBCHAT_POLLS_PER_MINUTE", "60")),
            max_body_bytes=int(_env("AMANE_WEBCHAT_MAX_BODY_BYTES", "65536")),
            frame_ancestors=tuple(_env("AMANE_WEBCHAT_FRAME_ANCESTORS", "").split()),
            burst_minutes=int(_env("AMANE_CASE_BURST_MINUTES", "10")),
        ),
    )
