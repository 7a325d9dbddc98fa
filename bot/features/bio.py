"""/bio: a character's bio cut to the horizon that applies to the reply."""

from __future__ import annotations

from functools import lru_cache

from bot.commands import Command, Completion, Feature, Option, OptionType, UsageError
from bot.context import Context
from bot.episodes import Episode
from bot.facts import Character, FactBase
from bot.features import reveal_button
from bot.lookup import characters_at
from bot.reply import Action, Part, Reply, Visibility, field_part, heading, note
from bot.request import Place
from bot.safety import echo
from bot.spoilers import Gate, Policy

NAME = Option(
    "name", "A character's name, alias or surname", required=True, completion=Completion.CHARACTER, max_length=100
)
SHARE = Option("share", "Post it in the channel, cut to the channel's horizon", OptionType.BOOLEAN)


async def bio(ctx: Context) -> Reply:
    visibility = Visibility.PUBLIC if ctx.shared() else Visibility.EPHEMERAL
    gate = await ctx.gate(visibility)
    character = characters_at(ctx.facts, gate.horizon).lookup(ctx.options["name"]).found
    if character is None:
        character = find_character(ctx, ctx.options["name"], gate, listed=min(gate.horizon, await ctx.progress()))
    return bio_reply(ctx.facts, character.id, gate.horizon, gate.policy, visibility, ctx.place)


@lru_cache(maxsize=4096)
def bio_reply(
    facts: FactBase, character_id: str, horizon: Episode, policy: Policy, visibility: Visibility, place: Place
) -> Reply:
    """A bio depends on nothing else, and /bio is the busiest command: each reply is built once."""
    character = facts.character(character_id)
    assert character is not None
    return render_bio(character, Gate(horizon, policy), visibility, place)


def find_character(ctx: Context, query: str, gate: Gate, *, listed: Episode | None = None) -> Character:
    """The character `query` names by the gate's horizon, else a UsageError with close names.

    The error goes privately to the asker, so when a shared lookup runs at a channel's horizon beyond
    their progress, the names it offers come from `listed` (what the asker may see) instead.
    """
    match = characters_at(ctx.facts, gate.horizon).lookup(query)
    if match.found is not None:
        return match.found
    if listed is not None and listed < gate.horizon:
        match = characters_at(ctx.facts, listed).lookup(query)
    candidates = match.candidates or ((match.found,) if match.found is not None else ())
    if len(candidates) > 1:
        names = ", ".join(candidate.name for candidate in candidates)
        raise UsageError(f"“{echo(query)}” could be several people: {names}. Which one?")
    close = [candidate.name for candidate in candidates] or list(match.suggestions)
    hint = f" Close names: {', '.join(close)}." if close else ""
    raise UsageError(f"I know no character called “{echo(query)}” by {gate.horizon}.{hint}")


def render_bio(character: Character, gate: Gate, visibility: Visibility, place: Place | None = None) -> Reply:
    """`place`: where a public bio is posted, for its Reveal button."""
    parts: list[Part] = [heading(character.name)]
    aliases = [alias.name for alias in character.names()[1:] if gate.visible(alias.revealed)]
    if aliases:
        parts.append(field_part("Also known as", ", ".join(aliases)))
    parts.extend(
        part
        for section in character.sections
        if (part := gate.part(section.text, section.revealed, label=section.heading)) is not None
    )
    if (omitted := gate.omission_note("bio section")) is not None:
        parts.append(omitted)
    actions: tuple[Action, ...] = ()
    hidden = [p for p in parts if p.kind == "spoiler"]
    if hidden and visibility is Visibility.PUBLIC and place is not None:
        actions = (Action(reveal_button.button_id(place, reveal_button.Kind.BIO, character.id), reveal_button.LABEL),)
    if not any(p.kind in ("text", "field") and p.label != "Also known as" for p in parts):
        parts.append(note(f"Nothing more about {character.name} is known by {gate.horizon}."))
    return Reply(tuple(parts), visibility, actions)


FEATURE = Feature(
    commands=(
        Command(
            "bio",
            "A character's bio, without spoilers",
            bio,
            (NAME, SHARE),
            examples=("/bio renee", "/bio gary pearlman share:yes"),
        ),
    ),
)
