"""What an oversized or unauthenticated webhook body costs the server: the provider routes in a Sanic server
in-process (as Rasa mounts them), hit by concurrent clients that each try to upload a large body.

Prints, per case: the answers (0: the connection was closed while the client was still sending, before it read
the answer, which is what refusing a body unread does to a client that does not wait for it), the time until the
last answer, and the growth of this process's peak memory (ru_maxrss). Before issue 13 every one of these bodies was
read whole into memory before any check (4 clients x 90 MB with a Content-Length: +538 MB, 1.7 s, then a 403).

Usage: .venv/bin/python bench/webhook_limits.py [--clients 20] [--megabytes 90]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ["AMANE_DATA_DIR"] = tempfile.mkdtemp(prefix="amane-bench-")
os.environ.update({"AMANE_WHATSAPP_ACCESS_TOKEN": "bench", "AMANE_WHATSAPP_APP_SECRET": "bench-secret",
                   "AMANE_WHATSAPP_PHONE_NUMBER_ID": "1", "AMANE_TELEGRAM_BOT_TOKEN": "1:bench",
                   "AMANE_TELEGRAM_SECRET_TOKEN": "bench-secret"})

from rasa.core.channels.channel import register
from sanic import Sanic

from bot.channels.telegram.connector import TelegramInput
from bot.channels.whatsapp.connector import WhatsAppInput
from bot.conversation.messages import IncomingMessage
from bot.settings import get_settings
from bot.store import create_schema

CHUNK = b" " * 65536


class Sink:
    def accept(self, message: IncomingMessage) -> bool:
        return True

    def poke(self) -> None:
        pass


class NoBotAPI:
    async def answer_callback(self, query_id: str) -> bool:
        return True


async def upload(port: int, path: str, headers: bytes, size: int, chunked: bool) -> int:
    """Send headers, then the body (chunked or with its Content-Length) until the server answers; its status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    framing = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % size
    writer.write(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n" + framing + b"\r\n" + headers + b"\r\n")
    answer = asyncio.ensure_future(reader.readuntil(b"\r\n"))
    sent = 0
    try:
        while sent < size and not answer.done():
            writer.write(b"%x\r\n" % len(CHUNK) + CHUNK + b"\r\n" if chunked else CHUNK)
            await writer.drain()
            sent += len(CHUNK)
        status = int((await asyncio.wait_for(answer, 60)).split()[1])
    except (ConnectionError, asyncio.IncompleteReadError):
        status = 0   # reset by the server before its answer could be read
    writer.close()
    return status


async def main(clients: int, megabytes: int) -> None:
    create_schema(get_settings().database_url)
    settings = get_settings()
    app = Sanic("amane_bench_limits")
    register([WhatsAppInput(settings.whatsapp, Sink()),
              TelegramInput(settings.telegram, Sink(), NoBotAPI())], app, route="/webhooks/")  # type: ignore[arg-type]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    server = await app.create_server(sock=listener, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    port = listener.getsockname()[1]
    size = megabytes * 1024 * 1024
    cases = [
        ("whatsapp, Content-Length", "/webhooks/whatsapp/webhook", b"X-Hub-Signature-256: sha256=00\r\n", False),
        ("whatsapp, chunked", "/webhooks/whatsapp/webhook", b"X-Hub-Signature-256: sha256=00\r\n", True),
        ("telegram, wrong secret", "/webhooks/telegram/webhook", b"X-Telegram-Bot-Api-Secret-Token: x\r\n", True),
        ("telegram, right secret, chunked", "/webhooks/telegram/webhook",
         b"X-Telegram-Bot-Api-Secret-Token: bench-secret\r\n", True),
    ]
    for name, path, headers, chunked in cases:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        statuses = await asyncio.gather(*(upload(port, path, headers, size, chunked) for _ in range(clients)))
        took = time.perf_counter() - start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(f"{name}: {clients} clients x {megabytes} MB offered; answers {dict(Counter(statuses))}; "
              f"{took:.2f} s; peak memory +{grown:.1f} MB")
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--megabytes", type=int, default=90)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.clients, arguments.megabytes))
