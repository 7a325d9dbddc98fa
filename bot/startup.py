"""Start-up errors: what keeps the bot from starting that the operator can fix, said in one line."""

from __future__ import annotations


class StartupError(Exception):
    """A setting is missing or wrong, or something it points at is unusable.

    Adapters and the store raise it while starting; `companion` prints it as one line, with no traceback,
    and exits 1. The message names the setting and says what to do, e.g.
    `DISCORD_TOKEN: Discord refused this token. Reset it in the Developer Portal (Bot → Reset Token) and set it again.`
    """
