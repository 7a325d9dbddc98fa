"""Commands declared by the tests, to drive what the real features never do: moderator-only top-level
commands and groups, replies past Discord's limits, too many buttons, and a handler that crashes."""

from __future__ import annotations

from bot.commands import ActionRoute, Command, Feature, Option, OptionType
from bot.context import Context
from bot.episodes import Episode
from bot.reply import Action, Kind, Part, Reply, Visibility, field_part, heading, message, note, text

FINALE = Episode(1, 10)
HIDDEN = "XYZZY secret | with || pipes \\ and `ticks` ||"


async def sweep(ctx: Context) -> Reply:
    return message("Swept.", visibility=Visibility.PUBLIC)


async def long_reply(ctx: Context) -> Reply:
    """Fifty sections of 600 characters, every third one hidden: about 30,000 characters in all."""
    parts: list[Part] = [heading("A very long reply")]
    for number in range(50):
        body = f"Section {number}: " + "word " * 118
        if number % 3 == 0:
            parts.append(Part(Kind.SPOILER, f"Secret {number}: " + "XYZZY " * 95, FINALE))
        else:
            parts.append(field_part(f"Heading {number}", body))
    parts.append(note("The end."))
    visibility = Visibility.PUBLIC if ctx.options.get("share") else Visibility.EPHEMERAL
    return Reply(tuple(parts), visibility, (Action("extra:boom", "Boom"),))


async def one_huge_part(ctx: Context) -> Reply:
    return Reply((text("filler " * 1500), Part(Kind.SPOILER, HIDDEN * 300, FINALE)))


async def buttons(ctx: Context) -> Reply:
    actions = [Action(f"extra:{number}", f"Button {number} " + "label " * 20) for number in range(30)]
    actions.append(Action("extra:" + "x" * 120, "Too long an id"))
    return Reply((text("Many buttons."),), Visibility.PUBLIC, tuple(actions))


async def crash(ctx: Context) -> Reply:
    raise RuntimeError("a bug in a handler")


async def press(ctx: Context, rest: str) -> Reply:
    if rest == "boom":
        raise RuntimeError("a bug in a button")
    return message(f"Pressed {rest}.")


FEATURE = Feature(
    commands=(
        Command("sweep", "Moderators only: a test command", sweep, moderator_only=True),
        Command("tidy now", "Moderators only", sweep, moderator_only=True),
        Command("tidy later", "Moderators only", sweep, moderator_only=True),
        Command("long", "An over-long reply", long_reply, (Option("share", "Post it", OptionType.BOOLEAN),)),
        Command("huge", "One over-long part", one_huge_part),
        Command("buttons", "Too many buttons", buttons),
        Command("crash", "A handler that fails", crash),
    ),
    actions=(ActionRoute("extra", press),),
    groups=(("tidy", "Moderators only: a test group"),),
)
