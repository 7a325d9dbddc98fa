"""Every `companion …` command shown in README.md works as written (after the one line on activating the venv)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from bot.cli import _parser, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
BLOCK_LINE = re.compile(r"^    (?P<line>\S.*)$", re.MULTILINE)
COMPANION = ("companion", ".venv/bin/companion")


INLINE = re.compile(r"`((?:\.venv/bin/)?companion [^`…]*)`")
NAMES = {"companion ask", "companion ask --moderator"}
"""Inline mentions of a command or an option by name, not examples: its examples are in a code block."""


def shown_commands() -> list[str]:
    """Commands in the README's code blocks (after any `&&` set-up before them) and in inline code."""
    commands = []
    for match in BLOCK_LINE.finditer(README):
        for step in match.group("line").split("&&"):
            words = shlex.split(step.strip())
            if words and words[0] in COMPANION:
                commands.append(step.strip())
    inline = [found for found in INLINE.findall(README) if found not in NAMES]
    return list(dict.fromkeys(commands + inline))


COMMANDS = shown_commands()


def arguments(command: str) -> list[str]:
    words = shlex.split(command)
    if ">" in words:
        words = words[: words.index(">")]
    return words[1:]


def test_the_readme_shows_the_commands_a_newcomer_types():
    assert len(COMMANDS) >= 8
    assert ". .venv/bin/activate" in README, "one line on activating the venv before the examples"
    assert README.index(". .venv/bin/activate") < README.index("companion ask")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_shown_is_accepted(command, capsys):
    try:
        _parser().parse_args(arguments(command))
    except SystemExit as done:  # --help
        assert done.code == 0, capsys.readouterr().err


@pytest.mark.parametrize("command", [c for c in COMMANDS if arguments(c)[:1] == ["ask"] and "--help" not in c])
def test_every_ask_shown_runs(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for earlier in COMMANDS[: COMMANDS.index(command)]:  # the examples build on each other (the horizon)
        if arguments(earlier)[:1] == ["ask"]:
            main(arguments(earlier))
    assert main(arguments(command)) == 0
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize("command", [c for c in COMMANDS if arguments(c)[:2] == ["facts", "check"]])
def test_every_facts_check_shown_runs(command, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(arguments(command)) == 0


def test_every_console_command_in_the_readme_is_a_console_command():
    from adapters.console._repl import CONSOLE_HELP

    table = README[README.index("## The console") : README.index("## One command at a time")]
    for typed in re.findall(r"^\| `(\w+)", table, re.MULTILINE):
        if typed != "command":
            assert f"\n  {typed}" in CONSOLE_HELP or typed in {"mod", "help"}, typed
