"""Trivia rounds, their questions, answers and leaderboards in SQLite."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar

import aiosqlite

from bot.request import Place
from bot.store._batch import GroupCommit
from bot.store._codec import stamp
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

T = TypeVar("T")

OPEN_KEPT = 10_000
"""Open questions kept in memory for button presses (one per running round, so this is plenty)."""

_ROUND = f"SELECT {ROUND_COLUMNS} FROM trivia_round"
_QUESTION = f"SELECT {QUESTION_COLUMNS} FROM trivia_question"
_ROUND_WITH_QUESTION = f"""SELECT {prefixed(ROUND_COLUMNS, "r", "r_")}, {prefixed(QUESTION_COLUMNS, "q", "q_")}
    FROM trivia_round r JOIN trivia_question q ON q.round_id = r.id
    WHERE r.id = :round_id AND q.number = :number"""
_STANDING = f"SELECT {STANDING_COLUMNS} FROM trivia_answer a"
_BEST_FIRST = "ORDER BY SUM(a.points) DESC, SUM(a.elapsed_ms) ASC, a.user_id"

_RECORD_ANSWER = """
    INSERT INTO trivia_answer (round_id, number, user_id, user_name, given, correct, points, elapsed_ms, answered_at)
    SELECT :round_id, :number, :user_id, :user_name, :given, :correct, :points, :elapsed_ms, :answered_at
    WHERE EXISTS (
        SELECT 1 FROM trivia_question q
        WHERE q.round_id = :round_id AND q.number = :number AND :answered_at >= q.opened_at
          AND :answered_at <= q.closes_at AND (q.closed_at IS NULL OR :answered_at < q.closed_at)
          AND q.revealed_at IS NULL)
    ON CONFLICT (round_id, number, user_id) DO NOTHING"""
"""An answer counts when it arrived (`answered_at`, set by the adapter) while the question was open, however
long it then waited for the write lock: the close's row does not refuse an answer that beat it. Its reveal
does: once the tally has been read under the write lock, an answer still on its way is told it did not count."""


class TriviaTables:
    db: aiosqlite.Connection
    reader: aiosqlite.Connection
    write_lock: asyncio.Lock
    _writes: GroupCommit | None = None
    _open: dict[tuple[int, int], tuple[Round, AskedQuestion]] | None = None

    async def create_round(self, new: NewRound) -> Round | None:
        async def create(db: aiosqlite.Connection) -> int:
            cursor = await db.execute(
                """INSERT INTO trivia_round (platform, server, channel, started_by, starter_name, season, episode,
                                             category, seconds, size, week, started_at, keeper, heartbeat_at)
                   VALUES (:platform, :server, :channel, :started_by, :starter_name, :season, :episode,
                           :category, :seconds, :size, :week, :started_at, :keeper, :started_at)""",
                {
                    **_place_params(new.place),
                    "started_by": new.started_by,
                    "starter_name": new.starter_name,
                    "season": new.horizon.season,
                    "episode": new.horizon.number,
                    "category": new.category,
                    "seconds": new.seconds,
                    "size": len(new.questions),
                    "week": new.week,
                    "started_at": stamp(new.started_at),
                    "keeper": new.keeper,
                },
            )
            round_id = cursor.lastrowid
            assert round_id is not None
            closes = new.started_at + timedelta(seconds=new.seconds)
            await db.executemany(
                """INSERT INTO trivia_question (round_id, number, fact_id, text, choices, correct, accept,
                                                season, episode, opened_at, closes_at)
                   VALUES (:round_id, :number, :fact_id, :text, :choices, :correct, :accept,
                           :season, :episode, :opened_at, :closes_at)""",
                [
                    {
                        "round_id": round_id,
                        "number": q.number,
                        "fact_id": q.fact_id,
                        "text": q.text,
                        "choices": json.dumps(q.choices),
                        "correct": q.correct,
                        "accept": json.dumps(q.accept),
                        "season": q.revealed.season,
                        "episode": q.revealed.number,
                        "opened_at": stamp(new.started_at) if q.number == 1 else None,
                        "closes_at": stamp(closes) if q.number == 1 else None,
                    }
                    for q in new.questions
                ],
            )
            return round_id

        try:
            round_id = await self._group_commit().run(create)
        except aiosqlite.IntegrityError:  # the index of running rounds: one is running in the channel already
            return None
        return await self.trivia_round(round_id)

    async def running_round(self, place: Place) -> Round | None:
        return _one(
            round_from,
            await self._rows(
                f"{_ROUND} WHERE platform=? AND server=? AND channel=? AND status='running'", _place(place)
            ),
        )

    async def unkept_rounds(
        self, silent_since: datetime, platform: str | None, gone: Collection[str] = ()
    ) -> list[Round]:
        marks = ", ".join("?" * len(gone))
        known_gone = f" OR keeper IN ({marks})" if gone else ""
        where = f"status='running' AND (keeper IS NULL OR heartbeat_at IS NULL OR heartbeat_at <= ?{known_gone})"
        params: list[Any] = [stamp(silent_since), *gone]
        if platform is not None:
            where += " AND platform=?"
            params.append(platform)
        return [round_from(row) for row in await self._rows(f"{_ROUND} WHERE {where} ORDER BY id", params)]

    async def round_keepers(self, platform: str | None) -> set[str]:
        where, params = ("AND platform=?", (platform,)) if platform is not None else ("", ())
        rows = await self._rows(f"SELECT DISTINCT keeper FROM trivia_round WHERE status='running' {where}", params)
        return {row[0] for row in rows if row[0]}

    async def keep_time(self, round_id: int, keeper: str, at: datetime) -> bool:
        beaten = await self._group_commit().execute(
            "UPDATE trivia_round SET heartbeat_at=? WHERE id=? AND keeper=? AND status='running'",
            (stamp(at), round_id, keeper),
            one_row=True,
        )
        return beaten > 0

    async def trivia_round(self, round_id: int) -> Round | None:
        return _one(round_from, await self._rows(f"{_ROUND} WHERE id=?", (round_id,)))

    async def asked_question(self, round_id: int, number: int) -> AskedQuestion | None:
        return _one(question_from, await self._rows(f"{_QUESTION} WHERE round_id=? AND number=?", (round_id, number)))

    async def round_with_question(self, round_id: int, number: int) -> tuple[Round, AskedQuestion] | None:
        """Every button press asks this, so an open question is kept in memory: nothing it says changes until
        it closes, and a press on a question closed meanwhile (by another process, say) is still refused by
        `record_answer`, which checks in the same statement that writes."""
        key = (round_id, number)
        if key in self._open_questions:
            return self._open_questions[key]
        rows = await self._rows(_ROUND_WITH_QUESTION, {"round_id": round_id, "number": number})
        if not rows:
            return None
        found = round_from(rows[0], "r_"), question_from(rows[0], "q_")
        if found[0].status is RoundStatus.RUNNING and found[1].is_open:
            if len(self._open_questions) >= OPEN_KEPT:
                self._open_questions.clear()
            self._open_questions[key] = found
        return found

    async def record_answer(self, answer: Answer, *, patience: float | None = None) -> Recorded:
        counted = await self._group_commit().execute(
            _RECORD_ANSWER,
            {
                "round_id": answer.round_id,
                "number": answer.number,
                "user_id": answer.user,
                "user_name": answer.name,
                "given": answer.given,
                "correct": int(answer.correct),
                "points": answer.points,
                "elapsed_ms": answer.elapsed_ms,
                "answered_at": stamp(answer.answered_at),
            },
            one_row=True,
            patience=patience,
        )
        if counted:
            return Recorded.COUNTED
        rows = await self._rows(
            "SELECT 1 FROM trivia_answer WHERE round_id=? AND number=? AND user_id=?",
            (answer.round_id, answer.number, answer.user),
        )
        return Recorded.ALREADY_ANSWERED if rows else Recorded.CLOSED

    async def withdraw_answer(self, round_id: int, number: int, user: str) -> bool:
        withdrawn = await self._group_commit().execute(
            """DELETE FROM trivia_answer WHERE round_id=? AND number=? AND user_id=?
               AND EXISTS (SELECT 1 FROM trivia_question WHERE round_id=? AND number=? AND revealed_at IS NULL)""",
            (round_id, number, user, round_id, number),
            one_row=True,
        )
        return withdrawn > 0

    async def set_question_message(self, round_id: int, number: int, message_id: str) -> None:
        async with self._changing(round_id):
            await self._group_commit().execute(
                "UPDATE trivia_question SET message_id=? WHERE round_id=? AND number=?",
                (message_id, round_id, number),
                one_row=True,
            )

    async def close_question(self, round_id: int, number: int, at: datetime) -> Step | None:
        async def close(db: aiosqlite.Connection) -> Step | None:
            cursor = await db.execute(
                """UPDATE trivia_question SET closed_at=?
                   WHERE round_id=? AND number=? AND opened_at IS NOT NULL AND closed_at IS NULL
                     AND round_id IN (SELECT id FROM trivia_round WHERE status='running')""",
                (stamp(at), round_id, number),
            )
            if cursor.rowcount == 0:
                return None
            before = _one(round_from, await self._rows(f"{_ROUND} WHERE id=?", (round_id,), db=db))
            assert before is not None
            if number < before.size:
                await db.execute(
                    "UPDATE trivia_question SET opened_at=?, closes_at=? WHERE round_id=? AND number=?",
                    (stamp(at), stamp(at + timedelta(seconds=before.seconds)), round_id, number + 1),
                )
                await db.execute("UPDATE trivia_round SET current=? WHERE id=?", (number + 1, round_id))
            else:
                await db.execute(
                    "UPDATE trivia_round SET status='completed', ended_at=? WHERE id=?", (stamp(at), round_id)
                )
            after = _one(round_from, await self._rows(f"{_ROUND} WHERE id=?", (round_id,), db=db))
            questions = await self._rows(
                f"{_QUESTION} WHERE round_id=? AND number IN (?, ?) ORDER BY number",
                (round_id, number, number + 1),
                db=db,
            )
            assert after is not None and questions
            return Step(after, question_from(questions[0]), question_from(questions[1]) if len(questions) > 1 else None)

        async with self._changing(round_id):
            step: Step | None = await self._group_commit().run(close)
        return step

    async def end_round(self, round_id: int, status: RoundStatus, at: datetime, by: str | None) -> Round | None:
        async def end(db: aiosqlite.Connection) -> bool:
            cursor = await db.execute(
                "UPDATE trivia_round SET status=?, ended_at=?, ended_by=? WHERE id=? AND status='running'",
                (str(status), stamp(at), by, round_id),
            )
            if cursor.rowcount == 0:
                return False
            await db.execute(
                """UPDATE trivia_question SET closed_at=?
                   WHERE round_id=? AND opened_at IS NOT NULL AND closed_at IS NULL""",
                (stamp(at), round_id),
            )
            return True

        async with self._changing(round_id):
            ended = await self._group_commit().run(end)
        if not ended:
            return None
        return await self.trivia_round(round_id)

    async def reveal(self, round_id: int, number: int, at: datetime, limit: int) -> Tally:
        async def seal(db: aiosqlite.Connection) -> Tally:
            await db.execute(
                """UPDATE trivia_question SET revealed_at = COALESCE(revealed_at, ?)
                   WHERE round_id=? AND number<=? AND closed_at IS NOT NULL""",
                (stamp(at), round_id, number),
            )
            rows = await self._rows(
                "SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM trivia_answer WHERE round_id=? AND number=?",
                (round_id, number),
                db=db,
            )
            fastest = await self._rows(
                f"""{_STANDING} WHERE a.round_id=? AND a.number=? AND a.correct=1
                    GROUP BY a.user_id ORDER BY SUM(a.elapsed_ms), a.user_id LIMIT ?""",
                (round_id, number, limit),
                db=db,
            )
            return Tally(rows[0][0], rows[0][1], tuple(standing_from(row) for row in fastest))

        tally: Tally = await self._group_commit().run(seal)
        return tally

    async def extend_question(self, round_id: int, number: int, until: datetime) -> AskedQuestion | None:
        async def extend(db: aiosqlite.Connection) -> AskedQuestion | None:
            cursor = await db.execute(
                """UPDATE trivia_question SET closes_at=?, extended=1
                   WHERE round_id=? AND number=? AND opened_at IS NOT NULL AND closed_at IS NULL
                     AND extended=0 AND closes_at < ?""",
                (stamp(until), round_id, number, stamp(until)),
            )
            if cursor.rowcount == 0:
                return None
            rows = await self._rows(f"{_QUESTION} WHERE round_id=? AND number=?", (round_id, number), db=db)
            return _one(question_from, rows)

        async with self._changing(round_id):
            extended: AskedQuestion | None = await self._group_commit().run(extend)
        return extended

    async def round_table(self, round_id: int, *, through: int | None = None) -> list[Standing]:
        rows = await self._rows(
            f"{_STANDING} WHERE a.round_id=? AND a.number <= ? GROUP BY a.user_id {_BEST_FIRST}",
            (round_id, through if through is not None else 2**31),
        )
        return [standing_from(row) for row in rows]

    async def leaderboard(self, place: Place, *, server_wide: bool, week: str | None) -> list[Standing]:
        where = ["r.platform=?", "r.server=?"]
        params: list[Any] = [place.platform, place.server]
        if not server_wide:
            where.append("r.channel=?")
            params.append(place.channel)
        if week is not None:
            where.append("r.week=?")
            params.append(week)
        rows = await self._rows(
            f"""{_STANDING} JOIN trivia_round r ON r.id = a.round_id
                WHERE {" AND ".join(where)} GROUP BY a.user_id {_BEST_FIRST}""",
            params,
        )
        return [standing_from(row) for row in rows]

    async def recent_questions(self, place: Place, limit: int) -> list[str]:
        rows = await self._rows(
            """SELECT q.fact_id FROM trivia_question q JOIN trivia_round r ON r.id = q.round_id
               WHERE r.platform=? AND r.server=? AND r.channel=? AND q.opened_at IS NOT NULL
               ORDER BY q.opened_at DESC, q.round_id DESC, q.number DESC LIMIT ?""",
            (*_place(place), limit),
        )
        return [row[0] for row in rows]

    @property
    def _open_questions(self) -> dict[tuple[int, int], tuple[Round, AskedQuestion]]:
        if self._open is None:
            self._open = {}
        return self._open

    @asynccontextmanager
    async def _changing(self, round_id: int) -> AsyncIterator[None]:
        """Forget the round's open question before a write to it, and again after (a press may read meanwhile)."""
        self._forget(round_id)
        try:
            yield
        finally:
            self._forget(round_id)

    def _forget(self, round_id: int) -> None:
        for key in [key for key in self._open_questions if key[0] == round_id]:
            del self._open_questions[key]

    def _group_commit(self) -> GroupCommit:
        """Every trivia write goes here: answers come in bursts, and so do a Friday night's rounds and closes."""
        if self._writes is None:
            self._writes = GroupCommit(self.db, self.write_lock)
        return self._writes

    async def _rows(
        self, sql: str, params: Iterable[Any] | Mapping[str, Any] = (), *, db: aiosqlite.Connection | None = None
    ) -> list[aiosqlite.Row]:
        """One trip to the database thread (execute, fetch and close together): reads are on the answer path.

        Through the read connection, so no read waits behind a write waiting for the lock; inside a unit of
        writes, pass its `db` to see what the unit wrote."""
        connection = db or self.reader
        return list(await connection.execute_fetchall(sql, params if isinstance(params, Mapping) else tuple(params)))


def _place(place: Place) -> tuple[str, str, str]:
    return place.platform, place.server, place.channel


def _place_params(place: Place) -> dict[str, str]:
    return {"platform": place.platform, "server": place.server, "channel": place.channel}


def _one(build: Callable[[aiosqlite.Row], T], rows: list[aiosqlite.Row]) -> T | None:
    return build(rows[0]) if rows else None
