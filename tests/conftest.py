"""Shared fixtures: the real Ballard fact base, a real SQLite file per test, and a companion on both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import load_facts
from bot.companion import Companion
from bot.facts import FactBase
from bot.request import Asker, Place
from bot.settings import FACTS_DIR
from bot.store import SqliteStore

FACTS = load_facts(FACTS_DIR)


@pytest.fixture
def facts() -> FactBase:
    return FACTS


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    opened = await SqliteStore.open(tmp_path / "companion.db")
    yield opened
    await opened.close()


@pytest.fixture
async def companion(facts: FactBase, store: SqliteStore) -> Companion:
    return Companion(facts, store)


PLACE = Place("test", "server-1", "general")
VIEWER = Asker("viewer-1", "Viewer")
MODERATOR = Asker("mod-1", "Mod", moderator=True)
"""Moderates the channel it asks in, and no other."""
SERVER_MODERATOR = Asker("admin-1", "Admin", server_moderator=True)
