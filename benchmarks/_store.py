"""Which store the benchmarks run on (`companion bench --store sqlite|postgres`), and a fresh database on it.

The choice travels in COMPANION_BENCH_STORE, so benchmarks in processes of their own use it too. PostgreSQL
comes from COMPANION_BENCH_POSTGRES, else COMPANION_TEST_POSTGRES, else postgresql://postgres@127.0.0.1:5432/test;
each run gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

STORES = ("sqlite", "postgres")
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def chosen() -> str:
    store = os.environ.get("COMPANION_BENCH_STORE", "sqlite")
    if store not in STORES:
        raise RuntimeError(f"COMPANION_BENCH_STORE must be one of {', '.join(STORES)}, not {store!r}")
    return store


def postgres_server() -> str:
    return os.environ.get("COMPANION_BENCH_POSTGRES") or os.environ.get("COMPANION_TEST_POSTGRES") or DEFAULT_POSTGRES


@asynccontextmanager
async def bench_database(store: str | None = None) -> AsyncIterator[str]:
    """A location for `open_store`: a file in a temporary folder, or a fresh PostgreSQL schema."""
    if (store or chosen()) == "sqlite":
        with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
            yield str(Path(folder) / "bench.db")
        return
    import asyncpg

    server = postgres_server()
    schema = f"bench_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
        parts = urlsplit(server)
        query = [(key, value) for key, value in parse_qsl(parts.query) if key != "search_path"]
        yield parts._replace(query=urlencode([*query, ("search_path", schema)])).geturl()
    finally:
        await admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await admin.close()
