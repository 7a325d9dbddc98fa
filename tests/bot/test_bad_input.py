"""Bad input through every declared command: a clear message, no crash, no state change, no ping.

Every command is tried with every bad text, positionally, as each of its options (typed as text and as a
typed value, as a Discord adapter would send it), by a moderator so moderator-only commands look at the
input too. The database file's rows are compared before and after each attempt.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from bot.commands import Command, CommandSet, OptionType
from bot.companion import SORRY, Companion
from bot.episodes import Episode
from bot.features import ALL_FEATURES
from bot.reply import Reply
from bot.request import Asker, Place, Request
from bot.spoilers import Policy
from bot.store import SqliteStore
from tests.conftest import FACTS

COMMANDS = tuple(CommandSet(ALL_FEATURES))
PLACE = Place("test", "server-1", "general")
MODERATOR = Asker("mod-1", "Mod", moderator=True)
VIEWER = Asker("viewer-1", "Viewer")

BAD = {
    "10,000 characters": "gary " * 2000,
    "control characters": "gary\x00\x07\x1b[31m\x08pearlman\x7f",
    "a newline and a tab": "gary\npearlman\tS1E4",
    "Cyrillic": "Рене Баллард",
    "CJK": "バラード 探偵",
    "right-to-left": "\u202eنامرلريب يراغ\u202c",
    "emoji": "🕵️‍♀️🔥👀",
    "@everyone": "@everyone look",
    "@here": "@here look",
    "<!channel>": "<!channel> look",
    "a role mention": "<@&123456789012345678> look",
    "a user mention": "<@123456789012345678> look",
    "a quote": 'gary "pearlman',
    "option syntax": "share:maybe name:",
}
EMPTY = {"empty": "", "spaces": "   "}
PINGS = re.compile(r"@(everyone|here)\b|<!(channel|here|everyone)\b|<@[&!]?\d", re.IGNORECASE)


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a second connection (WAL shows it what is committed)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        snapshot = {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}
    db.close()
    return snapshot


def assert_clear_and_safe(reply: Reply, tried: str) -> None:
    assert reply.parts, f"no answer to {tried!r}"
    assert reply.parts[0].text.strip(), f"an empty answer to {tried!r}"
    assert reply.parts[0].text != SORRY, f"crashed on {tried!r}"
    shown = [p.text for p in reply.parts] + [p.label or "" for p in reply.parts] + [a.label for a in reply.actions]
    for text in shown:
        assert not PINGS.search(text), f"a ping in {text!r}, answering {tried!r}"
        assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text), (
            f"a control character in {text!r}"
        )
    assert sum(len(text) for text in shown) < 4000, f"an answer too long for a chat message, answering {tried[:40]!r}"


def attempts(command: Command, bad: str) -> list[tuple[str, object]]:
    """(how it was typed, text or options): positionally, and as each option, typed and as a value."""
    tried: list[tuple[str, object]] = [("text", f"/{command.path} {bad}")]
    for option in command.options:
        tried.append(("text", f"/{command.path} {option.name}:{bad}"))
        tried.append(("request", {option.name: bad}))
    return tried


@pytest.fixture
async def setup(tmp_path: Path):
    path = tmp_path / "companion.db"
    store = await SqliteStore.open(path)
    companion = Companion(FACTS, store)
    await store.set_progress(PLACE.platform, PLACE.server, MODERATOR.user, Episode(1, 3))
    await store.set_channel_horizon(PLACE, Episode(1, 2), Policy.HIDE, "mod-1")
    yield companion, path
    await companion.close()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.path)
async def test_bad_text_gets_a_clear_answer_and_changes_nothing(setup, command):
    companion, path = setup
    before = rows(path)
    for name, bad in BAD.items():
        for how, what in attempts(command, bad):
            if how == "request":
                option = command.option(next(iter(what)))  # type: ignore[arg-type]
                if option.type is not OptionType.STRING:
                    continue  # platforms send typed values for these; the text forms above cover bad text
                reply = await companion.handle(Request(PLACE, MODERATOR, command.path, what))  # type: ignore[arg-type]
            else:
                reply = await companion.handle_text(PLACE, MODERATOR, str(what))
            assert_clear_and_safe(reply, f"{name}: {str(what)[:80]}")
            assert rows(path) == before, f"{name} changed the state: {str(what)[:80]!r}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.path)
async def test_an_empty_value_is_the_same_as_none_given(tmp_path, command):
    """`/bio name:` or `/progress "   "` answer exactly as if the option were left out."""
    replies: dict[str, list[Reply]] = {}
    for label, texts in {
        "empty": [f"/{command.path} {o.name}:{EMPTY['empty']}" for o in command.options]
        + [f"/{command.path}{EMPTY['spaces']}"],
        "omitted": [f"/{command.path}" for _ in command.options] + [f"/{command.path}"],
    }.items():
        store = await SqliteStore.open(tmp_path / f"{label}.db")
        companion = Companion(FACTS, store)
        try:
            replies[label] = [await companion.handle_text(PLACE, VIEWER, text) for text in texts]
        finally:
            await companion.close()
    for reply in replies["empty"]:
        assert_clear_and_safe(reply, f"/{command.path} with nothing")
    assert [r.parts[0].text for r in replies["empty"]] == [r.parts[0].text for r in replies["omitted"]]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "/",
        "bio gary",
        "/ bio",
        "/@everyone",
        "/<!channel>",
        "/trivia @here",
        "/help @everyone",
        "/bio\tgary",
        "/BIO GARY",
        "/" + "x" * 10_000,
    ],
)
async def test_text_that_is_hardly_a_command(setup, text):
    companion, path = setup
    before = rows(path)
    reply = await companion.handle_text(PLACE, VIEWER, text)
    assert_clear_and_safe(reply, text)
    assert rows(path) == before


async def test_tab_separated_and_shouting_commands_still_work(setup):
    companion, _ = setup
    for text in ("/bio\tgary", "/BIO GARY", "  /bio   gary  "):
        reply = await companion.handle_text(PLACE, VIEWER, text)
        assert reply.parts[0].text == "Gary Pearlman", text


async def test_a_non_moderator_cannot_set_the_horizon_and_nothing_changes(setup):
    companion, path = setup
    before = rows(path)
    for text in ("/horizon S1E2", "/horizon S1E9", "/horizon spoilers:omit", "/horizon S1E5 server:yes"):
        reply = await companion.handle_text(PLACE, VIEWER, text)
        assert reply.parts[0].text == "Only moderators can set a channel's horizon. Nothing was changed.", text
    assert rows(path) == before
    assert (await companion.store.channel_horizon(PLACE)).episode == Episode(1, 2)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.moderator_only], ids=lambda c: c.path)
async def test_moderator_only_commands_refuse_others_and_change_nothing(setup, command):
    companion, path = setup
    before = rows(path)
    required = {o.name: "S1E4" if o.type is OptionType.STRING else 1 for o in command.options if o.required}
    reply = await companion.handle(Request(PLACE, VIEWER, command.path, required))
    assert reply.parts[0].text == f"Only moderators can use /{command.path}. Nothing was changed."
    assert rows(path) == before


async def test_echoed_text_is_quoted_safely_where_it_is_echoed(setup):
    companion, _ = setup
    reply = await companion.handle_text(PLACE, VIEWER, "/bio @everyone <@&42> <!here>")
    text = reply.parts[0].text
    assert text.startswith("I know no character called “@\u2060everyone <\u2060@&42> <\u2060!here>”")
