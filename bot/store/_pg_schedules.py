"""Schedules and the slots they fired, in PostgreSQL.

A claim moves the schedule's `next_due` on only from the value the claimer read, on rows it could lock
(`FOR UPDATE SKIP LOCKED`: another process claiming the same rows right now keeps them), and inserts the
slot's row under its unique key with ON CONFLICT DO NOTHING, all in one transaction. Whoever commits first
owns the slot, across any number of processes; each statement takes the whole batch at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.request import Place
from bot.schedules._model import Claim, Firing, Job, NewSchedule, Outcome, Schedule
from bot.store._codec import instant, maybe_instant
from bot.store._pg_db import Database
from bot.store._rows import FIRING_COLUMNS, SCHEDULE_COLUMNS, firing_from, schedule_from

_SCHEDULE = f"SELECT {SCHEDULE_COLUMNS} FROM schedule"
_FIRING = f"SELECT {FIRING_COLUMNS} FROM schedule_firing"

_ADVANCE = """
WITH claim AS (
    SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[])
        AS c (id, seen, next_due, slot)
), mine AS (
    SELECT s.id FROM schedule s JOIN claim c ON c.id = s.id WHERE s.next_due = c.seen
    ORDER BY s.id FOR UPDATE OF s SKIP LOCKED
)
UPDATE schedule SET next_due = claim.next_due, last_slot = claim.slot
FROM claim JOIN mine USING (id) WHERE schedule.id = claim.id AND schedule.next_due = claim.seen
RETURNING schedule.id"""
_RECORD = """
INSERT INTO schedule_firing (schedule_id, slot, outcome, missed, detail, claimed_by, claimed_at, finished_at)
SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::int[], $5::text[], $6::text[],
                     $7::timestamptz[], $8::timestamptz[])
ON CONFLICT (schedule_id, slot) DO NOTHING RETURNING schedule_id"""
_FINISH = """
UPDATE schedule_firing f SET outcome = d.outcome, detail = d.detail, finished_at = $5
FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[]) AS d (schedule_id, slot, outcome, detail)
WHERE f.schedule_id = d.schedule_id AND f.slot = d.slot"""
OFFLINE = "the bot was offline past the grace period"


class PgScheduleTables:
    pool: Database

    async def add_schedule(self, new: NewSchedule) -> Schedule:
        added, _ = await self._add(new, unless_same=False)
        return added

    async def add_schedule_unless_same(self, new: NewSchedule) -> tuple[Schedule, bool]:
        """Adds `new` unless an active schedule of the same channel already runs the same job at the same times
        with the same options: then that one, and False. The channel's adds take turns (an advisory lock)."""
        return await self._add(new, unless_same=True)

    async def _add(self, new: NewSchedule, *, unless_same: bool) -> tuple[Schedule, bool]:
        async with self.pool.transaction() as db:
            if unless_same:
                await db.execute(
                    "SELECT pg_advisory_xact_lock(hashtext('companion-schedule:' || $1 || ':' || $2 || ':' || $3))",
                    *_key(new.place),
                )
                rows = await db.fetch(
                    f"""{_SCHEDULE} WHERE platform=$1 AND server=$2 AND channel=$3 AND job=$4 AND rule=$5 AND zone=$6
                        AND next_due IS NOT NULL ORDER BY id""",
                    *_key(new.place),
                    str(new.job),
                    new.rule,
                    new.zone,
                )
                wanted = dict(new.options)
                same = next((row for row in rows if json.loads(row["options"]) == wanted), None)
                if same is not None:
                    return schedule_from(same), False
            row = await db.fetchrow(
                f"""INSERT INTO schedule (platform, server, channel, job, rule, zone, phrase, options, created_by,
                                          created_at, next_due)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {SCHEDULE_COLUMNS}""",
                *_key(new.place),
                str(new.job),
                new.rule,
                new.zone,
                new.phrase,
                json.dumps(dict(new.options)),
                new.created_by,
                instant(new.created_at),
                instant(new.next_due),
            )
        assert row is not None
        return schedule_from(row), True

    async def schedule(self, schedule_id: int) -> Schedule | None:
        row = await self.pool.fetchrow(f"{_SCHEDULE} WHERE id=$1", schedule_id)
        return schedule_from(row) if row else None

    async def active_schedules(self, platform: str, server: str) -> list[Schedule]:
        rows = await self.pool.fetch(
            f"{_SCHEDULE} WHERE platform=$1 AND server=$2 AND next_due IS NOT NULL ORDER BY id", platform, server
        )
        return [schedule_from(row) for row in rows]

    async def cancel_schedule(self, schedule_id: int, by: str, at: datetime) -> bool:
        cancelled = await self.pool.write_value(
            """UPDATE schedule SET next_due = NULL, cancelled_by = $1, cancelled_at = $2
               WHERE id = $3 AND next_due IS NOT NULL RETURNING id""",
            by,
            instant(at),
            schedule_id,
        )
        return cancelled is not None

    async def cancel_channel_schedules(self, place: Place, job: Job, by: str, at: datetime) -> list[int]:
        rows = await self.pool.write_rows(
            """UPDATE schedule SET next_due = NULL, cancelled_by = $1, cancelled_at = $2
               WHERE platform=$3 AND server=$4 AND channel=$5 AND job=$6 AND next_due IS NOT NULL RETURNING id""",
            by,
            instant(at),
            *_key(place),
            str(job),
        )
        return sorted(row["id"] for row in rows)

    async def due_schedules(self, now: datetime, limit: int, platform: str | None = None) -> list[Schedule]:
        rows = await self.pool.fetch(
            f"{_SCHEDULE} WHERE next_due <= $1 AND ($2::text IS NULL OR platform = $2) ORDER BY next_due LIMIT $3",
            instant(now),
            platform,
            limit,
        )
        return [schedule_from(row) for row in rows]

    async def claim_slots(self, claims: Sequence[Claim], claimant: str, at: datetime) -> list[Claim]:
        if not claims:
            return []
        async with self.pool.transaction() as db:
            moved = {
                row["id"]
                for row in await db.fetch(
                    _ADVANCE,
                    [c.schedule.id for c in claims],
                    [instant(_due(c.schedule)) for c in claims],
                    [maybe_instant(c.next_due) for c in claims],
                    [instant(c.slot) for c in claims],
                )
            }
            owned = [claim for claim in claims if claim.schedule.id in moved]
            if not owned:
                return []
            stamped = instant(at)
            recorded = {
                row["schedule_id"]
                for row in await db.fetch(
                    _RECORD,
                    [c.schedule.id for c in owned],
                    [instant(c.slot) for c in owned],
                    [str(Outcome.CLAIMED if c.fire else Outcome.SKIPPED) for c in owned],
                    [c.missed for c in owned],
                    ["" if c.fire else OFFLINE for c in owned],
                    [claimant] * len(owned),
                    [stamped] * len(owned),
                    [None if c.fire else stamped for c in owned],
                )
            }
        return [claim for claim in owned if claim.schedule.id in recorded]

    async def record_firings(self, firings: Iterable[Firing], at: datetime) -> None:
        done = list(firings)
        if not done:
            return
        await self.pool.execute(
            _FINISH,
            [f.schedule_id for f in done],
            [instant(f.slot) for f in done],
            [str(f.outcome) for f in done],
            [f.detail[:500] for f in done],
            instant(at),
        )

    async def firings(self, schedule_id: int, limit: int = 100) -> list[Firing]:
        rows = await self.pool.fetch(f"{_FIRING} WHERE schedule_id=$1 ORDER BY slot DESC LIMIT $2", schedule_id, limit)
        return [firing_from(row) for row in rows]


def _due(schedule: Schedule) -> datetime:
    if schedule.next_due is None:
        raise ValueError("a schedule's time is missing")
    return schedule.next_due


def _key(place: Place) -> tuple[str, str, str]:
    return place.platform, place.server, place.channel
