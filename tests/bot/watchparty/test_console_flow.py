"""A watch party end to end in the console: a real database, the console's outbox, typed lines and button presses."""

from adapters.console._repl import ConsoleOutbox, ConsoleSession
from bot.companion import Companion
from bot.episodes import Episode
from bot.reply import Kind
from bot.request import Place
from tests.bot.schedules.helpers import utc
from tests.bot.spoiler_invariant import assert_no_plain_spoilers, assert_text_has_no_spoilers
from tests.clock import ManualClock
from tests.conftest import FACTS

CONSOLE = Place("console", "local", "general")


async def test_a_watch_party_in_the_console(store, capsys):
    outbox = ConsoleOutbox()
    companion = Companion(FACTS, store, clock=ManualClock(utc(2026, 3, 6, 20)), outbox=outbox)
    session = ConsoleSession(companion, outbox)

    started = await session.line("/watchparty start episode:S1E9")
    assert started.startswith("(posted in the channel)") and "Watch party started at S1E9!" in started

    said = " ".join((await session.line("/watchparty next")).split())
    assert said == (
        "(posted in the channel) Watch party: on to S1E10. This channel's horizon is now S1E10 (was S1E9). "
        "That was the last episode: end the party with /watchparty end when you are done."
    )
    printed = capsys.readouterr().out
    assert "#general ▸ (posted in the channel)" in printed and "█████ spoiler #1–#31: revealed in S1E10" in printed
    assert_text_has_no_spoilers(printed, Episode(1, 9))
    post = outbox.last
    assert post is not None and any(part.kind is Kind.SPOILER for part in post.parts)
    assert [action.id for action in post.actions] == [
        f"watched:S1E10:{CONSOLE.tag}",
        f"reveal:recap:S1E10:{CONSOLE.tag}",
    ]
    assert_no_plain_spoilers(post, Episode(1, 9))

    await session.line("mod off")
    await session.line("as alice")
    await session.line("/progress s1e2")
    assert " ".join((await session.line("press 1")).split()) == (
        "(only you can see this) Marked: you have watched up to S1E10 (you were at S1E2). "
        "Private answers now include it."
    )
    revealed = await session.line("press 2")
    assert "WHAT S1E10 ADDS" in revealed and "█" not in revealed

    await session.line("as bob")
    await session.line("/progress s1e10")
    kept = " ".join((await session.line("press 1")).split())
    assert "You are already at S1E10, so your progress stays there" in kept
    assert "Only moderators can use /watchparty next" in await session.line("/watchparty next")
    assert "The watch party here is at S1E10 (it started at S1E9)." in await session.line("/watchparty status")

    await session.line("mod on")
    ended = " ".join((await session.line("/watchparty end")).split())
    assert "Watch party ended at S1E10. The channel's horizon stays at S1E10" in ended

    assert await store.watch_party(CONSOLE) is None
    assert (await store.channel_horizon(CONSOLE)).episode == Episode(1, 10)
    assert await store.progress("console", "local", "alice") == Episode(1, 10)
    assert await store.progress("console", "local", "bob") == Episode(1, 10)
    assert "No watch party is running here; this channel's horizon is S1E10" in await session.line("/watchparty status")
