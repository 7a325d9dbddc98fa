"""The database holds every workspace's bot token: its file and SQLite's -wal and -shm files are private."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.episodes import Episode
from bot.store import SqliteStore


async def test_a_new_database_and_its_wal_files_are_readable_by_the_owner_only(tmp_path: Path):
    old_umask = os.umask(0o022)
    try:
        store = await SqliteStore.open(tmp_path / "deep" / "companion.db")
        try:
            await store.set_progress("slack", "T1", "U1", Episode(1, 2))
            modes = {file.name: stat.S_IMODE(file.stat().st_mode) for file in tmp_path.joinpath("deep").iterdir()}
        finally:
            await store.close()
    finally:
        os.umask(old_umask)
    assert modes == {"companion.db": 0o600, "companion.db-shm": 0o600, "companion.db-wal": 0o600}


async def test_an_existing_database_keeps_its_mode(tmp_path: Path):
    path = tmp_path / "shared.db"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    store = await SqliteStore.open(path)
    await store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
