"""The spoiler invariant as a check any feature's tests can call.

    assert_no_plain_spoilers(reply, horizon)          # a Reply, or its JSON form
    assert_text_has_no_spoilers(rendered, horizon)    # what a platform actually shows

Nothing gated after `horizon` may appear outside a SPOILER part. Two independent checks:

- every non-spoiler part with text declares a `revealed` at or before the horizon, and every spoiler
  part says which episode reveals it;
- the plain text (part texts, field labels, button labels) is scanned for the distinctive text of
  every fact gated later: names and aliases, storyline titles, bio headings, trivia answers and
  distractors as whole words; long texts (bio sections, recap entries, trivia questions) as runs of
  five consecutive words, so a shortened snippet or a paraphrase that keeps a phrase is caught too.

Text that is visible anyway at the horizon ("Pearlman" is both a later trivia answer and a premise
name) is not distinctive and is never looked for. Nor is what the user typed themselves: echoing
"/bio montana" back as "I know no character called “montana”" reveals nothing they did not say.
Matching is case-, accent- and punctuation-insensitive, on word boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.episodes import Episode
from bot.facts import FactBase
from bot.names import fold
from bot.reply import Reply
from tests.conftest import FACTS

RUN = 5
"""Words in a row that count as quoting a long fact."""
SHORT = RUN + 1
"""Texts with fewer words than this are matched whole."""


@dataclass(frozen=True, slots=True)
class Needle:
    """Distinctive text of one fact gated after the horizon."""

    text: str
    revealed: Episode
    fact: str


def assert_no_plain_spoilers(
    reply: Reply | Mapping[str, Any],
    horizon: Episode | str,
    *,
    facts: FactBase | None = None,
    typed: Iterable[str] = (),
) -> None:
    """Fail if any non-spoiler part of `reply` shows something gated after `horizon`."""
    horizon = _episode(horizon)
    data = reply.to_json() if isinstance(reply, Reply) else reply
    for index, part in enumerate(data["parts"]):
        kind, revealed = part["kind"], part.get("revealed")
        if kind == "spoiler":
            assert revealed, f"part {index} is a spoiler that does not say which episode reveals it: {part}"
            continue
        if revealed and part.get("text"):
            assert _episode(revealed) <= horizon, (
                f"part {index} shows a fact revealed in {revealed}, beyond {horizon}: {part}"
            )
    shown = [p.get("label") or "" for p in data["parts"]]
    shown += [p["text"] for p in data["parts"] if p["kind"] != "spoiler"]
    shown += [action["label"] for action in data.get("actions", ())]
    assert_text_has_no_spoilers("\n".join(shown), horizon, facts=facts, typed=typed)


def assert_text_has_no_spoilers(
    text: str,
    horizon: Episode | str,
    *,
    facts: FactBase | None = None,
    typed: Iterable[str] = (),
) -> None:
    """Fail if `text`, shown as plain text, contains anything gated after `horizon`."""
    found = leaks(text, horizon, facts=facts, typed=typed)
    assert not found, (
        f"plain text beyond {_episode(horizon)}:\n"
        + "\n".join(f"  “{needle.text}” ({needle.fact}, revealed {needle.revealed})" for needle in found)
        + f"\nin:\n{text}"
    )


def leaks(
    text: str,
    horizon: Episode | str,
    *,
    facts: FactBase | None = None,
    typed: Iterable[str] = (),
) -> list[Needle]:
    """The later facts whose distinctive text appears in `text` (nothing the user typed counts)."""
    later = _later(facts or FACTS, _episode(horizon))
    said = " ".join(f" {fold(words)} " for words in typed)
    folded = f" {fold(text)} "
    found = [n for n in later.whole if f" {n.text} " in folded and f" {n.text} " not in said]
    runs = set(_runs(folded)) - set(_runs(said))
    found += [later.runs[run] for run in runs if run in later.runs]
    return found


@dataclass(frozen=True)
class _Later:
    whole: tuple[Needle, ...]
    runs: Mapping[str, Needle]


@lru_cache(maxsize=64)
def _later(facts: FactBase, horizon: Episode) -> _Later:
    visible = [fold(text) for text, revealed, _ in _gated_texts(facts) if revealed <= horizon]
    visible.append(fold(facts.show.title))
    visible_text = " ".join(f" {text} " for text in visible)
    visible_runs = {run for text in visible for run in _runs(text)}
    whole: dict[str, Needle] = {}
    runs: dict[str, Needle] = {}
    for raw, revealed, fact in _gated_texts(facts):
        text = fold(raw)
        if revealed <= horizon or not any(ch.isalpha() for ch in text):
            continue
        if len(text.split()) < SHORT:
            if f" {text.removesuffix(' s')} " not in visible_text:  # "Jake Pearlman's" is as visible as he is
                whole.setdefault(text, Needle(text, revealed, fact))
            continue
        for run in _runs(text):
            if run not in visible_runs:
                runs.setdefault(run, Needle(run, revealed, fact))
    return _Later(tuple(whole.values()), runs)


def _gated_texts(facts: FactBase) -> Iterator[tuple[str, Episode, str]]:
    """(text, gate, which fact) for every piece of text in the fact base that a reply could show."""
    for character in facts.characters:
        for alias in character.names():
            yield alias.name, alias.revealed, f"name of {character.id}"
        for section in character.sections:
            where = f"bio of {character.id}: {section.heading}"
            if len(section.heading.split()) > 1:  # "Caught" alone is any word; "Caught up already?" is no spoiler
                yield section.heading, section.revealed, where
            yield section.text, section.revealed, where
    for storyline in facts.storylines:
        yield storyline.title, storyline.revealed, f"storyline {storyline.id}"
        for number, entry in enumerate(storyline.entries, 1):
            yield entry.text, entry.revealed, f"recap {storyline.id} #{number}"
    for question in facts.questions:
        where = f"trivia {question.id}"
        for shown in (question.question, question.answer, *question.distractors):
            yield shown, question.revealed, where


def _runs(folded: str) -> Iterator[str]:
    words = folded.split()
    for start in range(len(words) - RUN + 1):
        yield " ".join(words[start : start + RUN])


def _episode(value: Episode | str) -> Episode:
    return value if isinstance(value, Episode) else Episode.parse(value)
