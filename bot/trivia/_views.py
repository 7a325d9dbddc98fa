"""What trivia shows: question messages, reveals, tables and leaderboards, as platform-neutral replies.

Everything public here is cut to the channel's horizon *at the time it is shown*: a question whose gate
is beyond it (a moderator moved the horizon back mid-round) is hidden, never quoted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.episodes import Episode
from bot.reply import Action, Part, Reply, Style, Visibility, field_part, heading, note, text
from bot.safety import echo
from bot.trivia._model import LETTERS, AskedQuestion, Round, RoundStatus, Standing, Tally

PREFIX = "trivia"
SHOWN = 10
"""Players named in a reveal or a table before 'and N more'."""


def button_id(round_id: int, number: int, letter: str) -> str:
    return f"{PREFIX}:{round_id}:{number}:{letter}"


def parse_button(rest: str) -> tuple[int, int, str] | None:
    """'12:3:B' (the id after 'trivia:') → (12, 3, 'B'); None for anything else."""
    parts = rest.split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or parts[2] not in LETTERS:
        return None
    return int(parts[0]), int(parts[1]), parts[2]


def name(raw: str) -> str:
    return echo(raw or "someone", 32)


def question_message(trivia_round: Round, question: AskedQuestion, horizon: Episode) -> Reply:
    """The open question: its text, the choices A–D as text, and one button per letter."""
    if question.revealed > horizon:
        return _hidden(trivia_round, question, horizon)
    parts = [*_intro(trivia_round, question), heading(_title(trivia_round, question)), *_body(question)]
    parts.append(note(f"{trivia_round.seconds} seconds. Press a letter, or type /trivia answer with your answer."))
    return Reply(tuple(parts), Visibility.PUBLIC, _buttons(trivia_round, question, closed=False))


def closed_question(trivia_round: Round, question: AskedQuestion, horizon: Episode) -> Reply:
    """The same message once the question closed: buttons disabled, the answer marked."""
    if question.revealed > horizon:
        return _hidden(trivia_round, question, horizon)
    parts = [*_intro(trivia_round, question), heading(f"{_title(trivia_round, question)} (closed)")]
    parts += _body(question, mark=True)
    parts.append(text(f"Answer: {question.letter}) {question.answer}", question.revealed))
    return Reply(tuple(parts), Visibility.PUBLIC, _buttons(trivia_round, question, closed=True))


def reveal(trivia_round: Round, question: AskedQuestion, tally: Tally, horizon: Episode) -> Reply:
    """Posted at a question's close: the answer, and who got it (fastest first)."""
    title = f"Question {question.number} of {trivia_round.size}"
    if question.revealed > horizon:
        answer = note(f"{title}: the answer is not shown, as this channel's horizon is now {horizon}.")
    else:
        answer = text(f"{title}: the answer was {question.letter}) {question.answer}.", question.revealed)
    return Reply((answer, note(_who_got_it(tally))), Visibility.PUBLIC)


def closed_late(reveal: Reply, question: AskedQuestion, delayed: timedelta) -> Reply:
    """The reveal of a question whose close the database held up, saying so (answers given in time count)."""
    late = note(
        f"Question {question.number} closed {round(delayed.total_seconds())} s late: the database was busy. "
        "Every answer given in time counts."
    )
    return Reply((late, *reveal.parts), reveal.visibility, reveal.actions)


def round_table(trivia_round: Round, table: Sequence[Standing], *, reason: str | None = None) -> Reply:
    """The round's final table, whichever way it ended; every answer that counted is in it."""
    titles = {
        RoundStatus.COMPLETED: "Trivia round over",
        RoundStatus.STOPPED: "Trivia round stopped, scores kept",
        RoundStatus.INTERRUPTED: "Round interrupted, scores kept",
        RoundStatus.RUNNING: "Trivia round so far",
    }
    parts: list[Part] = [heading(titles[trivia_round.status])]
    if reason:
        parts.append(note(reason))
    if trivia_round.status is RoundStatus.RUNNING:
        done = trivia_round.current - 1
        parts.append(note(f"After {done} of {trivia_round.size} questions (question {trivia_round.current} is open)."))
    else:
        asked = f"{trivia_round.current} of {trivia_round.size} question{_s(trivia_round.size)} asked"
        parts.append(note(f"{asked} · {_players(len(table))}."))
    parts += _standings(table)
    if trivia_round.status is not RoundStatus.RUNNING:
        parts.append(note("All-time and weekly scores: /trivia leaderboard"))
    return Reply(tuple(parts), Visibility.PUBLIC)


def leaderboard(table: Sequence[Standing], *, where: str, when: str, asker: str) -> Reply:
    parts: list[Part] = [heading(f"Trivia leaderboard: {where}, {when}")]
    if not table:
        parts.append(note("Nobody has scored yet. Start a round with /trivia start."))
        return Reply(tuple(parts), Visibility.PUBLIC)
    parts += _standings(table, rounds=True)
    mine = next((rank for rank, standing in enumerate(table, 1) if standing.user == asker), None)
    if mine is not None and mine > SHOWN:
        parts.append(note(f"You are #{mine}: {_score(table[mine - 1], rounds=True)}."))
    return Reply(tuple(parts), Visibility.PUBLIC)


def my_score(channel: Standing | None, server: Standing | None, week: str) -> Reply:
    lines = [heading("Your trivia score")]
    if channel is None and server is None:
        lines.append(note("You have not answered a trivia question here yet. Join the next /trivia start!"))
    if channel is not None:
        lines.append(field_part("This channel, all time", _score(channel, rounds=True)))
    if server is not None:
        lines.append(field_part("This server, all time", _score(server, rounds=True)))
    lines.append(note(f"Weekly boards (this week is {week}): /trivia leaderboard period:week"))
    return Reply(tuple(lines))


def _intro(trivia_round: Round, question: AskedQuestion) -> list[Part]:
    if question.number != 1:
        return []
    about = f" about {trivia_round.category}" if trivia_round.category else ""
    return [
        heading(f"Trivia: {trivia_round.size} question{_s(trivia_round.size)}{about}"),
        note(
            f"Started by {name(trivia_round.starter_name)}. Questions use only what this channel has seen "
            f"(up to {trivia_round.horizon}). One answer per person per question; quick right answers score more."
        ),
    ]


def _title(trivia_round: Round, question: AskedQuestion) -> str:
    return f"Question {question.number} of {trivia_round.size}"


def _body(question: AskedQuestion, *, mark: bool = False) -> list[Part]:
    parts = [text(question.text, question.revealed)]
    for letter, choice in zip(LETTERS, question.choices, strict=False):
        tick = "  ✓" if mark and letter == question.letter else ""
        parts.append(text(f"{letter}) {choice}{tick}", question.revealed))
    return parts


def _buttons(trivia_round: Round, question: AskedQuestion, *, closed: bool) -> tuple[Action, ...]:
    def style(letter: str) -> Style:
        if closed:
            return Style.SUCCESS if letter == question.letter else Style.SECONDARY
        return Style.PRIMARY

    return tuple(
        Action(button_id(trivia_round.id, question.number, letter), letter, style(letter), disabled=closed)
        for letter in LETTERS[: len(question.choices)]
    )


def _hidden(trivia_round: Round, question: AskedQuestion, horizon: Episode) -> Reply:
    return Reply(
        (
            heading(_title(trivia_round, question)),
            note(f"Hidden: this channel's horizon is now {horizon}, and this question needs a later episode."),
        ),
        Visibility.PUBLIC,
    )


def _who_got_it(tally: Tally) -> str:
    if tally.answered == 0:
        return "Nobody answered."
    if tally.correct == 0:
        return f"Nobody got it ({tally.answered} answered)."
    names = ", ".join(f"{name(s.name)} (+{s.points})" for s in tally.fastest)
    more = tally.correct - len(tally.fastest)
    extra = f" and {more} more" if more > 0 else ""
    return f"{tally.correct} of {tally.answered} got it: {names}{extra}."


def _standings(table: Sequence[Standing], *, rounds: bool = False) -> list[Part]:
    parts = [field_part(f"{rank}. {name(s.name)}", _score(s, rounds=rounds)) for rank, s in enumerate(table[:SHOWN], 1)]
    if len(table) > SHOWN:
        parts.append(note(f"…and {len(table) - SHOWN} more player{_s(len(table) - SHOWN)}."))
    return parts


def _score(standing: Standing, *, rounds: bool = False) -> str:
    accuracy = f"{standing.correct}/{standing.answered} right ({standing.accuracy:.0%})"
    played = f" · {standing.rounds} round{_s(standing.rounds)}" if rounds else f" · {standing.total_ms / 1000:.1f} s"
    return f"{standing.points} pts · {accuracy}{played}"


def _players(count: int) -> str:
    return "nobody answered" if count == 0 else f"{count} player{_s(count)}"


def _s(count: int) -> str:
    return "" if count == 1 else "s"
