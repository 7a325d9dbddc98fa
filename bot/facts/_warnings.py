"""What `companion facts check` warns about in a valid pack: trivia that tells too much. Warnings do not fail
the check; the loader does not look for them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.facts._base import FactBase
from bot.facts._giveaways import CharacterNames, answers_each_other
from bot.facts._one_gate import told_twice
from bot.facts._problems import dotted
from bot.facts._yaml import Location, Problem, YamlDocument


def trivia_warnings(facts: FactBase, documents: Mapping[str, YamlDocument]) -> Iterator[Problem]:
    document = documents["trivia.yaml"]
    names = CharacterNames(facts.characters)
    index_of = {question.id: index for index, question in enumerate(facts.questions)}
    found: list[tuple[Location, str]] = []
    for index, question in enumerate(facts.questions):
        for early in names.too_early(question):
            where: Location = ("questions", index, early.field)
            where = where if early.index is None else (*where, early.index)
            said = "" if early.name == early.character else f" as '{early.name}'"
            found.append(
                (
                    where,
                    f"names {early.character}{said}, not known before {early.revealed}, "
                    f"in a question asked from {question.revealed}",
                )
            )
    declared = {frozenset((question.id, other)) for question in facts.questions for other in question.apart_from}
    for pair in answers_each_other(facts.questions) - declared:
        first, second = sorted(pair, key=index_of.__getitem__)
        found.append(
            (
                ("questions", index_of[second]),
                f"'{second}' and '{first}' give away each other's answers, so they are never drawn into one round; "
                f"say so with apart_from: [{first}] to silence this",
            )
        )
    for twice in told_twice(facts):
        question = facts.questions[twice.question]
        other = documents[twice.told.file]
        found.append(
            (
                ("questions", twice.question),
                f"its answer is also told at {twice.told.file}:{other.line_of(twice.told.location)} "
                f"({dotted(twice.told.location)}) from {twice.told.revealed}, but this question is gated "
                f"at {question.revealed}: one fact, one gate",
            )
        )
    for location, message in found:
        yield Problem(document.path, document.line_of(location), f"{dotted(location)}: {message}", warning=True)
