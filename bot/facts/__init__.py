"""The fact base: YAML files per show, validated and loaded into immutable objects."""

from bot.facts._base import FactBase
from bot.facts._load import FactBaseError, check_show, load_show, show_folders
from bot.facts._model import BioSection, Character, GatedAlias, Question, RecapEntry, Show, Storyline
from bot.facts._yaml import Problem

__all__ = [
    "BioSection",
    "Character",
    "FactBase",
    "FactBaseError",
    "GatedAlias",
    "Problem",
    "Question",
    "RecapEntry",
    "Show",
    "Storyline",
    "check_show",
    "load_show",
    "show_folders",
]
