"""The one harness of the WhatsApp channel tests: fixtures on disk, fake credentials, a local-only HTTP client,
the fake Graph API's end-of-test checks and the log check for secrets and personal data."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from pathlib import Path

import httpx

from tests.channels.fresh import fresh
from tests.fakes.graph_api import FakeGraphAPI

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "whatsapp"

# Fake credentials, distinctive enough that finding one in a log cannot be a coincidence.
ACCESS_TOKEN = "EAAFAKEACCESSTOKEN0000wa"
APP_SECRET = "fakeappsecret0000whatsapp"
VERIFY_TOKEN = "fake-verify-token-0000"
API_VERSION = "v19.0"
PHONE_NUMBER_ID = "100000000000002"
USER_NUMBERS = ("212600000001", "212600000002")
# The business-scoped user ids of the fixtures (users with a username): never logged either.
USER_IDS = ("MA.1000000000000000001", "MA.ENT.1000000000000000009", "1000000000000000001")
TEMPLATE = "amane_reengage"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


class RefusedRequest(AssertionError):
    """A test tried to reach a host other than this machine."""


def load_fixture(name: str) -> bytes:
    """The raw bytes of a recorded payload as the webhook would receive them now (its timestamps moved to the
    present: the webhook refuses replays of old messages)."""
    return fresh((FIXTURES / name).read_bytes())


def sign(raw_body: bytes, secret: str = APP_SECRET) -> str:
    """The X-Hub-Signature-256 header Meta would send for this body."""
    return "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


class LocalOnlyTransport(httpx.AsyncBaseTransport):
    """Refuses, before any connection, every request whose host is not this machine."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host not in LOCAL_HOSTS:
            raise RefusedRequest(f"test tried to reach {request.url.host!r}; only 127.0.0.1/localhost is allowed")
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def local_http_client() -> httpx.AsyncClient:
    # trust_env=False: a proxy from the environment must not see (or redirect) the test traffic.
    return httpx.AsyncClient(transport=LocalOnlyTransport(), trust_env=False, timeout=5.0)


def check_all_replies_used(graph: FakeGraphAPI) -> None:
    """Fail a test that scripted replies it never consumed, or made requests it did not script."""
    unused = graph.unused_replies
    assert not unused, f"{len(unused)} scripted reply(ies) never requested: statuses {[r.status for r in unused]}"
    assert graph.unscripted_requests == 0, f"{graph.unscripted_requests} request(s) with no scripted reply"


def assert_log_is_clean(log_text: str, also_forbidden: Iterable[str] = ()) -> None:
    """No credential, user number or message text in what was logged."""
    forbidden = [ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, *USER_NUMBERS, *USER_IDS, *also_forbidden]
    leaked = [item for item in forbidden if item and item in log_text]
    assert not leaked, f"logged what must never be logged: {leaked}"


def whatsapp_environment(api_base: str) -> dict[str, str]:
    """The server's WhatsApp settings, aimed at a fake Graph API (the neutral template configured)."""
    return {
        "AMANE_WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN, "AMANE_WHATSAPP_APP_SECRET": APP_SECRET,
        "AMANE_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN, "AMANE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "AMANE_WHATSAPP_API_BASE": api_base, "AMANE_WHATSAPP_API_VERSION": API_VERSION,
        "AMANE_WHATSAPP_TEMPLATE": TEMPLATE,
    }
