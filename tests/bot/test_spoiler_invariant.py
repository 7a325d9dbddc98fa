"""The central promise, as a property: over every declared command, every horizon, public and private.

Options are generated from each command's declaration, so a feature added later is covered the day it
is registered. Each example gets a fresh companion on a fresh SQLite file, sets the asker's progress and
the channel's horizon independently, runs a few commands, presses every button they return (as the
asker and as a bystander at another progress), and checks each reply, its JSON form, its console
rendering, every post the core pushes to the channel, and autocomplete.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.console import render
from bot.commands import Command, CommandSet, Completion, Option, OptionType
from bot.companion import SORRY, Companion
from bot.episodes import Episode
from bot.features import ALL_FEATURES
from bot.outbox import Posted
from bot.reply import Reply, Visibility
from bot.request import Asker, Place, Press, Request
from bot.spoilers import Policy
from bot.store import SqliteStore
from tests.bot.commands.text_form import as_text
from tests.bot.spoiler_invariant import assert_no_plain_spoilers, assert_text_has_no_spoilers
from tests.clock import ManualClock
from tests.conftest import FACTS

EXAMPLES = int(os.environ.get("SPOILER_EXAMPLES", "150"))
"""Modest by default so the suite stays fast; `SPOILER_EXAMPLES=5000 pytest tests/bot/test_spoiler_invariant.py`
digs deeper."""
MEMORY_DISK = "/dev/shm" if Path("/dev/shm").is_dir() else None
"""A real SQLite file per example, on a RAM disk where there is one: fsync costs nothing there."""
PLACE = Place("test", "server-1", "watch-party")
ASKER = Asker("asker", "Asker")
BYSTANDER = Asker("bystander", "Bystander")
HORIZONS = FACTS.episodes
COMMANDS: tuple[Command, ...] = tuple(CommandSet(ALL_FEATURES))

NAMES = sorted({alias.name for character in FACTS.characters for alias in character.names()})
TITLES = sorted({s.title for s in FACTS.storylines} | {s.id.replace("-", " ") for s in FACTS.storylines})
CODES = [str(e) for e in HORIZONS] + ["s1e4", "S01E04", "1x04", "S1E11", "S2E1", "S0E1", "E4", "season one"]
FACT_WORDS = sorted(
    {w.strip('.,"') for c in FACTS.characters for s in c.sections for w in s.text.split() if len(w) > 3}
)
ANSWERS = sorted({q.answer for q in FACTS.questions} | {d for q in FACTS.questions for d in q.distractors})
CATEGORIES = sorted({q.category for q in FACTS.questions})
WHEN = ["fridays 20:00", "daily 09:30", "0 20 * * 5", "tomorrow"]
ANYTHING = st.one_of(
    st.sampled_from(WHEN),
    st.sampled_from(NAMES),
    st.sampled_from(TITLES),
    st.sampled_from(CODES),
    st.sampled_from(ANSWERS),
    st.lists(st.sampled_from(FACT_WORDS), min_size=1, max_size=3).map(" ".join),
    st.text(max_size=30),
)


def values_for(option: Option) -> st.SearchStrategy[Any]:
    """Plausible and implausible values for one declared option."""
    if option.type is OptionType.BOOLEAN:
        return st.sampled_from([True, False, "yes", "no", "maybe"])
    if option.type is OptionType.INTEGER:
        low = option.min_value if option.min_value is not None else 0
        high = option.max_value if option.max_value is not None else 100
        return st.one_of(st.integers(low - 1, high + 1), st.sampled_from(["three", ""]))
    if option.choices:
        return st.one_of(st.sampled_from(option.choices), ANYTHING)
    by_source = {
        Completion.CHARACTER: st.sampled_from(NAMES),
        Completion.STORYLINE: st.sampled_from(TITLES),
        Completion.RECAP: st.one_of(st.sampled_from(TITLES), st.sampled_from(CODES)),
        Completion.EPISODE: st.sampled_from(CODES),
        Completion.TIMEZONE: st.sampled_from(["Europe/Paris", "UTC", "America/Los_Angeles", "Mars/Olympus"]),
        Completion.CATEGORY: st.sampled_from(CATEGORIES),
    }
    likely = by_source.get(option.completion) if option.completion else None
    return st.one_of(likely, ANYTHING) if likely is not None else ANYTHING


@st.composite
def invocations(draw: st.DrawFn) -> tuple[Command, dict[str, Any], bool]:
    """A command, options drawn from its declaration, and whether it is typed as text or sent typed."""
    command = draw(st.sampled_from(COMMANDS))
    chosen = draw(st.lists(st.sampled_from(command.options), unique=True)) if command.options else []
    options = {option.name: draw(values_for(option)) for option in chosen}
    return command, options, draw(st.booleans())


@dataclass(frozen=True)
class Wait:
    """A step that lets time pass, so timers fire: a question closes, a scheduled round starts."""

    seconds: int


Step = tuple[Command, dict[str, Any], bool] | Wait


class CheckingOutbox:
    """Checks each post and edit the core pushes, against the channel's horizon when it is pushed."""

    def __init__(self, store: SqliteStore, typed: list[str]) -> None:
        self.store = store
        self.typed = typed
        self.buttons: list[str] = []
        self.count = 0

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        await self._check(place, reply)
        self.count += 1
        return Posted(place, str(self.count))

    async def edit(self, posted: Posted, reply: Reply) -> None:
        await self._check(posted.place, reply)

    async def _check(self, place: Place, reply: Reply) -> None:
        assert reply.visibility is Visibility.PUBLIC, "the core only pushes public posts"
        channel = await self.store.channel_horizon(place)
        assert_no_plain_spoilers(reply, channel.episode if channel else HORIZONS[0], typed=self.typed)
        self.buttons += [action.id for action in reply.actions if not action.disabled]


@dataclass
class Viewer:
    """One run of commands: a companion on its own file, and what the asker typed so far."""

    companion: Companion
    outbox: CheckingOutbox
    clock: ManualClock
    typed: list[str]

    async def horizon_for(self, reply: Reply, asker: Asker) -> Episode:
        if reply.visibility is Visibility.PUBLIC:
            channel = await self.companion.store.channel_horizon(PLACE)
            return channel.episode if channel else HORIZONS[0]
        progress = await self.companion.store.progress(PLACE.platform, PLACE.server, asker.user)
        return progress or HORIZONS[0]

    async def check(self, reply: Reply, asker: Asker) -> None:
        horizon = await self.horizon_for(reply, asker)
        assert reply.parts, "a reply with nothing in it"
        assert reply.parts[0].text != SORRY, f"a command crashed: {self.typed[-1:]}"
        assert_no_plain_spoilers(reply, horizon, typed=self.typed)
        assert_no_plain_spoilers(json.loads(json.dumps(reply.to_json())), horizon, typed=self.typed)
        assert_text_has_no_spoilers(render(reply), horizon, typed=self.typed)

    async def step(self, step: Step, moderator: bool) -> None:
        if isinstance(step, Wait):
            await self.clock.advance(step.seconds)
            buttons: list[str] = []
        else:
            command, options, as_typed = step
            asker = Asker(ASKER.user, ASKER.name, moderator)
            self.typed += [str(value) for value in options.values()]
            if as_typed:
                reply = await self.companion.handle_text(PLACE, asker, as_text(command, options))
            else:
                reply = await self.companion.handle(Request(PLACE, asker, command.path, options))
            await self.check(reply, asker)
            buttons = [action.id for action in reply.actions]
        buttons += self.outbox.buttons
        self.outbox.buttons.clear()
        for button in buttons:
            for presser in (ASKER, BYSTANDER):
                await self.check(await self.companion.press(Press(PLACE, presser, button, "1")), presser)


async def scenario(
    progress: Episode,
    bystander: Episode,
    horizon: Episode,
    policy: Policy,
    moderator: bool,
    steps: Sequence[Step],
) -> None:
    with tempfile.TemporaryDirectory(dir=MEMORY_DISK) as folder:
        store = await SqliteStore.open(Path(folder) / "companion.db")
        typed: list[str] = []
        outbox, clock = CheckingOutbox(store, typed), ManualClock()
        viewer = Viewer(Companion(FACTS, store, clock=clock, outbox=outbox), outbox, clock, typed)
        try:
            await store.set_progress(PLACE.platform, PLACE.server, ASKER.user, progress)
            await store.set_progress(PLACE.platform, PLACE.server, BYSTANDER.user, bystander)
            await store.set_channel_horizon(PLACE, horizon, policy, "mod")
            await viewer.companion.start()
            for step in steps:
                await viewer.step(step, moderator)
            await check_autocomplete(viewer)
        finally:
            await viewer.companion.close()


async def check_autocomplete(viewer: Viewer) -> None:
    """Suggestions are private: cut to the asker's own progress, and never more than Discord's 25."""
    progress = await viewer.horizon_for(Reply(()), ASKER)
    for command in COMMANDS:
        for option in command.options:
            if option.completion is None:
                continue
            for partial in ("", "mo", "pearl", "s1"):
                choices = await viewer.companion.complete(PLACE, ASKER, command.path, option.name, partial)
                assert len(choices) <= 25
                shown = "\n".join(f"{choice.name}\n{choice.value}" for choice in choices)
                assert_text_has_no_spoilers(shown, progress, typed=[partial])


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    progress=st.sampled_from(HORIZONS),
    bystander=st.sampled_from(HORIZONS),
    horizon=st.sampled_from(HORIZONS),
    policy=st.sampled_from(Policy),
    moderator=st.booleans(),
    steps=st.lists(
        st.one_of(invocations(), st.builds(Wait, st.sampled_from([1, 30, 3600, 7 * 86400]))), min_size=1, max_size=4
    ),
)
def test_no_command_shows_a_later_fact_as_plain_text(progress, bystander, horizon, policy, moderator, steps):
    asyncio.run(scenario(progress, bystander, horizon, policy, moderator, steps))


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(
    command=st.sampled_from([c for c in COMMANDS if c.option("share")]),
    query=st.one_of(st.sampled_from(NAMES), st.sampled_from(TITLES), st.sampled_from(CODES)),
    progress=st.sampled_from(HORIZONS),
    horizon=st.sampled_from(HORIZONS),
    policy=st.sampled_from(Policy),
)
def test_shared_lookups_are_cut_to_the_channel_not_the_asker(command, query, progress, horizon, policy):
    """The commonest way to leak: an asker far ahead shares into a channel that is behind."""
    first = next(o for o in command.options if o.type is OptionType.STRING)
    step = (command, {first.name: query, "share": True}, False)
    asyncio.run(scenario(progress, HORIZONS[0], horizon, policy, False, [step]))


# --- Every fact, every horizon: exhaustive where it is cheap ---------------------------------------------


async def test_every_bio_at_every_horizon_shows_exactly_what_is_revealed(companion):
    """Completeness as well as safety: a section at or before the horizon is plain, a later one hidden."""
    for horizon in HORIZONS:
        await companion.store.set_progress(PLACE.platform, PLACE.server, ASKER.user, horizon)
        await companion.store.set_channel_horizon(PLACE, horizon, Policy.HIDE, "mod")
        for character in FACTS.characters:
            for alias in character.names():
                for share in ("", " share:yes"):
                    reply = await companion.handle_text(PLACE, ASKER, f"/bio {alias.name}{share}")
                    assert_no_plain_spoilers(reply, horizon, typed=[alias.name])
                    if alias.revealed > horizon:
                        assert character.name not in [p.text for p in reply.parts if p.kind == "heading"]
                        continue
                    assert reply.parts[0].text == character.name
                    plain = {p.label for p in reply.parts if p.kind == "field"}
                    hidden = [p for p in reply.parts if p.kind == "spoiler"]
                    assert plain >= {s.heading for s in character.sections if s.revealed <= horizon}
                    assert [p.revealed for p in hidden] == [
                        s.revealed for s in character.sections if s.revealed > horizon
                    ]


async def test_every_recap_at_every_horizon_and_policy(companion):
    queries = ["", *TITLES, *(str(e) for e in HORIZONS[1:])]
    for horizon in HORIZONS:
        await companion.store.set_progress(PLACE.platform, PLACE.server, ASKER.user, horizon)
        for policy in Policy:
            await companion.store.set_channel_horizon(PLACE, horizon, policy, "mod")
            for about in queries:
                for share in ("", " share:yes"):
                    reply = await companion.handle_text(PLACE, ASKER, f"/recap {about}{share}".replace("  ", " "))
                    assert_no_plain_spoilers(reply, horizon, typed=[about])
                    if policy is Policy.OMIT and share:
                        assert not [p for p in reply.parts if p.kind == "spoiler"]


async def test_the_reveal_button_answers_each_presser_at_their_own_progress(companion):
    """A channel at S1E10 shares the twist behind a button; a presser at S1E0 still learns nothing."""
    await companion.store.set_channel_horizon(PLACE, HORIZONS[2], Policy.HIDE, "mod")
    shared = await companion.handle_text(PLACE, ASKER, "/bio gary pearlman share:yes")
    [button] = shared.actions
    for progress in HORIZONS:
        await companion.store.set_progress(PLACE.platform, PLACE.server, BYSTANDER.user, progress)
        revealed = await companion.press(Press(PLACE, BYSTANDER, button.id))
        assert revealed.visibility is Visibility.EPHEMERAL
        assert_no_plain_spoilers(revealed, progress)
        assert not [p for p in revealed.parts if p.kind == "spoiler"], "a private reveal leaves later facts out"
    assert "serial killer" in " ".join(p.text for p in revealed.parts)


# --- The checker itself: it must catch what it claims to catch ------------------------------------------

TWIST = next(s for s in FACTS.character("gary-pearlman").sections if s.heading == "The serial killer")


def reply_of(*parts: dict[str, Any], actions: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    return {"visibility": "public", "parts": list(parts), "actions": list(actions)}


def plain(body: str, revealed: str | None = None) -> dict[str, Any]:
    return {"kind": "text", "text": body, "revealed": revealed}


def test_checker_catches_a_later_fact_as_plain_text():
    leaked = reply_of(plain(TWIST.text))
    try:
        assert_no_plain_spoilers(leaked, "S1E9")
    except AssertionError as error:
        assert "gary-pearlman" in str(error)
    else:
        raise AssertionError("the twist as plain text went unnoticed")
    assert_no_plain_spoilers(leaked, "S1E10")


def test_checker_catches_shortened_snippets_gates_labels_and_buttons():
    snippet = " ".join(TWIST.text.split()[3:9]) + "…"
    cases = [
        reply_of(plain(snippet)),
        reply_of(plain("harmless", "S1E10")),
        reply_of({"kind": "spoiler", "text": TWIST.text, "revealed": None}),
        reply_of(plain("Also known as"), {"kind": "field", "text": "x", "revealed": None, "label": "Montana"}),
        reply_of(plain("ok"), actions=[{"id": "x", "label": "Ask about Luis Ibarra"}]),
        reply_of(plain("Who used the alias MONTANA?")),
    ]
    for case in cases:
        try:
            assert_no_plain_spoilers(case, "S1E0")
        except AssertionError:
            continue
        raise AssertionError(f"not caught: {case}")


def test_checker_ignores_what_is_visible_anyway_and_what_the_user_typed():
    assert_no_plain_spoilers(reply_of(plain("Gary Pearlman, Jake Pearlman's father, is a Pearlman.")), "S1E0")
    assert_no_plain_spoilers(
        reply_of(plain("I know no character called “Montana” by S1E0.")), "S1E0", typed=["montana"]
    )
    assert_no_plain_spoilers(reply_of({"kind": "spoiler", "text": TWIST.text, "revealed": "S1E10"}), "S1E0")
    assert_text_has_no_spoilers("Aaron, Luis Ibarra and Montana", "S1E10")
