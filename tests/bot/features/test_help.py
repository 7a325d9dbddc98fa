"""/help: generated from the declarations, so it never forgets a command."""

from __future__ import annotations

import pytest

from bot.commands import Command, Completion, Feature, Option
from bot.companion import Companion
from bot.episodes import Episode
from bot.features import ALL_FEATURES
from bot.names import fold
from bot.reply import Kind
from tests.conftest import FACTS, PLACE, VIEWER


async def test_help_lists_every_command_with_examples_and_your_progress(companion):
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, Episode(1, 4))
    reply = await companion.handle_text(PLACE, VIEWER, "/help")
    assert reply.parts[0].text == "Ballard companion"
    assert "(now S1E4)" in reply.parts[1].text
    labels = [p.label for p in reply.parts if p.kind is Kind.FIELD]
    for command in companion.commands:
        label = command.usage + (" (moderators)" if command.moderator_only else "")
        assert label in labels
        field = next(p for p in reply.parts if p.label == label)
        assert field.text.startswith(command.description)
        assert all(example in field.text for example in command.examples)


async def _peek(ctx):
    from bot.reply import message

    return message("peek")


PEEK = Feature(
    commands=(
        Command(
            "peek",
            "A test command that looks a character up",
            _peek,
            (Option("name", "A name", completion=Completion.CHARACTER),),
            examples=("/peek naomi bennett", "/peek renee", "/peek the finale", "/peek montana", "/peek nobody at all"),
        ),
    ),
)


async def test_an_example_naming_what_the_asker_cannot_see_yet_is_left_out(store):
    companion = Companion(FACTS, store, features=(*ALL_FEATURES, PEEK))
    early = await companion.handle_text(PLACE, VIEWER, "/help")
    (peek,) = [p for p in early.parts if p.label and p.label.startswith("/peek")]
    assert peek.text.endswith("e.g. /peek renee")
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, FACTS.finale)
    late = await companion.handle_text(PLACE, VIEWER, "/help")
    (peek,) = [p for p in late.parts if p.label and p.label.startswith("/peek")]
    assert "/peek naomi bennett" in peek.text and "/peek montana" in peek.text and "nobody" not in peek.text


@pytest.mark.parametrize("horizon", [str(e) for e in FACTS.episodes])
async def test_every_example_help_shows_works_and_names_nothing_later(companion, horizon):
    """/help once offered `/recap serial killer` at S1E0, which found a storyline through its id."""
    episode = Episode.parse(horizon)
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, episode)
    reply = await companion.handle_text(PLACE, VIEWER, "/help")
    later = {fold(a.name) for c in FACTS.characters for a in c.names() if a.revealed > episode}
    later |= {fold(s.title) for s in FACTS.storylines if s.revealed > episode}
    later -= {fold(a.name) for c in FACTS.characters for a in c.names() if a.revealed <= episode}
    for field in (p for p in reply.parts if p.kind is Kind.FIELD):
        for example in field.text.split("e.g. ", 1)[1].split("  ·  "):
            assert not any(f" {name} " in f" {fold(example)} " for name in later), (horizon, example)
            if example.split()[0] in {"/bio", "/recap", "/search"}:
                answer = await companion.handle_text(PLACE, VIEWER, example)
                first = answer.parts[0].text
                assert not first.startswith(("I know no", "There is no", "Nothing known")), (horizon, example)
                assert not any("Nothing known by" in (p.text or "") for p in answer.parts), (horizon, example)
