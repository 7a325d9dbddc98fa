"""The fact base's shape: immutable models, one per YAML file, validated by pydantic."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from bot.episodes import Episode

EPISODE_PATTERN = r"^([sS]\d{1,2}[eE]\d{1,3}|\d{1,2}[xX]\d{1,3})$"


def _to_episode(value: object) -> Episode:
    if isinstance(value, Episode):
        return value
    if not isinstance(value, str):
        raise ValueError("an episode code must be text such as S1E4")
    return Episode.parse(value)


Gate = Annotated[
    Episode,
    BeforeValidator(_to_episode),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": EPISODE_PATTERN, "description": "Episode code, e.g. S1E4"}),
]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Short = Annotated[str, Field(min_length=1, max_length=200)]


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


TERM_PATTERN = r"^[^|\s][^|]*(\|[^|\s][^|]*)*$"
_TERM_WORD = re.compile(r"^[\w' .-]+$")


def _term(value: str) -> str:
    """A tell's term: words (`did it`), or alternatives between bars (`kill|killer|murderer`)."""
    alternatives = [alternative.strip() for alternative in value.split("|")]
    for alternative in alternatives:
        if not alternative or not _TERM_WORD.match(alternative) or not any(ch.isalnum() for ch in alternative):
            raise ValueError(
                f"'{value}' is not a tell term: use words (did it), or alternatives between bars (kill|killer)"
            )
    return "|".join(alternatives)


Term = Annotated[
    str,
    Field(min_length=1, max_length=300),
    AfterValidator(_term),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 300,
            "pattern": TERM_PATTERN,
            "description": "Words said together (did it), or alternatives between bars (kill|killer|murderer)",
        }
    ),
]
Terms = Annotated[tuple[Term, ...], Field(min_length=1, max_length=5)]


class GatedTell(Fact):
    """A tell with a gate of its own, later than its fact's (it gives away more than the fact)."""

    terms: Terms
    revealed: Gate


def _one_term(value: object) -> object:
    return (value,) if isinstance(value, str) else value


Tell = Annotated[Terms | GatedTell, BeforeValidator(_one_term, json_schema_input_type=Term | Terms | GatedTell)]
"""Terms that, said together in one message, give a fact away: `[gary, killer|murderer]`; one term may stand
alone (`montana`)."""


def tell_terms(tell: Terms | GatedTell) -> tuple[str, ...]:
    return tell.terms if isinstance(tell, GatedTell) else tell


Tells = Annotated[tuple[Tell, ...], Field(max_length=50)]


class Season(Fact):
    number: Annotated[int, Field(ge=1)]
    episodes: Annotated[int, Field(ge=1, le=999)]
    titles: dict[int, Short] = Field(default_factory=dict)


class Show(Fact):
    id: Slug
    title: Short
    source: Short
    sections: tuple[Short, ...] = Field(min_length=1)
    seasons: tuple[Season, ...] = Field(min_length=1)

    def episodes(self) -> tuple[Episode, ...]:
        """Every code the show has, S1E0 first, in viewing order."""
        return tuple(Episode(season.number, number) for season in self.seasons for number in range(season.episodes + 1))

    def finale(self) -> Episode:
        return self.episodes()[-1]


class GatedAlias(Fact):
    name: Short
    revealed: Gate
    tells: Tells = ()


class BioSection(Fact):
    heading: Short
    text: Text
    revealed: Gate
    source: Short
    tells: Tells = ()


class Character(Fact):
    id: Slug
    name: Short
    revealed: Gate
    aliases: tuple[Short | GatedAlias, ...] = ()
    sections: tuple[BioSection, ...] = Field(min_length=1)

    def names(self) -> tuple[GatedAlias, ...]:
        """The name and every alias, each with the gate from which it may be shown."""
        own = GatedAlias(name=self.name, revealed=self.revealed)
        aliases = (
            alias if isinstance(alias, GatedAlias) else GatedAlias(name=alias, revealed=self.revealed)
            for alias in self.aliases
        )
        return (own, *aliases)


class RecapEntry(Fact):
    text: Text
    revealed: Gate
    source: Short
    tells: Tells = ()


class Storyline(Fact):
    id: Slug
    title: Short
    revealed: Gate
    characters: tuple[Slug, ...] = ()
    entries: tuple[RecapEntry, ...] = Field(min_length=1)


class Question(Fact):
    id: Slug
    question: Annotated[str, Field(min_length=1, max_length=300)]
    answer: Annotated[str, Field(min_length=1, max_length=80)]
    accept: tuple[Annotated[str, Field(min_length=1, max_length=80)], ...] = ()
    distractors: tuple[Annotated[str, Field(min_length=1, max_length=80)], ...] = Field(min_length=3, max_length=3)
    category: Slug
    difficulty: Literal["easy", "medium", "hard"]
    revealed: Gate
    source: Short
    apart_from: tuple[Slug, ...] = Field(
        default=(),
        description="ids of questions never drawn into one round with this one: their texts give each other away",
    )
    tells: Tells = ()
    """Tells that give the answer away."""


class CharactersFile(Fact):
    characters: tuple[Character, ...] = Field(min_length=1)


class StorylinesFile(Fact):
    storylines: tuple[Storyline, ...] = Field(min_length=1)


class TriviaFile(Fact):
    questions: tuple[Question, ...] = ()


FILES: dict[str, type[Fact]] = {
    "show.yaml": Show,
    "characters.yaml": CharactersFile,
    "storylines.yaml": StorylinesFile,
    "trivia.yaml": TriviaFile,
}
