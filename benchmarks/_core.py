"""A companion on the real Ballard facts and a real SQLite file in a temporary folder, for benchmarks to drive."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.app import load_facts
from bot.clock import Clock
from bot.companion import Companion
from bot.outbox import Outbox
from bot.settings import FACTS_DIR
from bot.store import SqliteStore


@asynccontextmanager
async def companion_on_disk(*, outbox: Outbox | None = None, clock: Clock | None = None) -> AsyncIterator[Companion]:
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        store = await SqliteStore.open(Path(folder) / "bench.db")
        companion = Companion(load_facts(FACTS_DIR), store, outbox=outbox, clock=clock)
        try:
            yield companion
        finally:
            await companion.close()
