"""The command line contract (DESIGN.md §6), through a real `companion` process and a real database file.

Subprocesses cost about half a second each, so only what needs a process runs in one: the issue's
"Done when" scenario, exit codes, and refusing to start. Option handling runs `bot.cli.main` in-process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import FACTS_DIR
from tests.bot.spoiler_invariant import assert_no_plain_spoilers

BIN = Path(sys.executable).parent
COMPANION = [str(BIN / "companion")] if (BIN / "companion").exists() else [sys.executable, "-m", "bot"]
PLATFORM_SETTINGS = ("DISCORD_", "SLACK_", "COMPANION_")


def companion(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`companion …` in a clean folder (no stray .env), with no platform tokens in its environment."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(PLATFORM_SETTINGS)}
    return subprocess.run(
        [*COMPANION, *args],
        cwd=tmp_path,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def ask_json(tmp_path: Path, db: Path, *args: str) -> dict:
    done = companion(tmp_path, "ask", "--db", str(db), "--json", *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1, "one JSON object on one line"
    return json.loads(done.stdout)


def plain_text(reply: dict) -> str:
    return " ".join(part["text"] for part in reply["parts"] if part["kind"] != "spoiler").lower()


def test_done_when_the_twist_stays_hidden_until_progress_and_in_a_channel_behind(tmp_path):
    db = tmp_path / "state" / "companion.db"

    fresh = ask_json(tmp_path, db, "/bio gary pearlman")
    assert set(fresh) == {"visibility", "parts", "actions"}
    assert fresh["visibility"] == "ephemeral"
    assert all({"kind", "text", "revealed"} <= set(part) for part in fresh["parts"])
    assert_no_plain_spoilers(fresh, "S1E0")
    assert "serial killer" not in plain_text(fresh)
    assert [p["revealed"] for p in fresh["parts"] if p["kind"] == "spoiler"] == ["S1E10"] * 4

    assert "S1E10" in ask_json(tmp_path, db, "/progress s1e10")["parts"][0]["text"]
    watched = ask_json(tmp_path, db, "/bio gary pearlman")
    assert not [p for p in watched["parts"] if p["kind"] == "spoiler"]
    assert "serial killer" in plain_text(watched)
    assert "confesses" in plain_text(watched)

    set_horizon = ask_json(tmp_path, db, "--channel", "watch", "--moderator", "/horizon S1E2")
    assert set_horizon["visibility"] == "public"
    shared = ask_json(tmp_path, db, "--channel", "watch", "/bio gary pearlman share:yes")
    assert shared["visibility"] == "public"
    assert_no_plain_spoilers(shared, "S1E2")
    assert "serial killer" not in plain_text(shared)
    assert any("serial killer" in p["text"] for p in shared["parts"] if p["kind"] == "spoiler")
    assert [set(action) for action in shared["actions"]] == [{"id", "label"}]
    assert db.exists()


def test_facts_check_passes_the_real_fact_base_with_a_summary(tmp_path):
    done = companion(tmp_path, "facts", "check", str(FACTS_DIR))
    assert done.returncode == 0, done.stdout + done.stderr
    first, header, *horizons = done.stdout.splitlines()
    assert first.startswith("Ballard (ballard): 18 characters,") and "54 trivia questions" in first
    assert header.split() == ["horizon", "characters", "bio", "recap", "trivia", "tells"]
    assert [line.split()[0] for line in horizons] == [f"S1E{n}" for n in range(11)]


@pytest.fixture
def broken_facts(tmp_path: Path) -> Path:
    """A copy of the real fact base with two problems in two files."""
    folder = tmp_path / "facts" / "ballard"
    shutil.copytree(FACTS_DIR / "ballard", folder)
    trivia = folder / "trivia.yaml"
    trivia.write_text(trivia.read_text().replace("difficulty: easy", "difficulty: trivial", 1))
    characters = folder / "characters.yaml"
    characters.write_text(characters.read_text().replace("      - Ibarra\n", "      - Ibarra\n      - Renee\n"))
    return folder


def problem_lines(folder: Path) -> list[str]:
    def line_of(file: str, text: str) -> int:
        return (folder / file).read_text().splitlines().index(text) + 1

    return [
        f"{folder}/characters.yaml:{line_of('characters.yaml', '      - Ibarra') + 1}: "
        "characters[11].aliases[2]: name 'Renee' is already used by 'renee-ballard' (line 10)",
        f"{folder}/trivia.yaml:{line_of('trivia.yaml', '    difficulty: trivial')}: "
        "questions[0].difficulty: should be 'easy', 'medium' or 'hard', found 'trivial'",
    ]


def test_facts_check_fails_a_broken_copy_with_one_line_per_problem(tmp_path, broken_facts):
    done = companion(tmp_path, "facts", "check", str(broken_facts.parent))
    assert done.returncode == 1
    assert done.stdout.splitlines() == problem_lines(broken_facts)


@pytest.mark.parametrize("command", [["ask", "/help"], ["run"]], ids=["ask", "run"])
def test_the_bot_refuses_to_start_on_an_invalid_fact_base(tmp_path, broken_facts, command):
    done = companion(
        tmp_path, *command, env={"COMPANION_FACTS": str(broken_facts), "COMPANION_DB": str(tmp_path / "x.db")}
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[-3:] == ["The fact base is invalid; the bot will not start:", *problem_lines(broken_facts)]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.db").exists(), "nothing is written before the facts are known good"


# --- In-process: options of `companion ask` --------------------------------------------------------------


def ask(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["ask", *args]) == 0
    return capsys.readouterr().out


def ask_json_here(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    return json.loads(ask(capsys, "--json", *args))


def test_user_server_and_channel_keep_state_apart(tmp_path, capsys):
    db = str(tmp_path / "companion.db")
    ask(capsys, "--db", db, "--user", "ana", "/progress S1E10")
    assert "S1E10" in ask(capsys, "--db", db, "--user", "ana", "/progress")
    assert "S1E0" in ask(capsys, "--db", db, "--user", "ben", "/progress")
    assert "S1E0" in ask(capsys, "--db", db, "--user", "ana", "--server", "other", "/progress")
    ask(capsys, "--db", db, "--channel", "watch", "--moderator", "/horizon S1E4")
    assert "S1E4" in ask(capsys, "--db", db, "--channel", "watch", "/horizon")
    assert "S1E0" in ask(capsys, "--db", db, "--channel", "general", "/horizon")


def test_only_moderators_set_a_horizon(tmp_path, capsys):
    db = str(tmp_path / "companion.db")
    refused = ask_json_here(capsys, "--db", db, "--channel", "watch", "/horizon S1E2")
    assert refused["parts"][0]["text"] == "Only moderators can set a channel's horizon. Nothing was changed."
    assert "S1E0" in ask(capsys, "--db", db, "--channel", "watch", "/horizon")


def test_the_database_comes_from_companion_db_by_default(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPANION_DB", str(tmp_path / "from-settings.db"))
    ask(capsys, "/progress S1E3")
    assert (tmp_path / "from-settings.db").exists()
    assert "S1E3" in ask(capsys, "/progress")


def test_without_json_the_reply_is_rendered_for_the_terminal_with_spoilers_masked(tmp_path, capsys):
    out = ask(capsys, "--db", str(tmp_path / "c.db"), "/bio gary pearlman")
    assert out.startswith("(only you can see this)")
    assert "GARY PEARLMAN" in out and "spoiler #1–#4: revealed in S1E10" in out
    assert "serial killer" not in out.lower()


def test_a_mistyped_command_gets_a_friendly_answer_not_a_traceback(tmp_path, capsys):
    assert main(["ask", "--json", "--db", str(tmp_path / "c.db"), "/biography renee"]) == 2
    reply = json.loads(capsys.readouterr().out)
    assert reply == {
        "visibility": "ephemeral",
        "parts": [
            {
                "kind": "text",
                "text": "There is no /biography command. Type /help to see what I can do.",
                "revealed": None,
            }
        ],
        "actions": [],
    }


def test_without_a_command_the_usage_is_shown(capsys):
    assert main([]) == 2
    assert "usage: companion" in capsys.readouterr().out


def test_a_reader_that_goes_away_ends_the_console_quietly(tmp_path):
    """`companion console | head -2`: the console stops without a traceback when its output is closed."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "COMPANION_"))}
    env.update(HOME=str(tmp_path), COMPANION_DB=str(tmp_path / "c.db"))
    shell = f"printf '/help\\n/bio renee\\n/recap\\n' | {sys.executable} -m bot console | head -2"
    done = subprocess.run(["bash", "-c", shell], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("Show Companion — console.")
    assert "Traceback" not in done.stderr, done.stderr


def test_ask_forgives_like_the_console_and_gives_the_moderator_server_rights(tmp_path, capsys):
    db = str(tmp_path / "companion.db")
    assert main(["ask", "--db", db, "/bi gary"]) == 2, "not understood, with a suggestion"
    assert "Did you mean /bio?" in capsys.readouterr().out
    assert main(["ask", "--db", db, "/bio gary sahre:yes"]) == 2
    assert "Did you mean share:?" in capsys.readouterr().out
    assert "you have watched up to S1E5" in ask(capsys, "--db", db, "/progress 5")
    assert "default horizon is now S1E2" in ask(capsys, "--db", db, "--moderator", "/horizon S1E2 server:yes")


# --- Subcommands contributed by adapters ---------------------------------------------------------------------


@pytest.mark.parametrize("module", ["broken", "misspelt"])
def test_a_bug_in_an_adapters_commands_is_raised_not_skipped(monkeypatch, module):
    monkeypatch.setattr("bot.cli.ADAPTER_COMMANDS", {"extra": f"tests.bot.cli_commands.{module}"})
    with pytest.raises(ImportError, match="no_such|NO_SUCH"):
        main(["facts", "check", "--help"])


def test_a_missing_optional_dependency_keeps_the_command_and_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setattr("bot.cli.ADAPTER_COMMANDS", {"extra": "tests.bot.cli_commands.needs_extra"})
    assert main(["extra", "anything", "--flag"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "The 'extra' commands need the 'companion_optional_dependency_that_is_not_installed' package, which is "
        "not installed. Install it with: pip install -e '.[test,bench]'"
    ]
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "(unavailable: the 'extra' commands need" in capsys.readouterr().out


@pytest.mark.parametrize(
    "typed",
    ["/biography renee", "bio renee", "/", "/trivia", "/trivia start questions:many", "/bio"],
)
def test_a_command_that_is_not_understood_exits_2_with_the_friendly_answer(tmp_path, capsys, typed):
    assert main(["ask", "--db", str(tmp_path / "c.db"), typed]) == 2
    out = capsys.readouterr().out
    assert out.startswith("(only you can see this)\n") and "Traceback" not in out


@pytest.mark.parametrize("typed", ["/bio montana", "/progress S1E3", "/horizon S1E2"])
def test_a_command_understood_exits_0_even_when_the_answer_is_no(tmp_path, capsys, typed):
    assert main(["ask", "--db", str(tmp_path / "c.db"), typed]) == 0


def test_ask_prints_no_console_only_hints(tmp_path, capsys):
    """`ask` cannot reveal or press: it says neither how to reveal nor how to press."""
    db = str(tmp_path / "c.db")
    for typed in ("/bio gary pearlman share:yes", "/bio gary pearlman"):
        out = ask(capsys, "--db", db, typed)
        assert re.search(r"█████ spoiler #1–#\d+: revealed in S1E10 █████", out), out
        assert "reveal'" not in out and "press" not in out
    out = ask(capsys, "--db", db, "--moderator", "/trivia start questions:1")
    assert "[A]  [B]" in out and "press" not in out


def test_ask_help_documents_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    shown = capsys.readouterr().out
    ask_parser = next(a for a in _subcommands() if a.prog.endswith(" ask"))
    for action in ask_parser._actions:
        assert action.help, f"{action.dest} is not documented"
        for flag in action.option_strings:
            assert flag in shown
    assert "exits 2" in " ".join(shown.split()) or "2 when" in " ".join(shown.split())


@pytest.mark.parametrize("command", ["run", "console", "ask"])
def test_run_console_and_ask_describe_themselves(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    usage, _, description = capsys.readouterr().out.partition("\n\n")
    assert len(description.split("\n\n")[0]) > 60


def test_the_default_user_has_a_name(tmp_path, capsys):
    """Messages name the asker ("Only Sam, who started this round…"), so the default is a name, not "you"."""
    db = str(tmp_path / "c.db")
    ask(capsys, "--db", db, "--moderator", "/trivia start questions:1")
    out = ask(capsys, "--db", db, "--user", "ana", "/trivia stop")
    assert "Only Sam, who started this round" in out, out


def _subcommands():
    from bot.cli import _parser

    commands = next(a for a in _parser()._actions if a.choices)
    return list(commands.choices.values())


@pytest.mark.parametrize(
    ("command", "setting", "value"),
    [
        (["run"], "DISCORD_GUILD_ID", "abc"),
        (["run"], "PORT", "eighty"),
        (["run"], "COMPANION_LOG_LEVEL", "loud"),
        (["console"], "COMPANION_LOG_LEVEL", "loud"),
        (["ask", "/help"], "COMPANION_LOG_LEVEL", "loud"),
        (["discord", "invite-url"], "DISCORD_GUILD_ID", "my server"),
    ],
)
def test_a_setting_that_cannot_be_read_is_one_line_naming_it(tmp_path, command, setting, value):
    done = companion(tmp_path, *command, env={setting: value, "COMPANION_DB": str(tmp_path / "c.db")})
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"Cannot start: {setting}: ") and f"found '{value}'" in line, line
    assert line.endswith("Fix it in the environment or .env (.env.example describes each).")


@pytest.mark.parametrize("setting", ["COMPANION_PRESS_QUEUE=0", "COMPANION_PRESS_QUEUE=lots"])
def test_an_invalid_setting_stops_the_start_with_a_clear_message(tmp_path, setting):
    name, _, value = setting.partition("=")
    done = companion(tmp_path, "run", env={name: value})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"Cannot start: {name}: ") and repr(value) in done.stderr
