"""/help: what the bot can do, with examples, generated from the declarations and cut to the asker's progress.

An example that names a character, storyline or term the asker cannot see yet is left out: /help is read
before anything else, and must not be where a reader first meets a later name.
"""

from __future__ import annotations

from bot.commands import Command, Completion, Feature, OptionType, UsageError, parse_command
from bot.context import Context
from bot.episodes import BadEpisodeCode, Episode
from bot.facts import FactBase
from bot.features.search import matches
from bot.lookup import characters_at, names_hidden, storylines_at
from bot.names import fold
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
        examples = "  ·  ".join(examples_at(ctx, command, progress)) or command.usage
        parts.append(field_part(f"{command.usage}{suffix}", f"{command.description}. e.g. {examples}"))
    return Reply(tuple(parts))


def examples_at(ctx: Context, command: Command, horizon: Episode) -> list[str]:
    return [example for example in command.examples if example_visible(ctx, example, horizon)]


def example_visible(ctx: Context, example: str, horizon: Episode) -> bool:
    """Names nothing later than `horizon`, and what it looks up is found by then."""
    facts = ctx.facts
    if names_hidden(facts, example, horizon):
        return False
    try:
        parsed = parse_command(ctx.companion.commands, example)
    except UsageError:
        return False
    for name, value in parsed.options.items():
        option = parsed.command.option(name)
        if option is None or option.type is not OptionType.STRING or option.choices:
            continue
        if not _found(facts, option.completion, name, value, horizon):
            return False
    return True


def _found(facts: FactBase, completion: Completion | None, name: str, value: str, horizon: Episode) -> bool:
    if completion is Completion.CHARACTER:
        return characters_at(facts, horizon).lookup(value).found is not None
    if completion in (Completion.RECAP, Completion.STORYLINE):
        try:
            return facts.has_episode(facts.parse_episode(value))
        except BadEpisodeCode:
            return storylines_at(facts, horizon).lookup(value, cutoff=70).found is not None
    if completion is Completion.CATEGORY:
        return any(question.category == value and question.revealed <= horizon for question in facts.questions)
    if completion is None and name in {"words", "text"}:  # free text about the show: it must be there by then
        words = fold(value).split()
        return len(value) <= 1 or any(matches(facts, words, horizon))
    return True


FEATURE = Feature(
    commands=(Command("help", "What I can do, with examples", help_command, examples=("/help",)),),
)
