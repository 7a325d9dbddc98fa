"""/watchparty start|next|status|end, and the "Mark watched" button under every recap post."""

from __future__ import annotations

from bot.commands import ActionRoute, Command, Completion, Feature, Option, UsageError
from bot.context import Context
from bot.episodes import BadEpisodeCode, Episode
from bot.facts import FactBase
from bot.reply import Reply, Visibility, message, text
from bot.schedules import Job
from bot.schedules._times import local_and_utc
from bot.watchparty._recap import WATCHED, actions, parse_watched
from bot.watchparty.party import following, step

GROUP = ("watchparty", "Watch the show together, one episode at a time, with spoiler-hidden recaps")
EPISODE = Option(
    "episode",
    "How far the channel has watched, e.g. S1E3 (default: its horizon)",
    completion=Completion.EPISODE,
    max_length=20,
)


async def start(ctx: Context) -> Reply:
    channel = await ctx.channel()
    episode = _episode(ctx.facts, ctx.options["episode"]) if "episode" in ctx.options else channel.episode
    party = await ctx.store.start_watch_party(ctx.place, episode, ctx.asker.user, ctx.clock.now())
    if party is None:
        running = await ctx.store.watch_party(ctx.place)
        at = f", at {running.episode}" if running else ""
        raise UsageError(
            f"A watch party is already running here{at}. Move on with /watchparty next, or end it with "
            "/watchparty end first. Nothing was changed."
        )
    lines = [
        f"Watch party started at {episode}! This channel's horizon is now {episode}: public answers here show "
        "nothing revealed after it. Moderators move on with /watchparty next."
    ]
    if following(ctx.facts, episode) is None:
        lines.append(f"{episode} is the finale, so there is no next episode to move on to.")
    if episode.number == 0:
        return message(*lines, visibility=Visibility.PUBLIC)
    lines.append(f"Caught up already? “Mark {episode} watched” moves your own progress there.")
    return Reply(tuple(text(line) for line in lines), Visibility.PUBLIC, actions(ctx.place, episode, hidden=False))


async def next_episode(ctx: Context) -> Reply:
    moved = await step(ctx.companion, ctx.place, ctx.asker.user)
    line = (
        f"Watch party: on to {moved.episode}. This channel's horizon is now {moved.episode} "
        f"(was {moved.party.episode})."
    )
    if following(ctx.facts, moved.episode) is None:
        line += " That was the last episode: end the party with /watchparty end when you are done."
    if moved.posted is None:  # nothing was pushed (e.g. a one-shot `companion ask`): the reply is the post
        return Reply((text(line), *moved.recap.parts), Visibility.PUBLIC, moved.recap.actions)
    return message(line, visibility=Visibility.PUBLIC)


async def status(ctx: Context) -> Reply:
    party = await ctx.store.watch_party(ctx.place)
    if party is None:
        channel = await ctx.channel()
        return message(
            f"No watch party is running here; this channel's horizon is {channel.episode}. "
            "Moderators start one with /watchparty start episode:S1E1."
        )
    lines = [
        f"The watch party here is at {party.episode} (it started at {party.first}).",
        f"This channel's horizon follows it: public answers here show nothing revealed after {party.episode}.",
    ]
    upcoming = following(ctx.facts, party.episode)
    lines.append(f"Next: {upcoming}, with /watchparty next (moderators)." if upcoming else "It has reached the finale.")
    for schedule in await ctx.store.active_schedules(ctx.place.platform, ctx.place.server):
        if schedule.place == ctx.place and schedule.job is Job.RECAP and schedule.next_due is not None:
            due = local_and_utc(schedule.next_due, schedule.when.zone)
            lines.append(f"Next scheduled step: {due} (schedule #{schedule.id}).")
    return message(*lines)


async def end(ctx: Context) -> Reply:
    now = ctx.clock.now()
    party = await ctx.store.end_watch_party(ctx.place, ctx.asker.user, now)
    if party is None:
        raise UsageError("No watch party is running here, so there is nothing to end.")
    cancelled = await ctx.store.cancel_channel_schedules(ctx.place, Job.RECAP, ctx.asker.user, now)
    lines = [
        f"Watch party ended at {party.episode}. The channel's horizon stays at {party.episode}; "
        "moderators can change it with /horizon."
    ]
    if cancelled:
        ids = ", ".join(f"#{schedule_id}" for schedule_id in cancelled)
        lines.append(f"Its recap schedule{'s' if len(cancelled) > 1 else ''} ({ids}) stopped with it.")
    return message(*lines, visibility=Visibility.PUBLIC)


def _episode(facts: FactBase, code: str) -> Episode:
    """An episode the show has, or a UsageError saying which codes work."""
    try:
        return facts.episode(code)
    except BadEpisodeCode as error:
        raise UsageError(f"{error} Nothing was started.") from None


async def mark_watched(ctx: Context, rest: str) -> Reply:
    """Moves the clicker's own progress forward to the episode; never backwards. Only from its own channel."""
    button = parse_watched(rest)
    try:
        if button is None or button[1] != ctx.place.tag:
            raise BadEpisodeCode(rest)
        episode = ctx.facts.episode(button[0])
    except BadEpisodeCode:
        raise UsageError("That button is no longer in use.") from None
    current = await ctx.progress()
    if current >= episode:
        return message(
            f"You are already at {current}, so your progress stays there: marking {episode} watched never moves "
            "it backwards. (/progress sets it by hand.)"
        )
    await ctx.store.set_progress(ctx.place.platform, ctx.place.server, ctx.asker.user, episode)
    return message(f"Marked: you have watched up to {episode} (you were at {current}). Private answers now include it.")


FEATURE = Feature(
    commands=(
        Command(
            "watchparty start",
            "Start a watch party here at an episode; it sets the channel's horizon",
            start,
            (EPISODE,),
            moderator_only=True,
            examples=("/watchparty start episode:S1E3",),
        ),
        Command(
            "watchparty next",
            "Move the watch party on one episode and post its spoiler-hidden recap",
            next_episode,
            moderator_only=True,
            examples=("/watchparty next",),
        ),
        Command("watchparty status", "Where this channel's watch party is", status, examples=("/watchparty status",)),
        Command(
            "watchparty end",
            "End the watch party; the channel's horizon stays where it is",
            end,
            moderator_only=True,
            examples=("/watchparty end",),
        ),
    ),
    actions=(ActionRoute(WATCHED, mark_watched),),
    groups=(GROUP,),
)
