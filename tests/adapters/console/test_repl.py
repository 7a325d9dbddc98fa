"""The interactive console: a session driven line by line, and one real `companion console` process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from adapters.console._repl import CONSOLE_HELP, ConsoleOutbox, ConsoleSession
from bot.companion import Companion
from bot.episodes import Episode
from bot.reply import Action, Reply, Visibility, text
from bot.request import Place
from tests.clock import ManualClock
from tests.conftest import FACTS

TWIST = "Gary turns out to be the serial killer"


@pytest.fixture
async def session(store):
    outbox = ConsoleOutbox()
    companion = Companion(FACTS, store, outbox=outbox, clock=ManualClock())
    yield ConsoleSession(companion, outbox)
    await companion.close()


async def test_spoilers_are_masked_until_revealed(session):
    shown = await session.line("/bio gary pearlman")
    assert shown.startswith("(only you can see this)")
    assert "GARY PEARLMAN" in shown
    assert "█████ spoiler #1–#4: revealed in S1E10 — type 'reveal' to show █████" in shown
    assert TWIST not in shown
    revealed = await session.line("reveal")
    assert "[spoiler, S1E10] The serial killer: " + TWIST in revealed


async def test_reveal_with_nothing_to_reveal(session):
    assert await session.line("reveal") == "Nothing to reveal yet."


async def test_pressing_the_reveal_button_answers_at_your_own_progress(session):
    shared = await session.line("/bio gary pearlman share:yes")
    assert shared.startswith("(posted in the channel)")
    assert "[Reveal (only to me)]" in shared
    before = await session.line("press 1")
    assert before.startswith("(only you can see this)") and TWIST not in before
    assert "4 more bio sections are left out: revealed from S1E10, beyond S1E0." in before
    await session.line("/progress s1e10")
    await session.line("/bio gary pearlman share:yes")
    assert TWIST in await session.line("press 1")


@pytest.mark.parametrize("typed", ["press", "press 2", "press 0", "press -1", "press one"])
async def test_pressing_a_button_that_is_not_there(session, typed):
    assert await session.line(typed) == "There is no button to press."
    await session.line("/bio gary pearlman share:yes")
    assert await session.line(typed) == "Press which button? Give a number from 1 to 1."


async def test_press_takes_the_buttons_of_whatever_came_last(session):
    """A channel post after a reply (a trivia question) is what `press` presses, and the other way round."""
    await session.line("/recap share:yes")
    await session.outbox.post(session.place, Reply((text("Quiz"),), Visibility.PUBLIC, (Action("nowhere:1", "A"),)))
    assert await session.line("press 1") == "(only you can see this)\nThat button is no longer in use."
    shared = await session.line("/recap share:yes")
    assert "[Reveal (only to me)]" in shared
    assert "That button" not in await session.line("press 1")


async def test_as_speaks_as_someone_else_with_their_own_progress(session):
    await session.line("/progress S1E4")
    assert await session.line("as ana") == "You are now ana."
    assert "You are at S1E0" in await session.line("/progress")
    assert await session.line('as "Ben Lee" extra') == "You are now Ben Lee."
    assert await session.line('as "unclosed') == 'You are now "unclosed.'
    await session.line("as Sam")
    assert "You are at S1E4" in await session.line("/progress")


async def test_channel_moves_to_a_channel_with_its_own_horizon(session):
    await session.line("/horizon S1E3")
    assert await session.line("channel #watch") == "You are now in #watch."
    assert "is S1E0" in await session.line("/horizon")
    await session.line("channel general")
    assert "is S1E3" in await session.line("/horizon")
    assert session.place == Place("console", "local", "general")


async def test_without_moderator_powers_the_horizon_cannot_be_set(session):
    assert await session.line("mod off") == "Moderator powers off."
    refused = await session.line("/horizon S1E2")
    assert "Only moderators can set a channel's horizon. Nothing was changed." in refused
    assert await session.companion.store.channel_horizon(session.place) is None
    assert await session.line("mod on") == "Moderator powers on."
    await session.line("/horizon S1E2")
    assert (await session.companion.store.channel_horizon(session.place)).episode == Episode(1, 2)


@pytest.mark.parametrize("typed", ["hello", "reveal please", "moderator on"])
async def test_anything_else_gets_a_hint(session, typed):
    answer = await session.line(typed)
    if typed == "reveal please":
        assert answer == "Nothing to reveal yet."
    else:
        assert answer == "I did not get that. Commands start with '/', e.g. /help; type 'help' for console commands."


@pytest.mark.parametrize(
    ("typed", "explained"),
    [
        ("as", "You are Sam. To speak as someone else, give a name: as ana"),
        ("as   ", "You are Sam. To speak as someone else, give a name: as ana"),
        ("channel", "You are in #general. To move, give a channel: channel watch"),
        ("channel #", "You are in #general. To move, give a channel: channel watch"),
        ("mod", "Moderator powers are on. Type 'mod on' or 'mod off'."),
        ("mod maybe", "Moderator powers are on. Type 'mod on' or 'mod off'."),
    ],
)
async def test_a_console_command_without_its_argument_explains_itself(session, typed, explained):
    assert await session.line(typed) == explained
    assert (session.asker.name, session.place.channel, session.asker.moderator) == ("Sam", "general", True)


async def test_the_prompt_shows_who_you_are_where_and_whether_you_moderate(session):
    assert session.prompt == "[Sam (mod) in #general] > "
    await session.line("mod off")
    await session.line("as ana")
    await session.line("channel watch")
    assert session.prompt == "[ana in #watch] > "
    assert "Moderator powers are off." in await session.line("mod")


async def test_the_default_user_is_named_in_messages(session):
    await session.line("/trivia start questions:1")
    await session.line("mod off")
    await session.line("as ana")
    stopped = await session.line("/trivia stop")
    assert "Only Sam, who started this round, or a moderator can stop it." in stopped


@pytest.mark.parametrize("letter", ["A", "b", "C", "d"])
async def test_trivia_answers_are_pressed_by_their_letter(session, capsys, letter):
    await session.line("/trivia start questions:1")
    question = capsys.readouterr().out
    assert "[A]  [B]  [C]  [D]" in question and "(answer with:  press A … press D)" in question
    assert "press <number>" not in question
    answered = await session.line(f"press {letter}")
    assert answered.endswith(f"Got it for question 1; the answer comes at the close. You said {letter.upper()}")


async def test_a_letter_that_is_no_button_says_which_letters_are(session):
    await session.line("/trivia start questions:1")
    for typed in ("press E", "press", "press 5", "press AB", "press ²", "press " + "1" * 5000, "press 0"):
        assert await session.line(typed) == "Press which button? Give a letter from A to D."
    assert (await session.line("press 2")).endswith("You said B"), "numbers still work"


async def test_help_and_empty_lines(session):
    assert await session.line("help") == CONSOLE_HELP
    assert await session.line("   ") == ""
    assert "/bio <name>" in await session.line("/help")


async def test_channel_posts_are_printed_as_they_happen(capsys):
    outbox = ConsoleOutbox()
    posted = await outbox.post(Place("console", "local", "watch"), Reply((text("Question 1"),), Visibility.PUBLIC))
    await outbox.edit(posted, Reply((text("Question 1, closed"),), Visibility.PUBLIC))
    out = capsys.readouterr().out
    assert "#watch ▸ (posted in the channel)\nQuestion 1" in out
    assert f"#watch (message {posted.message_id} updated) ▸ (posted in the channel)\nQuestion 1, closed" in out


def test_companion_console_as_a_real_process(tmp_path):
    """A few lines on stdin, then end of input: the console answers each and leaves cleanly."""
    lines = ["/progress s1e4", "/bio gary pearlman", "reveal", "nonsense", "/bio montana"]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "COMPANION_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="\n".join(lines) + "\n",
        cwd=tmp_path,
        env={**environment, "HOME": str(tmp_path), "COMPANION_DB": str(tmp_path / "console.db")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Show Companion — console.")
    assert "Got it: you have watched up to S1E4." in out
    assert "█████ spoiler #1–#4: revealed in S1E10" in out
    assert out.count(TWIST) == 1, "once, after 'reveal'"
    assert out.index("█████ spoiler #1") < out.index(TWIST)
    assert "I did not get that." in out
    assert "I know no character called “montana” by S1E4." in out
    assert "[Sam (mod) in #general] > " in out
    assert "Traceback" not in done.stderr
    assert (tmp_path / "console.db").exists()


async def test_say_posts_as_you_and_the_guard_hides_a_spoiler(session):
    me = session.asker.name
    assert (await session.line("say what a premiere!")) == f"(posted in the channel)\n{me}: what a premiere!"
    await session.line("/guard on")
    hidden = await session.line("say omg Gary was the killer all along")
    assert "hidden by the spoiler guard: reveals S1E10" in hidden and "killer" not in hidden
    assert "█████ spoiler #1: revealed in S1E10" in hidden
    assert f"{me}: omg Gary was the killer all along" in await session.line("reveal")
    await session.line("as alice")
    assert "alice: ||gary is the killer||" in await session.line("say ||gary is the killer||")
    assert "it hid 1 message" in await session.line("/guard status")


async def test_say_warns_in_a_warn_channel_and_needs_text(session):
    await session.line("/guard on action:warn")
    warned = await session.line("say rawls got shot omg")
    assert f"{session.asker.name}: rawls got shot omg" in warned and "reveals something from S1E10" in warned
    assert (await session.line("say   ")).startswith("Say what?")


async def test_a_button_pressed_from_another_channel_is_refused(session):
    """The console lets a reader switch channels and press the last buttons seen: the core refuses them there."""
    assert "Reveal" in await session.line("/bio gary pearlman share:yes")
    await session.line("channel other")
    assert "That button is no longer in use." in await session.line("press 1")  # the bio's Reveal
    await session.line("channel general")
    await session.line("/horizon S1E10")
    assert "question 1 is up" in await session.line("/trivia start questions:1 seconds:20")
    running = await session.companion.store.running_round(Place("console", "local", "general"))
    question = await session.companion.store.asked_question(running.id, running.current)
    await session.line("channel other")
    right = f"press {'ABCD'.index(question.letter) + 1}"
    assert "That button is no longer in use." in await session.line(right)
    assert await session.companion.store.round_table(running.id, through=running.current) == []
    await session.line("channel general")
    assert "Got it" in await session.line(right)
