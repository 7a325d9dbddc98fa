"""Every declared command through Discord: registration mirrors the declarations, every example is answered."""

import pytest

from bot.commands import CommandSet, Group, OptionType, convert, parse_command
from bot.features import ALL_FEATURES
from tests.adapters.discord.fake import NotOffered
from tests.adapters.discord.fake._model import MODERATOR
from tests.adapters.discord.reading import is_apology, is_ephemeral, spoiler_safe

DECLARED = CommandSet(ALL_FEATURES)
TYPES = {OptionType.STRING: 3, OptionType.INTEGER: 4, OptionType.BOOLEAN: 5}
EXAMPLES = [(command, example) for command in DECLARED for example in command.examples or (f"/{command.path}",)]


def assert_mirrors(registered: dict, command) -> None:
    options = {option["name"]: option for option in registered.get("options", [])}
    assert list(options) == sorted(options, key=lambda name: not options[name]["required"])  # required first
    assert set(options) == {option.name for option in command.options}
    for declared in command.options:
        option = options[declared.name]
        assert option["type"] == TYPES[declared.type]
        assert option["required"] == declared.required
        assert option["description"] == declared.description[:100]
        assert [choice["value"] for choice in option.get("choices", [])] == list(declared.choices)
        assert option.get("autocomplete", False) == (declared.completion is not None and not declared.choices)
        assert option.get("min_value") == declared.min_value and option.get("max_value") == declared.max_value


async def test_registration_mirrors_every_declaration(fake, bot):
    registered = {command["name"]: command for command in fake.commands[None]}
    for entry in DECLARED.top_level():
        command = registered[entry.name]
        assert command["contexts"] == [0] and command["dm_permission"] is False  # horizons live in servers
        if isinstance(entry, Group):
            subcommands = {option["name"]: option for option in command["options"]}
            assert set(subcommands) == {sub.name for sub in entry.commands}
            for sub in entry.commands:
                assert subcommands[sub.name]["type"] == 1
                assert_mirrors(subcommands[sub.name], sub)
            everyone = not all(sub.moderator_only for sub in entry.commands)
        else:
            assert_mirrors(command, entry)
            everyone = not entry.moderator_only
        assert command["default_member_permissions"] == (None if everyone else str(1 << 4))


def discord_values(example: str) -> dict:
    """The options of a typed example as Discord's client sends them (ints and booleans typed)."""
    parsed = parse_command(DECLARED, example)
    values = {}
    for name, raw in parsed.options.items():
        option = parsed.command.option(name)
        values[name] = convert(option, raw) if option.type is not OptionType.STRING else raw
    return values


@pytest.mark.parametrize("who", ["viewer", "moderator"])
async def test_every_example_of_every_command_is_answered_safely(fake, bot, who):
    """Each example in a fresh channel by a fresh user (both at S1E0): answered, no apology, nothing later plain."""
    for number, (command, example) in enumerate(EXAMPLES):
        channel = fake.add_channel(f"room-{number}")
        user = fake.add_user(f"{who}-{number}", MODERATOR if who == "moderator" else fake.user("alice").permissions)
        try:
            interaction = await fake.slash(user, command.path, channel, **discord_values(example))
        except NotOffered:
            assert who == "viewer" and command.moderator_only and not command.group, example
            continue
        messages = await fake.answered(interaction)
        for shown in [*messages, *channel.history]:
            assert not is_apology(shown), example
            spoiler_safe(shown, "S1E0", typed=[example])


async def test_lookups_answer_privately_unless_shared(fake, bot):
    private = (await fake.answered(await fake.slash("alice", "bio", name="renee")))[0]
    public = (await fake.answered(await fake.slash("alice", "bio", name="renee", share=True)))[0]
    assert is_ephemeral(private) and not is_ephemeral(public)
    assert fake.channel("general").history == [public]
    assert is_ephemeral((await fake.answered(await fake.slash("alice", "progress", episode="S1E4")))[0])


async def test_moderator_subcommands_are_refused_by_the_core_to_viewers(fake, bot):
    """/watchparty mixes moderator and viewer subcommands, so Discord shows it to all: the core's check decides."""
    refused = (await fake.answered(await fake.slash("alice", "watchparty start", "watch", episode="S1E2")))[0]
    assert "Only moderators" in refused["content"] and is_ephemeral(refused)
    assert fake.channel("watch").history == []
    started = (await fake.answered(await fake.slash("mod", "watchparty start", "watch", episode="S1E2")))[0]
    assert "Watch party started at S1E2" in started["content"] and not is_ephemeral(started)
