"""Typed commands forgive what they safely can, through the whole core (console, `companion ask` and Slack text
share it): bare values that fit one option, near-miss names, and a schedule that already exists."""

from __future__ import annotations

from bot.companion import Companion
from bot.episodes import Episode
from bot.store import SqliteStore
from tests.bot.schedules.helpers import RecordingOutbox, plain, utc
from tests.clock import ManualClock
from tests.conftest import FACTS, MODERATOR, PLACE, VIEWER


async def say(companion: Companion, text: str, asker=MODERATOR) -> str:
    return plain(await companion.handle_text(PLACE, asker, text))


async def test_a_bare_episode_number_is_an_episode_of_a_one_season_show(companion):
    assert "you have watched up to S1E5" in await say(companion, "/progress 5", VIEWER)
    assert await companion.store.progress(PLACE.platform, PLACE.server, VIEWER.user) == Episode(1, 5)
    assert "This channel's horizon is now S1E3" in await say(companion, "/horizon 3")
    assert "What S1E10 adds" in await say(companion, "/recap 10", VIEWER)
    refused = await say(companion, "/progress 11", VIEWER)
    assert "no S1E11" in refused
    assert await companion.store.progress(PLACE.platform, PLACE.server, VIEWER.user) == Episode(1, 5)


async def test_a_misspelt_option_is_refused_with_a_suggestion_and_changes_nothing(companion):
    said = await say(companion, "/horizon S1E9 sahre:yes")
    assert "has no option “sahre”" in said
    assert await companion.store.channel_horizon(PLACE) is None
    said = await say(companion, "/bio gary pearlman sahre:yes", VIEWER)
    assert said.startswith("/bio has no option “sahre”. Did you mean share:?")


async def test_did_you_mean_for_commands_and_subcommands(companion):
    assert "Did you mean /progress?" in await say(companion, "/progres S1E2", VIEWER)
    assert "Did you mean /schedule cancel?" in await say(companion, "/schedule cancle 1")
    assert "Say which /watchparty subcommand you mean: start, next, status, end." == await say(companion, "/watchparty")


async def test_a_typed_request_with_an_unknown_option_gets_the_same_answer(companion):
    from bot.request import Request

    reply = await companion.handle(Request(PLACE, VIEWER, "bio", {"name": "gary", "sahre": True}))
    assert plain(reply).startswith("/bio has no option “sahre”. Did you mean share:?")


async def test_an_identical_schedule_is_refused_naming_the_one_there(store: SqliteStore):
    companion = Companion(FACTS, store, clock=ManualClock(utc(2026, 3, 1, 12)), outbox=RecordingOutbox())
    assert "Scheduled #1" in await say(companion, "/schedule trivia fridays 20:00 questions:3")
    refused = await say(companion, "/schedule trivia friday at 8pm questions:3")
    assert refused.startswith("That is already scheduled here as #1: a trivia round Fridays at 20:00 (UTC)")
    assert refused.endswith("Nothing was scheduled.")
    assert len(await store.active_schedules(PLACE.platform, PLACE.server)) == 1
    assert "Scheduled #2" in await say(companion, "/schedule trivia fridays 20:00 questions:4")  # not the same
    assert "Scheduled #3" in await say(companion, "/schedule trivia fridays 20:00 tz:Europe/Paris questions:3")
    assert "Cancelled schedule #1" in await say(companion, "/schedule cancel 1")
    assert "Scheduled #4" in await say(companion, "/schedule trivia fridays 20:00 questions:3")  # #1 stopped


async def test_bare_numbers_for_a_schedule_and_a_round(store: SqliteStore):
    companion = Companion(FACTS, store, clock=ManualClock(utc(2026, 3, 1, 12)), outbox=RecordingOutbox())
    await say(companion, "/horizon S1E10")
    await say(companion, "/schedule recap sundays 21:00")
    assert "Cancelled schedule #1" in await say(companion, "/schedule cancel 1")
    started = await say(companion, "/trivia start 3", VIEWER)
    assert "Trivia round started" in started
    running = await store.running_round(PLACE)
    assert running is not None and running.size == 3
