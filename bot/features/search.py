"""/search: characters and storylines whose text, within the horizon, mentions all the words."""

from __future__ import annotations

from collections.abc import Iterator

from bot.commands import Command, Feature, Option, OptionType, UsageError
from bot.context import Context
from bot.episodes import Episode
from bot.facts import FactBase
from bot.names import fold
from bot.reply import Part, Reply, Visibility, field_part, heading, note
from bot.safety import echo

MAX_RESULTS = 10


async def search(ctx: Context) -> Reply:
    words = fold(ctx.options["words"]).split()
    if not words or all(len(word) < 2 for word in words):
        raise UsageError("Give me a word or two to look for, for example /search cold case.")
    visibility = Visibility.PUBLIC if ctx.shared() else Visibility.EPHEMERAL
    gate = await ctx.gate(visibility)
    hits = list(matches(ctx.facts, words, gate.horizon))
    parts: list[Part] = [heading(f"“{echo(ctx.options['words'], 40)}” up to {gate.horizon}")]
    if not hits:
        parts.append(note(f"Nothing known by {gate.horizon} mentions that."))
    for title, snippet, revealed in hits[:MAX_RESULTS]:
        parts.append(field_part(title, snippet, revealed))
    if len(hits) > MAX_RESULTS:
        parts.append(note(f"{len(hits) - MAX_RESULTS} more matches; add a word to narrow it down."))
    return Reply(tuple(parts), visibility)


def matches(facts: FactBase, words: list[str], horizon: Episode) -> Iterator[tuple[str, str, Episode]]:
    """(where, visible text, its gate) for each visible fact containing every word."""
    for character in facts.characters:
        if character.revealed > horizon:
            continue
        names = " ".join(alias.name for alias in character.names() if alias.revealed <= horizon)
        for section in character.sections:
            if section.revealed <= horizon and _mentions(f"{names} {section.heading} {section.text}", words):
                yield f"{character.name} — {section.heading}", _snippet(section.text), section.revealed
    for storyline in facts.storylines:
        if storyline.revealed > horizon:
            continue
        for entry in storyline.entries:
            if entry.revealed <= horizon and _mentions(f"{storyline.title} {entry.text}", words):
                yield storyline.title, _snippet(entry.text), entry.revealed


def _mentions(text: str, words: list[str]) -> bool:
    """Every word starts a word of the text: 'surf' finds 'surfing', 'ted' does not find 'adopted'."""
    known = fold(text).split()
    return all(any(word_there.startswith(word) for word_there in known) for word in words)


def _snippet(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


FEATURE = Feature(
    commands=(
        Command(
            "search",
            "Find characters and storylines that mention some words, without spoilers",
            search,
            (
                Option("words", "What to look for", required=True, max_length=100),
                Option("share", "Post it in the channel, cut to the channel's horizon", OptionType.BOOLEAN),
            ),
            examples=("/search intern", "/search cold case share:yes"),
        ),
    ),
)
