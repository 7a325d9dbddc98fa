"""Every declared command over real, signed HTTP: answered within the ack, parsed like the console."""

from __future__ import annotations

import pytest

from adapters.slack._commands import slash_commands
from bot.episodes import Episode
from tests.adapters.slack.conftest import SlackWorld, close_world, open_world
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers


async def test_every_declared_command_gets_an_answer(world: SlackWorld):
    declared = slash_commands(world.companion.commands)
    assert {"/help", "/bio", "/progress", "/trivia"} <= {command.name for command in declared}
    for command in declared:
        seen = await world.ask(command.name, user="U2")
        assert seen.text.strip(), command.name
        assert_text_has_no_spoilers(seen.text, "S1E0")


async def test_help_is_private_and_lists_the_commands(world: SlackWorld):
    seen = await world.ask("/help")
    assert not seen.public
    assert "/bio" in seen.text and "/progress" in seen.text


async def test_progress_is_parsed_like_the_console_and_kept(world: SlackWorld):
    seen = await world.ask("/progress S01E04", user="U1")
    assert "S1E4" in seen.text and not seen.public
    assert await world.companion.store.progress("slack", "T1", "U1") == Episode(1, 4)
    assert await world.companion.store.progress("slack", "T1", "U2") is None


async def test_bad_input_gets_a_friendly_private_message(world: SlackWorld):
    seen = await world.ask("/progress season four")
    assert "S1E4" in seen.text and not seen.public
    assert await world.companion.store.progress("slack", "T1", "U1") is None


async def test_slack_escaped_text_reaches_the_core_as_typed(world: SlackWorld):
    seen = await world.ask("/bio Ren&amp;&lt;&gt; &lt;!channel&gt; <!here> <@U2|bob> <#C1|general>")
    assert "“Ren&amp;&lt;&gt;" in seen.text
    assert not seen.public


async def test_only_workspace_admins_moderate(world: SlackWorld):
    refused = await world.ask("/horizon S1E3", user="U1")
    assert "Only moderators" in refused.text and not refused.public
    assert await world.companion.store.channel_horizon(world.companion_place("C1")) is None
    done = await world.ask("/horizon S1E3", user="UMOD")
    assert done.public and "S1E3" in done.text
    horizon = await world.companion.store.channel_horizon(world.companion_place("C1"))
    assert horizon is not None and horizon.episode == Episode(1, 3)
    assert len(world.fake.calls_to("users.info")) == 2


async def test_a_command_prefix_names_every_slash_command(fake, tmp_path):
    world = await open_world(fake, tmp_path, command_prefix="sc-")
    try:
        assert "/sc-bio" in {command.name for command in slash_commands(world.companion.commands, "sc-")}
        seen = await world.ask("/sc-progress s1e2")
        assert "S1E2" in seen.text
    finally:
        await close_world(world)
    world.check_everything_sent()


@pytest.mark.parametrize("typed", ["/nonsense", "/", "/bio", "/trivia", "/trivia dance", "/recap share:maybe"])
async def test_anything_typed_gets_an_answer(world: SlackWorld, typed: str):
    seen = await world.ask(typed)
    assert seen.text.strip() and not seen.public
