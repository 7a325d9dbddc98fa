"""The lines the scheduler posts on its own: slots skipped while the bot was offline, a job that failed."""

from __future__ import annotations

from bot.schedules._model import Claim, Schedule
from bot.schedules._plan import COUNT_UP_TO
from bot.schedules._times import spoken


def skipped(claim: Claim) -> str:
    """ "Skipped the trivia round due Friday 6 March 20:00 PST: the bot was offline." (and what happens now)"""
    schedule = claim.schedule
    zone = schedule.when.zone
    first = spoken(claim.first_missed or claim.slot, zone)
    words = schedule.job.words
    if claim.missed == 1:
        said = f"Skipped the {words} due {first}"
    else:
        count = f"more than {COUNT_UP_TO}" if claim.missed > COUNT_UP_TO else str(claim.missed)
        said = f"Skipped {count} {words}s due from {first} on"
    late = f" The one due {spoken(claim.slot, zone)} starts now, a little late." if claim.fire else ""
    return f"{said}: the bot was offline (schedule #{schedule.id}).{late}"


def failed(schedule: Schedule) -> str:
    return (
        f"Sorry, the scheduled {schedule.job.words} (schedule #{schedule.id}) could not start: something went "
        "wrong on my side. It will try again at its next time."
    )
