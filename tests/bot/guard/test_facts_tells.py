"""`companion facts check` on tells: format, gates and tells too broad to mean anything, each at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.facts import check_show
from bot.facts._summary import summary
from tests.bot.guard.conftest import HARBOUR, HARBOUR_DIR

MARA_TELL = "          - [mara|quinn, shot|wounded]"


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "harbour"
    shutil.copytree(HARBOUR_DIR, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    return [str(problem).removeprefix(f"{folder}/") for problem in check_show(folder)[1]]


CASES = {
    "a term that is not words": (
        "[mara|quinn, shot||wounded]",
        ["characters.yaml:18: characters[0].sections[1].tells[0][1]: 'shot||wounded' is not a tell term"],
    ),
    "a tell that is not a list": (
        "{mara: shot}",
        [
            "characters.yaml:18: characters[0].sections[1].tells[0]: missing required key 'terms'",
            "characters.yaml:18: characters[0].sections[1].tells[0]: missing required key 'revealed'",
            "characters.yaml:18: characters[0].sections[1].tells[0]: unknown key 'mara'",
        ],
    ),
    "an empty tell": (
        "[]",
        ["characters.yaml:18: characters[0].sections[1].tells[0]: needs at least 1 terms, found 0"],
    ),
    "a tell gated before its fact": (
        "{terms: [mara, shot], revealed: S1E2}",
        ["characters.yaml:18: characters[0].sections[1].tells[0]: a tell revealed at S1E2 gives away a fact of S1E3"],
    ),
    "a tell gated at an episode the show lacks": (
        "{terms: [mara, shot], revealed: S1E9}",
        ["characters.yaml:18: characters[0].sections[1].tells[0].revealed: S1E9 is not an episode of this show"],
    ),
    "a premise name alone": (
        "[mara]",
        ["characters.yaml:18: characters[0].sections[1].tells[0]: the tell [mara] is made only of words common"],
    ),
    "premise words only": (
        "[mara, harbour lights]",
        ["characters.yaml:18: characters[0].sections[1].tells[0]: the tell [mara, harbour lights] is made only"],
    ),
    "little words only": (
        "[the, it]",
        ["characters.yaml:18: characters[0].sections[1].tells[0]: the tell [the, it] is made only of words"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_bad_tell_is_reported_at_its_line(tmp_path, case):
    new, expected = CASES[case]
    found = problems(edited(tmp_path, "characters.yaml", MARA_TELL, f"          - {new}"))
    assert len(found) == len(expected), found
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), found


def test_a_phrase_of_little_words_beside_a_name_is_a_real_tell():
    assert check_show(HARBOUR_DIR)[1] == []  # [tom|hale, did it] is fine


def test_the_summary_counts_the_tells_each_horizon_watches_for():
    lines = summary(HARBOUR).splitlines()
    assert lines[1].split()[-1] == "tells"
    by_horizon = {line.split()[0]: int(line.split()[-1]) for line in lines[2:]}
    assert by_horizon == {"S1E0": 6, "S1E1": 6, "S1E2": 6, "S1E3": 4, "S1E4": 3, "S1E5": 3, "S1E6": 0}


@pytest.mark.parametrize("tell", ["[ballard]", "[lapd]", "[ballard, lapd]", "[renee, cold case]"])
def test_ballard_premise_talk_alone_is_no_tell(tmp_path, tell):
    from bot.settings import FACTS_DIR

    folder = tmp_path / "ballard"
    shutil.copytree(FACTS_DIR / "ballard", folder)
    path = folder / "characters.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "        tells:\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + f"          - {tell}\n", 1), encoding="utf-8")
    found = problems(folder)
    assert len(found) == 1 and "made only of words common in premise talk" in found[0], found
