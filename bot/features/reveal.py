"""The Reveal button under public replies: answers only the clicker, cut to the clicker's own progress."""

from __future__ import annotations

from bot.commands import ActionRoute, Feature, UsageError
from bot.context import Context
from bot.features.bio import render_bio
from bot.features.recap import recap_parts
from bot.reply import Reply, Visibility
from bot.spoilers import Gate, Policy


async def reveal(ctx: Context, target: str) -> Reply:
    kind, _, key = target.partition(":")
    gate = Gate(await ctx.progress(), Policy.OMIT)
    if kind == "bio":
        character = ctx.facts.character(key)
        if character is None or not gate.visible(character.revealed):
            raise UsageError(
                f"Nothing to reveal to you yet: you are at {gate.horizon}. Set /progress when you have watched more."
            )
        return render_bio(character, gate, Visibility.EPHEMERAL)
    if kind == "recap":
        return Reply(tuple(recap_parts(ctx.facts, key, gate, private=True)), Visibility.EPHEMERAL)
    raise UsageError("That button is no longer in use.")


FEATURE = Feature(actions=(ActionRoute("reveal", reveal),))
