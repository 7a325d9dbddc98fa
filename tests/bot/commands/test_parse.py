"""The text form of commands, shared by the console, Slack and `companion ask`."""

from __future__ import annotations

import pytest

from bot.commands import CommandSet, UsageError, parse_command
from bot.features import ALL_FEATURES
from tests.bot.commands.text_form import as_text

COMMANDS = CommandSet(ALL_FEATURES)


def parsed(text: str) -> tuple[str, dict[str, str]]:
    result = parse_command(COMMANDS, text)
    return result.command.path, result.options


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/bio gary pearlman", ("bio", {"name": "gary pearlman"})),
        ("/bio gary pearlman share:yes", ("bio", {"name": "gary pearlman", "share": "yes"})),
        ("/bio share:yes gary pearlman", ("bio", {"share": "yes gary pearlman"})),
        ("/bio name:gary pearlman share:yes", ("bio", {"name": "gary pearlman", "share": "yes"})),
        ('/bio name:"gary pearlman" share:yes', ("bio", {"name": "gary pearlman", "share": "yes"})),
        ('/bio "J. Edgar"', ("bio", {"name": "J. Edgar"})),
        ("/bio time: 10 share:no", ("bio", {"name": "time: 10", "share": "no"})),
        ("/progress s1e4", ("progress", {"episode": "s1e4"})),
        ("/recap", ("recap", {})),
        ("/RECAP Share:Yes", ("recap", {"share": "Yes"})),
        ("/bio\tgary", ("bio", {"name": "gary"})),
        ("  /help  ", ("help", {})),
    ],
)
def test_parsing(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bio gary", "Commands start with a slash, for example `/help`."),
        ("/", "Type a command after the slash, for example `/help`."),
        ("/nothing", "There is no /nothing command. Type /help to see what I can do."),
        ("/bio share:yes share:no", "share is given twice."),
        ("/help me please", "I did not understand “me please”. Usage: /help"),
        (
            "/bio gary sahre:yes",
            "/bio has no option “sahre”. Did you mean share:? Its options: name, share. Usage: /bio <name> [share:…]",
        ),
        ("/bio time:10 share:no", "/bio has no option “time”. Its options: name, share. Usage: /bio <name> [share:…]"),
        ("/help all:yes", "/help has no option “all”. It takes no options. Usage: /help"),
        ("/bi gary", "There is no /bi command. Did you mean /bio? Type /help to see what I can do."),
        ("/trivai start", "There is no /trivai command. Did you mean /trivia? Type /help to see what I can do."),
        (
            "/trivia strat",
            "“strat” is not a /trivia subcommand. Did you mean /trivia start? "
            "Try one of: start, answer, stop, score, leaderboard.",
        ),
        (
            "/trivia start 15",
            "“15” could be questions:15 or seconds:15: say which. Usage: /trivia start [category] "
            "[questions:…] [seconds:…]",
        ),
    ],
)
def test_what_is_not_understood_says_what_to_type(text, message):
    with pytest.raises(UsageError) as raised:
        parse_command(COMMANDS, text)
    assert str(raised.value) == message


def test_subcommands_of_a_group():
    groups = {c.group for c in COMMANDS if c.group}
    for group in groups:
        with pytest.raises(UsageError, match=f"^Say which /{group} subcommand you mean: "):
            parse_command(COMMANDS, f"/{group}")
        with pytest.raises(UsageError, match=f"“@\u2060everyone” is not a /{group} subcommand"):
            parse_command(COMMANDS, f"/{group} @everyone")


@pytest.mark.parametrize("options", [{"name": "gary pearlman", "share": "yes"}, {"name": "renee"}, {}])
def test_as_text_parses_back(options):
    command = COMMANDS.get("bio")
    assert parse_command(COMMANDS, as_text(command, options)).options == options


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/schedule cancel 4", ("schedule cancel", {"id": "4"})),
        ("/schedule cancel four", ("schedule cancel", {"id": "four"})),  # its own conversion says what it takes
        ("/trivia start 3", ("trivia start", {"questions": "3"})),
        ("/trivia start 60 questions:3", ("trivia start", {"questions": "3", "seconds": "60"})),
        ("/trivia start characters", ("trivia start", {"category": "characters"})),
        ("/progress 5", ("progress", {"episode": "5"})),
        ("/trivia answer 3", ("trivia answer", {"text": "3"})),
    ],
)
def test_an_unambiguous_bare_value_goes_to_the_one_option_that_takes_it(text, expected):
    assert parsed(text) == expected


def test_an_unknown_command_far_from_any_gets_no_guess():
    with pytest.raises(UsageError) as raised:
        parse_command(COMMANDS, "/xyzzyq")
    assert "Did you mean" not in str(raised.value)
