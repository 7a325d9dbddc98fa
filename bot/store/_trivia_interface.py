"""What the core asks of storage for trivia, and the records it gets back. Any backend implements this."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.episodes import Episode
from bot.request import Place

LETTERS = "ABCD"


class RoundStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question as a round asks it. Text and choice order are stored, so a restart shows the same letters."""

    number: int
    fact_id: str
    text: str
    choices: tuple[str, ...]
    correct: int
    """Index of the answer in `choices`."""
    accept: tuple[str, ...]
    """Other typed answers that count."""
    revealed: Episode
    opened_at: datetime | None = None
    closes_at: datetime | None = None
    closed_at: datetime | None = None
    message_id: str | None = None

    @property
    def answer(self) -> str:
        return self.choices[self.correct]

    @property
    def letter(self) -> str:
        return LETTERS[self.correct]

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


@dataclass(frozen=True, slots=True)
class NewRound:
    place: Place
    started_by: str
    starter_name: str
    horizon: Episode
    category: str | None
    seconds: int
    week: str
    started_at: datetime
    questions: tuple[AskedQuestion, ...]
    keeper: str | None = None
    """The companion whose timer drives the round (`Companion.identity`); its start is the first heartbeat."""


@dataclass(frozen=True, slots=True)
class Round:
    id: int
    place: Place
    started_by: str
    starter_name: str
    horizon: Episode
    """The channel's horizon when the questions were drawn."""
    category: str | None
    seconds: int
    size: int
    current: int
    """The question open now (or the last one asked, once the round is over)."""
    status: RoundStatus
    started_at: datetime
    ended_at: datetime | None = None
    ended_by: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    round_id: int
    number: int
    user: str
    name: str
    given: str
    correct: bool
    points: int
    elapsed_ms: int
    answered_at: datetime


class Recorded(StrEnum):
    COUNTED = "counted"
    ALREADY_ANSWERED = "already answered"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Step:
    """What closing a question led to: the next question opened, or the round completed."""

    round: Round
    closed: AskedQuestion
    opened: AskedQuestion | None


@dataclass(frozen=True, slots=True)
class Standing:
    user: str
    name: str
    points: int
    correct: int
    answered: int
    rounds: int
    total_ms: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class Tally:
    """Who answered one question: counts, and the fastest correct answers first."""

    answered: int
    correct: int
    fastest: tuple[Standing, ...]


class TriviaStore(Protocol):
    async def create_round(self, new: NewRound) -> Round | None:
        """Store the round with its first question open; None when a round is already running in that channel."""
        ...

    async def running_round(self, place: Place) -> Round | None: ...

    async def running_rounds(self) -> list[Round]: ...

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

    async def trivia_round(self, round_id: int) -> Round | None: ...

    async def asked_question(self, round_id: int, number: int) -> AskedQuestion | None: ...

    async def round_with_question(self, round_id: int, number: int) -> tuple[Round, AskedQuestion] | None:
        """Both in one read, for a button press."""
        ...

    async def record_answer(self, answer: Answer, *, patience: float | None = None) -> Recorded:
        """COUNTED only once the answer is committed; at most one answer per person per question.

        It counts if it arrived (`answered_at`) by the question's close, however long the write took; the
        write is retried through contention for `patience` seconds (the store's default when None)."""
        ...

    async def set_question_message(self, round_id: int, number: int, message_id: str) -> None: ...

    async def close_question(self, round_id: int, number: int, at: datetime) -> Step | None:
        """Close the open question and open the next (or complete the round); None if it was not open."""
        ...

    async def end_round(self, round_id: int, status: RoundStatus, at: datetime, by: str | None) -> Round | None:
        """Stop or interrupt a running round, closing its open question; None if it was not running."""
        ...

    async def tally(self, round_id: int, number: int, limit: int) -> Tally: ...

    async def round_table(self, round_id: int, *, through: int | None = None) -> list[Standing]:
        """Everyone who answered (questions up to `through`), best first: points, then least total answer time."""
        ...

    async def leaderboard(self, place: Place, *, server_wide: bool, week: str | None) -> list[Standing]:
        """Everyone who ever answered in the channel (or the server), best first; `week` like '2026-W01'."""
        ...

    async def recent_questions(self, place: Place, limit: int) -> list[str]:
        """Fact ids of the last `limit` questions asked in the channel, the latest first."""
        ...
