"""/recap: the story so far, one storyline, or what one episode adds — cut to the horizon."""

from __future__ import annotations

from bot.commands import Command, Completion, Feature, Option, OptionType, UsageError
from bot.context import Context
from bot.episodes import BadEpisodeCode, Episode
from bot.facts import FactBase, Storyline
from bot.features import reveal_button
from bot.lookup import storylines_at
from bot.reply import Action, Kind, Part, Reply, Style, Visibility, heading, note
from bot.safety import echo
from bot.spoilers import Gate, Policy

ABOUT = Option("about", "A storyline, or an episode code such as S1E3", completion=Completion.RECAP, max_length=100)
SHARE = Option("share", "Post it in the channel, cut to the channel's horizon", OptionType.BOOLEAN)


Target = Storyline | Episode | None
"""What a recap covers: one storyline, one episode, or (None) the story so far."""


async def recap(ctx: Context) -> Reply:
    visibility = Visibility.PUBLIC if ctx.shared() else Visibility.EPHEMERAL
    gate = await ctx.gate(visibility)
    private = visibility is Visibility.EPHEMERAL
    listed = gate.horizon if private else min(gate.horizon, await ctx.progress())
    target = find_target(ctx.facts, ctx.options.get("about", ""), gate, listed)
    parts = recap_parts(ctx.facts, target, gate, private=private)
    actions: tuple[Action, ...] = ()
    if visibility is Visibility.PUBLIC and any(p.kind is Kind.SPOILER for p in parts):
        key = target.id if isinstance(target, Storyline) else str(target or "")
        button = reveal_button.button_id(ctx.place, reveal_button.Kind.RECAP, key)
        actions = (Action(button, reveal_button.LABEL, Style.SECONDARY),)
    return Reply(tuple(parts), visibility, actions)


def find_target(facts: FactBase, about: str, gate: Gate, listed: Episode) -> Target:
    """An episode code, else a storyline known by the gate's horizon; UsageError naming those known by `listed`
    (the asker's own progress: the error is private)."""
    if not about:
        return None
    episode = _episode(facts, about)
    if episode is not None:
        return episode
    return _find_storyline(facts, about, gate, listed)


def recap_parts(facts: FactBase, target: Target, gate: Gate, *, private: bool) -> list[Part]:
    """Private "story so far" recaps leave later entries out; public ones follow the channel's policy."""
    if isinstance(target, Episode):
        return episode_recap(facts, target, gate)
    if target is not None:
        return storyline_recap(target, gate)
    if private:
        gate = Gate(gate.horizon, Policy.OMIT)
    parts: list[Part] = [heading(f"{facts.show.title}: the story so far ({gate.horizon})")]
    later = 0
    for storyline in facts.storylines:
        if not gate.visible(storyline.revealed):
            later += 1
            continue
        parts.extend(storyline_recap(storyline, gate, summary=True))
    if later:
        parts.append(note(f"{later} more storyline{'s' if later > 1 else ''} begin after {gate.horizon}."))
    if len(parts) == 1:
        parts.append(note("Nothing to recap yet: set your progress with /progress S1E1 once you have watched."))
    return parts


def storyline_recap(storyline: Storyline, gate: Gate, *, summary: bool = False) -> list[Part]:
    parts = [heading(storyline.title)]
    parts.extend(gate.parts((entry.text, entry.revealed) for entry in storyline.entries))
    if (omitted := gate.omission_note()) is not None:
        gate.omitted.clear()
        parts.append(omitted)
    if len(parts) == 1 and not summary:
        parts.append(note(f"Nothing in this storyline is known by {gate.horizon}."))
    return parts if len(parts) > 1 else []


def episode_recap(facts: FactBase, episode: Episode, gate: Gate) -> list[Part]:
    first = next(e for e in facts.episodes if e.number > 0)
    if episode.number == 0 and facts.has_episode(episode):
        raise UsageError(
            f"{episode} means nothing watched yet, so it adds nothing. Episodes run {first} to {facts.finale}."
        )
    if not facts.has_episode(episode):
        raise UsageError(f"{episode} is not an episode of {facts.show.title}. Episodes run {first} to {facts.finale}.")
    parts = [heading(f"What {episode} adds")]
    for storyline in facts.storylines:
        entries = [(e.text, e.revealed) for e in storyline.entries if e.revealed == episode]
        parts.extend(gate.parts(entries))
    if (omitted := gate.omission_note()) is not None:
        parts.append(omitted)
    if len(parts) == 1:
        parts.append(note(f"The fact base has no recap entries first revealed in {episode}."))
    return parts


def _episode(facts: FactBase, about: str) -> Episode | None:
    try:
        return facts.parse_episode(about) if about else None
    except BadEpisodeCode:
        return None


def _find_storyline(facts: FactBase, about: str, gate: Gate, listed: Episode) -> Storyline:
    match = storylines_at(facts, gate.horizon).lookup(about, cutoff=70)
    if match.found is not None:
        return match.found
    known = [s.title for s in facts.storylines if s.revealed <= min(listed, gate.horizon)]
    hint = f" Storylines: {', '.join(known)}." if known else ""
    raise UsageError(f"I know no storyline called “{echo(about)}” by {gate.horizon}.{hint}")


FEATURE = Feature(
    commands=(
        Command(
            "recap",
            "The story so far, one storyline, or one episode, without spoilers",
            recap,
            (ABOUT, SHARE),
            examples=("/recap", "/recap S1E3", "/recap sarah pearlman share:yes"),
        ),
    ),
)
