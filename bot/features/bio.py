"""/bio: a character's bio cut to the horizon that applies to the reply."""

from __future__ import annotations

from bot.commands import Command, Completion, Feature, Option, OptionType, UsageError
from bot.context import Context
from bot.facts import Character
from bot.lookup import characters_at
from bot.reply import Action, Part, Reply, Style, Visibility, field_part, heading, note
from bot.safety import echo
from bot.spoilers import Gate

NAME = Option("name", "A character's name, alias or surname", required=True, completion=Completion.CHARACTER, max_length=100)
SHARE = Option("share", "Post it in the channel, cut to the channel's horizon", OptionType.BOOLEAN)


async def bio(ctx: Context) -> Reply:
    visibility = Visibility.PUBLIC if ctx.shared() else Visibility.EPHEMERAL
    gate = await ctx.gate(visibility)
    character = find_character(ctx, ctx.options["name"], gate)
    return render_bio(character, gate, visibility)


def find_character(ctx: Context, query: str, gate: Gate) -> Character:
    match = characters_at(ctx.facts, gate.horizon).lookup(query)
    if match.found is not None:
        return match.found
    if match.candidates:
        names = ", ".join(candidate.name for candidate in match.candidates)
        raise UsageError(f"“{echo(query)}” could be several people: {names}. Which one?")
    hint = f" Close names: {', '.join(match.suggestions)}." if match.suggestions else ""
    raise UsageError(f"I know no character called “{echo(query)}” by {gate.horizon}.{hint}")


def render_bio(character: Character, gate: Gate, visibility: Visibility) -> Reply:
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
    if hidden and visibility is Visibility.PUBLIC:
        actions = (Action(f"reveal:bio:{character.id}", "Reveal (only to me)", Style.SECONDARY),)
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
