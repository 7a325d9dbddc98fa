"""A companion on the made-up Harbour Lights pack (facts revealed mid-season) and a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.companion import Companion
from bot.facts import FactBase, load_show
from bot.store import SqliteStore
from tests.clock import ManualClock

HARBOUR_DIR = Path(__file__).parents[2] / "fixtures" / "facts" / "harbour"
HARBOUR = load_show(HARBOUR_DIR)


@pytest.fixture
def harbour() -> FactBase:
    return HARBOUR


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def guarded(harbour: FactBase, store: SqliteStore, clock: ManualClock) -> Companion:
    return Companion(harbour, store, clock=clock)
