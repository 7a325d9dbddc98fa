"""Typed options: conversion from text or platform values, and the usage line."""

from __future__ import annotations

import re

import pytest

from bot.commands import CommandSet, Option, OptionType, convert
from bot.features import ALL_FEATURES

FLAG = Option("share", "", OptionType.BOOLEAN)
COUNT = Option("questions", "", OptionType.INTEGER, min_value=1, max_value=20)
POLICY = Option("spoilers", "", choices=("hide", "omit"))
NAME = Option("name", "", max_length=10)


@pytest.mark.parametrize(
    ("raw", "value"), [("yes", True), ("Y", True), ("on", True), (True, True), ("no", False), ("0", False)]
)
def test_booleans(raw, value):
    assert convert(FLAG, raw) is value


@pytest.mark.parametrize(
    ("option", "raw", "message"),
    [
        (FLAG, "maybe", "share takes yes or no"),
        (COUNT, "three", "questions takes a whole number"),
        (COUNT, "0", "questions must be at least 1"),
        (COUNT, "21", "questions must be at most 20"),
        (POLICY, "blur", "spoilers takes one of: hide, omit"),
        (NAME, "x" * 11, "name is too long (at most 10 characters)"),
    ],
)
def test_bad_values_say_what_is_wanted(option, raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        convert(option, raw)


def test_good_values():
    assert convert(COUNT, " 5 ") == 5
    assert convert(POLICY, "OMIT") == "omit"
    assert convert(NAME, "  gary ") == "gary"


def test_every_declared_command_is_well_formed():
    """The meta-check a reviewer would do: names, descriptions, examples, and limits platforms impose."""
    commands = list(CommandSet(ALL_FEATURES))
    assert len({c.path for c in commands}) == len(commands)
    for command in commands:
        assert command.name.isascii() and command.name == command.name.lower() and len(command.name) <= 32
        assert 1 <= len(command.description) <= 100, command.path
        assert len(command.options) <= 25
        names = [o.name for o in command.options]
        assert len(set(names)) == len(names)
        required = [o.required for o in command.options]
        assert required == sorted(required, reverse=True), f"/{command.path}: required options come first"
        for option in command.options:
            assert 1 <= len(option.description) <= 100, f"/{command.path} {option.name}"


def test_usage_lines():
    commands = CommandSet(ALL_FEATURES)
    assert commands.get("bio").usage == "/bio <name> [share:…]"
    assert commands.get("progress").usage == "/progress [episode]"
