"""`companion facts check` warns about trivia that tells too much; warnings alone keep exit 0."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

from bot.episodes import Episode
from bot.facts import check_show, load_show
from bot.facts._giveaways import answers_each_other
from bot.settings import FACTS_DIR
from bot.trivia._draw import draw

MINIMAL = Path(__file__).parents[2] / "fixtures" / "facts" / "minimal"
KILLER_AT_PREMISE = "    revealed: S1E10\n    source:"
SECOND_QUESTION = """
  - id: gary-revealed-as
    question: What is Gary Pearlman revealed as?
    answer: The serial killer
    accept: [serial killer, a serial killer]
    distractors: [A detective, A councilman, A coyote]
    category: mystery
    difficulty: easy
    revealed: S1E10
    source: "Ballard season 1 ending: Gary Pearlman revealed as the serial killer"
"""


def show_with(tmp_path: Path, old: str = "", new: str = "", more: str = "") -> Path:
    folder = tmp_path / "show"
    shutil.copytree(MINIMAL, folder)
    path = folder / "trivia.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1 or not old
    path.write_text(text.replace(old, new) + more, encoding="utf-8")
    return folder


def check(folder: Path) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "facts", "check", "--quiet", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, [line.removeprefix(f"{folder}/") for line in (done.stdout + done.stderr).splitlines()]


def test_a_choice_naming_a_character_not_yet_known_is_a_warning(tmp_path):
    folder = show_with(tmp_path)
    text = (folder / "trivia.yaml").read_text(encoding="utf-8")
    text = text.replace("[Jake Pearlman, Ted Rawls, Robert Olivas]", "[Jake Pearlman, Anthony Driscoll, Montana]")
    (folder / "trivia.yaml").write_text(text.replace(KILLER_AT_PREMISE, "    revealed: S1E2\n    source:"))
    code, lines = check(folder)
    assert code == 0
    assert lines == [
        "trivia.yaml:6: warning: questions[0].distractors[1]: "
        "names Anthony Driscoll, not known before S1E10, in a question asked from S1E2",
        "trivia.yaml:6: warning: questions[0].distractors[2]: "
        "names Anthony Driscoll as 'Montana', not known before S1E10, in a question asked from S1E2",
    ]


def test_the_question_itself_and_accepted_answers_are_read_too(tmp_path):
    folder = show_with(
        tmp_path, "question: Who is revealed as the serial killer?", "question: Who is Driscoll's killer?"
    )
    text = (
        (folder / "trivia.yaml").read_text(encoding="utf-8").replace("accept: [Gary]", "accept: [Gary, Montana's boss]")
    )
    (folder / "trivia.yaml").write_text(text.replace(KILLER_AT_PREMISE, "    revealed: S1E0\n    source:"))
    code, lines = check(folder)
    assert code == 0
    assert [line.split(": names")[0] for line in lines] == [
        "trivia.yaml:3: warning: questions[0].question",
        "trivia.yaml:5: warning: questions[0].accept[1]",
    ]


def test_a_name_known_at_the_gate_is_no_warning(tmp_path):
    folder = show_with(
        tmp_path, "[Jake Pearlman, Ted Rawls, Robert Olivas]", "[Jake Pearlman, Anthony Driscoll, Montana]"
    )
    assert check(folder) == (0, [])


def test_questions_that_answer_each_other_are_a_warning_and_never_share_a_round(tmp_path):
    folder = show_with(tmp_path, more=SECOND_QUESTION)
    code, lines = check(folder)
    assert code == 0
    assert lines == [
        "trivia.yaml:12: warning: questions[1]: 'gary-revealed-as' and 'killer-identity' give away each other's "
        "answers, so they are never drawn into one round; say so with apart_from: [killer-identity] to silence this"
    ]
    facts = load_show(folder)
    for seed in range(20):
        drawn = draw(facts, Episode(1, 10), count=2, category=None, recent=[], rng=random.Random(seed))
        assert len(drawn) == 1


def test_a_declared_pair_is_kept_apart_without_a_warning(tmp_path):
    folder = show_with(tmp_path, more=SECOND_QUESTION + "    apart_from: [killer-identity]\n")
    assert check(folder) == (0, [])
    assert load_show(folder).kept_apart == {
        "killer-identity": frozenset({"gary-revealed-as"}),
        "gary-revealed-as": frozenset({"killer-identity"}),
    }


def test_a_declared_pair_the_texts_do_not_show_is_kept_apart_too(tmp_path):
    other = SECOND_QUESTION.replace("What is Gary Pearlman revealed as?", "What did Gary keep from every murder?")
    other = other.replace("The serial killer", "Trophies").replace("[serial killer, a serial killer]", "[]")
    assert check(show_with(tmp_path / "undeclared", more=other)) == (0, [])
    folder = show_with(tmp_path / "declared", more=other + "    apart_from: [killer-identity]\n")
    assert check(folder) == (0, [])
    assert load_show(folder).kept_apart["killer-identity"] == frozenset({"gary-revealed-as"})


def test_apart_from_must_name_another_question(tmp_path):
    folder = show_with(tmp_path, more=SECOND_QUESTION + "    apart_from: [killer-identity, nobody, gary-revealed-as]\n")
    code, lines = check(folder)
    assert code == 1
    assert lines == [
        "trivia.yaml:21: questions[1].apart_from[1]: 'nobody' is an unknown question",
        "trivia.yaml:21: questions[1].apart_from[2]: 'gary-revealed-as' is this question itself",
    ]


def test_the_ballard_pack_declares_every_pair_it_has():
    """montana-who ('…alias "Montana"?' → Anthony Driscoll), driscoll-alias ('…Anthony Driscoll use?' → Montana)."""
    facts, problems = check_show(FACTS_DIR / "ballard", warnings=True)
    assert problems == []
    assert frozenset({"montana-who", "driscoll-alias"}) in answers_each_other(facts.questions)
    assert facts.kept_apart["montana-who"] == frozenset({"driscoll-alias"})


def ballard_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "ballard"
    shutil.copytree(FACTS_DIR / "ballard", folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def line_of(folder: Path, file: str, text: str) -> int:
    return (folder / file).read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_fact_told_by_a_bio_at_another_gate_than_its_trivia_is_a_warning(tmp_path):
    """As the pack had it: Gary's bio said at S1E0 that he adopted Sarah; the trivia kept it for S1E10."""
    adopted = '        text: "Gary Pearlman adopted Sarah Pearlman, and he is the father of Councilman Jake Pearlman."'
    folder = ballard_with(
        tmp_path, "characters.yaml", f"{adopted}\n        revealed: S1E10", f"{adopted}\n        revealed: S1E0"
    )
    code, lines = check(folder)
    question = line_of(folder, "trivia.yaml", "  - id: gary-sarah-relation")
    bio = line_of(folder, "characters.yaml", adopted) - 1
    assert code == 0
    assert lines == [
        f"trivia.yaml:{question}: warning: questions[{_index(folder, 'gary-sarah-relation')}]: its answer is also "
        f"told at characters.yaml:{bio} (characters[8].sections[0]) from S1E0, but this question is gated at S1E10: "
        "one fact, one gate"
    ]


def test_a_fact_told_by_a_recap_at_another_gate_than_its_trivia_is_a_warning(tmp_path):
    """As the pack had it: trivia asked at S1E0 how Ballard lost her father; the recap told it at S1E10."""
    folder = ballard_with(
        tmp_path,
        "trivia.yaml",
        "    category: backstory\n    difficulty: medium\n    revealed: S1E10",
        "    category: backstory\n    difficulty: medium\n    revealed: S1E0",
    )
    code, lines = check(folder)
    assert code == 0
    assert len(lines) == 2 and all("one fact, one gate" in line for line in lines)
    assert "characters.yaml:" in lines[0] and "storylines.yaml:" in lines[1]


def _index(folder: Path, question_id: str) -> int:
    return [q.id for q in load_show(folder).questions].index(question_id)


def test_a_bio_section_or_recap_entry_naming_someone_not_yet_known_is_a_warning(tmp_path):
    folder = show_with(tmp_path)
    path = folder / "characters.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Councilman Jake Pearlman", "Anthony Driscoll"))
    path = folder / "storylines.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("murder of Sarah Pearlman.", "murder that Montana knew of.")
    )
    code, lines = check(folder)
    assert code == 0
    assert lines == [
        "characters.yaml:9: warning: characters[0].sections[0].text: "
        "names Anthony Driscoll, not known before S1E10, in a bio section shown from S1E0",
        "storylines.yaml:7: warning: storylines[0].entries[0].text: "
        "names Anthony Driscoll as 'Montana', not known before S1E10, in a recap entry shown from S1E0",
    ]
