"""Whatever is typed after a slash command, Slack's escaped forms included, gets an answer: never a 404,
never an error in the logs, never markup or a broadcast mention in what is sent back."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.slack._commands import slash_commands
from bot.commands import CommandSet
from bot.features import ALL_FEATURES
from tests.adapters.slack.conftest import SlackWorld

NAMES = [command.name for command in slash_commands(CommandSet(ALL_FEATURES))] + ["/nope", "/"]
SLACK_FORMS = [
    "&amp;",
    "&lt;",
    "&gt;",
    "&lt;!channel&gt;",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!here|here>",
    "<@U2|bob>",
    "<@U2>",
    "<#C1|general>",
    "<#C1>",
    "<!subteam^S1|@team>",
    "<!date^1|today>",
    "<https://example.org|a link>",
    "<mailto:a@b.c>",
    "@here",
    "@channel",
    "share:yes",
    "share:maybe",
    "questions:3",
    "seconds:10",
    "spoilers:omit",
    "S1E10",
    "1x04",
    "gary pearlman",
    "renée",
    'text:"a b"',
    "category:",
    ":",
    '"',
    "*bold*",
    "`code`",
    "~",
    "\n",
]
WORDS = st.one_of(st.sampled_from(SLACK_FORMS), st.text(max_size=12))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(NAMES),
    words=st.lists(WORDS, max_size=6),
    user=st.sampled_from(["U1", "U2", "UMOD"]),
)
async def test_any_text_gets_an_answer(world: SlackWorld, caplog: pytest.LogCaptureFixture, name, words, user):
    caplog.set_level(logging.WARNING)
    caplog.clear()
    sent = await world.sender.command(name, " ".join(words)[:3000], user=user)
    assert sent.status == 200, (sent.status, sent.body)
    if not sent.body:
        await world.fake.wait_for("response_url", where=lambda call: call.url == sent.response_url)
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert not errors, [record.getMessage() for record in errors]
