"""Locks that die with their holder: how workers prove they are alive and imports write one at a time.

On PostgreSQL a lease is a session-level advisory lock: held by a connection, released by the
server when that connection ends, so also when its process is killed or its machine is lost,
whatever machine the worker runs on. On SQLite (one machine by nature) it is an flock() on a file
beside the database, released by the kernel when the process dies. Nothing has to expire, so a
worker busy inside a long transaction (where SQLite lets no one else write) is never taken for dead.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


def _key(name: str) -> int:
    """A signed 64-bit advisory-lock key for a name."""
    return int.from_bytes(hashlib.sha256(f"concerto:{name}".encode()).digest()[:8], "big", signed=True)


def _uses_postgres(using: str = DEFAULT_DB_ALIAS) -> bool:
    return connections[using].vendor == "postgresql"


def lock_dir(using: str = DEFAULT_DB_ALIAS) -> Path:
    """SQLite: the folder of lock files, beside the database file so every process using it agrees."""
    name = str(connections[using].settings_dict["NAME"])
    if name.startswith("file:") or name == ":memory:":
        folder = Path(tempfile.gettempdir()) / f"concerto-locks-{hashlib.sha256(name.encode()).hexdigest()[:12]}"
    else:
        path = Path(name)
        folder = path.with_name(path.name + ".locks")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _lock_file(name: str, using: str) -> Path:
    return lock_dir(using) / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".lock")


class Lease:
    """A named lock held until release() or the death of the process (see the module doc).

    On PostgreSQL it lives on the connection of the thread that acquires it: keep using that
    thread (Django gives each thread its own connection) and do not close its connection.
    """

    def __init__(self, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
        self.name, self.using = name, using
        self._fd: int | None = None
        self._held = False

    def acquire(self, *, blocking: bool = True) -> bool:
        if _uses_postgres(self.using):
            with connections[self.using].cursor() as cursor:
                if blocking:
                    cursor.execute("SELECT pg_advisory_lock(%s)", [_key(self.name)])
                    self._held = True
                else:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(self.name)])
                    self._held = bool(cursor.fetchone()[0])
            return self._held
        fd = os.open(_lock_file(self.name, self.using), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd, self._held = fd, True
        return True

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
            return
        with connections[self.using].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(self.name)])


@contextlib.contextmanager
def exclusive(name: str, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Wait for the named lock, hold it for the block: one holder at a time across processes and machines."""
    lease = Lease(name, using)
    lease.acquire()
    try:
        yield
    finally:
        lease.release()


def is_held(name: str, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether a living process holds the named lease (tries to take it, gives it back at once).

    Call it from another connection than the holder's: a PostgreSQL session may re-take its own locks.
    """
    probe = Lease(name, using)
    if probe.acquire(blocking=False):
        probe.release()
        return False
    return True
