"""Every validation error, each from a small broken copy of tests/fixtures/facts/minimal: file, line, message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.app import load_facts
from bot.facts import FactBaseError, check_show
from bot.settings import FACTS_DIR

MINIMAL = Path(__file__).parents[2] / "fixtures" / "facts" / "minimal"
GARY_SOURCE = '"Ballard season 1 ending: Gary Pearlman revealed as the serial killer"'


def broken(tmp_path: Path, file: str, old: str | None, new: str | None, source: Path = MINIMAL) -> Path:
    """A copy of a show with one file edited: `old` → `new`.

    `old=None` replaces the whole file with `new`; `new=None` deletes the file.
    """
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    path = folder / file
    if new is None:
        path.unlink()
    elif old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"the edit must be unambiguous: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def problems_in(folder: Path) -> list[str]:
    facts, problems = check_show(folder)
    assert facts is None if problems else facts is not None
    return [str(problem).removeprefix(f"{folder}/") for problem in problems]


def test_the_minimal_fixture_is_valid():
    assert problems_in(MINIMAL) == []


CASES = {
    "unknown key": (
        "characters.yaml",
        "    revealed: S1E0\n    aliases:",
        "    revealed: S1E0\n    nickname: Gazza\n    aliases:",
        ["characters.yaml:5: characters[0]: unknown key 'nickname'"],
    ),
    "wrong type: text for a number": (
        "show.yaml",
        "    episodes: 10",
        "    episodes: ten",
        ["show.yaml:11: seasons[0].episodes: should be a whole number, found 'ten'"],
    ),
    "wrong type: text for a list": (
        "characters.yaml",
        "    aliases:\n      - Gary\n",
        "    aliases: Gary\n",
        ["characters.yaml:5: characters[0].aliases: should be a list, found 'Gary'"],
    ),
    "wrong type: a number for a name": (
        "characters.yaml",
        "      - Gary\n",
        "      - 1234\n",
        ["characters.yaml:6: characters[0].aliases[0]: should be text or a mapping of keys, found the number 1234"],
    ),
    "missing gate": (
        "storylines.yaml",
        "        revealed: S1E0\n",
        "",
        [
            "storylines.yaml:7: storylines[0].entries[0]: missing required key 'revealed' "
            "(every fact needs the episode that reveals it, e.g. revealed: S1E4)"
        ],
    ),
    "missing gate on a twist alias": (
        "characters.yaml",
        "      - name: Montana\n        revealed: S1E10\n",
        "      - name: Montana\n",
        [
            "characters.yaml:21: characters[1].aliases[1]: missing required key 'revealed' "
            "(every fact needs the episode that reveals it, e.g. revealed: S1E4)"
        ],
    ),
    "empty gate": (
        "trivia.yaml",
        "    revealed: S1E10",
        "    revealed:",
        ["trivia.yaml:9: questions[0].revealed: an episode code must be text such as S1E4"],
    ),
    "gate naming an episode the show does not have": (
        "trivia.yaml",
        "    revealed: S1E10",
        "    revealed: S1E11",
        ["trivia.yaml:9: questions[0].revealed: S1E11 is not an episode of this show (season 1 has 10)"],
    ),
    "gate in a season the show does not have": (
        "storylines.yaml",
        "    revealed: S1E0\n    characters:",
        "    revealed: S2E1\n    characters:",
        ["storylines.yaml:4: storylines[0].revealed: S2E1 is not an episode of this show (season 1 has 10)"],
    ),
    "bad episode code": (
        "characters.yaml",
        f"        revealed: S1E10\n        source: {GARY_SOURCE}",
        f"        revealed: episode ten\n        source: {GARY_SOURCE}",
        [
            "characters.yaml:14: characters[0].sections[1].revealed: “episode ten” is not an episode code. "
            "Use S1E4, s1e4, S01E04 or 1x04 (S1E0 means nothing watched yet)."
        ],
    ),
    "a storyline naming an unknown character": (
        "storylines.yaml",
        "[gary-pearlman]",
        "[gary-pearlman, jake-pearlman]",
        ["storylines.yaml:5: storylines[0].characters[1]: unknown character 'jake-pearlman'"],
    ),
    "duplicate ids": (
        "characters.yaml",
        "  - id: anthony-driscoll",
        "  - id: gary-pearlman",
        ["characters.yaml:16: characters[1].id: duplicate id 'gary-pearlman' (first at line 2)"],
    ),
    "duplicate aliases across characters": (
        "characters.yaml",
        "      - Driscoll\n",
        "      - Driscoll\n      - GARY\n",
        ["characters.yaml:21: characters[1].aliases[1]: name 'GARY' is already used by 'gary-pearlman' (line 6)"],
    ),
    "an alias revealed before its character": (
        "characters.yaml",
        "      - name: Montana\n        revealed: S1E10",
        "      - name: Montana\n        revealed: S1E2",
        ["characters.yaml:21: characters[1].aliases[1]: alias 'Montana' is revealed before the name itself"],
    ),
    "duplicate YAML keys": (
        "trivia.yaml",
        "    category: mystery\n",
        "    category: mystery\n    category: killers\n",
        ["trivia.yaml:8: duplicate key 'category' (first at line 7)"],
    ),
    "a distractor repeating the answer": (
        "trivia.yaml",
        "Ted Rawls",
        "gary pearlman",
        ["trivia.yaml:6: questions[0].distractors[1]: distractor 'gary pearlman' repeats the answer"],
    ),
    "a distractor repeating an accepted answer": (
        "trivia.yaml",
        "Ted Rawls",
        "Gary!",
        ["trivia.yaml:6: questions[0].distractors[1]: distractor 'Gary!' repeats the answer"],
    ),
    "the same distractor twice": (
        "trivia.yaml",
        "Ted Rawls",
        "jake pearlman",
        ["trivia.yaml:6: questions[0].distractors[1]: distractor 'jake pearlman' appears twice"],
    ),
    "too few distractors": (
        "trivia.yaml",
        ", Robert Olivas]",
        "]",
        ["trivia.yaml:6: questions[0].distractors: needs at least 3 distractors, found 2"],
    ),
    "too many distractors": (
        "trivia.yaml",
        ", Robert Olivas]",
        ", Robert Olivas, Harry Bosch]",
        ["trivia.yaml:6: questions[0].distractors: allows at most 3 distractors, found 4"],
    ),
    "a source that is not a section of the article": (
        "storylines.yaml",
        f"        source: {GARY_SOURCE}",
        '        source: "Chapter 9"',
        ["storylines.yaml:9: storylines[0].entries[0].source: source 'Chapter 9' is not one of show.yaml's sections"],
    ),
    "an empty text": (
        "storylines.yaml",
        '      - text: "Ballard\'s cold case unit reopens the unsolved murder of Sarah Pearlman."',
        '      - text: ""',
        ["storylines.yaml:7: storylines[0].entries[0].text: should not be empty"],
    ),
    "an id that is not a slug": (
        "trivia.yaml",
        "  - id: killer-identity",
        "  - id: Killer Identity",
        [
            "trivia.yaml:2: questions[0].id: should be lowercase words joined by dashes, such as gary-pearlman; "
            "found 'Killer Identity'"
        ],
    ),
    "a value outside its choices": (
        "trivia.yaml",
        "difficulty: easy",
        "difficulty: trivial",
        ["trivia.yaml:8: questions[0].difficulty: should be 'easy', 'medium' or 'hard', found 'trivial'"],
    ),
    "a missing answer": (
        "trivia.yaml",
        "    answer: Gary Pearlman\n",
        "",
        ["trivia.yaml:2: questions[0]: missing required key 'answer'"],
    ),
    "an episode title beyond the season": (
        "show.yaml",
        "    titles: {}",
        "    titles: {11: Extra}",
        ["show.yaml:12: seasons[0].titles[11]: season 1 has no episode 11"],
    ),
    "an empty file": ("trivia.yaml", None, "", ["trivia.yaml:1: file is empty"]),
    "a file of comments only": ("trivia.yaml", None, "# nothing yet\n", ["trivia.yaml:1: file is empty"]),
    "a list where a mapping belongs": (
        "show.yaml",
        None,
        "- Ballard\n",
        ["show.yaml:1: should be a mapping of keys, found a list"],
    ),
    "a missing file": (
        "storylines.yaml",
        None,
        None,
        [
            "storylines.yaml:1: missing file: a show's folder needs "
            "show.yaml, characters.yaml, storylines.yaml, trivia.yaml"
        ],
    ),
}


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES.values(), ids=CASES.keys())
def test_each_problem_names_file_line_and_what_is_wrong(tmp_path, file, old, new, expected):
    assert problems_in(broken(tmp_path, file, old, new)) == expected


SYNTAX = {
    "an unclosed bracket": (
        "storylines.yaml",
        "    title: The Sarah Pearlman case",
        "    title: [The Sarah Pearlman case",
        "storylines.yaml:3: not valid YAML: while parsing a flow sequence here, ",
    ),
    "an unclosed quote": (
        "characters.yaml",
        'a trophy from every killing."\n',
        "a trophy from every killing.\n",
        "characters.yaml:12: not valid YAML: while parsing a block mapping here, ",
    ),
    "a colon in a plain value": (
        "characters.yaml",
        "    name: Gary Pearlman",
        "    name: Gary: Pearlman",
        "characters.yaml:3: not valid YAML: mapping values are not allowed",
    ),
    "a tab": ("show.yaml", "  - number: 1", "\t- number: 1", "show.yaml:10: not valid YAML: found character "),
}


@pytest.mark.parametrize(("file", "old", "new", "expected"), SYNTAX.values(), ids=SYNTAX.keys())
def test_invalid_yaml_points_at_where_the_broken_construct_starts(tmp_path, file, old, new, expected):
    """The wording after the line is the YAML parser's own (libyaml's, where PyYAML has it)."""
    [problem] = problems_in(broken(tmp_path, file, old, new))
    assert problem.startswith(expected)


def test_a_tab_is_named_as_the_culprit(tmp_path):
    [problem] = problems_in(broken(tmp_path, "show.yaml", "  - number: 1", "\t- number: 1"))
    assert problem.endswith("(a tab: indent with spaces)")


def test_not_utf8(tmp_path):
    folder = broken(tmp_path, "trivia.yaml", None, "")
    (folder / "trivia.yaml").write_bytes(b"questions:\n  - id: caf\xe9\n")
    [problem] = problems_in(folder)
    assert problem.startswith("trivia.yaml:2: cannot read file: 'utf-8' codec can't decode byte 0xe9")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    """A schema error in one entry does not hide the cross-checks of the others."""
    folder = broken(
        tmp_path,
        "characters.yaml",
        "    revealed: S1E0\n    aliases:",
        "    revealed: S1E0\n    nickname: Gazza\n    aliases:",
    )
    text = (folder / "characters.yaml").read_text()
    text = text.replace(
        '        revealed: S1E10\n        source: "Ballard season 1: The',
        '        revealed: S1E11\n        source: "Ballard season 1: The',
    )
    text = text.replace(
        '        source: "Ballard season 1: The LAPD cartel conspiracy and the arrest of Olivas"',
        '        source: "Chapter 9"',
    )
    (folder / "characters.yaml").write_text(text)
    assert problems_in(folder) == [
        "characters.yaml:5: characters[0]: unknown key 'nickname'",
        "characters.yaml:27: characters[1].sections[0].revealed: "
        "S1E11 is not an episode of this show (season 1 has 10)",
        "characters.yaml:28: characters[1].sections[0].source: source 'Chapter 9' is not one of show.yaml's sections",
    ]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    folder = broken(tmp_path, "show.yaml", "    episodes: 10", "    episodes: ten")
    (folder / "trivia.yaml").write_text((folder / "trivia.yaml").read_text().replace("Ted Rawls", "Gary"))
    (folder / "storylines.yaml").write_text("storylines:\n  - id: [\n")
    (folder / "characters.yaml").write_text("")
    problems = problems_in(folder)
    assert problems[:2] == [
        "show.yaml:11: seasons[0].episodes: should be a whole number, found 'ten'",
        "characters.yaml:1: file is empty",
    ]
    assert problems[2].startswith("storylines.yaml:")
    assert problems[3:] == ["trivia.yaml:6: questions[0].distractors[1]: distractor 'Gary' repeats the answer"]


def test_a_broken_copy_of_the_real_fact_base_reports_every_problem(tmp_path):
    folder = broken(
        tmp_path,
        "trivia.yaml",
        '    revealed: S1E0\n    source: "Introduction"\n\n  - id: intern',
        '    revealed: S1E11\n    source: "Introduction"\n\n  - id: intern',
        source=FACTS_DIR / "ballard",
    )
    characters = (folder / "characters.yaml").read_text().replace("      - Ibarra\n", "      - Ibarra\n      - Renee\n")
    (folder / "characters.yaml").write_text(characters)
    line = (folder / "trivia.yaml").read_text().splitlines().index("    revealed: S1E11") + 1
    problems = problems_in(folder)
    assert len(problems) == 2
    assert (
        problems[0].startswith("characters.yaml:") and "name 'Renee' is already used by 'renee-ballard'" in problems[0]
    )
    assert (
        problems[1]
        == f"trivia.yaml:{line}: questions[0].revealed: S1E11 is not an episode of this show (season 1 has 10)"
    )


def test_the_loader_refuses_an_invalid_fact_base_with_the_same_problems(tmp_path):
    folder = broken(tmp_path, "trivia.yaml", "Ted Rawls", "gary pearlman")
    with pytest.raises(FactBaseError) as raised:
        load_facts(folder)
    assert [str(p) for p in raised.value.problems] == [str(p) for p in check_show(folder)[1]]


def test_the_loader_wants_exactly_one_show(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FactBaseError, match="expected exactly one show"):
        load_facts(tmp_path / "empty")
    shutil.copytree(MINIMAL, tmp_path / "two" / "one")
    shutil.copytree(MINIMAL, tmp_path / "two" / "other")
    with pytest.raises(FactBaseError, match="found one, other"):
        load_facts(tmp_path / "two")
    assert load_facts(tmp_path / "two", "other").show.id == "minimal"


def test_the_real_fact_base_is_valid():
    facts, problems = check_show(FACTS_DIR / "ballard")
    assert problems == []
    assert len(facts.characters) >= 15 and len(facts.storylines) >= 5 and len(facts.questions) >= 30


GARY = "    revealed: S1E0\n    aliases:\n      - Gary"
MONTANA = "      - name: Montana\n        revealed: S1E10"
GARY_BIO = "        revealed: S1E0\n        source:"
GATES = {
    "a character with plain aliases": ("characters.yaml", GARY, GARY.replace("revealed: S1E0", "{}")),
    "a twist alias": ("characters.yaml", MONTANA, MONTANA.replace("revealed: S1E10", "{}")),
    "a bio section": ("characters.yaml", GARY_BIO, GARY_BIO.replace("revealed: S1E0", "{}")),
    "a storyline": ("storylines.yaml", "    revealed: S1E0\n    characters", "    {}\n    characters"),
    "a recap entry": ("storylines.yaml", "        revealed: S1E0\n", "        {}\n"),
    "a question": ("trivia.yaml", "    revealed: S1E10\n", "    {}\n"),
}
TYPOS = {
    "letter O for zero": ("revealed: S1E1O", "is not an episode code"),
    "no such episode": ("revealed: S1E11", "is not an episode of this show"),
    "misspelt key": ("reveled: S1E10", "unknown key 'reveled': did you mean 'revealed'?"),
    "capitalised key": ("Revealed: S1E10", "unknown key 'Revealed': did you mean 'revealed'?"),
    "underscored key": ("re_vealed: S1E10", "unknown key 're_vealed': did you mean 'revealed'?"),
}


@pytest.mark.parametrize("typo", TYPOS.values(), ids=TYPOS.keys())
@pytest.mark.parametrize("gate", GATES.values(), ids=GATES.keys())
def test_one_typo_in_a_gate_is_one_problem(tmp_path, gate, typo):
    file, old, new = gate
    written, said = typo
    problems = problems_in(broken(tmp_path, file, old, new.format(written)))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{file}:") and said in problems[0]


def test_a_misspelt_key_points_at_itself(tmp_path):
    problems = problems_in(broken(tmp_path, "trivia.yaml", "    difficulty: easy", "    dificulty: easy"))
    assert problems == ["trivia.yaml:8: questions[0]: unknown key 'dificulty': did you mean 'difficulty'?"]


def test_an_unknown_key_unlike_any_missing_one_stays_two_problems(tmp_path):
    problems = problems_in(broken(tmp_path, "trivia.yaml", "    difficulty: easy", "    colour: blue"))
    assert problems == [
        "trivia.yaml:2: questions[0]: missing required key 'difficulty'",
        "trivia.yaml:8: questions[0]: unknown key 'colour'",
    ]
