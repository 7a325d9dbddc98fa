"""The console as a person meets it: a real process in a real terminal (a pty), and behind a pipe.

Ctrl-C is both a typed key (the terminal is in raw mode while the prompt edits the line) and a real SIGINT
sent to the process (`kill -INT`, or a pipe's Ctrl-C); either ends the console at once with one line.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from pexpect.popen_spawn import PopenSpawn

WAIT = 60
SETTINGS = ("DISCORD_", "SLACK_", "COMPANION_")
PROMPT = "[Sam (mod) in #general] >"
ANSI = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[=>])")


def environment(tmp_path: Path) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(SETTINGS)}
    return {
        **clean,
        "HOME": str(tmp_path),
        "COMPANION_DB": str(tmp_path / "console.db"),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect does not answer a terminal's cursor-position request
    }


def in_a_terminal(tmp_path: Path, command: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "bot", command],
        cwd=str(tmp_path),
        env=environment(tmp_path),
        timeout=WAIT,
        encoding="utf-8",
        dimensions=(40, 120),
    )


def plain(screen: str) -> str:
    return ANSI.sub("", screen).replace("\r", "")


@pytest.mark.parametrize("command", ["console", "run"])
@pytest.mark.parametrize("how", ["typed", "signal"])
def test_ctrl_c_ends_the_console_at_once_with_one_line(tmp_path, command, how):
    console = in_a_terminal(tmp_path, command)
    console.expect_exact(PROMPT)
    if how == "typed":
        console.send("\x03")
    else:
        console.kill(signal.SIGINT)
    console.expect(pexpect.EOF)
    console.close()
    assert console.exitstatus == 130
    after_the_prompt = plain(console.before).rpartition(PROMPT)[2]
    assert after_the_prompt.split() == ["Stopped", "(Ctrl-C)."], after_the_prompt


def test_ctrl_c_behind_a_pipe_ends_the_console_at_once_with_one_line(tmp_path):
    """Input still open (a script that has not finished writing): SIGINT does not wait for another line."""
    console = PopenSpawn(
        [sys.executable, "-m", "bot", "console"], cwd=str(tmp_path), env=environment(tmp_path), timeout=WAIT
    )
    console.expect_exact(PROMPT.encode())
    console.kill(signal.SIGINT)
    console.expect(pexpect.EOF)
    assert console.wait() == 130
    assert console.before.decode().strip().splitlines() == ["Stopped (Ctrl-C)."]


def test_the_prompt_comes_back_after_posts_that_arrive_on_their_own(tmp_path):
    """A trivia question closes on its timer while the prompt waits: the posts print, then the prompt again."""
    console = in_a_terminal(tmp_path, "console")
    console.expect_exact(PROMPT)
    console.sendline("/trivia start questions:1 seconds:10")
    console.expect_exact("(answer with:  press A … press D)")
    console.expect_exact(PROMPT)
    console.expect_exact("TRIVIA ROUND OVER")
    console.expect_exact("· All-time and weekly scores: /trivia leaderboard")
    console.expect_exact(PROMPT)
    console.sendline("press a")
    console.expect_exact("There is no button to press.")
    console.expect_exact(PROMPT)
    console.send("\x04")  # Ctrl-D
    console.expect(pexpect.EOF)
    console.close()
    assert console.exitstatus == 0


def test_history_is_kept_between_terminal_sessions(tmp_path):
    console = in_a_terminal(tmp_path, "console")
    console.expect_exact(PROMPT)
    console.sendline("/progress s1e3")
    console.expect_exact("S1E3")
    console.expect_exact(PROMPT)
    console.send("\x04")
    console.expect(pexpect.EOF)
    console.close()
    assert "/progress s1e3" in (tmp_path / ".companion_history").read_text()


def test_behind_a_pipe_the_prompt_comes_back_after_posts_too(tmp_path):
    console = PopenSpawn(
        [sys.executable, "-m", "bot", "console"], cwd=str(tmp_path), env=environment(tmp_path), timeout=WAIT
    )
    console.expect_exact(PROMPT.encode())
    console.sendline("/trivia start questions:1 seconds:10")
    console.expect_exact(b"(answer with:  press A \xe2\x80\xa6 press D)")
    console.expect_exact(PROMPT.encode())
    console.expect_exact(b"\xc2\xb7 All-time and weekly scores: /trivia leaderboard\n")
    console.expect_exact(PROMPT.encode())
    console.sendeof()
    console.expect(pexpect.EOF)
    assert console.wait() == 0
