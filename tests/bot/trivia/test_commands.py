"""Bad input: a clear message each time, and nothing changed."""

from __future__ import annotations

import pytest

from bot.reply import Visibility
from tests.bot.trivia.conftest import HOST, MOD, PLACE, PLAYERS, Table, plain

ANA = PLAYERS[0]


async def snapshot(table: Table) -> list[tuple]:
    async with table.store.db.execute(
        "SELECT r.id, r.status, r.current, r.ended_by, (SELECT COUNT(*) FROM trivia_answer a WHERE a.round_id = r.id)"
        " FROM trivia_round r ORDER BY r.id"
    ) as cursor:
        return list(await cursor.fetchall())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/trivia start questions:0", "questions must be at least 1"),
        ("/trivia start questions:10000", "questions must be at most 20"),
        ("/trivia start questions:-3", "questions must be at least 1"),
        ("/trivia start questions:lots", "questions takes a whole number"),
        ("/trivia start seconds:-5", "seconds must be at least 10"),
        ("/trivia start seconds:0", "seconds must be at least 10"),
        ("/trivia start seconds:100000", "seconds must be at most 120"),
        (
            "/trivia start category:cooking",
            "There is no trivia category “cooking” at S1E0. Try one of: backstory, bosch, characters.",
        ),
        ("/trivia start category:finale", "There is no trivia category “finale” at S1E0"),
        ("/trivia start category:@everyone", "There is no trivia category “everyone”"),
        ("/trivia stop", "No trivia round is running here"),
        ("/trivia answer text:harry bosch", "No trivia round is running in this channel"),
        ("/trivia answer", "/trivia answer needs text"),
        ("/trivia leaderboard period:month", "period takes one of: all, week"),
        ("/trivia leaderboard scope:galaxy", "scope takes one of: channel, server"),
        ("/trivia dance", "“dance” is not a /trivia subcommand"),
    ],
)
async def test_bad_input_gets_a_clear_message_and_changes_nothing(table: Table, typed, expected):
    before = await snapshot(table)
    reply = await table.say(ANA, typed)
    assert expected in plain(reply)
    assert reply.visibility is Visibility.EPHEMERAL
    assert await snapshot(table) == before
    assert table.outbox.posts == []


async def test_an_unknown_category_lists_what_this_channels_horizon_has(table: Table):
    await table.horizon("S1E10")
    reply = await table.say(ANA, "/trivia start category:cooking")
    assert plain(reply).endswith("Try one of: backstory, bosch, characters, conspiracy, finale, serial-killer.")


async def test_a_category_may_be_typed_loosely(table: Table):
    await table.horizon("S1E10")
    reply = await table.say(ANA, "/trivia start category:Serial Killer questions:2")
    assert "question 1 is up" in plain(reply)


async def test_a_second_round_in_the_channel_is_refused(table: Table):
    await table.say(HOST, "/trivia start questions:3")
    before = await snapshot(table)
    reply = await table.say(ANA, "/trivia start")
    assert "A round is already running here (question 1 of 3, started by Host)" in plain(reply)
    assert await snapshot(table) == before and len(table.outbox.posts) == 1


async def test_only_the_starter_or_a_moderator_stops_a_round(table: Table):
    await table.say(HOST, "/trivia start questions:3")
    before = await snapshot(table)
    refused = await table.say(ANA, "/trivia stop")
    assert plain(refused) == "Only Host, who started this round, or a moderator can stop it. Nothing was changed."
    assert await snapshot(table) == before
    stopped = await table.say(MOD, "/trivia stop")
    assert "stopped by Mod" in plain(stopped)
    assert (await snapshot(table))[0][1:4] == ("stopped", 1, "mod")


async def test_buttons_that_are_not_ours_or_malformed_say_so(table: Table):
    await table.say(HOST, "/trivia start questions:3")
    for action in ("trivia:1:1:E", "trivia:1:x:A", "trivia:9:1:A", "trivia:1:9:A", "trivia:", "trivia:1:1:A:B"):
        reply = await table.press(ANA, action)
        assert "no longer in use" in plain(reply) or "has ended" in plain(reply), action
    other_server = PLACE.__class__(PLACE.platform, "server-2", PLACE.channel)
    assert "no longer in use" in plain(await table.press(ANA, "trivia:1:1:A", place=other_server))
    assert (await snapshot(table))[0][4] == 0


async def test_a_typed_answer_is_echoed_safely(table: Table):
    await table.say(HOST, "/trivia start questions:3")
    reply = await table.say(ANA, "/trivia answer text:@everyone <@&123> look")
    assert "@everyone" not in plain(reply) and "<@&" not in plain(reply)
    assert "Got it" in plain(reply)
