"""A subcommand module with a real bug: it imports a name that does not exist in the project."""

from bot.settings import NO_SUCH_SETTING  # noqa: F401
