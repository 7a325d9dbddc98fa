"""Schedules: trivia rounds and watch-party recaps at set times, fired by a scheduler in the core.

Kept light on purpose: the store imports the models from here, so nothing imported at this level may
import the store or the command context. The commands live in `bot.schedules.commands`.
"""

from bot.schedules._model import Claim, Firing, Job, NewSchedule, Outcome, Schedule

__all__ = ["Claim", "Firing", "Job", "NewSchedule", "Outcome", "Schedule"]
