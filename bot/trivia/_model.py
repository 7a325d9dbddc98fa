"""Trivia's records as the store keeps them. Imports nothing from the store or the commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

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
    keeper: str | None = None
    """The companion keeping the round's time now (`Companion.identity`); another takes it over if it dies."""


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
