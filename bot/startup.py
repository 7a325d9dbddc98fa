"""Start-up errors: what keeps the bot from starting that the operator can fix, said in one line."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_settings import BaseSettings


class StartupError(Exception):
    """A setting is missing or wrong, or something it points at is unusable.

    Adapters and the store raise it while starting; `companion` prints it as one line, with no traceback,
    and exits 1. The message names the setting and says what to do, e.g.
    `DISCORD_TOKEN: Discord refused this token. Reset it in the Developer Portal (Bot → Reset Token) and set it again.`
    """


def unreadable_settings(error: ValidationError) -> StartupError | None:
    """A settings class that refused a value from the environment or `.env`, as one line naming each variable;
    None when the error is not about settings."""
    import bot.settings

    sections = {
        section.__name__: section
        for section in vars(bot.settings).values()
        if isinstance(section, type) and issubclass(section, BaseSettings)
    }
    section = sections.get(error.title)
    if section is None:
        return None
    problems = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = f"{section.model_config.get('env_prefix', '')}{field}".upper()
        declared = section.model_fields.get(field)
        secret = declared is not None and "SecretStr" in str(declared.annotation)
        found = "" if secret else f", found {str(problem.get('input'))[:40]!r}"
        reason = str(problem["msg"]).removeprefix("Value error, ")
        problems.append(f"{name}: {reason[:1].lower()}{reason[1:]}{found}")
    return StartupError(f"{'; '.join(problems)}. Fix it in the environment or .env (.env.example describes each).")
