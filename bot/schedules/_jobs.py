"""What each job does when its slot comes. Trivia and watch parties are imported when first needed, so
the scheduler depends on neither at import time (and a test can hand the scheduler jobs of its own)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from bot.schedules._model import Job, Schedule

if TYPE_CHECKING:
    from bot.companion import Companion

Run = Callable[["Companion", Schedule], Awaitable[str]]
"""Does the job; returns a line saying what happened, kept with the slot's row."""


async def trivia_round(companion: Companion, schedule: Schedule) -> str:
    from bot.trivia import _rules as rules
    from bot.trivia import start_scheduled_round

    options = schedule.options
    return await start_scheduled_round(
        companion,
        schedule.place,
        questions=int(options.get("questions", rules.DEFAULT_QUESTIONS)),
        category=options.get("category"),
        seconds=int(options.get("seconds", rules.DEFAULT_SECONDS)),
    )


async def watch_party_step(companion: Companion, schedule: Schedule) -> str:
    from bot.watchparty.party import scheduled_step

    return await scheduled_step(companion, schedule.place, schedule.id)


JOBS: Mapping[Job, Run] = MappingProxyType({Job.TRIVIA: trivia_round, Job.RECAP: watch_party_step})
