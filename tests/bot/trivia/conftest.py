"""A trivia table: a companion on a real SQLite file, a hand-moved clock, and an outbox that records pushes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.companion import Companion
from bot.episodes import Episode
from bot.outbox import Posted
from bot.reply import Kind, Reply
from bot.request import Asker, Place, Press
from bot.spoilers import Policy
from bot.store import SqliteStore
from tests.clock import ManualClock
from tests.conftest import FACTS

PLACE = Place("test", "server-1", "trivia-night")
HOST = Asker("host", "Host")
MOD = Asker("mod", "Mod", moderator=True)
PLAYERS = [Asker(f"player-{n}", name) for n, name in enumerate(["Ana", "Ben", "Cleo", "Dev"], 1)]


@dataclass
class RecordingOutbox:
    """Every post and edit, in order; `wait_for` waits (bounded) for the core's background work to push."""

    posts: list[tuple[Place, Reply]] = field(default_factory=list)
    edits: list[tuple[Posted, Reply]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        self.posts.append((place, reply))
        self.changed.set()
        return Posted(place, f"m{len(self.posts)}")

    async def edit(self, posted: Posted, reply: Reply) -> None:
        self.edits.append((posted, reply))
        self.changed.set()

    async def wait_for(self, check: Callable[[], bool], timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            while not check():
                self.changed.clear()
                await self.changed.wait()

    def texts(self) -> list[str]:
        return [plain(reply) for _, reply in self.posts]


def plain(reply: Reply) -> str:
    return "\n".join(f"{p.label}: {p.text}" if p.label else p.text for p in reply.parts if p.kind is not Kind.SPOILER)


async def until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait (bounded) for background work on another thread, such as the database, to catch up."""
    async with asyncio.timeout(timeout):
        while not check():
            await asyncio.sleep(0.001)


@dataclass
class Table:
    """One channel's trivia night."""

    companion: Companion
    clock: ManualClock
    outbox: RecordingOutbox
    path: Path

    @property
    def store(self) -> SqliteStore:
        return self.companion.store  # type: ignore[return-value]

    async def say(self, who: Asker, text: str, place: Place = PLACE) -> Reply:
        return await self.companion.handle_text(place, who, text)

    async def press(self, who: Asker, action: str, place: Place = PLACE) -> Reply:
        return await self.companion.press(Press(place, who, action))

    async def horizon(self, episode: str, place: Place = PLACE) -> None:
        await self.store.set_channel_horizon(place, Episode.parse(episode), Policy.HIDE, "mod")

    async def question_posts(self) -> int:
        return sum(1 for _, reply in self.outbox.posts if reply.actions)

    async def close_question(self) -> None:
        """Let the open question's time run out, and wait until the round's timer has settled it."""
        await until(lambda: self.clock.sleepers > 0)
        running = await self.store.running_round(PLACE)
        assert running is not None
        question = await self.store.asked_question(running.id, running.current)
        assert question is not None and question.closes_at is not None
        before = len(self.outbox.posts)
        await self.clock.advance((question.closes_at - self.clock.now()).total_seconds())
        await self.outbox.wait_for(lambda: len(self.outbox.posts) >= before + 2)
        if await self.store.running_round(PLACE) is not None:
            await until(lambda: self.clock.sleepers > 0)

    def button(self, reply: Reply, letter: str) -> str:
        return next(action.id for action in reply.actions if action.label == letter)


async def open_table(path: Path, outbox: RecordingOutbox | None = None, clock: ManualClock | None = None) -> Table:
    outbox = outbox or RecordingOutbox()
    clock = clock or ManualClock()
    store = await SqliteStore.open(path)
    return Table(Companion(FACTS, store, clock=clock, outbox=outbox), clock, outbox, path)


@pytest.fixture
async def table(tmp_path: Path) -> AsyncIterator[Table]:
    opened = await open_table(tmp_path / "trivia.db")
    yield opened
    await opened.companion.close()


def correct_letter(reply: Reply) -> str:
    """The right letter of a question message, read from the fact base by the question's text."""
    question = next(q for q in FACTS.questions if any(p.text == q.question for p in reply.parts))
    for part in reply.parts:
        if part.text.endswith(f") {question.answer}"):
            return part.text[0]
    raise AssertionError("the answer is not among the choices")


def wrong_letter(reply: Reply) -> str:
    return next(letter for letter in "ABCD" if letter != correct_letter(reply))
