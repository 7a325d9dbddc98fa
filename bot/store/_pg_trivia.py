"""Trivia rounds, their questions, answers and leaderboards in PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Collection
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import asyncpg

from bot.request import Place
from bot.store._codec import instant
from bot.store._pg_answers import AnswerBatches
from bot.store._pg_batch import PgGroupCommit
from bot.store._pg_db import Database, Db
from bot.store._rows import (
    QUESTION_COLUMNS,
    ROUND_COLUMNS,
    STANDING_COLUMNS,
    prefixed,
    question_from,
    round_from,
    standing_from,
)
from bot.trivia._model import (
    Answer,
    AskedQuestion,
    NewRound,
    Recorded,
    Round,
    RoundStatus,
    Standing,
    Step,
    Tally,
)

OPEN_KEPT = 10_000

_ROUND = f"SELECT {ROUND_COLUMNS} FROM trivia_round"
_QUESTION = f"SELECT {QUESTION_COLUMNS} FROM trivia_question"
_ROUND_WITH_QUESTION = f"""SELECT {prefixed(ROUND_COLUMNS, "r", "r_")}, {prefixed(QUESTION_COLUMNS, "q", "q_")}
    FROM trivia_round r JOIN trivia_question q ON q.round_id = r.id WHERE r.id = $1 AND q.number = $2"""
_STANDING = f"SELECT {STANDING_COLUMNS} FROM trivia_answer a"
_BEST_FIRST = "ORDER BY SUM(a.points) DESC, SUM(a.elapsed_ms) ASC, a.user_id"

_CREATE_ROUND = """INSERT INTO trivia_round (platform, server, channel, started_by, starter_name, season, episode,
                                             category, seconds, size, week, started_at, keeper, heartbeat_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12) RETURNING id"""
_CREATE_QUESTIONS = """INSERT INTO trivia_question (round_id, number, fact_id, text, choices, correct, accept,
                                                    season, episode, opened_at, closes_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"""


_WITHDRAW = """
WITH unrevealed AS (
    SELECT 1 FROM trivia_question WHERE round_id=$1 AND number=$2 AND revealed_at IS NULL FOR SHARE
)
DELETE FROM trivia_answer WHERE round_id=$1 AND number=$2 AND user_id=$3 AND EXISTS (SELECT 1 FROM unrevealed)"""
"""A withdrawal takes the question's row as an answer batch does: a reveal sealing it waits for the withdrawal,
and a withdrawal after the seal deletes nothing (the reveal has shown the answer)."""


class PgTriviaTables:
    pool: Database
    _answers: AnswerBatches | None = None
    _open: dict[tuple[int, int], tuple[Round, AskedQuestion]] | None = None
    _reading: dict[tuple[int, int], asyncio.Future[tuple[Round, AskedQuestion] | None]] | None = None
    _generation = 0
    _writes: PgGroupCommit | None = None

    async def create_round(self, new: NewRound) -> Round | None:
        closes = new.started_at + timedelta(seconds=new.seconds)

        async def create(db: Db) -> Round:
            round_id = await db.fetchval(
                _CREATE_ROUND,
                new.place.platform,
                new.place.server,
                new.place.channel,
                new.started_by,
                new.starter_name,
                new.horizon.season,
                new.horizon.number,
                new.category,
                new.seconds,
                len(new.questions),
                new.week,
                instant(new.started_at),
                new.keeper,
            )
            await db.executemany(
                _CREATE_QUESTIONS,
                [
                    (
                        round_id,
                        q.number,
                        q.fact_id,
                        q.text,
                        json.dumps(q.choices),
                        q.correct,
                        json.dumps(q.accept),
                        q.revealed.season,
                        q.revealed.number,
                        instant(new.started_at) if q.number == 1 else None,
                        instant(closes) if q.number == 1 else None,
                    )
                    for q in new.questions
                ],
            )
            return round_from(await _found(db.fetchrow(f"{_ROUND} WHERE id=$1", round_id)))

        try:
            created: Round = await self._group_commit().run(create)
        except asyncpg.UniqueViolationError:  # one round is running in the channel already
            return None
        return created

    async def running_round(self, place: Place) -> Round | None:
        row = await self.pool.fetchrow(
            f"{_ROUND} WHERE platform=$1 AND server=$2 AND channel=$3 AND status='running'", *_place(place)
        )
        return round_from(row) if row else None

    async def unkept_rounds(
        self, silent_since: datetime, platform: str | None, gone: Collection[str] = ()
    ) -> list[Round]:
        rows = await self.pool.fetch(
            f"""{_ROUND} WHERE status='running'
                AND (keeper IS NULL OR heartbeat_at IS NULL OR heartbeat_at <= $1 OR keeper = ANY($2::text[]))
                AND ($3::text IS NULL OR platform = $3) ORDER BY id""",
            instant(silent_since),
            list(gone),
            platform,
        )
        return [round_from(row) for row in rows]

    async def round_keepers(self, platform: str | None) -> set[str]:
        rows = await self.pool.fetch(
            "SELECT DISTINCT keeper FROM trivia_round WHERE status='running' AND ($1::text IS NULL OR platform = $1)",
            platform,
        )
        return {row["keeper"] for row in rows if row["keeper"]}

    async def keep_time(self, round_id: int, keeper: str, at: datetime) -> bool:
        async def beat(db: Db) -> bool:
            kept = await db.fetchval(
                "UPDATE trivia_round SET heartbeat_at=$1 WHERE id=$2 AND keeper=$3 AND status='running' RETURNING id",
                instant(at),
                round_id,
                keeper,
            )
            return kept is not None

        beaten: bool = await self._group_commit().run(beat)
        return beaten

    async def trivia_round(self, round_id: int) -> Round | None:
        row = await self.pool.fetchrow(f"{_ROUND} WHERE id=$1", round_id)
        return round_from(row) if row else None

    async def asked_question(self, round_id: int, number: int) -> AskedQuestion | None:
        row = await self.pool.fetchrow(f"{_QUESTION} WHERE round_id=$1 AND number=$2", round_id, number)
        return question_from(row) if row else None

    async def round_with_question(self, round_id: int, number: int) -> tuple[Round, AskedQuestion] | None:
        """An open question is kept in memory (nothing it says changes until it closes); a press on one closed
        meanwhile, by any process, is still refused by `record_answer`."""
        key = (round_id, number)
        if key in self._open_questions:
            return self._open_questions[key]
        if self._reading is None:
            self._reading = {}
        reading = self._reading.get(key)
        if reading is None:  # a crowd pressing at once shares one read
            reading = asyncio.ensure_future(self._read_round_with_question(key))
            self._reading[key] = reading
            reading.add_done_callback(lambda done: self._done_reading(key, done))
        return await asyncio.shield(reading)

    def _done_reading(self, key: tuple[int, int], done: asyncio.Future[tuple[Round, AskedQuestion] | None]) -> None:
        if self._reading is not None and self._reading.get(key) is done:
            del self._reading[key]

    async def _read_round_with_question(self, key: tuple[int, int]) -> tuple[Round, AskedQuestion] | None:
        generation = self._generation
        row = await self.pool.fetchrow(_ROUND_WITH_QUESTION, *key)
        if row is None:
            return None
        found = round_from(row, "r_"), question_from(row, "q_")
        if found[0].status is RoundStatus.RUNNING and found[1].is_open and generation == self._generation:
            if len(self._open_questions) >= OPEN_KEPT:
                self._open_questions.clear()
            self._open_questions[key] = found
        return found

    async def record_answer(self, answer: Answer, *, patience: float | None = None) -> Recorded:
        """`patience` is SQLite's wait for its write lock; PostgreSQL writers do not queue for one."""
        if self._answers is None:
            self._answers = AnswerBatches(self.pool)
        return await self._answers.record(answer)

    async def withdraw_answer(self, round_id: int, number: int, user: str) -> bool:
        status = await self.pool.execute(_WITHDRAW, round_id, number, user)
        return status != "DELETE 0"

    async def drain_answers(self) -> None:
        if self._answers is not None:
            await self._answers.drain()
        if self._writes is not None:
            await self._writes.drain()

    def _group_commit(self) -> PgGroupCommit:
        """Round starts and heartbeats share commits (a Friday night starts thousands at once). Closes and
        message ids are not batched: they update question rows that answer batches lock, and a batch holding
        several rows could wait on an answer batch in another process that waits on it."""
        if self._writes is None:
            self._writes = PgGroupCommit(self.pool)
        return self._writes

    async def set_question_message(self, round_id: int, number: int, message_id: str) -> None:
        async with self._changing(round_id):
            await self.pool.execute_idempotent(
                "UPDATE trivia_question SET message_id=$1 WHERE round_id=$2 AND number=$3", message_id, round_id, number
            )

    async def close_question(self, round_id: int, number: int, at: datetime) -> Step | None:
        async with self._changing(round_id), self.pool.transaction() as db:
            closed_now = await db.fetchval(
                """UPDATE trivia_question SET closed_at=$1
                   WHERE round_id=$2 AND number=$3 AND opened_at IS NOT NULL AND closed_at IS NULL
                     AND round_id IN (SELECT id FROM trivia_round WHERE status='running')
                   RETURNING number""",
                instant(at),
                round_id,
                number,
            )
            if closed_now is None:
                return None
            before = round_from(await _found(db.fetchrow(f"{_ROUND} WHERE id=$1", round_id)))
            if number < before.size:
                await db.execute(
                    "UPDATE trivia_question SET opened_at=$1, closes_at=$2 WHERE round_id=$3 AND number=$4",
                    instant(at),
                    instant(at + timedelta(seconds=before.seconds)),
                    round_id,
                    number + 1,
                )
                await db.execute("UPDATE trivia_round SET current=$1 WHERE id=$2", number + 1, round_id)
            else:
                await db.execute(
                    "UPDATE trivia_round SET status='completed', ended_at=$1 WHERE id=$2", instant(at), round_id
                )
            after = round_from(await _found(db.fetchrow(f"{_ROUND} WHERE id=$1", round_id)))
            questions = {
                row["number"]: question_from(row)
                for row in await db.fetch(
                    f"{_QUESTION} WHERE round_id=$1 AND number IN ($2, $3)", round_id, number, number + 1
                )
            }
            return Step(after, questions[number], questions.get(number + 1))

    async def end_round(self, round_id: int, status: RoundStatus, at: datetime, by: str | None) -> Round | None:
        async with self._changing(round_id):
            async with self.pool.transaction() as db:
                ended = await db.fetchval(
                    """UPDATE trivia_round SET status=$1, ended_at=$2, ended_by=$3 WHERE id=$4 AND status='running'
                       RETURNING id""",
                    str(status),
                    instant(at),
                    by,
                    round_id,
                )
                if ended is None:
                    return None
                await db.execute(
                    """UPDATE trivia_question SET closed_at=$1
                       WHERE round_id=$2 AND opened_at IS NOT NULL AND closed_at IS NULL""",
                    instant(at),
                    round_id,
                )
        return await self.trivia_round(round_id)

    async def reveal(self, round_id: int, number: int, at: datetime, limit: int) -> Tally:
        """The seal waits for answer batches holding the question's row (FOR SHARE) to commit, and the tally,
        read after it in the same transaction, sees them; a batch after it finds the seal and counts nothing."""
        async with self.pool.transaction() as db:
            await db.execute(
                """UPDATE trivia_question q SET revealed_at = COALESCE(q.revealed_at, $3)
                   FROM (SELECT round_id, number FROM trivia_question
                         WHERE round_id=$1 AND number<=$2 AND closed_at IS NOT NULL
                         ORDER BY number FOR NO KEY UPDATE) sealed
                   WHERE q.round_id = sealed.round_id AND q.number = sealed.number""",
                round_id,
                number,
                instant(at),
            )
            counts = await db.fetchrow(
                "SELECT COUNT(*) AS answered, COALESCE(SUM(correct), 0) AS correct FROM trivia_answer"
                " WHERE round_id=$1 AND number=$2",
                round_id,
                number,
            )
            fastest = await db.fetch(
                f"""{_STANDING} WHERE a.round_id=$1 AND a.number=$2 AND a.correct=1
                    GROUP BY a.user_id ORDER BY SUM(a.elapsed_ms), a.user_id LIMIT $3""",
                round_id,
                number,
                limit,
            )
        assert counts is not None
        return Tally(int(counts["answered"]), int(counts["correct"]), tuple(standing_from(row) for row in fastest))

    async def extend_question(self, round_id: int, number: int, until: datetime) -> AskedQuestion | None:
        async with self._changing(round_id):
            row = await self.pool.write_rows(
                f"""UPDATE trivia_question SET closes_at=$3, extended=1
                    WHERE round_id=$1 AND number=$2 AND opened_at IS NOT NULL AND closed_at IS NULL
                      AND extended=0 AND closes_at < $3
                    RETURNING {QUESTION_COLUMNS}""",
                round_id,
                number,
                instant(until),
            )
        return question_from(row[0]) if row else None

    async def round_table(self, round_id: int, *, through: int | None = None) -> list[Standing]:
        rows = await self.pool.fetch(
            f"{_STANDING} WHERE a.round_id=$1 AND a.number <= $2 GROUP BY a.user_id {_BEST_FIRST}",
            round_id,
            through if through is not None else 2**31 - 1,
        )
        return [standing_from(row) for row in rows]

    async def leaderboard(self, place: Place, *, server_wide: bool, week: str | None) -> list[Standing]:
        rows = await self.pool.fetch(
            f"""{_STANDING} JOIN trivia_round r ON r.id = a.round_id
                WHERE r.platform=$1 AND r.server=$2 AND ($3::text IS NULL OR r.channel=$3)
                  AND ($4::text IS NULL OR r.week=$4)
                GROUP BY a.user_id {_BEST_FIRST}""",
            place.platform,
            place.server,
            None if server_wide else place.channel,
            week,
        )
        return [standing_from(row) for row in rows]

    async def recent_questions(self, place: Place, limit: int) -> list[str]:
        rows = await self.pool.fetch(
            """SELECT q.fact_id FROM trivia_question q JOIN trivia_round r ON r.id = q.round_id
               WHERE r.platform=$1 AND r.server=$2 AND r.channel=$3 AND q.opened_at IS NOT NULL
               ORDER BY q.opened_at DESC, q.round_id DESC, q.number DESC LIMIT $4""",
            *_place(place),
            limit,
        )
        return [row["fact_id"] for row in rows]

    @property
    def _open_questions(self) -> dict[tuple[int, int], tuple[Round, AskedQuestion]]:
        if self._open is None:
            self._open = {}
        return self._open

    @asynccontextmanager
    async def _changing(self, round_id: int) -> AsyncIterator[None]:
        self._forget(round_id)
        try:
            yield
        finally:
            self._forget(round_id)

    def _forget(self, round_id: int) -> None:
        """A write to the round is starting or done: what was read before it is not kept."""
        self._generation += 1
        for key in [key for key in self._open_questions if key[0] == round_id]:
            del self._open_questions[key]
        if self._reading:
            for key in [key for key in self._reading if key[0] == round_id]:
                del self._reading[key]


def _place(place: Place) -> tuple[str, str, str]:
    return place.platform, place.server, place.channel


async def _found(read: Awaitable[asyncpg.Record | None]) -> asyncpg.Record:
    row = await read
    if row is None:
        raise LookupError("a row read inside its own transaction is missing")
    return row
