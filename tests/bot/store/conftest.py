"""Every store test runs on both backends: `where` is a fresh SQLite file or a fresh PostgreSQL schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.backends import BACKENDS, Opener, location, opener


@pytest.fixture(params=BACKENDS)
async def where(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with location(request.param, tmp_path) as found:
        yield found


@pytest.fixture
async def stores(where: str) -> AsyncIterator[Opener]:
    """Opens a store on the test's database; call it twice for two processes sharing it."""
    async with opener(where) as open_one:
        yield open_one


@pytest.fixture
async def store(stores: Opener) -> Store:
    return await stores()
