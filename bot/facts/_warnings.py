"""What `companion facts check` warns about in a valid pack: text that tells too much, too early. Warnings do
not fail the check; the loader does not look for them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.episodes import Episode
from bot.facts._base import FactBase
from bot.facts._giveaways import CharacterNames, answers_each_other
from bot.facts._one_gate import told_twice
from bot.facts._problems import dotted
from bot.facts._yaml import Location, Problem, YamlDocument

Found = tuple[str, Location, str]


def pack_warnings(facts: FactBase, documents: Mapping[str, YamlDocument]) -> Iterator[Problem]:
    found = [*_named_too_early(facts), *_answering_each_other(facts), *_told_at_two_gates(facts, documents)]
    for file, location, message in found:
        document = documents[file]
        yield Problem(document.path, document.line_of(location), f"{dotted(location)}: {message}", warning=True)


def _named_too_early(facts: FactBase) -> Iterator[Found]:
    """A question, its answer or a choice, a bio section or a recap entry naming someone not known by its gate."""
    names = CharacterNames(facts.characters)
    texts: list[tuple[str, Location, str, Episode, str]] = []
    for index, question in enumerate(facts.questions):
        at: Location = ("questions", index)
        asked = f"a question asked from {question.revealed}"
        texts += [
            ("trivia.yaml", (*at, "question"), question.question, question.revealed, asked),
            ("trivia.yaml", (*at, "answer"), question.answer, question.revealed, asked),
        ]
        texts += [
            ("trivia.yaml", (*at, "accept", i), text, question.revealed, asked)
            for i, text in enumerate(question.accept)
        ]
        texts += [
            ("trivia.yaml", (*at, "distractors", i), text, question.revealed, asked)
            for i, text in enumerate(question.distractors)
        ]
    for c_index, character in enumerate(facts.characters):
        for s_index, section in enumerate(character.sections):
            shown = f"a bio section shown from {section.revealed}"
            at = ("characters", c_index, "sections", s_index, "text")
            texts.append(("characters.yaml", at, section.text, section.revealed, shown))
    for l_index, storyline in enumerate(facts.storylines):
        texts.append(
            (
                "storylines.yaml",
                ("storylines", l_index, "title"),
                storyline.title,
                storyline.revealed,
                "a title shown from " + str(storyline.revealed),
            )
        )
        for e_index, entry in enumerate(storyline.entries):
            shown = f"a recap entry shown from {entry.revealed}"
            texts.append(
                (
                    "storylines.yaml",
                    ("storylines", l_index, "entries", e_index, "text"),
                    entry.text,
                    entry.revealed,
                    shown,
                )
            )
    for file, location, text, gate, shown in texts:
        for early in names.too_early(text, gate):
            said = "" if early.name == early.character else f" as '{early.name}'"
            yield file, location, f"names {early.character}{said}, not known before {early.revealed}, in {shown}"


def _answering_each_other(facts: FactBase) -> Iterator[Found]:
    index_of = {question.id: index for index, question in enumerate(facts.questions)}
    declared = {frozenset((question.id, other)) for question in facts.questions for other in question.apart_from}
    for pair in answers_each_other(facts.questions) - declared:
        first, second = sorted(pair, key=index_of.__getitem__)
        yield (
            "trivia.yaml",
            ("questions", index_of[second]),
            f"'{second}' and '{first}' give away each other's answers, so they are never drawn into one round; "
            f"say so with apart_from: [{first}] to silence this",
        )


def _told_at_two_gates(facts: FactBase, documents: Mapping[str, YamlDocument]) -> Iterator[Found]:
    for twice in told_twice(facts):
        question = facts.questions[twice.question]
        other = documents[twice.told.file]
        yield (
            "trivia.yaml",
            ("questions", twice.question),
            f"its answer is also told at {twice.told.file}:{other.line_of(twice.told.location)} "
            f"({dotted(twice.told.location)}) from {twice.told.revealed}, but this question is gated "
            f"at {question.revealed}: one fact, one gate",
        )
