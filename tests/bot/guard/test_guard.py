"""Companion.guard and /guard on|off|status|test, on a real SQLite file."""

from __future__ import annotations

from bot.companion import Companion
from bot.episodes import Episode
from bot.guard import GuardAction, Message, Verdict
from bot.reply import Reply, Visibility
from bot.request import Asker, Place
from bot.spoilers import Policy
from tests.clock import ManualClock
from tests.conftest import MODERATOR, PLACE, VIEWER

SPOILER = "can't believe Tom was the smuggler all along"
ELSEWHERE = Place(PLACE.platform, PLACE.server, "elsewhere")


def said(text: str, author: Asker = VIEWER, place: Place = PLACE, **options: bool) -> Message:
    return Message(place, author, text, "m-1", **options)


def shown(reply: Reply) -> str:
    return " ".join(part.text for part in reply.parts)


async def test_an_unguarded_channel_is_left_alone(guarded: Companion):
    assert await guarded.guard(said(SPOILER)) == Verdict(False)


async def test_a_guarded_channel_hides_what_its_horizon_has_not_reached(guarded: Companion):
    reply = await guarded.handle_text(PLACE, MODERATOR, "/guard on")
    assert reply.visibility is Visibility.PUBLIC and "spoiler guard is on" in shown(reply)
    verdict = await guarded.guard(said(SPOILER))
    assert verdict == Verdict(True, Episode(1, 6), ("tom", "smuggler"), GuardAction.HIDE)
    assert (await guarded.guard(said("who runs the ring, I wonder"))).hide is False
    assert (await guarded.guard(said(SPOILER, place=ELSEWHERE))).hide is False


async def test_moderators_are_guarded_too_and_the_bot_never(guarded: Companion):
    await guarded.handle_text(PLACE, MODERATOR, "/guard on")
    assert (await guarded.guard(said(SPOILER, MODERATOR))).hide is True
    assert (await guarded.guard(said(SPOILER, by_this_bot=True))).hide is False


async def test_the_channel_horizon_and_a_watch_party_move_the_line(guarded: Companion):
    await guarded.handle_text(PLACE, MODERATOR, "/guard on action:warn")
    assert (await guarded.guard(said("mara got shot"))).revealed == Episode(1, 3)
    await guarded.store.set_channel_horizon(PLACE, Episode(1, 3), Policy.HIDE, "mod-1")
    assert (await guarded.guard(said("mara got shot"))).hide is False
    assert (await guarded.guard(said(SPOILER))).action is GuardAction.WARN
    await guarded.handle_text(PLACE, MODERATOR, "/watchparty start episode:S1E6")
    assert (await guarded.guard(said(SPOILER))).hide is False
    status = shown(await guarded.handle_text(PLACE, VIEWER, "/guard status"))
    assert "S1E6, the watch party's" in status


async def test_spoiler_tags_count_only_where_the_platform_shows_them(guarded: Companion):
    await guarded.handle_text(PLACE, MODERATOR, "/guard on")
    assert (await guarded.guard(said("||tom is the smuggler||", spoiler_tags=True))).hide is False
    assert (await guarded.guard(said("||tom is the smuggler||", spoiler_tags=False))).hide is True


async def test_status_counts_this_weeks_hides_and_warnings_honestly(guarded: Companion, clock: ManualClock):
    await guarded.handle_text(PLACE, MODERATOR, "/guard on")
    verdict = await guarded.guard(said(SPOILER))
    await guarded.guarded(said(SPOILER), verdict, GuardAction.HIDE)
    await guarded.guarded(said(SPOILER), verdict, GuardAction.HIDE)
    await guarded.guarded(said(SPOILER), verdict, GuardAction.WARN)
    await guarded.guarded(said("hello"), Verdict(False), GuardAction.HIDE)  # nothing to record
    status = shown(await guarded.handle_text(PLACE, VIEWER, "/guard status"))
    assert "hid 2 messages and warned about 1 message" in status
    await clock.advance(7 * 24 * 3600)
    status = shown(await guarded.handle_text(PLACE, VIEWER, "/guard status"))
    assert "hid 0 messages and warned about 0 messages" in status


async def test_test_says_which_episode_and_never_the_fact(guarded: Companion):
    reply = await guarded.handle_text(PLACE, MODERATOR, "/guard test omg tom is the smuggler")
    text = shown(reply)
    assert reply.visibility is Visibility.EPHEMERAL
    assert "would be hidden here (the guard is off here right now)" in text and "a fact from S1E6" in text
    assert "harbour office" not in text and "ring" not in text
    safe = shown(await guarded.handle_text(PLACE, MODERATOR, "/guard test tom is lovely"))
    assert "left alone" in safe


async def test_only_moderators_turn_it_on_or_off_or_test(guarded: Companion):
    for command in ("/guard on", "/guard off", "/guard test tom smuggler"):
        assert "Only moderators" in shown(await guarded.handle_text(PLACE, VIEWER, command))
    assert await guarded.store.guarded_channel(PLACE) is None


async def test_bad_input_changes_nothing(guarded: Companion):
    reply = await guarded.handle_text(PLACE, MODERATOR, "/guard on action:delete")
    assert "action takes one of: hide, warn" in shown(reply)
    assert await guarded.store.guarded_channel(PLACE) is None
    assert "nothing to turn off" in shown(await guarded.handle_text(PLACE, MODERATOR, "/guard off"))
    assert "needs message" in shown(await guarded.handle_text(PLACE, MODERATOR, "/guard test"))
    await guarded.handle_text(PLACE, MODERATOR, "/guard on")
    for text in ("", "   ", "🔥🔥🔥", "https://example.com", "```tom```" * 0):
        assert (await guarded.guard(said(text))).hide is False


async def test_off_stops_guarding(guarded: Companion):
    await guarded.handle_text(PLACE, MODERATOR, "/guard on")
    assert "guard is off here" in shown(await guarded.handle_text(PLACE, MODERATOR, "/guard off"))
    assert (await guarded.guard(said(SPOILER))).hide is False
    assert "guard is off here" in shown(await guarded.handle_text(PLACE, VIEWER, "/guard status"))


async def test_code_blocks_are_read_like_any_text(guarded: Companion):
    await guarded.handle_text(PLACE, MODERATOR, "/guard on")
    assert (await guarded.guard(said("```\ntom = smuggler\n```"))).hide is True


async def test_a_platform_that_cannot_read_messages_explains_what_is_missing(guarded: Companion):
    class Blind:
        guard_missing = "I cannot read messages here: set DISCORD_MESSAGE_CONTENT=true."

        async def post(self, place, reply):
            return None

        async def edit(self, posted, reply):
            return None

    guarded.outbox = Blind()
    text = shown(await guarded.handle_text(PLACE, MODERATOR, "/guard on"))
    assert "DISCORD_MESSAGE_CONTENT=true" in text and "Nothing was changed" in text
    assert await guarded.store.guarded_channel(PLACE) is None
