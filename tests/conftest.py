"""Shared fixtures: a clean environment for every test, and one trained model for the whole run."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.nlu.rasa_command import import_skops_before_rasa
from bot.settings import ROOT, get_settings

# Before any test module imports Rasa: agents are loaded in this process too (bot/nlu/rasa_command.py says why).
import_skops_before_rasa()

# Browser fixtures (chromium_browser, phone_page, desktop_page) for tests/e2e and tests/desk.
pytest_plugins = ["tests.e2e.browser"]

# Tests train with this config (fewer epochs may be set there for speed; thresholds still hold).
TEST_CONFIG = ROOT / os.environ.get("AMANE_TEST_CONFIG", "config.yml")
MODELS_DIR = ROOT / "models"
# Variables about the test run itself, not settings of Amane.
KEPT_VARIABLES = {"AMANE_TEST_CONFIG", "AMANE_REQUIRE_SERVICES", "AMANE_TEST_POSTGRES_URL", "AMANE_TEST_REDIS_URL"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks follow the fixtures a test really uses (directly or through other fixtures), so that
    `make test-fast` (-m "not model and not server") never trains a model or starts a server."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"trained_model", "agent"}:
            item.add_marker(pytest.mark.model)
        if "server" in fixtures:
            item.add_marker(pytest.mark.server)


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own data folder and no leftover AMANE_* settings."""
    for name in list(os.environ):
        if name.startswith("AMANE_") and name not in KEPT_VARIABLES:
            monkeypatch.delenv(name)
    monkeypatch.setenv("AMANE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "false")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """Trained once per run (or reused when config and data did not change)."""
    from bot.nlu.training import ensure_model

    return ensure_model(TEST_CONFIG, MODELS_DIR)


@pytest.fixture(scope="session")
def agent(trained_model: Path):  # type: ignore[no-untyped-def]
    from rasa.core.agent import Agent

    return Agent.load(str(trained_model))


def _service_or_skip(name: str, check) -> None:  # type: ignore[no-untyped-def]
    """Skip where a service is absent (a fresh machine), but fail in CI, which must have it."""
    try:
        check()
    except Exception as error:  # noqa: BLE001 (any connection failure means "absent")
        if os.environ.get("AMANE_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{name} is required in CI but not reachable: {type(error).__name__}")
        pytest.skip(f"{name} is not running here ({type(error).__name__}); CI runs these tests")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("AMANE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

    def check() -> None:
        from sqlalchemy import create_engine, text

        with create_engine(url).connect() as connection:
            connection.execute(text("select 1"))

    _service_or_skip("PostgreSQL", check)
    return url


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("AMANE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

    def check() -> None:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()

    _service_or_skip("Redis", check)
    return url


@contextmanager
def throwaway_postgres_database(postgres_url: str, prefix: str) -> Iterator[str]:
    """A database of its own on the test server (other runs may share the server), dropped afterwards
    (WITH FORCE: a replica killed mid-test may leave a connection behind). Yields its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from bot.store.db import get_engine

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
