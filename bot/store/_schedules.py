"""Schedules and the slots they fired, in SQLite.

Claiming is what keeps two bot processes on one database from firing a slot twice. In one transaction a
claim moves the schedule's `next_due` on, but only from the value the claimer read (compare-and-set), and
inserts the slot's row under its unique key (schedule, slot). Whoever commits first owns the slot; the
other finds `next_due` already moved, or the key taken, and leaves it alone. Both statements run once per
batch, not once per schedule, so ten thousand schedules due in one minute cost a few transactions.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from bot.request import Place
from bot.schedules._model import Claim, Firing, Job, NewSchedule, Outcome, Schedule
from bot.store._batch import transaction
from bot.store._codec import maybe_stamp, stamp
from bot.store._rows import FIRING_COLUMNS, SCHEDULE_COLUMNS, firing_from, schedule_from

CHUNK = 500
"""Rows per statement: well under SQLite's limit on bound parameters."""

_SCHEDULE = f"SELECT {SCHEDULE_COLUMNS} FROM schedule"
_FIRING = f"SELECT {FIRING_COLUMNS} FROM schedule_firing"

_ADVANCE = """WITH claim (id, seen, next_due, slot) AS (VALUES {rows})
              UPDATE schedule SET next_due = claim.next_due, last_slot = claim.slot
              FROM claim WHERE schedule.id = claim.id AND schedule.next_due = claim.seen
              RETURNING schedule.id"""
_RECORD = """INSERT INTO schedule_firing
                 (schedule_id, slot, outcome, missed, detail, claimed_by, claimed_at, finished_at)
             VALUES {rows} ON CONFLICT (schedule_id, slot) DO NOTHING RETURNING schedule_id"""


class ScheduleTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def add_schedule(self, new: NewSchedule) -> Schedule:
        added, _ = await self._add(new, unless_same=False)
        return added

    async def add_schedule_unless_same(self, new: NewSchedule) -> tuple[Schedule, bool]:
        """Adds `new` unless an active schedule of the same channel already runs the same job at the same times
        with the same options: then that one, and False. Decided inside one write transaction."""
        return await self._add(new, unless_same=True)

    async def _add(self, new: NewSchedule, *, unless_same: bool) -> tuple[Schedule, bool]:
        async with transaction(self.db, self.write_lock) as db:
            same = await _same_active(db, new) if unless_same else None
            if same is not None:
                found = await self.schedule(same)
                assert found is not None
                return found, False
            cursor = await db.execute(
                """INSERT INTO schedule (platform, server, channel, job, rule, zone, phrase, options, created_by,
                                         created_at, next_due)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    *_key(new.place),
                    str(new.job),
                    new.rule,
                    new.zone,
                    new.phrase,
                    json.dumps(dict(new.options)),
                    new.created_by,
                    stamp(new.created_at),
                    stamp(new.next_due),
                ),
            )
            schedule_id = cursor.lastrowid
        assert schedule_id is not None
        found = await self.schedule(schedule_id)
        assert found is not None
        return found, True

    async def schedule(self, schedule_id: int) -> Schedule | None:
        async with self.db.execute(f"{_SCHEDULE} WHERE id=?", (schedule_id,)) as cursor:
            row = await cursor.fetchone()
        return schedule_from(row) if row else None

    async def active_schedules(self, platform: str, server: str) -> list[Schedule]:
        """The server's schedules that will still fire, oldest first."""
        async with self.db.execute(
            f"{_SCHEDULE} WHERE platform=? AND server=? AND next_due IS NOT NULL ORDER BY id", (platform, server)
        ) as cursor:
            return [schedule_from(row) for row in await cursor.fetchall()]

    async def cancel_schedule(self, schedule_id: int, by: str, at: datetime) -> bool:
        """False when it was not active (unknown, done, or already cancelled)."""
        async with transaction(self.db, self.write_lock) as db:
            cursor = await db.execute(
                """UPDATE schedule SET next_due = NULL, cancelled_by = ?, cancelled_at = ?
                   WHERE id = ? AND next_due IS NOT NULL""",
                (by, stamp(at), schedule_id),
            )
            return cursor.rowcount == 1

    async def cancel_channel_schedules(self, place: Place, job: Job, by: str, at: datetime) -> list[int]:
        """Cancel the channel's active schedules of one job; returns their ids."""
        async with transaction(self.db, self.write_lock) as db:
            async with db.execute(
                """UPDATE schedule SET next_due = NULL, cancelled_by = ?, cancelled_at = ?
                   WHERE platform=? AND server=? AND channel=? AND job=? AND next_due IS NOT NULL
                   RETURNING id""",
                (by, stamp(at), *_key(place), str(job)),
            ) as cursor:
                return sorted(row[0] for row in await cursor.fetchall())

    async def due_schedules(self, now: datetime, limit: int, platform: str | None = None) -> list[Schedule]:
        """Schedules whose next slot is at or before `now`, earliest first (the `schedule_due` index)."""
        only = " AND platform = ?" if platform is not None else ""
        params: tuple[Any, ...] = (stamp(now), platform, limit) if platform is not None else (stamp(now), limit)
        sql = f"{_SCHEDULE} WHERE next_due <= ?{only} ORDER BY next_due LIMIT ?"
        async with self.db.execute(sql, params) as cursor:
            return [schedule_from(row) for row in await cursor.fetchall()]

    async def claim_slots(self, claims: Sequence[Claim], claimant: str, at: datetime) -> list[Claim]:
        """The claims this caller won; one another process made first is left out (see the module's docstring)."""
        if not claims:
            return []
        async with transaction(self.db, self.write_lock) as db:
            moved = await _returning(
                db,
                _ADVANCE,
                [(c.schedule.id, stamp(_due(c.schedule)), maybe_stamp(c.next_due), stamp(c.slot)) for c in claims],
            )
            owned = [claim for claim in claims if claim.schedule.id in moved]
            recorded = await _returning(db, _RECORD, [_claimed_row(claim, claimant, at) for claim in owned])
        return [claim for claim in owned if claim.schedule.id in recorded]

    async def record_firings(self, firings: Iterable[Firing], at: datetime) -> None:
        """How each claimed slot ended: fired (with what the job said), or failed."""
        rows = [(str(f.outcome), f.detail[:500], stamp(at), f.schedule_id, stamp(f.slot)) for f in firings]
        if not rows:
            return
        async with transaction(self.db, self.write_lock) as db:
            await db.executemany(
                "UPDATE schedule_firing SET outcome=?, detail=?, finished_at=? WHERE schedule_id=? AND slot=?", rows
            )

    async def firings(self, schedule_id: int, limit: int = 100) -> list[Firing]:
        """The schedule's slots, the latest first."""
        async with self.db.execute(
            f"{_FIRING} WHERE schedule_id=? ORDER BY slot DESC LIMIT ?", (schedule_id, limit)
        ) as cursor:
            return [firing_from(row) for row in await cursor.fetchall()]


async def _returning(db: aiosqlite.Connection, sql: str, rows: list[tuple[Any, ...]]) -> set[int]:
    """Run a `VALUES {rows}` statement over `rows` in chunks; the first column of what it returns."""
    returned: set[int] = set()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values = ", ".join(f"({', '.join('?' * len(chunk[0]))})" for _ in chunk)
        async with db.execute(sql.format(rows=values), [value for row in chunk for value in row]) as cursor:
            returned.update(row[0] for row in await cursor.fetchall())
    return returned


def _claimed_row(claim: Claim, claimant: str, at: datetime) -> tuple[Any, ...]:
    """A slot to fire is 'claimed' until its job ends; one only skipped is finished at once."""
    key = (claim.schedule.id, stamp(claim.slot))
    if claim.fire:
        return (*key, str(Outcome.CLAIMED), claim.missed, "", claimant, stamp(at), None)
    offline = "the bot was offline past the grace period"
    return (*key, str(Outcome.SKIPPED), claim.missed, offline, claimant, stamp(at), stamp(at))


def _due(schedule: Schedule) -> datetime:
    """The `next_due` a claim moves on from: a schedule without one (cancelled, done) is never claimed."""
    if schedule.next_due is None:
        raise ValueError("a schedule's time is missing")
    return schedule.next_due


def _key(place: Place) -> tuple[str, str, str]:
    return place.platform, place.server, place.channel


async def _same_active(db: aiosqlite.Connection, new: NewSchedule) -> int | None:
    async with db.execute(
        """SELECT id, options FROM schedule
           WHERE platform=? AND server=? AND channel=? AND job=? AND rule=? AND zone=? AND next_due IS NOT NULL
           ORDER BY id""",
        (*_key(new.place), str(new.job), new.rule, new.zone),
    ) as cursor:
        rows = await cursor.fetchall()
    wanted = dict(new.options)
    return next((int(row[0]) for row in rows if json.loads(row[1]) == wanted), None)
