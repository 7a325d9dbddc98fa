"""/schedule through the core: what a moderator is told, what is stored, and what bad input leaves untouched."""

from datetime import timedelta

import pytest

from bot.companion import Companion
from bot.reply import Visibility
from bot.request import Asker, Place
from bot.schedules import Job
from tests.bot.schedules.helpers import RecordingOutbox, plain, rows, utc
from tests.clock import ManualClock
from tests.conftest import FACTS, MODERATOR, PLACE, SERVER_MODERATOR, VIEWER

NOW = utc(2026, 3, 1, 12)  # Sunday 1 March 2026, 04:00 in Los Angeles
OTHER_SERVER = Place("test", "server-2", "general")


@pytest.fixture
async def companion(store):
    return Companion(FACTS, store, clock=ManualClock(NOW), outbox=RecordingOutbox())


async def ask(companion, text, asker=MODERATOR, place=PLACE):
    return plain(await companion.handle_text(place, asker, text))


async def test_scheduling_trivia_shows_the_next_run_in_the_zone_and_in_utc(companion):
    said = await ask(companion, '/schedule trivia when:"fridays 20:00" tz:America/Los_Angeles questions:3')
    assert "Scheduled #1: a trivia round here Fridays at 20:00 (America/Los_Angeles)." in said
    assert "Next: Fri 6 Mar 2026, 20:00 PST (Sat 7 Mar, 04:00 UTC)." in said
    assert "Each round: 3 questions, 30 seconds each." in said
    (stored,) = await companion.store.active_schedules("test", "server-1")
    assert (stored.job, stored.rule, stored.zone) == (Job.TRIVIA, "0 20 * * 5", "America/Los_Angeles")
    assert stored.next_due == utc(2026, 3, 7, 4)
    assert dict(stored.options) == {"questions": 3}
    assert stored.phrase == "fridays 20:00"


async def test_the_when_needs_no_quotes_and_cron_works_too(companion):
    said = await ask(companion, "/schedule trivia when:0 20 * * 1-5 tz:Europe/Paris seconds:20 category:characters")
    assert "weekdays at 20:00 (Europe/Paris)" in said
    assert "Next: Mon 2 Mar 2026, 20:00 CET (Mon 2 Mar, 19:00 UTC)." in said
    assert "about characters, 20 seconds each" in said


async def test_the_zone_defaults_to_utc(companion):
    said = await ask(companion, "/schedule trivia sunday at 8pm")
    assert "Sundays at 20:00 (UTC)" in said and "Next: Sun 1 Mar 2026, 20:00 UTC." in said


async def test_scheduling_recaps_says_when_no_party_is_running_yet(companion):
    said = await ask(companion, '/schedule recap when:"sundays 21:00" tz:Europe/London')
    assert "Scheduled #1: a watch-party recap here Sundays at 21:00 (Europe/London)." in said
    assert "No watch party is running here yet" in said


async def test_list_shows_the_servers_schedules_to_server_moderators(companion):
    await ask(companion, "/schedule trivia fridays 20:00 tz:America/Los_Angeles")
    await ask(companion, "/schedule recap sundays 21:00", place=Place("test", "server-1", "watch"))
    await ask(companion, "/schedule trivia daily 09:00", place=OTHER_SERVER)
    reply = await companion.handle_text(PLACE, SERVER_MODERATOR, "/schedule list")
    said = plain(reply)
    assert reply.visibility is Visibility.EPHEMERAL
    assert "Scheduled on this server (2):" in said
    assert "#1 trivia round here, Fridays at 20:00 (America/Los_Angeles); next Fri 6 Mar 2026, 20:00 PST" in said
    assert "#2 watch-party recap in channel watch, Sundays at 21:00 (UTC)" in said
    assert "#3" not in said


async def test_anyone_else_sees_this_channels_schedules_and_only_a_count_of_the_others(companion):
    await ask(companion, "/schedule trivia fridays 20:00 tz:America/Los_Angeles")
    await ask(companion, "/schedule recap sundays 21:00", place=Place("test", "server-1", "watch"))
    for asker in (VIEWER, MODERATOR):
        said = await ask(companion, "/schedule list", asker=asker)
        assert "Scheduled in this channel (1):" in said and "#1 trivia round here" in said
        assert "#2" not in said and "watch" not in said
        assert "1 more in other channels: server moderators see them." in said


async def test_list_says_when_nothing_is_scheduled(companion):
    assert "Nothing is scheduled in this channel" in await ask(companion, "/schedule list", asker=VIEWER)


async def test_cancel_stops_a_schedule(companion):
    await ask(companion, "/schedule trivia fridays 20:00")
    assert await ask(companion, "/schedule cancel id:1") == "Cancelled schedule #1: the trivia round Fridays at 20:00."
    assert await companion.store.active_schedules("test", "server-1") == []
    assert (await companion.store.schedule(1)).next_due is None


BAD = [
    ('/schedule trivia when:"fridays 20:00" tz:America/Los_Angelos', "Did you mean America/Los_Angeles?"),
    ('/schedule trivia when:"fridays 20:00" tz:Mars/Olympus', "I don't know the time zone “Mars/Olympus”"),
    ('/schedule trivia when:"2026-02-27 20:00" tz:America/Los_Angeles', "is in the past: Fri 27 Feb 2026, 20:00 PST"),
    ('/schedule trivia when:"today at 3am" tz:America/Los_Angeles', "is in the past"),
    ("/schedule trivia when:0 0 30 2 *", "never fires"),
    ("/schedule recap when:0 0 31 4 *", "never fires"),
    ('/schedule trivia when:"blah blah" tz:UTC', "has no time of day"),
    ('/schedule trivia when:"whenever 9pm"', "I can't read “whenever”"),
    ("/schedule trivia when:61 * * * *", "is not a cron expression I can use"),
    ("/schedule trivia fridays 20:00 questions:0", "questions must be at least 1"),
    ("/schedule trivia fridays 20:00 questions:10000", "questions must be at most 20"),
    ("/schedule trivia fridays 20:00 seconds:-5", "seconds must be at least 10"),
    ("/schedule trivia fridays 20:00 category:cooking", "There is no trivia category “cooking”"),
    ("/schedule trivia tz:UTC", "/schedule trivia needs when"),
    ("/schedule cancel id:99", "There is no schedule #99 on this server"),
    ("/schedule cancel id:abc", "id takes a whole number"),
    ("/schedule cancel id:2", "There is no schedule #2 on this server"),  # server-2's
    ("/schedule cancel id:1", "Schedule #1 has already stopped"),
]


@pytest.mark.parametrize(("command", "said"), BAD)
async def test_bad_input_gets_a_clear_message_and_changes_nothing(companion, command, said):
    await ask(companion, "/schedule trivia fridays 20:00")
    await ask(companion, "/schedule cancel id:1")
    await ask(companion, "/schedule trivia daily 09:00", place=OTHER_SERVER)
    before = await rows(companion.store)
    reply = await companion.handle_text(PLACE, MODERATOR, command)
    assert said in plain(reply)
    assert reply.visibility is Visibility.EPHEMERAL
    assert await rows(companion.store) == before


@pytest.mark.parametrize(
    "command",
    ['/schedule trivia when:"fridays 20:00" tz:UTC', "/schedule recap fridays 20:00", "/schedule cancel id:1"],
)
async def test_only_moderators_schedule_or_cancel(companion, command):
    await ask(companion, "/schedule trivia fridays 20:00")
    before = await rows(companion.store)
    said = await ask(companion, command, asker=Asker("fan", "Fan"))
    assert said.startswith("Only moderators can use /schedule")
    assert await rows(companion.store) == before


async def test_echoed_text_cannot_ping_anyone(companion):
    said = await ask(companion, '/schedule trivia when:"@everyone 20:00" tz:@here')
    assert "@everyone" not in said and "@here" not in said


async def test_a_one_off_later_today_is_accepted(companion):
    said = await ask(companion, '/schedule trivia when:"today at 9pm" tz:America/Los_Angeles')
    assert "once, on Sunday 1 March 2026 at 21:00" in said
    (stored,) = await companion.store.active_schedules("test", "server-1")
    assert stored.next_due == utc(2026, 3, 2, 5) and stored.next_due - NOW == timedelta(hours=17)
