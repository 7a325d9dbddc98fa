"""Trivia answers group-committed on PostgreSQL: answers arriving together share one transaction.

One INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING takes a whole batch; the primary key
(round, question, person) keeps one answer per person per question, whichever process wrote first.
Each caller is answered only after the COMMIT.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.store._codec import instant
from bot.store._pg_db import Database
from bot.trivia._model import Answer, Recorded

MAX_BATCH = 250
PARALLEL = 4
"""Batches committed at once, each on its own connection: a crowd's answers are spread over them, so the
server works on several while the bot goes on with the next presses."""

_INSERT = """
WITH incoming AS (
    SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[],
                         $8::int[], $9::timestamptz[])
        AS i (round_id, number, user_id, user_name, given, correct, points, elapsed_ms, answered_at)
), asked AS (
    SELECT q.round_id, q.number, q.opened_at, q.closes_at, q.closed_at, q.revealed_at FROM trivia_question q
    WHERE (q.round_id, q.number) IN (SELECT round_id, number FROM incoming)
    ORDER BY q.round_id, q.number
    FOR SHARE
)
INSERT INTO trivia_answer (round_id, number, user_id, user_name, given, correct, points, elapsed_ms, answered_at)
SELECT i.* FROM incoming i JOIN asked q USING (round_id, number)
WHERE i.answered_at >= q.opened_at AND i.answered_at <= q.closes_at
  AND (q.closed_at IS NULL OR i.answered_at < q.closed_at) AND q.revealed_at IS NULL
ON CONFLICT (round_id, number, user_id) DO NOTHING
RETURNING round_id, number, user_id"""
"""An answer counts when it arrived (`answered_at`, set by the adapter) while the question was open, however
long it then waited: the close does not refuse an answer that beat it (as on SQLite); its reveal does. The
question's row is share-locked, so a close or a reveal in progress and a batch take turns: a reveal's seal
waits for the batches holding the row, and a batch waiting on the seal re-reads the row and sees it."""

_ANSWERED = """SELECT a.round_id, a.number, a.user_id FROM trivia_answer a
               JOIN unnest($1::bigint[], $2::int[], $3::text[]) AS k (round_id, number, user_id)
               USING (round_id, number, user_id)"""

Key = tuple[int, int, str]


@dataclass(slots=True)
class _Waiting:
    answer: Answer
    done: asyncio.Future[Recorded]

    @property
    def key(self) -> Key:
        return (self.answer.round_id, self.answer.number, self.answer.user)


class AnswerBatches:
    def __init__(self, pool: Database) -> None:
        self._pool = pool
        self._queue: list[_Waiting] = []
        self._flushing: set[asyncio.Task[None]] = set()

    async def record(self, answer: Answer) -> Recorded:
        done: asyncio.Future[Recorded] = asyncio.get_running_loop().create_future()
        self._queue.append(_Waiting(answer, done))
        if len(self._flushing) < PARALLEL:
            flushing = asyncio.get_running_loop().create_task(self._flush(), name="answer-batches")
            self._flushing.add(flushing)
            flushing.add_done_callback(self._flushing.discard)
        return await done

    async def drain(self) -> None:
        while self._flushing:
            await asyncio.gather(*(asyncio.shield(task) for task in list(self._flushing)), return_exceptions=True)

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                outcomes = await self._commit(batch)
            except Exception as error:  # nothing in the batch is durable
                for waiting in batch:
                    if not waiting.done.done():
                        waiting.done.set_exception(error)
                continue
            for waiting, outcome in zip(batch, outcomes, strict=True):
                if not waiting.done.done():
                    waiting.done.set_result(outcome)

    async def _commit(self, batch: list[_Waiting]) -> list[Recorded]:
        first: dict[Key, _Waiting] = {}
        for waiting in batch:
            first.setdefault(waiting.key, waiting)
        answers = [waiting.answer for waiting in first.values()]
        async with self._pool.transaction() as db:
            inserted = {
                (row["round_id"], row["number"], row["user_id"])
                for row in await db.fetch(
                    _INSERT,
                    [a.round_id for a in answers],
                    [a.number for a in answers],
                    [a.user for a in answers],
                    [a.name for a in answers],
                    [a.given for a in answers],
                    [int(a.correct) for a in answers],
                    [a.points for a in answers],
                    [a.elapsed_ms for a in answers],
                    [instant(a.answered_at) for a in answers],
                )
            }
            rest = [key for key in first if key not in inserted]
            answered: set[Key] = set()
            if rest:
                rows = await db.fetch(_ANSWERED, [k[0] for k in rest], [k[1] for k in rest], [k[2] for k in rest])
                answered = {(row["round_id"], row["number"], row["user_id"]) for row in rows}
        outcomes: list[Recorded] = []
        for waiting in batch:
            if first[waiting.key] is waiting and waiting.key in inserted:
                outcomes.append(Recorded.COUNTED)
            elif waiting.key in inserted or waiting.key in answered:
                outcomes.append(Recorded.ALREADY_ANSWERED)
            else:
                outcomes.append(Recorded.CLOSED)
        return outcomes
