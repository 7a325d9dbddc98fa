"""Files written to attack the checker: each is refused with one `path:line: message`, exit 1, promptly.

Run through `companion facts check` in a real subprocess; the generous timeout is only the failure mode
(before the fix these ran for minutes, hung or exhausted memory).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.facts._load import MAX_PROBLEMS
from bot.facts._yaml import MAX_DEPTH, MAX_FILE_BYTES

MINIMAL = Path(__file__).parents[2] / "fixtures" / "facts" / "minimal"
TIMEOUT = 60


def show_with(tmp_path: Path, trivia: str | bytes | None) -> Path:
    """The minimal show with trivia.yaml replaced by `trivia` (None: removed, for the caller to make)."""
    folder = tmp_path / "show"
    shutil.copytree(MINIMAL, folder)
    path = folder / "trivia.yaml"
    path.unlink()
    if isinstance(trivia, str):
        path.write_text(trivia, encoding="utf-8")
    elif isinstance(trivia, bytes):
        path.write_bytes(trivia)
    return folder


def check(folder: Path) -> tuple[int, list[str]]:
    """Exit code and output lines (paths relative to the show's folder) of `companion facts check`."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "facts", "check", "--quiet", str(folder)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line.removeprefix(f"{folder}/") for line in (done.stdout + done.stderr).splitlines()]
    return done.returncode, lines


def test_many_schema_errors_are_capped_with_a_count(tmp_path):
    folder = show_with(tmp_path, "questions: [" + ", ".join(["1"] * 20_000) + "]\n")
    code, lines = check(folder)
    assert code == 1
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == "trivia.yaml:1: questions[0]: should be a mapping of keys, found the number 1"
    assert lines[-1] == f"trivia.yaml:1: 19,900 more problems not shown (first {MAX_PROBLEMS} above)"


def test_many_misspelt_keys_are_capped_too(tmp_path):
    entry = "  - {id: q-%d, question: q, answer: a, distractors: [b, c, d], category: c, difficulty: easy, "
    entry += "reveled: S1E1, source: x}\n"
    folder = show_with(tmp_path, "questions:\n" + "".join(entry % index for index in range(5_000)))
    code, lines = check(folder)
    assert code == 1
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == "trivia.yaml:2: questions[0]: unknown key 'reveled': did you mean 'revealed'?"
    assert lines[-1].endswith(f"4,900 more problems not shown (first {MAX_PROBLEMS} above)")


@pytest.mark.parametrize(
    "nesting",
    [
        pytest.param("questions: " + "[" * 100_000 + "]" * 100_000 + "\n", id="flow, 100,000 levels"),
        pytest.param("questions: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n", id="flow mappings"),
        pytest.param(
            "questions:\n" + "".join(" " * depth + "- \n" for depth in range(0, 2 * 900, 2)), id="block, 900 levels"
        ),
        pytest.param(
            "questions:\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(0, 2 * 200, 2)),
            id="block mappings, 200 levels",
        ),
    ],
)
def test_deep_nesting_is_refused(tmp_path, nesting):
    code, lines = check(show_with(tmp_path, nesting))
    assert code == 1
    [line] = lines
    assert line.startswith("trivia.yaml:")
    assert "nested too deeply" in line or "exceeded maximum nesting depth" in line


def test_nesting_just_within_the_cap_is_read(tmp_path):
    """The cap refuses depth, not structure: MAX_DEPTH levels are read (and judged by the schema)."""
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    code, lines = check(show_with(tmp_path, f"questions: {nested}\n"))
    assert code == 1
    assert lines == ["trivia.yaml:1: questions[0]: should be a mapping of keys, found a list"]


def test_aliases_cannot_multiply_the_data(tmp_path):
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]" for level in range(1, 9)]
    code, lines = check(show_with(tmp_path, "\n".join(laughs) + "\nquestions: []\n"))
    assert code == 1
    [line] = lines
    assert line.startswith("trivia.yaml:") and "aliases repeat too much" in line


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    folder = show_with(tmp_path, None)
    with (folder / "trivia.yaml").open("wb") as sparse:
        sparse.truncate(MAX_FILE_BYTES + 1)
    code, lines = check(folder)
    assert code == 1
    assert lines == [f"trivia.yaml:1: file is too big: {MAX_FILE_BYTES + 1:,} bytes, at most {MAX_FILE_BYTES:,}"]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        pytest.param(lambda path: path.symlink_to("/dev/zero"), "a device", id="symlink to /dev/zero"),
        pytest.param(lambda path: os.mkfifo(path), "a named pipe", id="FIFO"),
        pytest.param(lambda path: path.mkdir(), "a folder", id="folder"),
    ],
)
def test_only_regular_files_are_read(tmp_path, make, kind):
    folder = show_with(tmp_path, None)
    make(folder / "trivia.yaml")
    code, lines = check(folder)
    assert code == 1
    assert lines == [f"trivia.yaml:1: cannot read file: not a regular file ({kind})"]


def test_a_symlink_to_a_regular_file_is_read(tmp_path):
    folder = show_with(tmp_path, None)
    (folder / "trivia.yaml").symlink_to(MINIMAL / "trivia.yaml")
    assert check(folder) == (0, [])


NOT_PLAIN_DATA = "is not allowed here: fact files hold only text, numbers, yes/no, lists and mappings"
OS_SYSTEM = "!!python/object/apply:os.system"
BAD_VALUES = {
    "!!timestamp": ("x: !!timestamp nope", f"trivia.yaml:2: tag '!!timestamp' {NOT_PLAIN_DATA}"),
    "!!int": ("x: !!int x", "trivia.yaml:2: 'x' is not a valid !!int"),
    "!!float": ("x: !!float one", "trivia.yaml:2: 'one' is not a valid !!float"),
    "!!bool": ("x: !!bool maybe", "trivia.yaml:2: 'maybe' is not a valid !!bool"),
    "!!binary": ("x: !!binary abc", f"trivia.yaml:2: tag '!!binary' {NOT_PLAIN_DATA}"),
    "python tag on a sequence": (f"x: {OS_SYSTEM} [echo]", f"trivia.yaml:2: tag '{OS_SYSTEM}' {NOT_PLAIN_DATA}"),
    "python tag on a mapping": (
        f"x: {OS_SYSTEM} {{args: [echo]}}",
        f"trivia.yaml:2: tag '{OS_SYSTEM}' {NOT_PLAIN_DATA}",
    ),
    "python tag on an empty sequence": (f"x: {OS_SYSTEM} []", f"trivia.yaml:2: tag '{OS_SYSTEM}' {NOT_PLAIN_DATA}"),
    "!!map on a sequence": ("x: !!map []", f"trivia.yaml:2: tag '!!map' {NOT_PLAIN_DATA}"),
    "local tag": ("x: !custom []", f"trivia.yaml:2: tag '!custom' {NOT_PLAIN_DATA}"),
    "tag on a key": ("!!python/name:os.system : 1", f"trivia.yaml:2: tag '!!python/name:os.system' {NOT_PLAIN_DATA}"),
    "NUL byte": ("x: a\x00b", "trivia.yaml:2: not valid YAML: character #x0000 is not allowed"),
    "control character": ("x: a\x07b", "trivia.yaml:2: not valid YAML: character #x0007 is not allowed"),
}


@pytest.mark.parametrize(("line", "expected"), BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_bad_tags_and_characters_are_refused(tmp_path, line, expected):
    code, lines = check(show_with(tmp_path, f"questions: []\n{line}\n"))
    assert (code, lines) == (1, [expected])


def test_a_python_tag_on_the_whole_list_is_refused(tmp_path):
    """Accepted with exit 0 before: the tag was dropped and the empty list read as no questions."""
    code, lines = check(show_with(tmp_path, f"questions: {OS_SYSTEM} []\n"))
    assert (code, lines) == (1, [f"trivia.yaml:1: tag '{OS_SYSTEM}' {NOT_PLAIN_DATA}"])


def test_every_bad_tag_of_a_file_is_reported_at_once(tmp_path):
    code, lines = check(show_with(tmp_path, "questions: []\nx: !!int x\ny: !!set {a}\n"))
    assert code == 1
    assert lines == ["trivia.yaml:2: 'x' is not a valid !!int", f"trivia.yaml:3: tag '!!set' {NOT_PLAIN_DATA}"]


def test_plain_tags_on_valid_values_are_still_read(tmp_path):
    text = (MINIMAL / "trivia.yaml").read_text(encoding="utf-8").replace("difficulty: easy", "difficulty: !!str easy")
    assert check(show_with(tmp_path, text)) == (0, [])
