"""/guard on|off|status|test: moderators guard a channel against members' spoilers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.commands import Command, Feature, Option, UsageError
from bot.context import Context
from bot.guard._decide import horizon_of
from bot.guard._judge import judge
from bot.guard._model import GuardAction
from bot.guard._platform import hides_messages, missing_for_guard
from bot.reply import Reply, Visibility, message
from bot.safety import echo

GROUP = ("guard", "The spoiler guard: members' messages that give away later episodes are hidden")
ACTION = Option("action", "hide (repost inside a spoiler tag) or warn (reply with a warning)", choices=("hide", "warn"))
MESSAGE = Option("message", "A message to try, as a member would post it", required=True, max_length=4000)


async def guard_on(ctx: Context) -> Reply:
    missing = missing_for_guard(ctx.outbox)
    if missing:
        raise UsageError(f"{missing} Nothing was changed.")
    action = GuardAction(ctx.options.get("action", GuardAction.HIDE))
    await ctx.store.guard_channel(ctx.place, action, ctx.asker.user)
    horizon = await horizon_of(ctx.companion, ctx.place)
    lines = [f"The spoiler guard is on here. Messages that give away anything revealed after {horizon} "]
    if action is GuardAction.HIDE and hides_messages(ctx.outbox):
        lines[0] += "(this channel's horizon) are hidden inside a spoiler tag, labelled with the episode."
    elif action is GuardAction.HIDE:
        lines[0] += "(this channel's horizon) get a warning under them, and their authors a private note."
        lines.append("This platform does not let the bot take members' messages down, so *hide* warns instead.")
    else:
        lines[0] += "(this channel's horizon) get a warning under them that names no fact."
    lines.append("Moderators' messages are guarded too. /guard status shows what it did; /guard off stops it.")
    return message(*lines, visibility=Visibility.PUBLIC)


async def guard_off(ctx: Context) -> Reply:
    was = await ctx.store.unguard_channel(ctx.place)
    if was is None:
        raise UsageError("The spoiler guard is not on here, so there is nothing to turn off.")
    return message(
        "The spoiler guard is off here. Moderators can turn it back on with /guard on.", visibility=Visibility.PUBLIC
    )


async def guard_status(ctx: Context) -> Reply:
    guarded = await ctx.store.guarded_channel(ctx.place)
    if guarded is None:
        return message("The spoiler guard is off here. Moderators turn it on with /guard on (or /guard on warn).")
    horizon = await horizon_of(ctx.companion, ctx.place)
    party = await ctx.store.watch_party(ctx.place)
    whose = "the watch party's" if party is not None else "this channel's horizon"
    now = ctx.clock.now()
    counts = await ctx.store.guard_counts(ctx.place, week_start(now))
    action = guarded.action
    if action is GuardAction.HIDE and not hides_messages(ctx.outbox):
        done = "hide (this platform only lets the bot warn)"
    else:
        done = str(action)
    return message(
        f"The spoiler guard is on here (action: {done}). It uses {horizon}, {whose}: messages that give away "
        "anything revealed later are caught.",
        f"This week (since Monday 00:00 UTC) it hid {_count(counts.hidden)} and warned about {_count(counts.warned)}.",
    )


async def guard_test(ctx: Context) -> Reply:
    text = ctx.options["message"]
    horizon = await horizon_of(ctx.companion, ctx.place)
    found = judge(ctx.facts, text, horizon)
    guarded = await ctx.store.guarded_channel(ctx.place)
    state = "" if guarded else " (the guard is off here right now)"
    if found is None:
        return message(f"That would be left alone here{state}: it gives away nothing revealed after {horizon}.")
    words = ", ".join(f"“{echo(word, 40)}”" for word in found.said)
    return message(
        f"That would be hidden here{state}: it gives away a fact from {found.revealed} "
        f"(this channel is at {horizon}). The words that gave it away: {words}."
    )


def week_start(now: datetime) -> datetime:
    """Monday 00:00 UTC of the ISO week `now` falls in."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def _count(number: int) -> str:
    return f"{number} message{'' if number == 1 else 's'}"


FEATURE = Feature(
    commands=(
        Command(
            "guard on",
            "Guard this channel: members' messages that give away later episodes are hidden or warned about",
            guard_on,
            (ACTION,),
            moderator_only=True,
            examples=("/guard on", "/guard on action:warn"),
        ),
        Command("guard off", "Stop guarding this channel", guard_off, moderator_only=True, examples=("/guard off",)),
        Command(
            "guard status",
            "Whether this channel is guarded, the horizon it uses, and what it did this week",
            guard_status,
            examples=("/guard status",),
        ),
        Command(
            "guard test",
            "Privately: would the guard hide this text here, and from which episode",
            guard_test,
            (MESSAGE,),
            moderator_only=True,
            examples=("/guard test what a premiere, no spoilers",),
        ),
    ),
    groups=(GROUP,),
)
