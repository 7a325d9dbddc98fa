"""Both store backends for one test: SQLite in a fresh file, PostgreSQL in a fresh schema dropped afterwards.

PostgreSQL comes from COMPANION_TEST_POSTGRES, else postgresql://postgres@127.0.0.1:5432/test. When none is
reachable its tests are skipped with one line saying how to enable them, unless COMPANION_REQUIRE_POSTGRES=1
(set by .ci/run), which fails them instead.
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import asyncpg
import pytest

from bot.store import Store, open_store

BACKENDS = ("sqlite", "postgresql")
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
_reachable: dict[str, str | None] = {}


def postgres_url() -> str:
    return os.environ.get("COMPANION_TEST_POSTGRES") or DEFAULT_POSTGRES


async def _why_unreachable(url: str) -> str | None:
    try:
        connection = await asyncpg.connect(url, timeout=10)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


async def require_postgres() -> str:
    """The server's URL; skips (or, in CI, fails) the test when no PostgreSQL answers there."""
    url = postgres_url()
    if url not in _reachable:
        _reachable[url] = await _why_unreachable(url)
    why = _reachable[url]
    if why is not None:
        line = (
            f"PostgreSQL not reachable at {url} ({why}); "
            "set COMPANION_TEST_POSTGRES=postgresql://user@host:port/db to run the PostgreSQL store tests"
        )
        if os.environ.get("COMPANION_REQUIRE_POSTGRES") == "1":
            pytest.fail(line)
        pytest.skip(line)
    return url


def in_schema(url: str, schema: str) -> str:
    """`url` with its connections' search_path set to `schema` (asyncpg passes it as a server setting)."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "search_path"]
    return parts._replace(query=urlencode([*query, ("search_path", schema)])).geturl()


@asynccontextmanager
async def fresh_schema() -> AsyncIterator[str]:
    """A URL on a schema of its own, dropped (with everything in it) afterwards."""
    url = await require_postgres()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(url, timeout=10)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
        yield in_schema(url, schema)
    finally:
        await admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await admin.close()


@asynccontextmanager
async def location(backend: str, folder: Path) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield str(folder / "companion.db")
    else:
        async with fresh_schema() as url:
            yield url


Opener = Callable[[], Awaitable[Store]]


@asynccontextmanager
async def opener(where: str) -> AsyncIterator[Opener]:
    """Open as many stores on `where` as a test likes (several processes on one database); all closed after."""
    opened: list[Store] = []

    async def open_one() -> Store:
        store = await open_store(where)
        opened.append(store)
        return store

    try:
        yield open_one
    finally:
        await asyncio.gather(*(store.close() for store in opened), return_exceptions=True)


async def query(store: Store, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Raw SQL for a test's own look at the tables, `?` placeholders on either backend."""
    pool = getattr(store, "pool", None)
    if pool is not None:
        numbered = iter(range(1, 1000))
        rows = await pool.fetch(re.sub(r"\?", lambda _: f"${next(numbered)}", sql), *params)
        return [tuple(row.values()) for row in rows]
    db = store.db  # type: ignore[attr-defined]
    async with db.execute(sql, params) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]


async def execute(store: Store, sql: str, *params: Any) -> None:
    pool = getattr(store, "pool", None)
    if pool is not None:
        numbered = iter(range(1, 1000))
        await pool.execute(re.sub(r"\?", lambda _: f"${next(numbered)}", sql), *params)
        return
    await store.db.execute(sql, params)  # type: ignore[attr-defined]


def backend_of(store: Store) -> str:
    return "postgresql" if getattr(store, "pool", None) is not None else "sqlite"
