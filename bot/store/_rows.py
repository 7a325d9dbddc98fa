"""Records from rows, by column name, for every backend: the SELECT lists here name the columns the builders read."""

from __future__ import annotations

import json

from bot.episodes import Episode
from bot.request import Place
from bot.schedules._model import Firing, Job, Outcome, Schedule
from bot.store._codec import Row, moment, required
from bot.trivia._model import AskedQuestion, Round, RoundStatus, Standing
from bot.watchparty._model import WatchParty

ROUND_COLUMNS = (
    "id, platform, server, channel, started_by, starter_name, season, episode, category, seconds, size, current,"
    " status, started_at, ended_at, ended_by, keeper"
)
QUESTION_COLUMNS = (
    "number, fact_id, text, choices, correct, accept, season, episode, opened_at, closes_at, closed_at, message_id"
)
STANDING_COLUMNS = """a.user_id AS user_id, MAX(a.user_name) AS name, SUM(a.points) AS points,
    SUM(a.correct) AS correct, COUNT(*) AS answered, COUNT(DISTINCT a.round_id) AS rounds,
    SUM(a.elapsed_ms) AS total_ms"""
SCHEDULE_COLUMNS = (
    "id, platform, server, channel, job, rule, zone, phrase, options, created_by, created_at, next_due, last_slot"
)
FIRING_COLUMNS = "schedule_id, slot, outcome, detail, missed, claimed_by"
PARTY_COLUMNS = "platform, server, channel, season, episode, first_season, first_episode, started_by, started_at"


def prefixed(columns: str, alias: str, prefix: str) -> str:
    """`columns` of table `alias`, each renamed with `prefix` (two tables joined may share column names)."""
    return ", ".join(f"{alias}.{name.strip()} AS {prefix}{name.strip()}" for name in columns.split(","))


def round_from(row: Row, prefix: str = "") -> Round:
    return Round(
        id=row[prefix + "id"],
        place=Place(row[prefix + "platform"], row[prefix + "server"], row[prefix + "channel"]),
        started_by=row[prefix + "started_by"],
        starter_name=row[prefix + "starter_name"],
        horizon=Episode(row[prefix + "season"], row[prefix + "episode"]),
        category=row[prefix + "category"],
        seconds=row[prefix + "seconds"],
        size=row[prefix + "size"],
        current=row[prefix + "current"],
        status=RoundStatus(row[prefix + "status"]),
        started_at=required(row[prefix + "started_at"]),
        ended_at=moment(row[prefix + "ended_at"]),
        ended_by=row[prefix + "ended_by"],
        keeper=row[prefix + "keeper"],
    )


def question_from(row: Row, prefix: str = "") -> AskedQuestion:
    return AskedQuestion(
        number=row[prefix + "number"],
        fact_id=row[prefix + "fact_id"],
        text=row[prefix + "text"],
        choices=tuple(json.loads(row[prefix + "choices"])),
        correct=row[prefix + "correct"],
        accept=tuple(json.loads(row[prefix + "accept"])),
        revealed=Episode(row[prefix + "season"], row[prefix + "episode"]),
        opened_at=moment(row[prefix + "opened_at"]),
        closes_at=moment(row[prefix + "closes_at"]),
        closed_at=moment(row[prefix + "closed_at"]),
        message_id=row[prefix + "message_id"],
    )


def standing_from(row: Row) -> Standing:
    return Standing(
        user=row["user_id"],
        name=row["name"],
        points=int(row["points"]),
        correct=int(row["correct"]),
        answered=int(row["answered"]),
        rounds=int(row["rounds"]),
        total_ms=int(row["total_ms"]),
    )


def schedule_from(row: Row) -> Schedule:
    return Schedule(
        id=row["id"],
        place=Place(row["platform"], row["server"], row["channel"]),
        job=Job(row["job"]),
        rule=row["rule"],
        zone=row["zone"],
        phrase=row["phrase"],
        created_by=row["created_by"],
        created_at=required(row["created_at"]),
        next_due=moment(row["next_due"]),
        last_slot=moment(row["last_slot"]),
        options=json.loads(row["options"]),
    )


def firing_from(row: Row) -> Firing:
    return Firing(
        schedule_id=row["schedule_id"],
        slot=required(row["slot"]),
        outcome=Outcome(row["outcome"]),
        detail=row["detail"],
        missed=row["missed"],
        claimed_by=row["claimed_by"],
    )


def party_from(row: Row) -> WatchParty:
    return WatchParty(
        place=Place(row["platform"], row["server"], row["channel"]),
        episode=Episode(row["season"], row["episode"]),
        first=Episode(row["first_season"], row["first_episode"]),
        started_by=row["started_by"],
        started_at=required(row["started_at"]),
    )
