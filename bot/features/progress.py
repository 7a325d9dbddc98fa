"""/progress (a viewer's own) and /horizon (a channel's): the two horizons every reply is cut to."""

from __future__ import annotations

from bot.commands import Command, Completion, Feature, Option, OptionType, UsageError
from bot.context import Context
from bot.episodes import BadEpisodeCode, Episode
from bot.facts import FactBase
from bot.horizons import SERVER_WIDE
from bot.reply import Reply, Visibility, message
from bot.request import Place
from bot.rights import require_channel, require_server
from bot.spoilers import Policy

EPISODE = Option(
    "episode", "An episode code such as S1E4 (S1E0: nothing watched yet)", completion=Completion.EPISODE, max_length=20
)


def parse_episode(facts: FactBase, text: str) -> Episode:
    """A code the show actually has, or a UsageError that shows the accepted forms and the range."""
    try:
        return facts.episode(text)
    except BadEpisodeCode as error:
        raise UsageError(str(error)) from None


async def progress(ctx: Context) -> Reply:
    if "episode" not in ctx.options:
        current = await ctx.progress()
        return message(
            f"You are at {current} of {ctx.facts.show.title}. "
            "Private answers are cut to it; set it with /progress S1E4."
        )
    episode = parse_episode(ctx.facts, ctx.options["episode"])
    await ctx.store.set_progress(ctx.place.platform, ctx.place.server, ctx.asker.user, episode)
    return message(f"Got it: you have watched up to {episode}. Private answers now include everything to there.")


async def horizon(ctx: Context) -> Reply:
    if "episode" not in ctx.options and "spoilers" not in ctx.options:
        current = await ctx.channel()
        where = "this server's default" if current.server_default else "this channel's horizon"
        return message(
            f"{where.capitalize()} is {current.episode}: public answers here show nothing revealed after it "
            f"(later facts are {'spoiler-hidden' if current.policy is Policy.HIDE else 'left out'})."
        )
    server_wide = bool(ctx.options.get("server"))
    require_channel(ctx.asker, "set a channel's horizon")
    if server_wide:
        require_server(ctx.asker, "set the server's default horizon")
    place = Place(ctx.place.platform, ctx.place.server, SERVER_WIDE) if server_wide else ctx.place
    current = (await ctx.store.channel_horizon(place) if server_wide else None) or await ctx.channel()
    episode = parse_episode(ctx.facts, ctx.options["episode"]) if "episode" in ctx.options else current.episode
    policy = Policy(ctx.options.get("spoilers", current.policy))
    party = None if server_wide else await ctx.store.watch_party(ctx.place)
    if party is not None and episode != party.episode:
        raise UsageError(
            f"A watch party runs this channel's horizon (it is at {party.episode}). Move it with /watchparty next, "
            "or end it with /watchparty end first. Nothing was changed."
        )
    await ctx.store.set_channel_horizon(place, episode, policy, ctx.asker.user)
    target = "This server's default horizon" if server_wide else "This channel's horizon"
    shown = "spoiler-hidden" if policy is Policy.HIDE else "left out"
    return message(
        f"{target} is now {episode}; later facts are {shown} in public answers.", visibility=Visibility.PUBLIC
    )


FEATURE = Feature(
    commands=(
        Command(
            "progress",
            "Show or set how far you have watched",
            progress,
            (EPISODE,),
            examples=("/progress", "/progress S1E4"),
        ),
        Command(
            "horizon",
            "Show this channel's spoiler horizon; moderators can set it",
            horizon,
            (
                EPISODE,
                Option("spoilers", "Later facts: hide behind spoiler tags, or omit", choices=("hide", "omit")),
                Option(
                    "server",
                    "Set the server-wide default instead of this channel's (server moderators)",
                    OptionType.BOOLEAN,
                ),
            ),
            examples=("/horizon", "/horizon S1E2", "/horizon S1E2 spoilers:omit"),
        ),
    ),
)
