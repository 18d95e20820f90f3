"""Scale-out: two replicas behind deploy/'s nginx site, sharing PostgreSQL and Redis. Signed WhatsApp webhooks
for many conversations go through nginx; one replica is killed with SIGKILL midway; every message must still be
answered exactly once (counted at the fake Graph API) and in order within its conversation."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.conversation.privacy import pseudonymise_sender
from bot.settings import ROOT
from bot.store.sealing import new_key
from tests.conftest import TEST_CONFIG, _service_or_skip, throwaway_postgres_database
from tests.e2e.server import RunningServer, free_ports, launch_server, stop_server, wait_until_ready
from tests.fakes.graph_api import FakeGraphAPI

pytestmark = [pytest.mark.model, pytest.mark.server]

APP_SECRET = "replicas-test-app-secret"
PHONE_NUMBER_ID = "100000000000003"
PSEUDONYM_KEY = "replicas-test-key-" + uuid.uuid4().hex
CONVERSATIONS = 30
MESSAGES = ["bonjour", "quels sont mes droits", "merci"]
# Between two messages of one person: the webhooks spread over the replicas' processing, so that the kill comes
# while both are receiving, answering and sending.
PAUSE_SECONDS = 1.0
# A replica that died holding rows: another takes them once their lease lapses (seconds, bot/messaging/leases.py).
ANSWERED_WITHIN_SECONDS = 180
SITE = ROOT / "deploy" / "nginx" / "amane.conf"
PROXY_RULES = ROOT / "deploy" / "nginx" / "amane-proxy.conf"


@pytest.fixture(scope="module")
def nginx() -> str:
    """Debian's nginx (nginx-light), which .ci/run installs."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"

    def check() -> None:
        subprocess.run([binary, "-v"], check=True, capture_output=True, timeout=10)

    _service_or_skip("nginx", check)
    return binary


@pytest.fixture(scope="module")
def database(postgres_url: str) -> Iterator[str]:
    """A fresh database for the replicas, dropped afterwards."""
    with throwaway_postgres_database(postgres_url, "amane_replicas") as url:
        yield url


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(accept_unscripted=True) as fake:
        yield fake


@pytest.fixture(scope="module")
def replicas(trained_model: Path, database: str, redis_url: str, graph: FakeGraphAPI,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[RunningServer]]:
    """Two replicas started at once (each loads its model for ~35 s), ready when both answer /readyz."""
    env = {"AMANE_ENV": "production", "AMANE_DATABASE_URL": database, "AMANE_REDIS_URL": redis_url,
           "AMANE_PSEUDONYM_KEY": PSEUDONYM_KEY, "AMANE_SEALING_KEYS": new_key().decode(),
           "AMANE_PROXIES_COUNT": "1", "AMANE_WHATSAPP_ACCESS_TOKEN": "replicas-test-token",
           "AMANE_WHATSAPP_APP_SECRET": APP_SECRET, "AMANE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
           "AMANE_WHATSAPP_API_BASE": graph.base_url}
    running = [launch_server(tmp_path_factory.mktemp(f"replica{index}"), TEST_CONFIG, extra_env=env)
               for index in (1, 2)]
    try:
        for server in running:
            wait_until_ready(server)
        yield running
    finally:
        for server in running:
            if server.process.poll() is None:
                stop_server(server)


@dataclass
class Nginx:
    base_url: str
    process: subprocess.Popen
    error_log: Path


def site_for_test(upstreams: list[str], port: int, folder: Path) -> str:
    """deploy/nginx/amane.conf as shipped, with this test's replicas, port and log folder: each change must
    apply exactly once, so a reshaped site fails here rather than testing something else."""
    site = SITE.read_text()
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+ ([^;]*);$", site, flags=re.M)
    assert len(servers) == 2, "the site's upstream should list two replicas"
    site = re.sub(r"^\s*server 127\.0\.0\.1:\d+ [^;]*;\n", "", site, flags=re.M)
    lines = "".join(f"    server {upstream} {servers[0]};\n" for upstream in upstreams)
    site, count = re.subn(r"upstream amane \{\n", "upstream amane {\n" + lines, site)
    assert count == 1
    site, count = re.subn(r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{port};", site, flags=re.M)
    assert count == 1
    rules = folder / "amane-proxy.conf"
    rules.write_text(PROXY_RULES.read_text().replace("/var/log/nginx/", f"{folder}/"))
    site, count = re.subn(r"include /etc/nginx/amane-proxy\.conf;", f"include {rules};", site)
    assert count == 1
    return site


@pytest.fixture(scope="module")
def proxy(nginx: str, replicas: list[RunningServer], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    folder = tmp_path_factory.mktemp("nginx")
    port = free_ports(1)[0]
    upstreams = [server.base_url.removeprefix("http://") for server in replicas]
    temp_paths = "".join(f"{kind}_temp_path {folder}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    config = folder / "nginx.conf"
    config.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")   # the workers write the temp folders made by this user
        + f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        + f"http {{\n{temp_paths}{site_for_test(upstreams, port, folder)}\n}}\n")
    command = [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    running = Nginx(f"http://127.0.0.1:{port}", process, folder / "error.log")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(running.base_url + "/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    yield running
    process.terminate()
    process.wait(timeout=30)


def phone(index: int) -> str:
    return f"2126{index:08d}"


def signed_webhook(base_url: str, sender: str, wamid: str, body_text: str) -> int:
    """POST one WhatsApp message as Meta does; like Meta, send it again (same id) until it is acknowledged."""
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": PHONE_NUMBER_ID},
                  "contacts": [{"wa_id": sender, "profile": {"name": "x"}}],
                  "messages": [{"from": sender, "id": wamid, "timestamp": str(int(time.time())), "type": "text",
                                "text": {"body": body_text}}]}}]}]}).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(base_url + "/webhooks/whatsapp/webhook", data=body, headers={
        "Content-Type": "application/json", "X-Hub-Signature-256": signature})
    tries = 0
    while True:
        tries += 1
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                assert reply.status == 200
                return tries
        except (urllib.error.HTTPError, urllib.error.URLError, ConnectionError):
            assert tries < 5, "a webhook was refused five times"
            time.sleep(1)


def test_two_replicas_behind_nginx_answer_every_message_once_and_in_order_when_one_is_killed(
        proxy: Nginx, replicas: list[RunningServer], graph: FakeGraphAPI, database: str) -> None:
    victim, survivor = replicas
    acknowledged, killed, tries = [0], threading.Event(), []
    lock = threading.Lock()

    def converse(index: int) -> None:
        for number, message in enumerate(MESSAGES):
            if number:
                time.sleep(PAUSE_SECONDS)
            tries.append(signed_webhook(proxy.base_url, phone(index), f"wamid.REPLICAS{index:03d}{number}", message))
            with lock:
                acknowledged[0] += 1
                if acknowledged[0] == CONVERSATIONS * len(MESSAGES) // 2 and not killed.is_set():
                    # Midway: both replicas are answering, rows are claimed and replies are being sent.
                    os.kill(victim.process.pid, signal.SIGKILL)
                    killed.set()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(converse, range(CONVERSATIONS)))
    assert killed.is_set()
    victim.process.wait(timeout=30)
    # nginx sent what the dead replica did not answer to the other one: no webhook had to be sent again.
    assert tries == [1] * CONVERSATIONS * len(MESSAGES)

    engine = create_engine(database)
    conversation_of = {pseudonymise_sender("whatsapp", phone(i), PSEUDONYM_KEY.encode()): i
                       for i in range(CONVERSATIONS)}
    deadline = time.monotonic() + ANSWERED_WITHIN_SECONDS
    while True:
        with engine.connect() as connection:
            waiting = connection.execute(text(
                "SELECT (SELECT count(*) FROM inbound_messages WHERE status <> 'done') "
                "+ (SELECT count(*) FROM outbound_messages WHERE status <> 'sent')")).scalar()
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(2)
    time.sleep(3)   # a duplicate send still in flight at the end is counted too
    with engine.connect() as connection:
        inbound = connection.execute(text(
            "SELECT id, conversation_id, status FROM inbound_messages ORDER BY id")).fetchall()
        outbound = connection.execute(text(
            "SELECT id, conversation_id, reply_to, status, sent_at FROM outbound_messages ORDER BY id")).fetchall()
    engine.dispose()

    assert len(inbound) == CONVERSATIONS * len(MESSAGES), "a message was stored twice, or lost"
    assert [row.status for row in inbound if row.status != "done"] == [], "messages left unanswered"
    assert [row.status for row in outbound if row.status != "sent"] == [], "replies left unsent"
    sent_to: dict[str, int] = {}
    for request in graph.requests:
        recipient = request.json().get("to")
        sent_to[recipient] = sent_to.get(recipient, 0) + 1
    unanswered, out_of_order, sent_out_of_order, not_once = [], [], [], []
    for conversation_id, index in conversation_of.items():
        messages = [row.id for row in inbound if row.conversation_id == conversation_id]
        replies = [row for row in outbound if row.conversation_id == conversation_id]
        assert len(messages) == len(MESSAGES)
        # Each message answered, the answers queued in the order of the messages, and sent in that order.
        if sorted({row.reply_to for row in replies}) != messages:
            unanswered.append(index)
        if [row.reply_to for row in replies] != sorted(row.reply_to for row in replies):
            out_of_order.append(index)
        if [row.sent_at for row in replies] != sorted(row.sent_at for row in replies):
            sent_out_of_order.append(index)
        # Exactly once, but for what the README documents: a send the killed replica had made when it died, before
        # it could record it, goes again (no provider takes an idempotency key). Never fewer.
        if sent_to.get(phone(index), 0) != len(replies):
            not_once.append((index, sent_to.get(phone(index), 0), len(replies)))
    # The survivor logs each send it retried because a dead worker had it in flight: only those may be doubled.
    interrupted = sum(int(count) for count in re.findall(r"outbox retrying (\d+) sends interrupted by a dead worker",
                                                         survivor.logs()))
    doubled = sum(requests - replies for _, requests, replies in not_once)
    assert (unanswered, out_of_order, sent_out_of_order) == ([], [], []), (
        f"of {CONVERSATIONS} conversations: unanswered {unanswered}, answered out of order {out_of_order}, "
        f"sent out of order {sent_out_of_order}")
    assert all(requests > replies for _, requests, replies in not_once) and doubled <= interrupted, (
        f"(conversation, requests, replies) not sent once {not_once}, {interrupted} interrupted sends retried")
    assert sum(sent_to.values()) == len(outbound) + doubled

    # The surviving replica's figures are the deployment's; nginx does not expose them.
    with urllib.request.urlopen(survivor.base_url + "/metrics", timeout=30) as reply:
        metrics = reply.read().decode()
    assert f'amane_messages_received{{channel="whatsapp"}} {CONVERSATIONS * len(MESSAGES)}' in metrics
    assert f'amane_messages_sent{{channel="whatsapp"}} {len(outbound)}' in metrics
    assert 'amane_inbox_pending{channel="whatsapp"} 0' in metrics
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(proxy.base_url + "/metrics", timeout=10)
    assert refused.value.code == 404
    assert "Amane is ready" in survivor.logs()
