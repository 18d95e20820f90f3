"""Every setting of Amane, read once from the environment with its default (the only place that reads it)."""
from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

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


def _pseudonym_key(environment: str, data_dir: Path) -> bytes:
    key = os.environ.get("AMANE_PSEUDONYM_KEY", "")
    if key:
        return key.encode()
    if environment == "production":
        raise RuntimeError("AMANE_PSEUDONYM_KEY must be set in production")
    # A trial keeps a random key on disk so pseudonyms stay stable across restarts.
    key_file = data_dir / "pseudonym.key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip().encode()


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
        pseudonym_key=_pseudonym_key(environment, data_dir),
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
    )
