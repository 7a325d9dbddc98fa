"""Every key that resolves at a horizon is visible at it: bio, recap, search and autocomplete find things only
through names, aliases and titles the reader may see by then, never through ids or later names.

The oracle is built here from the fact base, independently of `bot.lookup`: the names visible at E and nothing
else. A lookup must agree with it, and whatever a command finds must be visible at E.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.commands import Completion
from bot.companion import Companion
from bot.episodes import Episode
from bot.lookup import characters_at, storylines_at
from bot.names import NameIndex
from bot.reply import Kind, Reply
from bot.request import Asker, Place
from bot.store import SqliteStore
from tests.conftest import FACTS

PLACE = Place("test", "server-1", "general")
ASKER = Asker("asker", "Asker")
HORIZONS = FACTS.episodes
MEMORY_DISK = "/dev/shm" if Path("/dev/shm").is_dir() else None

KEYS = sorted(
    {alias.name for character in FACTS.characters for alias in character.names()}
    | {character.id for character in FACTS.characters}
    | {character.id.replace("-", " ") for character in FACTS.characters}
    | {storyline.title for storyline in FACTS.storylines}
    | {storyline.id for storyline in FACTS.storylines}
    | {storyline.id.replace("-", " ") for storyline in FACTS.storylines}
    | {"serial killer", "finale arrest", "lapd cartel conspiracy", "season two threads"}  # ids of old
    | {question.category for question in FACTS.questions}
    | {question.category.replace("-", " ") for question in FACTS.questions}
    | {question.answer for question in FACTS.questions}
    | {question.id.replace("-", " ") for question in FACTS.questions}
)


@st.composite
def keys(draw: st.DrawFn) -> str:
    """A known name, id or term, perhaps cut short (as typed into autocomplete) or with a typo; or any text."""
    key = draw(st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12)))
    change = draw(st.sampled_from(["none", "lower", "prefix", "drop"]))
    if change == "lower":
        return key.lower()
    if change == "prefix" and len(key) > 1:
        return key[: draw(st.integers(1, len(key) - 1))]
    if change == "drop" and len(key) > 3:
        at = draw(st.integers(0, len(key) - 1))
        return key[:at] + key[at + 1 :]
    return key


def visible_character_names(horizon: Episode) -> list[tuple[str, str]]:
    return [
        (alias.name, character.id)
        for character in FACTS.characters
        for alias in character.names()
        if alias.revealed <= horizon and character.revealed <= horizon
    ]


def visible_titles(horizon: Episode) -> list[tuple[str, str]]:
    return [(s.title, s.id) for s in FACTS.storylines if s.revealed <= horizon]


horizons = st.sampled_from(HORIZONS)


@settings(max_examples=400, deadline=None)
@given(key=keys(), horizon=horizons)
def test_character_lookups_agree_with_the_names_visible_then(key, horizon):
    oracle = NameIndex(visible_character_names(horizon)).lookup(key)
    found = characters_at(FACTS, horizon).lookup(key)
    assert (found.found.id if found.found else None) == oracle.found
    assert [c.id for c in found.candidates] == list(oracle.candidates)
    if found.found is not None:
        assert found.found.revealed <= horizon


@settings(max_examples=400, deadline=None)
@given(key=keys(), horizon=horizons)
def test_storyline_lookups_agree_with_the_titles_visible_then(key, horizon):
    oracle = NameIndex(visible_titles(horizon)).lookup(key, cutoff=70)
    found = storylines_at(FACTS, horizon).lookup(key, cutoff=70)
    assert (found.found.id if found.found else None) == oracle.found
    if found.found is not None:
        assert found.found.revealed <= horizon


def _headings(reply: Reply) -> list[str]:
    return [part.text for part in reply.parts if part.kind is Kind.HEADING]


def _labels(reply: Reply) -> list[str]:
    return [part.label or "" for part in reply.parts if part.kind is Kind.FIELD]


async def _through_the_commands(key: str, horizon: Episode) -> None:
    with tempfile.TemporaryDirectory(dir=MEMORY_DISK) as folder:
        store = await SqliteStore.open(Path(folder) / "companion.db")
        companion = Companion(FACTS, store)
        try:
            await store.set_progress(PLACE.platform, PLACE.server, ASKER.user, horizon)
            names = {name for name, _ in visible_character_names(horizon)}
            titles = {title for title, _ in visible_titles(horizon)}
            every_name = {alias.name for c in FACTS.characters for alias in c.names()}
            every_title = {s.title for s in FACTS.storylines}
            for text in (f"/bio {key}", f"/recap {key}", f"/search {key}"):
                reply = await companion.handle_text(PLACE, ASKER, text.replace("\n", " "))
                for shown in _headings(reply):
                    assert shown not in every_name or shown in names, (text, horizon, shown)
                    assert shown not in every_title or shown in titles, (text, horizon, shown)
                for label in _labels(reply):
                    whose = label.split(" — ", 1)[0]
                    assert whose not in every_name or whose in names, (text, horizon, label)
                    assert whose not in every_title or whose in titles, (text, horizon, label)
                    assert all(p.revealed is None or p.revealed <= horizon for p in reply.parts if p.label == label)
            codes = {str(e) for e in HORIZONS}
            categories = {q.category for q in FACTS.questions if q.revealed <= horizon}
            for command, option, allowed in (
                ("bio", "name", names),
                ("recap", "about", titles | {c for c in codes if Episode.parse(c) <= horizon}),
                ("trivia start", "category", categories),
            ):
                for choice in await companion.complete(PLACE, ASKER, command, option, key):
                    assert choice.name in allowed and choice.value in allowed, (command, key, horizon, choice)
            assert Completion.CATEGORY  # the three sources above are every fact-naming completion
        finally:
            await companion.close()


@settings(max_examples=150, deadline=None)
@given(key=keys(), horizon=horizons)
def test_what_commands_and_completions_find_is_visible_at_the_askers_progress(key, horizon):
    asyncio.run(_through_the_commands(key, horizon))
