"""The Reveal button under public replies: answers only the clicker, cut to the clicker's own progress, and only
when pressed in the channel it was posted in."""

from __future__ import annotations

from bot.commands import ActionRoute, Feature, UsageError
from bot.context import Context
from bot.features import reveal_button
from bot.features.bio import render_bio
from bot.features.recap import Target, recap_parts
from bot.reply import Reply, Visibility
from bot.spoilers import Gate, Policy

NOT_IN_USE = "That button is no longer in use."


async def reveal(ctx: Context, rest: str) -> Reply:
    button = reveal_button.parse_button(rest)
    if button is None or button.tag != ctx.place.tag:
        raise UsageError(NOT_IN_USE)
    gate = Gate(await ctx.progress(), Policy.OMIT)
    not_yet = f"Nothing to reveal to you yet: you are at {gate.horizon}. Set /progress when you have watched more."
    if button.kind is reveal_button.Kind.BIO:
        character = ctx.facts.character(button.key)
        if character is None or not gate.visible(character.revealed):
            raise UsageError(not_yet)
        return render_bio(character, gate, Visibility.EPHEMERAL)
    target: Target = None
    if button.key:
        target = ctx.facts.storyline(button.key)
        if target is None:
            try:
                target = ctx.facts.episode(button.key)
            except ValueError:
                raise UsageError(NOT_IN_USE) from None
        elif not gate.visible(target.revealed):
            raise UsageError(not_yet)
    return Reply(tuple(recap_parts(ctx.facts, target, gate, private=True)), Visibility.EPHEMERAL)


FEATURE = Feature(actions=(ActionRoute(reveal_button.PREFIX, reveal),))
