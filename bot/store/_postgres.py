"""PostgreSQL through asyncpg: a pool, migrations under an advisory lock, each area's queries in its own module.

Commits are durable (`synchronous_commit` is left at PostgreSQL's default). asyncpg prepares and caches every
statement per connection. A connection the server dropped is replaced by the pool on the next request; what
was in flight on it fails, and the command answers with the bot's apology.
"""

from __future__ import annotations

import asyncio
import logging
import socket

import asyncpg

from bot.store._health import StoreHealth
from bot.store._location import StoreSettingError
from bot.store._pg_db import Database, Db
from bot.store._pg_guard import PgGuardTables
from bot.store._pg_keeper_leases import PgKeeperLeaseTables
from bot.store._pg_listen import ChangeListener
from bot.store._pg_migrations import MIGRATIONS
from bot.store._pg_progress import PgProgressTables
from bot.store._pg_quiet import quiet_pool_reconnects
from bot.store._pg_schedules import PgScheduleTables
from bot.store._pg_shard_leases import PgShardLeaseTables
from bot.store._pg_slack_installations import PgSlackInstallTables
from bot.store._pg_slack_requests import PgSlackRequestTables
from bot.store._pg_trivia import PgTriviaTables
from bot.store._pg_watchparty import PgWatchPartyTables
from bot.store._sqlite import NewerDatabaseError

log = logging.getLogger(__name__)

POOL_SIZE = 10
CONNECT_SECONDS = 10.0


class PostgresStore(
    PgKeeperLeaseTables,
    PgProgressTables,
    PgTriviaTables,
    PgWatchPartyTables,
    PgScheduleTables,
    PgSlackInstallTables,
    PgSlackRequestTables,
    PgGuardTables,
    PgShardLeaseTables,
):
    """Every port on one PostgreSQL database (or schema, by the URL's `search_path`), shared by many processes."""

    def __init__(self, pool: asyncpg.Pool, url: str, schema: str) -> None:
        self.pool = Database(pool)
        self.url = url
        self.schema = schema
        self.changes = ChangeListener(url, f"companion:{schema}")
        self._health = StoreHealth(None)

    @property
    def health(self) -> StoreHealth:
        """No file to lose: a server gone away fails the requests in flight, and the pool reconnects."""
        return self._health

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresStore:
        quiet_pool_reconnects()
        pool = await connect_pool(url, pool_size)
        try:
            async with pool.acquire() as db:
                await migrate(db)
                schema = await db.fetchval("SELECT current_schema()")
            store = cls(pool, url, schema)
            await store.changes.start(store.forget_cached)
        except BaseException:
            await pool.close()
            raise
        return store

    async def close(self) -> None:
        await self.changes.stop()
        await self.drain_answers()
        await self.pool.close()


async def connect_pool(url: str, size: int) -> asyncpg.Pool:
    """The pool, or one clear line naming COMPANION_DB and what failed."""
    try:
        pool: asyncpg.Pool = await asyncpg.create_pool(
            url, min_size=1, max_size=max(1, size), timeout=CONNECT_SECONDS, command_timeout=60
        )
    except Exception as error:
        raise StoreSettingError(f"COMPANION_DB: {_why(error)}") from None
    return pool


async def connect(url: str) -> asyncpg.Connection:
    try:
        connection: asyncpg.Connection = await asyncpg.connect(url, timeout=CONNECT_SECONDS)
    except Exception as error:
        raise StoreSettingError(f"COMPANION_DB: {_why(error)}") from None
    return connection


def _why(error: BaseException) -> str:
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return f"the PostgreSQL database does not exist ({error}); create it (createdb) or fix the URL."
    if isinstance(error, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return f"PostgreSQL refused the credentials ({error}); fix the user or password in the URL."
    if isinstance(error, socket.gaierror):
        return f"the PostgreSQL host is unknown ({error}); fix the host in the URL."
    if isinstance(error, OSError | asyncio.TimeoutError | asyncpg.CannotConnectNowError):
        return (
            f"cannot reach the PostgreSQL server ({error or 'timed out'}); is it running, and are host and port right?"
        )
    if isinstance(error, ValueError | asyncpg.ClientConfigurationError):
        return f"not a valid PostgreSQL URL ({error})."
    return f"cannot open the PostgreSQL database ({type(error).__name__}: {error})."


async def migrate(db: Db) -> int:
    """Apply every migration the database has not recorded, in one transaction under an advisory lock, so
    several processes starting at once apply each once; a database with unknown versions is refused."""
    async with db.transaction():
        await db.execute("SELECT pg_advisory_xact_lock(hashtext('companion-migrations:' || current_schema()))")
        await db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        applied = {row["version"] for row in await db.fetch("SELECT version FROM schema_version")}
        unknown = applied - {version for version, _, _ in MIGRATIONS}
        if unknown:
            raise NewerDatabaseError(
                f"COMPANION_DB: this database was written by a newer Show Companion (schema version {max(unknown)}); "
                "upgrade the bot, or point COMPANION_DB at another database."
            )
        for version, name, script in sorted(MIGRATIONS):
            if version in applied:
                continue
            if script.strip():
                await db.execute(script)
            await db.execute("INSERT INTO schema_version (version, name) VALUES ($1, $2)", version, name)
            applied.add(version)
    return max(applied, default=0)
