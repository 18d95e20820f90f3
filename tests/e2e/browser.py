"""Headless Chromium for end-to-end tests: Debian's `chromium` driven by Playwright, never a downloaded browser.

Registered as a pytest plugin (`pytest_plugins = ["tests.e2e.browser"]` in tests/conftest.py), so any
test can ask for `chromium_browser`, `phone_page` or `desktop_page`. Keep browser tests in modules of
plain (non-async) tests, without async fixtures: Playwright's sync API marks its own event loop as the
running one while it is alive, and pytest-asyncio cannot start a loop then.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:  # playwright is imported lazily: its absence must skip (or fail in CI), not break collection
    from playwright.sync_api import Browser, Page

# Belt and braces: nothing here may ever fetch a browser; we only launch the system's chromium.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

# Flags for a quiet, hermetic run in containers: no sandbox (CI runs as root), no GPU, no /dev/shm
# (small in containers), and none of Chromium's own calls home, which would not be the page's doing.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# A small Android phone, the device most of Amane's users have, and an officer's desktop.
PHONE: dict[str, Any] = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
                         "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
# The real server answers the first message after a cold start slowly; Playwright's default is 30 s.
DEFAULT_TIMEOUT_MS = 60_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def find_chromium() -> str | None:
    """Debian's chromium (apt install chromium): on the PATH, or where Debian puts it."""
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def _absent(reason: str, remedy: str) -> NoReturn:
    """Skip on a developer's machine without the browser, but fail in CI, which must have it."""
    if os.environ.get("AMANE_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason}, and CI requires the browser tests ({remedy})")
    pytest.skip(f"{reason}: the browser tests run in CI ({remedy} to run them here)")


# Module scope, not session: a browser alive across the run would break every async test after it
# ("Cannot run the event loop while another loop is running"). A launch takes under a second.
@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    """One headless Chromium per test module; each test opens its own context (cookies, storage)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _absent("the playwright package is not installed", "make test installs requirements.lock")
    executable = find_chromium()
    if executable is None:
        _absent("Debian's chromium is not installed", "apt install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser: Browser, device: dict[str, Any]) -> Iterator[Page]:
    """A page in a fresh context (nothing shared with other tests), closed afterwards."""
    context = browser.new_context(**device)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone_page(chromium_browser: Browser) -> Iterator[Page]:
    with open_page(chromium_browser, PHONE) as page:
        yield page


@pytest.fixture
def desktop_page(chromium_browser: Browser) -> Iterator[Page]:
    with open_page(chromium_browser, DESKTOP) as page:
        yield page


def shown(page: Page, selector: str) -> list[str]:
    # textContent, not innerText: the exact text the page put there, whatever the layout.
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.textContent)")


def record_requests(page: Page) -> list[str]:
    """Every URL the page's context requests from now on (documents, scripts, fetches, redirects)."""
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url))
    return urls


def external_requests(urls: list[str]) -> list[str]:
    """The URLs that left this machine: anything but 127.0.0.1/localhost (data: and blob: stay local)."""
    return [url for url in urls
            if urlsplit(url).scheme not in {"data", "blob", "about"} and urlsplit(url).hostname not in LOCAL_HOSTS]
