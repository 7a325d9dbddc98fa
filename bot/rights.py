"""Who may change what: a channel's own settings need rights in that channel; the server's default and
anything in another channel need rights over the whole server (a channel's rights never reach further)."""

from __future__ import annotations

from bot.commands import UsageError
from bot.request import Asker

UNCHANGED = "Nothing was changed."


def require_channel(asker: Asker, what: str) -> None:
    """`what` completes "Only moderators can …"."""
    if not asker.moderator:
        raise UsageError(f"Only moderators can {what}. {UNCHANGED}")


def require_server(asker: Asker, what: str) -> None:
    """`what` completes "Only moderators of the whole server can …"."""
    if not asker.server_moderator:
        raise UsageError(
            f"Only moderators of the whole server (Discord: Manage Server; Slack: workspace admins) can {what}. "
            f"{UNCHANGED}"
        )
