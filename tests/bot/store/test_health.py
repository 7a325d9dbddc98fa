"""A database file deleted or replaced under the running bot: no write is acknowledged any more, one error
is logged, and the store reports itself unhealthy. Before this, writes went into the unlinked file and were
lost at the next start."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.companion import SORRY, Companion
from bot.episodes import Episode
from bot.reply import Reply
from bot.slack_installs import SlackInstallKey
from bot.store import SqliteStore, StoreGone
from tests.conftest import FACTS, PLACE, VIEWER


def said(reply: Reply) -> str:
    return " ".join(part.text for part in reply.parts)


def deleted(path: Path) -> None:
    os.unlink(path)


def replaced(path: Path) -> None:
    other = path.with_name("other.db")
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE note (x)")
    db.close()
    os.replace(other, path)


@pytest.mark.parametrize("change", [deleted, replaced], ids=["deleted", "replaced"])
async def test_writes_after_the_file_is_gone_are_refused_with_the_apology_and_one_error(
    tmp_path: Path, change, caplog: pytest.LogCaptureFixture
):
    path = tmp_path / "companion.db"
    store = await SqliteStore.open(path)
    companion = Companion(FACTS, store)
    try:
        assert "S1E2" in said(await companion.handle_text(PLACE, VIEWER, "/progress s1e2"))
        assert store.health.healthy
        change(path)
        caplog.clear()
        with caplog.at_level(logging.INFO):
            first = await companion.handle_text(PLACE, VIEWER, "/progress s1e5")
            second = await companion.handle_text(PLACE, VIEWER, "/horizon s1e3")  # a moderator-only refusal
            third = await companion.handle_text(PLACE, VIEWER, "/trivia start questions:1")
        assert said(first) == SORRY and said(third) == SORRY, (said(first), said(third))
        assert "S1E3" not in said(second)
        errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
        assert len(errors) == 1 and str(path) in errors[0].getMessage(), [r.getMessage() for r in errors]
        assert "Traceback" not in caplog.text
        assert not store.health.healthy and "restart" in (store.health.problem or "")
    finally:
        await companion.close()


async def test_a_replaced_file_is_seen_by_a_health_check_without_any_write(tmp_path: Path):
    path = tmp_path / "companion.db"
    store = await SqliteStore.open(path)
    try:
        assert store.health.current_problem() is None
        replaced(path)
        assert "replaced" in (store.health.current_problem() or "")
    finally:
        await store.close()


async def test_nothing_acknowledged_is_lost_at_the_next_start(tmp_path: Path):
    """Whatever the bot told people after the deletion, a restart on the restored file agrees with it."""
    path = tmp_path / "companion.db"
    store = await SqliteStore.open(path)
    companion = Companion(FACTS, store)
    try:
        await companion.handle_text(PLACE, VIEWER, "/progress s1e2")
        backup = tmp_path / "backup.db"
        with sqlite3.connect(path) as live, sqlite3.connect(backup) as copy:
            live.backup(copy)
        live.close()
        copy.close()
        deleted(path)
        reply = await companion.handle_text(PLACE, VIEWER, "/progress s1e6")
    finally:
        await companion.close()
    os.replace(backup, path)
    again = await SqliteStore.open(path)
    try:
        stored = await again.progress(PLACE.platform, PLACE.server, VIEWER.user)
    finally:
        await again.close()
    assert said(reply) == SORRY and stored == Episode(1, 2)


async def test_every_kind_of_write_is_refused_once_the_file_is_gone(tmp_path: Path):
    """Not only the commands: a Slack installation, an OAuth state, a trivia heartbeat."""
    path = tmp_path / "companion.db"
    store = await SqliteStore.open(path)
    try:
        deleted(path)
        key = SlackInstallKey("app", "bot", "", "T1", "")
        with pytest.raises(StoreGone):
            await store.save_slack_install(key, 1_700_000_000.0, "{}")
        with pytest.raises(StoreGone):
            await store.issue_slack_oauth_state("state-1", 1_700_000_600.0)
        with pytest.raises(StoreGone):
            await store.keep_time(1, "keeper", datetime(2026, 1, 2, tzinfo=UTC))
    finally:
        await store.close()
