"""/help: what the bot can do, with examples, generated from the declarations."""

from __future__ import annotations

from bot.commands import Command, Feature
from bot.context import Context
from bot.reply import Part, Reply, field_part, heading, note


async def help_command(ctx: Context) -> Reply:
    progress = await ctx.progress()
    parts: list[Part] = [
        heading(f"{ctx.facts.show.title} companion"),
        note(
            f"I talk about {ctx.facts.show.title} without spoilers. Private answers stop at your progress "
            f"(now {progress}); public ones stop at the channel's horizon."
        ),
    ]
    for command in ctx.companion.commands:
        suffix = " (moderators)" if command.moderator_only else ""
        examples = "  ·  ".join(command.examples) or command.usage
        parts.append(field_part(f"{command.usage}{suffix}", f"{command.description}. e.g. {examples}"))
    return Reply(tuple(parts))


FEATURE = Feature(
    commands=(Command("help", "What I can do, with examples", help_command, examples=("/help",)),),
)
