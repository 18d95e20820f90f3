"""Load: plain `rasa run` against Amane's web chat, WhatsApp and Telegram paths, side by side, on the same model.

Every target runs at once on this machine (all on 127.0.0.1), and each load step goes through them one after
the other, so the ratios compare like with like even on a busy machine; `--rounds` repeats the whole series.

- rasa:     plain `rasa run` (REST channel, in-memory tracker store) with the same actions (rasa_sdk's server)
- rasa-sql: the same, with Rasa's own SQL tracker store on SQLite (optional: what storage alone costs)
- webchat:  Amane, POST /webhooks/webchat/webhook (answered in the HTTP response)
- whatsapp: Amane, a signed webhook -> inbox -> Rasa -> outbox -> a local fake Graph API that notes when each
            reply arrives; the reply time is the webhook's POST to the first reply's arrival
- telegram: Amane, an update with the webhook's secret -> inbox -> Rasa -> outbox -> a local fake Bot API, timed
            the same way

Load: closed loop, N conversations at once, each sending its script turn by turn. Printed per target and
step: replies (turns answered), p50/p95 reply time (to the first part), the widest gap between a turn's first
and last part, replies a second, the server's CPU time per reply (and the action server's; with PostgreSQL or nginx
their share as db+nginx; and this process's: the load generator and the fake Graph API), and the server's memory
(RSS), and how busy the whole machine was (all cores, whatever used them). For each Amane path with several
conversations, a ceiling: how far above one replica's rate two could go at most on these cores.

Usage: .venv/bin/python bench/load.py [--quick] [--paths rasa,webchat,whatsapp] [--concurrency 1,20,50]
           [--rate 10] [--turns 6] [--rounds 1] [--replicas 1,2] [--store sqlite|postgres] [--hold S]

`--replicas 2` runs two Amane servers on PostgreSQL + Redis (AMANE_TEST_POSTGRES_URL, AMANE_TEST_REDIS_URL or
the local defaults) behind nginx with deploy/nginx's site, as production does (and as tests/e2e/test_replicas.py
runs it): every request goes to nginx, which spreads them. With `--replicas 1,2` the single replica runs the same
way (PostgreSQL, Redis, nginx), so that the ratio x2/x1 printed per path compares like with like.
`--hold S` waits S seconds after the warm-up (attach a profiler to the printed pids).
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.training import model_for  # noqa: E402
from bot.store.sealing import new_key  # noqa: E402
from tests.e2e.server import (  # noqa: E402
    RunningServer,
    child_processes,
    free_ports,
    launch_server,
    stop_server,
    wait_until_ready,
)
from tests.fakes.graph_api import FakeGraphAPI, RecordedRequest, ScriptedReply  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI, decode_params  # noqa: E402

CONFIG = ROOT / os.environ.get("AMANE_TEST_CONFIG", "config.yml")
APP_SECRET = "bench-app-secret"
PHONE_NUMBER_ID = "100000000000002"
TELEGRAM_TOKEN = "123456:bench-token"
TELEGRAM_SECRET = "bench-telegram-secret"
# One script a conversation, by language; conversations take them in turn. Greetings, questions, a disclosure
# (which opens a case in Amane), a yes and thanks: what a real conversation holds.
SCRIPTS = [
    ["bonjour", "quels sont mes droits", "je cherche un endroit pour dormir", "mon patron a pris mon passeport",
     "oui", "merci"],
    ["hello", "what are my rights", "where can I sleep tonight", "my boss took my passport and does not pay me",
     "yes", "thank you"],
    ["salam", "bghit nrje3 l bladi", "fin nn3es had lila", "lpatron chd liya lpaspor", "ah", "choukran"],
    ["مرحبا", "ما هي حقوقي", "أين يمكنني أن أنام الليلة", "الباطرون شد ليا الباسبور", "نعم", "شكرا"],
]
# The warm-up learns how many messages answer each WhatsApp turn (a turn's other parts are those that arrive
# before this much silence); measured turns then wait for exactly that many, so that a late part is never taken
# for the next turn's first reply.
LEARNING_QUIET_SECONDS = 2.0
TURN_TIMEOUT = 120.0
PACED_CONVERSATIONS = 20


# -- measuring processes (Linux /proc: psutil is not a dependency) ----------------------------------------------
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot (/proc/stat): what every process, the kernel's own work
    (the loopback network's included) and other work on the machine used, which per-process times miss."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]   # idle and iowait
    total = sum(fields[:8])        # guest time is already in user
    return total - idle, total


def postgres_backends(database: str) -> list[int]:
    """PostgreSQL's backends connected to `database` (their command line names it): the database's own CPU."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if command.startswith("postgres:") and f" {database} " in command:
                found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


# -- targets ----------------------------------------------------------------------------------------------------
@dataclass
class Target:
    """One way in: `turn` sends one message and returns (seconds to the first reply, seconds to the last)."""

    name: str
    servers: list[int]                   # server pids (one per replica)
    actions: list[int]                   # their action servers' pids
    turn: Callable[[httpx.AsyncClient, int, str, str], Awaitable[tuple[float, float]]]
    # The deployment's shared services working for this target (its PostgreSQL backends, nginx), looked up at
    # each step since PostgreSQL starts a backend per connection.
    support: Callable[[], list[int]] = lambda: []


def rest_turn(base_urls: list[str], path: str, message_ids: bool) -> Callable[..., Awaitable[tuple[float, float]]]:
    """Rasa's REST channel, or Amane's web chat, which like its page sends an id with every message (retries)."""
    async def turn(client: httpx.AsyncClient, index: int, sender: str, text: str) -> tuple[float, float]:
        body = {"sender": sender, "message": text}
        if message_ids:
            body["message_id"] = uuid.uuid4().hex
        begin = time.perf_counter()
        reply = await client.post(base_urls[index % len(base_urls)] + path, json=body, timeout=TURN_TIMEOUT)
        elapsed = time.perf_counter() - begin
        body = reply.json()
        messages = body if isinstance(body, list) else body.get("messages")
        if reply.status_code != 200 or not messages:
            raise RuntimeError(f"{path}: HTTP {reply.status_code}, no reply")
        return elapsed, elapsed

    return turn


class Arrivals:
    """When each reply reaches a fake provider, by recipient, handed to the bench's event loop."""

    loop: asyncio.AbstractEventLoop | None
    arrivals: dict[str, asyncio.Queue[float]]
    # Parts that came after a measured turn had all it learnt it gets: a part sent twice (or a turn that answered
    # with more parts than at the warm-up). Found when the conversation's next turn starts.
    extra: int

    def init_arrivals(self) -> None:
        self.loop, self.arrivals, self.extra = None, {}, 0

    def note(self, recipient: str, arrived: float) -> None:
        queue, loop = self.arrivals.get(recipient), self.loop
        if queue is not None and loop is not None:
            loop.call_soon_threadsafe(queue.put_nowait, arrived)


def keep_connections(server: ThreadingHTTPServer | None) -> None:
    """Connections kept open between sends, as the Cloud API and the Bot API keep them (HTTP/1.1 keep-alive): the
    test fakes' http.server answers in HTTP/1.0 and closes each one, so that every send would pay a new connection
    that Amane's pooled clients do not pay in production. Without Nagle's algorithm, as a server that keeps
    connections open must be: the fake writes a response's headers and body apart, and the body would wait for the
    client's delayed ACK (~40 ms a send)."""
    assert server is not None
    handler = server.RequestHandlerClass
    handler.protocol_version = "HTTP/1.1"  # type: ignore[attr-defined]
    handler.disable_nagle_algorithm = True  # type: ignore[attr-defined]


class ArrivalGraphAPI(FakeGraphAPI, Arrivals):
    """The fake Graph API, accepting every send and noting when each reply reaches it, by recipient."""

    def __init__(self) -> None:
        super().__init__(accept_unscripted=True)
        self.init_arrivals()

    def start(self) -> ArrivalGraphAPI:
        super().start()
        keep_connections(self._server)
        return self

    def _next_reply(self, request: RecordedRequest) -> ScriptedReply | None:
        arrived = time.perf_counter()
        reply = super()._next_reply(request)
        try:
            recipient = str(request.json().get("to") or "")
        except ValueError:
            recipient = ""
        self.note(recipient, arrived)
        with self._lock:
            self.requests.clear()   # a long run would otherwise keep every request
        return reply


class ArrivalTelegramAPI(FakeTelegramAPI, Arrivals):
    """The fake Bot API, noting when each sendMessage reaches it, by chat."""

    def __init__(self) -> None:
        super().__init__(token=TELEGRAM_TOKEN)
        self.init_arrivals()

    def start(self) -> ArrivalTelegramAPI:
        super().start()
        keep_connections(self._server)
        return self

    def __enter__(self) -> ArrivalTelegramAPI:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _answer(self, path: str, content_type: str, body: bytes) -> tuple[int, dict, float]:
        arrived = time.perf_counter()
        answer = super()._answer(path, content_type, body)
        if path.endswith("/sendMessage"):   # python-telegram-bot posts a form, not JSON
            self.note(str(decode_params(content_type, body).get("chat_id")), arrived)
        with self._lock:
            self.calls.clear()   # a long run would otherwise keep every call
        return answer


def telegram_body(chat_id: int, text: str) -> bytes:
    return json.dumps({"update_id": int(uuid.uuid4().int % 2 ** 31), "message": {
        "message_id": int(uuid.uuid4().int % 2 ** 31), "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False, "first_name": "Bench"},
        "text": text}}).encode()


def whatsapp_body(phone: str, text: str) -> bytes:
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": PHONE_NUMBER_ID},
                  "contacts": [{"wa_id": phone, "profile": {"name": "Bench"}}],
                  "messages": [{"from": phone, "id": f"wamid.BENCH{uuid.uuid4().hex}", "timestamp": str(int(time.time())),
                                "type": "text", "text": {"body": text}}]}}]}]}).encode()


def whatsapp_turn(base_urls: list[str], graph: ArrivalGraphAPI) -> Callable[..., Awaitable[tuple[float, float]]]:
    """A signed WhatsApp webhook in; its replies counted at the fake Graph API."""
    def number(sender: str) -> str:
        return "2126" + str(int(sender[:12], 16) % 10 ** 8).zfill(8)

    async def post(client: httpx.AsyncClient, index: int, sender: str, text: str) -> str:
        phone = number(sender)
        body = whatsapp_body(phone, text)
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        reply = await client.post(base_urls[index % len(base_urls)] + "/webhooks/whatsapp/webhook", content=body,
                                  headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
                                  timeout=TURN_TIMEOUT)
        if reply.status_code != 200 or reply.json().get("accepted") != 1:
            raise RuntimeError(f"whatsapp webhook: HTTP {reply.status_code}")
        return phone

    return provider_turn(graph, post, number)


def telegram_turn(base_urls: list[str], telegram: ArrivalTelegramAPI) -> Callable[..., Awaitable[tuple[float, float]]]:
    """A Telegram update (with the webhook's secret) in; its replies counted at the fake Bot API."""
    def chat(sender: str) -> str:
        return str(int(sender[:12], 16) % 10 ** 9 + 10 ** 9)

    async def post(client: httpx.AsyncClient, index: int, sender: str, text: str) -> str:
        chat_id = chat(sender)
        reply = await client.post(base_urls[index % len(base_urls)] + "/webhooks/telegram/webhook",
                                  content=telegram_body(int(chat_id), text),
                                  headers={"Content-Type": "application/json",
                                           "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
                                  timeout=TURN_TIMEOUT)
        if reply.status_code != 200:
            raise RuntimeError(f"telegram webhook: HTTP {reply.status_code}")
        return chat_id

    return provider_turn(telegram, post, chat)


def provider_turn(provider: Arrivals, post: Callable[..., Awaitable[str]], address: Callable[[str], str]
                  ) -> Callable[..., Awaitable[tuple[float, float]]]:
    """One message in through a provider's webhook (`post`), the first and last of its replies out, as they reach
    the fake provider. The parts a turn gets are learnt at its first run (the warm-up: each script from the start,
    so each text has the same conversation before it); the message texts of the scripts are all different."""
    parts: dict[str, int] = {}

    async def turn(client: httpx.AsyncClient, index: int, sender: str, text: str) -> tuple[float, float]:
        queue = provider.arrivals.setdefault(address(sender), asyncio.Queue())
        while not queue.empty():   # late replies of the previous turn
            queue.get_nowait()
            if parts:   # not while learning
                provider.extra += 1
        begin = time.perf_counter()
        await post(client, index, sender, text)
        first = last = await asyncio.wait_for(queue.get(), TURN_TIMEOUT)
        expected = parts.get(text)
        if expected is None:   # learning
            count = 1
            while True:
                try:
                    last = await asyncio.wait_for(queue.get(), LEARNING_QUIET_SECONDS)
                    count += 1
                except asyncio.TimeoutError:
                    break
            parts[text] = count
        else:
            for _ in range(expected - 1):
                last = await asyncio.wait_for(queue.get(), TURN_TIMEOUT)
        return first - begin, last - begin

    return turn


# -- starting the servers ---------------------------------------------------------------------------------------
def wait_http(url: str, process: subprocess.Popen, what: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited while starting")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{what} did not start in time")


@contextmanager
def plain_rasa(model: Path, work: Path, sql: bool) -> Iterator[tuple[str, int, int]]:
    """`rasa run` with the REST channel and rasa_sdk's action server on the same actions: (url, pid, actions pid)."""
    port, actions_port = free_ports(2)
    work.mkdir(parents=True, exist_ok=True)
    (work / "credentials.yml").write_text("rest: {}\n")
    endpoints = f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
    if sql:
        endpoints += f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{work / "rasa.db"}"\n'
    (work / "endpoints.yml").write_text(endpoints)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_HOST": "127.0.0.1", "AMANE_DATA_DIR": str(work),
           "PYTHONPATH": str(ROOT)}
    log = (work / "rasa.log").open("w")
    actions = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(actions_port)],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    rasa = subprocess.Popen([sys.executable, "-m", "rasa", "run", "-m", str(model), "--credentials",
                             str(work / "credentials.yml"), "--endpoints", str(work / "endpoints.yml"),
                             "-p", str(port), "-i", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{actions_port}/health", actions, "the action server")
        wait_http(f"http://127.0.0.1:{port}/", rasa, "rasa run")
        yield f"http://127.0.0.1:{port}", rasa.pid, actions.pid
    finally:
        for process in (rasa, actions):
            process.terminate()
        for process in (rasa, actions):
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for the two replicas, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = os.environ.get("AMANE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    name = f"amane_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(make_url(admin_url).set(database=name))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def amane_env(graph: ArrivalGraphAPI, telegram: ArrivalTelegramAPI, shared: dict[str, str] | None
              ) -> dict[str, str]:
    return {"AMANE_TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "AMANE_TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
            "AMANE_TELEGRAM_API_BASE": telegram.base_url,
            "AMANE_WHATSAPP_ACCESS_TOKEN": "bench-token", "AMANE_WHATSAPP_APP_SECRET": APP_SECRET,
            "AMANE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID, "AMANE_WHATSAPP_API_BASE": graph.base_url,
            **(shared or {})}


def amane_servers(stack: ExitStack, count: int, graph: ArrivalGraphAPI, telegram: ArrivalTelegramAPI, store: str,
                  proxied: bool, work: Path) -> tuple[list[RunningServer], str | None]:
    """The started replicas, and the name of their PostgreSQL database (None on SQLite)."""
    shared: dict[str, str] | None = None
    database = None
    if count > 1 or store == "postgres":
        database = stack.enter_context(postgres_database())
        shared = {"AMANE_ENV": "production", "AMANE_DATABASE_URL": database,
                  "AMANE_REDIS_URL": os.environ.get("AMANE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
                  "AMANE_PSEUDONYM_KEY": uuid.uuid4().hex, "AMANE_SEALING_KEYS": new_key().decode()}
        if proxied:
            shared["AMANE_PROXIES_COUNT"] = "1"
    # Started together (each loads its model for ~35 s), then waited for.
    servers = [launch_server(work / f"amane-{count}-{replica}", CONFIG, extra_env=amane_env(graph, telegram, shared))
               for replica in range(count)]
    for server in servers:
        stack.callback(stop_server, server)
    for server in servers:
        wait_until_ready(server)
    if database is None:
        return servers, None
    from sqlalchemy.engine import make_url

    return servers, make_url(database).database


@contextmanager
def nginx_proxy(upstreams: list[str], work: Path) -> Iterator[tuple[str, list[int]]]:
    """Debian's nginx with deploy/nginx's site in front of `upstreams` ("127.0.0.1:port"), on a free port, its files
    under `work`: (its URL, its pids). The site is adapted exactly as tests/e2e/test_replicas.py adapts it."""
    from tests.e2e.test_replicas import site_for_test

    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    work.mkdir(parents=True, exist_ok=True)
    port = free_ports(1)[0]
    temp_paths = "".join(f"{kind}_temp_path {work}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                            "uwsgi", "scgi"))
    config = work / "nginx.conf"
    config.write_text(("user root;\n" if os.geteuid() == 0 else "")
                      + f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
                      + f"http {{\n{temp_paths}{site_for_test(upstreams, port, work)}\n}}\n")
    command = [binary, "-p", str(work), "-e", str(work / "error.log"), "-c", str(config)]
    subprocess.run([*command, "-t"], check=True, capture_output=True, timeout=30)
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/healthz", process, "nginx", timeout=30)
        yield url, [process.pid, *child_processes(process.pid)]
    finally:
        process.terminate()
        process.wait(timeout=30)


# -- load -------------------------------------------------------------------------------------------------------
@dataclass
class Step:
    target: str
    conversations: int
    first: list[float]
    last: list[float]
    wall: float
    cpu: float          # server CPU seconds (all replicas)
    action_cpu: float
    support_cpu: float  # its PostgreSQL backends and nginx
    bench_cpu: float    # this process: the load generator and the fake Graph API
    machine_busy: float  # share of all cores busy during the step, whatever used them
    rss: float          # server RSS (MB, all replicas) after the step
    errors: dict[str, int]

    @property
    def replies(self) -> int:
        return len(self.first)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


async def run_step(target: Target, conversations: int, turns: int, sequential_runs: int, rate: float = 0) -> Step:
    """`conversations` at once (or, for 1, `sequential_runs` conversations one after the other).

    With `rate` (messages a second, all conversations together) the load is open: message k of the run (turn
    k // conversations of conversation k % conversations) is due at k / rate; a conversation sends its next
    message when it is due and its previous one was answered. A server that cannot keep up shows a rate below
    the one asked for."""
    first: list[float] = []
    last: list[float] = []
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=conversations + 10, max_keepalive_connections=conversations + 10)
    async with httpx.AsyncClient(limits=limits) as client:
        async def conversation(index: int) -> None:
            sender = uuid.uuid4().hex
            for number, text in enumerate(SCRIPTS[index % len(SCRIPTS)][:turns]):
                if rate:
                    await asyncio.sleep(max(0.0, begin + (number * conversations + index) / rate - time.perf_counter()))
                try:
                    to_first, to_last = await target.turn(client, index, sender, text)
                except (httpx.HTTPError, RuntimeError, asyncio.TimeoutError) as error:
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                    continue
                first.append(to_first)
                last.append(to_last)

        cpu_before = sum(map(cpu_seconds, target.servers))
        actions_before = sum(map(cpu_seconds, target.actions))
        support_before = {pid: cpu_seconds(pid) for pid in target.support()}
        bench_before = time.process_time()
        machine_before = machine_jiffies()
        begin = time.perf_counter()
        if conversations == 1:
            for index in range(sequential_runs):
                await conversation(index)
        else:
            await asyncio.gather(*(conversation(index) for index in range(conversations)))
        wall = time.perf_counter() - begin
        bench_cpu = time.process_time() - bench_before
        busy, total = (after - before for after, before in zip(machine_jiffies(), machine_before, strict=True))
        # A backend started during the step counts from zero; one that ended is lost (the pools keep theirs).
        support_cpu = sum(cpu_seconds(pid) - support_before.get(pid, 0.0) for pid in target.support())
    return Step(target.name + (f"@{rate:g}/s" if rate else ""), conversations, first, last, wall,
                sum(map(cpu_seconds, target.servers)) - cpu_before,
                sum(map(cpu_seconds, target.actions)) - actions_before,
                max(support_cpu, 0.0), bench_cpu, busy / max(total, 1), sum(map(rss_mb, target.servers)), errors)


def print_step(step: Step) -> None:
    ms = 1000
    replies = max(step.replies, 1)
    print(f"  {step.target:<14} conv={step.conversations:<3} replies={step.replies:<4} "
          f"p50={statistics.median(step.first) * ms if step.first else float('nan'):7.0f} ms "
          f"p95={percentile(step.first, 0.95) * ms:7.0f} ms  last-p50={statistics.median(step.last) * ms if step.last else float('nan'):6.0f} ms "
          f"spread-max={max((b - a for a, b in zip(step.first, step.last, strict=True)), default=0) * ms:5.0f} ms "
          f"rate={step.replies / step.wall:5.1f}/s  cpu={step.cpu / replies * ms:5.1f} ms/reply "
          f"actions={step.action_cpu / replies * ms:5.1f} ms/reply  "
          + (f"db+nginx={step.support_cpu / replies * ms:5.1f} ms/reply  " if step.support_cpu else "")
          + f"bench={step.bench_cpu / replies * ms:5.1f} ms/reply  machine {step.machine_busy:4.0%} busy  "
          + f"rss={step.rss:6.0f} MB"
          + (f"  ERRORS={step.errors}" if step.errors else ""), flush=True)


def print_ratios(steps: list[Step], baseline: str) -> None:
    # Like with like: the same number of conversations, and the same paced rate (after "@") or none.
    base = {(s.conversations, s.target.partition("@")[2]): s for s in steps if s.target.partition("@")[0] == baseline}
    for step in steps:
        reference = base.get((step.conversations, step.target.partition("@")[2]))
        if step.target.partition("@")[0] == baseline or reference is None or not step.first or not reference.first:
            continue
        print(f"  ratio {step.target}/{baseline} conv={step.conversations:<3} "
              f"p50 {statistics.median(step.first) / statistics.median(reference.first):4.2f}x  "
              f"p95 {percentile(step.first, 0.95) / percentile(reference.first, 0.95):4.2f}x  "
              f"rate {(step.replies / step.wall) / (reference.replies / reference.wall):4.2f}x  "
              f"cpu/reply {(step.cpu / max(step.replies, 1)) / max(reference.cpu / max(reference.replies, 1), 1e-9):4.2f}x",
              flush=True)


def print_ceiling(step: Step) -> None:
    """What this machine's cores allow at all. The processes' own CPU times (server, action server, PostgreSQL
    backends, nginx, this process) miss part of it: the kernel's work on the loopback network, Redis, PostgreSQL's
    background writers. The whole machine's busy share does not: one replica keeping it `busy` leaves room for at
    most 1 / busy times its rate, whatever is added (with other work on the machine, less)."""
    if not step.first or step.machine_busy <= 0:
        return
    deployment = (step.cpu + step.action_cpu + step.support_cpu) / step.replies
    print(f"  ceiling {step.target} conv={step.conversations:<3} the processes' CPU {deployment * 1000:.0f} ms a reply "
          f"(+{step.bench_cpu / step.replies * 1000:.0f} load generator and fake provider); the machine "
          f"{step.machine_busy:.0%} busy at {step.replies / step.wall:.1f} replies/s: two replicas at most "
          f"{1 / step.machine_busy:4.2f}x one", flush=True)


def print_replica_ratios(steps: list[Step]) -> None:
    """Per path and level: two replicas' replies a second and reply times against one replica's."""
    single = {(s.target, s.conversations): s for s in steps}
    for step in steps:
        path = step.target.partition("@")[0]
        if step.conversations > 1 and not path.startswith("rasa") and not path.endswith("x2"):
            print_ceiling(step)
    for step in steps:
        path, _, paced = step.target.partition("@")
        one = single.get((path.removesuffix("x2") + (f"@{paced}" if paced else ""), step.conversations))
        if not path.endswith("x2") or one is None or not step.first or not one.first:
            continue
        print(f"  ratio {step.target}/{one.target} conv={step.conversations:<3} "
              f"rate {(step.replies / step.wall) / (one.replies / one.wall):4.2f}x  "
              f"p50 {statistics.median(step.first) / statistics.median(one.first):4.2f}x  "
              f"p95 {percentile(step.first, 0.95) / percentile(one.first, 0.95):4.2f}x", flush=True)


async def warm_up(target: Target) -> None:
    """First messages pay for lazy loading in every server (each language, intent and action): not measured."""
    await run_step(target, len(SCRIPTS), len(SCRIPTS[0]), 0)


async def measure(targets: list[Target], levels: list[int], turns: int, sequential_runs: int, rounds: int,
                  hold: float, rates: list[float]) -> None:
    for target in targets:
        await warm_up(target)
    if hold:
        print(f"holding {hold:.0f} s before measuring", flush=True)
        await asyncio.sleep(hold)
    for round_number in range(1, rounds + 1):
        print(f"round {round_number}/{rounds}", flush=True)
        steps = []
        for level in levels:
            for target in targets:
                step = await run_step(target, level, turns, sequential_runs)
                print_step(step)
                steps.append(step)
        for rate in rates:   # open load: a fixed rate of messages over 20 conversations
            for target in targets:
                step = await run_step(target, PACED_CONVERSATIONS, turns, sequential_runs, rate)
                print_step(step)
                steps.append(step)
        if targets and targets[0].name.startswith("rasa"):
            print_ratios(steps, targets[0].name)
        print_replica_ratios(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sequential and 20 at once, 4 turns, 1 round")
    parser.add_argument("--paths", default="rasa,webchat,whatsapp", help="rasa, rasa-sql, webchat, whatsapp, telegram")
    parser.add_argument("--concurrency", default="1,20,50")
    parser.add_argument("--turns", type=int, default=6, help="messages per conversation (at most 6)")
    parser.add_argument("--sequential", type=int, default=4, help="conversations one after another at level 1")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--rate", default="", help="also an open load at these rates (messages a second over "
                        f"{PACED_CONVERSATIONS} conversations), e.g. 10 or 5,10,15")
    parser.add_argument("--replicas", default="1", help="Amane replicas: 1, 2 or 1,2 (2 needs PostgreSQL + Redis)")
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite", help="one replica's database")
    parser.add_argument("--hold", type=float, default=0, help="keep the servers up this many seconds after the "
                        "warm-up, before measuring (to attach a profiler to the printed pids)")
    args = parser.parse_args()
    if args.quick:
        args.concurrency, args.turns, args.rounds = "1,20", 4, 1
    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    levels = [int(n) for n in args.concurrency.split(",")]
    replicas = [int(n) for n in args.replicas.split(",")]
    model = model_for(CONFIG, ROOT / "models")
    if not model.exists():
        sys.exit(f"no model at {model}: run `python -m bot train` first (the bench never trains)")
    print(f"model {model.name}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f} at start", flush=True)
    work = Path(tempfile.mkdtemp(prefix="amane-load-"))
    asyncio.run(run(args, paths, levels, replicas, model, work))


async def run(args: argparse.Namespace, paths: list[str], levels: list[int], replicas: list[int], model: Path,
              work: Path) -> None:
    with ExitStack() as stack:
        graph = ArrivalGraphAPI()
        stack.enter_context(graph)
        graph.loop = asyncio.get_running_loop()
        telegram = ArrivalTelegramAPI()
        stack.enter_context(telegram)
        telegram.loop = graph.loop
        targets: list[Target] = []
        for name, sql in (("rasa", False), ("rasa-sql", True)):
            if name in paths:
                url, pid, actions = stack.enter_context(plain_rasa(model, work / name, sql))
                targets.append(Target(name, [pid], [actions], rest_turn([url], "/webhooks/rest/webhook", False)))
        # Replicas behind nginx on PostgreSQL; one replica alone too when compared with two.
        proxied = max(replicas) > 1
        for count in replicas:
            started = time.perf_counter()
            store = "postgres" if proxied else args.store
            servers, database = amane_servers(stack, count, graph, telegram, store, proxied, work)
            print(f"{count} Amane replica(s) started in {time.perf_counter() - started:.0f} s", flush=True)
            pids = [s.process.pid for s in servers]
            urls = [s.base_url for s in servers]
            if proxied:
                url, nginx_pids = stack.enter_context(nginx_proxy([u.removeprefix("http://") for u in urls],
                                                                  work / f"nginx-{count}"))
                urls = [url]
                print(f"  nginx for {count} replica(s) at {url}, pids {nginx_pids}", flush=True)
            action_pids = [child for pid in pids for child in child_processes(pid)]
            fixed = nginx_pids if proxied else []

            def support(fixed: list[int] = fixed, database: str | None = database) -> list[int]:
                return fixed + (postgres_backends(database) if database else [])

            suffix = "" if count == 1 else f"x{count}"
            if "webchat" in paths:
                targets.append(Target("webchat" + suffix, pids, action_pids,
                                      rest_turn(urls, "/webhooks/webchat/webhook", True), support))
            if "whatsapp" in paths:
                targets.append(Target("whatsapp" + suffix, pids, action_pids, whatsapp_turn(urls, graph), support))
            if "telegram" in paths:
                targets.append(Target("telegram" + suffix, pids, action_pids, telegram_turn(urls, telegram),
                                      support))
        for target in targets:
            print(f"  {target.name}: server pid(s) {target.servers}, action server pid(s) {target.actions}")
        rates = [float(r) for r in args.rate.split(",") if r.strip()]
        await measure(targets, levels, args.turns, args.sequential, args.rounds, args.hold, rates)
        print(f"WhatsApp parts beyond a turn's learnt count (sent twice, or late): {graph.extra}; "
              f"Telegram's: {telegram.extra}")
        print(f"load {os.getloadavg()[0]:.1f} at the end (2 cores are shared with other work: compare ratios)")


if __name__ == "__main__":
    main()
