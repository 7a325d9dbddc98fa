"""Schedules firing the real jobs, started the way a bot starts: Companion.start() runs the feature's hook."""

from datetime import timedelta

import pytest

from bot.companion import Companion
from bot.episodes import Episode
from bot.reply import Kind
from bot.schedules import Outcome
from tests.bot.schedules.helpers import RecordingOutbox, eventually, plain, tick_through, utc
from tests.bot.spoiler_invariant import assert_no_plain_spoilers
from tests.clock import ManualClock
from tests.conftest import FACTS, MODERATOR, PLACE

EIGHT_PM = utc(2026, 1, 2, 20)


@pytest.fixture
def clock():
    return ManualClock(EIGHT_PM - timedelta(minutes=1))


@pytest.fixture
async def running(store, clock):
    """A started companion (its scheduler asleep until the next minute), closed after the test."""
    companion = Companion(FACTS, store, clock=clock, outbox=RecordingOutbox())
    await companion.start()
    await eventually(lambda: clock.sleepers >= 1)
    yield companion
    await companion.close()


async def fired(companion, schedule_id, count=1):
    async def done():
        firings = await companion.store.firings(schedule_id)
        return len([f for f in firings if f.outcome is not Outcome.CLAIMED]) >= count

    await eventually(done)
    return await companion.store.firings(schedule_id)


async def test_a_recap_schedule_moves_the_watch_party_and_posts_its_recap(running, clock):
    await running.handle_text(PLACE, MODERATOR, "/watchparty start episode:S1E9")
    await running.handle_text(PLACE, MODERATOR, '/schedule recap when:"every day 20:00" tz:UTC')
    await tick_through(clock, 60)
    (firing,) = await fired(running, 1)
    assert (firing.slot, firing.outcome) == (EIGHT_PM, Outcome.FIRED)
    assert firing.detail == "moved from S1E9 to S1E10; recap posted"
    ((place, post),) = running.outbox.posts
    assert place == PLACE and post.actions[0].id == f"watched:S1E10:{PLACE.tag}"
    assert any(part.kind is Kind.SPOILER for part in post.parts)
    assert_no_plain_spoilers(post, Episode(1, 9))
    assert (await running.store.watch_party(PLACE)).episode == Episode(1, 10)
    assert (await running.store.channel_horizon(PLACE)).episode == Episode(1, 10)

    await clock.advance(timedelta(hours=23, minutes=58).total_seconds())  # nothing is due on the way
    await eventually(lambda: clock.sleepers >= 1)
    await tick_through(clock, 2 * 60)
    latest, _ = await fired(running, 1, count=2)
    assert latest.detail.startswith("The watch party is at S1E10, the finale")
    said = plain(running.outbox.posts[-1][1])
    assert said.startswith("Scheduled watch-party recap (schedule #1): The watch party is at S1E10")


async def test_a_recap_schedule_without_a_party_says_so_in_the_channel(running, clock):
    await running.handle_text(PLACE, MODERATOR, "/schedule recap every day 20:00")
    await tick_through(clock, 60)
    await fired(running, 1)
    assert running.outbox.lines() == [
        "Scheduled watch-party recap (schedule #1): No watch party is running here. Moderators start one with "
        "/watchparty start episode:S1E1. To stop it: /schedule cancel id:1."
    ]


async def test_a_trivia_schedule_starts_a_real_round_cut_to_the_channels_horizon(running, clock):
    said = plain(await running.handle_text(PLACE, MODERATOR, "/schedule trivia every day 20:00 questions:2 seconds:10"))
    assert said.startswith("Scheduled #1")
    await tick_through(clock, 60)
    (firing,) = await fired(running, 1)
    assert (firing.slot, firing.outcome, firing.detail) == (EIGHT_PM, Outcome.FIRED, "Round started: 2 questions.")
    round_ = await running.store.running_round(PLACE)
    assert round_ is not None and round_.size == 2
    posts = [reply for place, reply in running.outbox.posts if place == PLACE]
    assert posts and any(reply.actions for reply in posts)
    for reply in posts:
        assert_no_plain_spoilers(reply, Episode(1, 0))


async def test_a_trivia_schedule_in_a_busy_channel_records_why_it_did_not_start(running, clock):
    await running.handle_text(PLACE, MODERATOR, "/trivia start questions:3 seconds:120")
    await running.handle_text(PLACE, MODERATOR, "/schedule trivia every day 20:00")
    await tick_through(clock, 60)
    (firing,) = await fired(running, 1)
    assert firing.outcome is Outcome.FIRED and firing.detail.startswith("Not started:")
