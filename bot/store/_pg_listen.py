"""Hearing other processes' writes on PostgreSQL: writers NOTIFY in their transaction, every process LISTENs.

PostgreSQL delivers a notification only once its transaction has committed, and in commit order. While the
LISTEN connection lives, a cached row is forgotten as soon as the notification arrives (measured by
`companion bench`: see README, "Scaling out: PostgreSQL"). When the connection is lost, or stops answering
its ping within PING_SECONDS, the whole cache is dropped and nothing is remembered until LISTEN is back:
a lost notification can never leave a stale horizon in use.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable

import asyncpg

from bot.store._pg_db import Db

log = logging.getLogger(__name__)

PING_SECONDS = 1.0
"""How often the LISTEN connection is checked, and how long it may take to answer."""
RETRY_SECONDS = (0.05, 0.2, 0.5, 1.0, 2.0)

Forget = Callable[[str | None], None]
"""Called with what changed ('progress', 'horizons'), or None for everything."""


class ChangeListener:
    def __init__(self, url: str, channel: str) -> None:
        self.url = url
        self.channel = channel
        self.hearing = False
        """True while LISTEN is up: only then may reads be remembered."""
        self._forget: Forget = lambda _: None
        self._connection: asyncpg.Connection | None = None
        self._watch: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        self._origin = secrets.token_hex(6)
        """Said with every notification this process sends, so it can pass over its own: its writes forget
        their rows in memory around the write, and hearing one later would only forget a fresher read."""

    async def start(self, forget: Forget) -> None:
        self._forget = forget
        await self._listen()
        self._watch = asyncio.get_running_loop().create_task(self._keep_listening(), name="store-listen")

    async def stop(self) -> None:
        self.hearing = False
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        await self._close()

    async def notify(self, db: Db, what: str) -> None:
        """Inside the writer's transaction: delivered to every listener when it commits, never if it rolls back."""
        await db.execute("SELECT pg_notify($1, $2)", self.channel, f"{self._origin} {what}")

    def lose(self) -> None:
        """The connection is gone or mute: forget everything, remember nothing until LISTEN is back."""
        if self.hearing:
            log.warning("lost the PostgreSQL LISTEN connection: the progress cache is off until it is back")
        self.hearing = False
        self._forget(None)
        self._lost.set()

    async def _listen(self) -> None:
        connection: asyncpg.Connection = await asyncpg.connect(self.url, timeout=10)
        connection.add_termination_listener(lambda _: self.lose())
        await connection.add_listener(self.channel, self._heard)
        self._connection = connection
        self._lost.clear()
        self._forget(None)  # what was written while nobody listened
        self.hearing = True

    def _heard(self, _connection: Db, _pid: int, _channel: str, payload: object) -> None:
        origin, _, what = str(payload).partition(" ")
        if origin != self._origin:
            self._forget(what or None)

    async def _keep_listening(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._lost.wait(), PING_SECONDS)
            except TimeoutError:
                if await self._answers():
                    continue
                self.lose()
            await self._close()
            await self._reconnect()

    async def _answers(self) -> bool:
        connection = self._connection
        if connection is None or connection.is_closed():
            return False
        try:
            await asyncio.wait_for(connection.execute("SELECT 1"), PING_SECONDS)
        except (Exception, TimeoutError):
            return False
        return True

    async def _reconnect(self) -> None:
        attempt = 0
        while True:
            try:
                await self._listen()
                log.info("PostgreSQL LISTEN connection is back: the progress cache is on again")
                return
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
                await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), PING_SECONDS)
