"""Who holds an inbox or outbox row, and until when: worker ids, short leases renewed by a heartbeat, and taking
back at once the rows of a worker that is known to be dead.

A worker id is "host:pid:token". A row a worker holds carries its id and a lease a few seconds long; the worker's
heartbeat renews the leases of every row it holds. When the worker dies the lease runs out and another worker takes
the row back; on start, a process takes back at once the rows of workers of its own host whose process is gone (a
restart after kill -9 does not wait for the lease).
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import datetime, timedelta

from bot.store import InboundMessage, OutboundMessage, session_scope
from bot.store.models import utcnow

logger = logging.getLogger(__name__)

# Short: a dead worker's rows wait at most this long. The heartbeat renews well before the end.
LEASE = timedelta(seconds=15)
HEARTBEAT_SECONDS = 5.0
# The statuses in which a row is held by a worker, per table.
HELD = ((InboundMessage, "working"), (OutboundMessage, "sending"))


def new_worker_id() -> str:
    """A fresh id for a worker of this process (the token tells apart workers of one process, and a reused pid)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


_PROCESS_WORKER_ID = new_worker_id()


def process_worker_id() -> str:
    """The worker id of this process, for inboxes and outboxes made without one."""
    return _PROCESS_WORKER_ID


def lease_until(now: datetime | None = None) -> datetime:
    return (now or utcnow()) + LEASE


def is_known_dead(worker_id: str, me: str) -> bool:
    """True only when the worker certainly died: it ran on this host and its process is gone (or its pid is now
    ours, under another id). Another host's worker is never judged from here: its lease tells."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if worker_id == me or host != socket.gethostname()[:40] or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True   # a previous life of a process that now has our pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


def renew(database_url: str, worker_id: str) -> int:
    """The heartbeat: extend the leases of every row this worker holds; returns how many."""
    renewed = 0
    until = lease_until()
    with session_scope(database_url) as session:
        for model, held in HELD:
            renewed += (session.query(model)
                        .filter(model.worker_id == worker_id, model.status == held)
                        .update({"lease_until": until}, synchronize_session=False))
    return renewed


def take_back_from_dead(database_url: str, me: str) -> int:
    """Expire now the leases of rows held by workers known to be dead, so they are taken back at once."""
    taken = 0
    with session_scope(database_url) as session:
        for model, held in HELD:
            holders = {worker for (worker,) in session.query(model.worker_id)
                       .filter(model.status == held, model.worker_id.isnot(None)).distinct()}
            dead = [worker for worker in holders if is_known_dead(worker, me)]
            if dead:
                taken += (session.query(model)
                          .filter(model.worker_id.in_(dead), model.status == held)
                          .update({"lease_until": utcnow() - timedelta(seconds=1)}, synchronize_session=False))
    if taken:
        # Counts only: which rows they were says nothing useful and might say too much.
        logger.warning("took back %s rows held by dead workers", taken)
    return taken
