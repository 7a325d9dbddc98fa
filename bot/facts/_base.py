"""The loaded fact base of one show: immutable, indexed for the lookups the core makes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from bot.episodes import BadEpisodeCode, Episode
from bot.facts._giveaways import kept_apart
from bot.facts._model import Character, Question, Show, Storyline


@dataclass(frozen=True, eq=False)
class FactBase:
    """Compared and hashed by identity: caches keyed on it stay cheap."""

    show: Show
    characters: tuple[Character, ...]
    storylines: tuple[Storyline, ...]
    questions: tuple[Question, ...]
    _characters_by_id: Mapping[str, Character] = field(init=False, repr=False, compare=False)
    _storylines_by_id: Mapping[str, Storyline] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_characters_by_id", MappingProxyType({c.id: c for c in self.characters}))
        object.__setattr__(self, "_storylines_by_id", MappingProxyType({s.id: s for s in self.storylines}))

    @property
    def finale(self) -> Episode:
        return self.show.finale()

    @property
    def episodes(self) -> tuple[Episode, ...]:
        return self.show.episodes()

    @cached_property
    def kept_apart(self) -> Mapping[str, frozenset[str]]:
        """Question id → the questions never drawn into one round with it. Worked out at the first draw,
        not at load: start-up does not pay for it."""
        return MappingProxyType(dict(kept_apart(self.questions)))

    def character(self, character_id: str) -> Character | None:
        return self._characters_by_id.get(character_id)

    def storyline(self, storyline_id: str) -> Storyline | None:
        return self._storylines_by_id.get(storyline_id)

    def episode(self, text: str) -> Episode:
        """The episode of this show that `text` names; BadEpisodeCode, saying what works, otherwise."""
        episode = self.parse_episode(text)
        if not self.has_episode(episode):
            raise BadEpisodeCode(f"{self.show.title} has no {episode}: episodes run S1E0 to {self.finale}.")
        return episode

    def parse_episode(self, text: str) -> Episode:
        """An episode code, or a bare episode number when the show has a single season ('5' is S1E5)."""
        bare = text.strip()
        if bare.isascii() and bare.isdigit() and len(bare) <= 3 and len(self.show.seasons) == 1:
            return Episode(self.show.seasons[0].number, int(bare))
        return Episode.parse(text)

    def has_episode(self, episode: Episode) -> bool:
        return any(
            season.number == episode.season and 0 <= episode.number <= season.episodes for season in self.show.seasons
        )
