"""Every feature of the core. Adding a feature is adding a module and one line here."""

from bot import trivia
from bot.commands import Feature
from bot.features import bio, help, progress, recap, reveal, search
from bot.guard import commands as guard
from bot.schedules import commands as schedules
from bot.watchparty import commands as watchparty

ALL_FEATURES: tuple[Feature, ...] = (
    help.FEATURE,
    bio.FEATURE,
    recap.FEATURE,
    search.FEATURE,
    progress.FEATURE,
    reveal.FEATURE,
    trivia.FEATURE,
    watchparty.FEATURE,
    schedules.FEATURE,
    guard.FEATURE,
)
