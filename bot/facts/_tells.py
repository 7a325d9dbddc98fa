"""Checks on tells that need the whole fact base: gates, and tells too broad to mean anything.

A tell made only of words fans use when talking about the premise (the names everyone knows from the
start, the show's title, words that run through the premise facts, little words like `the`) would hide
ordinary talk: `ballard`, or `[lapd, ballard]`, gives nothing away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from bot.chat_text import stems
from bot.episodes import Episode
from bot.facts._model import Character, GatedAlias, GatedTell, Question, Show, Storyline, Tells, tell_terms
from bot.facts._problems import dotted
from bot.facts._yaml import Location, Problem, YamlDocument

PREMISE_FACTS = 2
"""A word found in this many premise facts (S1E0) or more is premise talk."""
LITTLE_WORDS = frozenset(
    stems(
        "a an and are as at be been but by did do does for from had has have he her him his i if in is it its me my "
        "no not of on or our she so than that the their them then there they this to too us was we were what when "
        "where which who whom why will with would you your yes yeah lol omg just like really so very all can cant "
        "dont one two ok okay"
    )
)


def check_tells(
    documents: dict[str, YamlDocument],
    show: Show | None,
    characters: list[tuple[int, Character]] | None,
    storylines: list[tuple[int, Storyline]] | None,
    questions: list[tuple[int, Question]] | None,
    problems: list[Problem],
) -> None:
    episodes = set(show.episodes()) if show is not None else None
    premise = premise_words(show, [c for _, c in characters or ()], [s for _, s in storylines or ()], questions)
    for document, location, tells, revealed in _tells(documents, characters, storylines, questions):
        for index, tell in enumerate(tells):
            where: Location = (*location, "tells", index)
            own = tell.revealed if isinstance(tell, GatedTell) else revealed
            if episodes is not None and own not in episodes:
                problems.append(_problem(document, (*where, "revealed"), f"{own} is not an episode of this show"))
            elif own < revealed:
                problems.append(_problem(document, where, f"a tell revealed at {own} gives away a fact of {revealed}"))
            if all(_premise_term(term, premise) for term in tell_terms(tell)):
                shown = ", ".join(tell_terms(tell))
                problems.append(
                    _problem(
                        document,
                        where,
                        f"the tell [{shown}] is made only of words common in premise talk: "
                        "it would hide ordinary messages; add a word that only the later fact brings",
                    )
                )


def _premise_term(term: str, premise: frozenset[str]) -> bool:
    """A term fans use in premise talk: one of its alternatives is a premise word, or a phrase of premise
    words (little words alone, as in `did it`, are a phrase that means something)."""
    for alternative in term.split("|"):
        words = stems(alternative)
        if len(words) == 1 and (words[0] in premise or words[0] in LITTLE_WORDS):
            return True
        if len(words) > 1 and all(word in premise or word in LITTLE_WORDS for word in words):
            if any(word in premise for word in words):
                return True
    return False


def premise_words(
    show: Show | None,
    characters: Iterable[Character],
    storylines: Iterable[Storyline],
    questions: Iterable[tuple[int, Question]] | None,
) -> frozenset[str]:
    words: set[str] = set()
    seen: Counter[str] = Counter()
    if show is not None:
        words.update(stems(show.title))
    for character in characters:
        for alias in character.names():
            if alias.revealed.number == 0:
                words.update(stems(alias.name))
        for section in character.sections:
            if section.revealed.number == 0:
                seen.update(set(stems(section.text)))
    for storyline in storylines:
        if storyline.revealed.number == 0:
            words.update(stems(storyline.title))
        for entry in storyline.entries:
            if entry.revealed.number == 0:
                seen.update(set(stems(entry.text)))
    for _, question in questions or ():
        if question.revealed.number == 0:
            seen.update(set(stems(f"{question.question} {question.answer}")))
    words.update(word for word, count in seen.items() if count >= PREMISE_FACTS and word not in LITTLE_WORDS)
    return frozenset(words)


def _tells(
    documents: dict[str, YamlDocument],
    characters: list[tuple[int, Character]] | None,
    storylines: list[tuple[int, Storyline]] | None,
    questions: list[tuple[int, Question]] | None,
) -> Iterator[tuple[YamlDocument, Location, Tells, Episode]]:
    if characters is not None and "characters.yaml" in documents:
        document = documents["characters.yaml"]
        for index, character in characters:
            for alias_index, alias in enumerate(character.aliases):
                if isinstance(alias, GatedAlias):
                    yield document, ("characters", index, "aliases", alias_index), alias.tells, alias.revealed
            for section_index, section in enumerate(character.sections):
                location = ("characters", index, "sections", section_index)
                yield document, location, section.tells, section.revealed
    if storylines is not None and "storylines.yaml" in documents:
        document = documents["storylines.yaml"]
        for index, storyline in storylines:
            for entry_index, entry in enumerate(storyline.entries):
                yield document, ("storylines", index, "entries", entry_index), entry.tells, entry.revealed
    if questions is not None and "trivia.yaml" in documents:
        document = documents["trivia.yaml"]
        for index, question in questions:
            yield document, ("questions", index), question.tells, question.revealed


def _problem(document: YamlDocument, location: Location, message: str) -> Problem:
    return Problem(document.path, document.line_of(location), f"{dotted(location)}: {message}")


def count_by_horizon(tells: Iterable[Episode], episodes: Iterable[Episode]) -> dict[Episode, int]:
    """For each horizon, how many tells the guard watches for there (those revealed after it)."""
    gates = list(tells)
    return {episode: sum(gate > episode for gate in gates) for episode in episodes}
