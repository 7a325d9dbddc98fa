"""What trivia asks of storage. Every backend implements it; the store imports the records from here."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from bot.request import Place
from bot.trivia._model import Answer, AskedQuestion, NewRound, Recorded, Round, RoundStatus, Standing, Step, Tally


class TriviaStore(Protocol):
    async def create_round(self, new: NewRound) -> Round | None:
        """Store the round with its first question open; None when a round is already running in that channel."""
        ...

    async def running_round(self, place: Place) -> Round | None: ...

    async def unkept_rounds(
        self, silent_since: datetime, platform: str | None, gone: Collection[str] = ()
    ) -> list[Round]:
        """Running rounds whose keeper's last heartbeat is at or before `silent_since` (or that have none), or
        whose keeper is in `gone`; on `platform` only unless it is None."""
        ...

    async def round_keepers(self, platform: str | None) -> set[str]:
        """The keepers of running rounds, on `platform` only unless it is None."""
        ...

    async def keep_time(self, round_id: int, keeper: str, at: datetime) -> bool:
        """The keeper's heartbeat; False once the round is no longer running under that keeper."""
        ...

    async def renew_lease(self, keeper: str, platform: str | None, seconds: float) -> None:
        """The keeper's lease on its rounds, to `seconds` from now by the database's clock."""
        ...

    async def release_lease(self, keeper: str) -> None:
        """A keeper stopping cleanly: its rounds may be taken over at once."""
        ...

    async def live_keepers(self, platform: str | None, besides: str) -> set[str]:
        """Keepers other than `besides` whose lease has not expired, that can post to `platform`."""
        ...

    async def orphaned_rounds(self, platform: str | None) -> list[tuple[int, str | None]]:
        """Running rounds (id, keeper) whose keeper holds no live lease, on `platform` only unless it is None."""
        ...

    async def claim_lapsed_rounds(self, platform: str | None, keeper: str, limit: int) -> list[tuple[int, str | None]]:
        """Make `keeper` the keeper of up to `limit` running rounds whose keeper holds no live lease, in one
        write; each (id, former keeper) it claimed. Of several claimants at once, each round goes to exactly
        one, and none waits for another's claim (PostgreSQL skips rows another claimant holds)."""
        ...

    async def trivia_round(self, round_id: int) -> Round | None: ...

    async def asked_question(self, round_id: int, number: int) -> AskedQuestion | None: ...

    async def round_with_question(self, round_id: int, number: int) -> tuple[Round, AskedQuestion] | None:
        """Both in one read, for a button press."""
        ...

    async def record_answer(self, answer: Answer, *, patience: float | None = None) -> Recorded:
        """COUNTED only once the answer is committed; at most one answer per person per question.

        It counts if it arrived (`answered_at`) while the question was open, however long the write took; the
        write is retried through contention for `patience` seconds (the store's default when None)."""
        ...

    async def withdraw_answer(self, round_id: int, number: int, user: str) -> bool:
        """Delete a counted answer whose person was never told it counts; False when there was none, or when
        the question's reveal (in any process) has already shown it.

        The caller keeps this process's close waiting (`Arrivals`) until this is done, so only another
        process's reveal can come first."""
        ...

    async def set_question_message(self, round_id: int, number: int, message_id: str) -> None: ...

    async def close_question(self, round_id: int, number: int, at: datetime) -> Step | None:
        """Close the open question and open the next (or complete the round); None if it was not open."""
        ...

    async def end_round(self, round_id: int, status: RoundStatus, at: datetime, by: str | None) -> Round | None:
        """Stop or interrupt a running round, closing its open question; None if it was not running."""
        ...

    async def reveal(self, round_id: int, number: int, at: datetime, limit: int) -> Tally:
        """Seal the closed questions up to `number` and read that one's tally, together: an answer is either in
        it or refused (CLOSED), even one arriving before the close that another process is still writing."""
        ...

    async def extend_question(self, round_id: int, number: int, until: datetime) -> AskedQuestion | None:
        """Move the open question's close to `until`, once in its life; the question, or None if it was not
        open, already extended, or closing later than that anyway."""
        ...

    async def round_table(self, round_id: int, *, through: int | None = None) -> list[Standing]:
        """Everyone who answered (questions up to `through`), best first: points, then least total answer time."""
        ...

    async def leaderboard(self, place: Place, *, server_wide: bool, week: str | None) -> list[Standing]:
        """Everyone who ever answered in the channel (or the server), best first; `week` like '2026-W01'."""
        ...

    async def recent_questions(self, place: Place, limit: int) -> list[str]:
        """Fact ids of the last `limit` questions asked in the channel, the latest first."""
        ...
