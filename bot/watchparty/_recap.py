"""The recap post a watch party makes at each step: everything the episode adds, all of it spoiler-hidden.

Hidden even though the channel's horizon now includes the episode: the post stays in the channel, and
someone who has not watched yet scrolls past it safely. The titles of storylines go inside the spoilers
too, since a storyline that begins in this episode is news in itself.
"""

from __future__ import annotations

from bot.episodes import Episode
from bot.facts import FactBase
from bot.features import reveal_button
from bot.reply import Action, Kind, Part, Reply, Style, Visibility, heading, note
from bot.request import Place

WATCHED = "watched"
"""Button prefix: `watched:S1E4:<place tag>` moves the clicker's own progress to S1E4."""


def watched_id(place: Place, episode: Episode) -> str:
    return f"{WATCHED}:{episode}:{place.tag}"


def parse_watched(rest: str) -> tuple[str, str] | None:
    """'S1E4:0a1b2c3d4e' (the id after 'watched:') → ('S1E4', its place tag); None for anything else."""
    code, _, tag = rest.partition(":")
    return (code, tag) if code and tag and ":" not in tag else None


def recap_post(facts: FactBase, episode: Episode, place: Place) -> Reply:
    entries = [
        Part(Kind.SPOILER, f"{storyline.title}: {entry.text}", episode)
        for storyline in facts.storylines
        for entry in storyline.entries
        if entry.revealed == episode
    ]
    parts = [heading(f"Watch party: {facts.show.title} {episode}")]
    if entries:
        parts.append(note(f"What {episode} adds, behind spoiler tags: reveal it once you have watched {episode}."))
        parts.extend(entries)
    else:
        parts.append(
            note(
                f"The fact base has nothing first revealed in {episode}: its source does not say what happens "
                "episode by episode, so there is no recap to post for it."
            )
        )
    parts.append(note(f"Watched it? “Mark {episode} watched” moves your own progress there (never backwards)."))
    return Reply(tuple(parts), Visibility.PUBLIC, actions(place, episode, hidden=bool(entries)))


def actions(place: Place, episode: Episode, *, hidden: bool) -> tuple[Action, ...]:
    """Mark watched, and (where there is something hidden) a private reveal cut to the clicker's progress."""
    watched = Action(watched_id(place, episode), f"Mark {episode} watched", Style.PRIMARY)
    if not hidden:
        return (watched,)
    reveal = reveal_button.button_id(place, reveal_button.Kind.RECAP, str(episode))
    return watched, Action(reveal, reveal_button.LABEL, Style.SECONDARY)
