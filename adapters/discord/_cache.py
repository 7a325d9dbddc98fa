"""What the bot keeps of the servers Discord describes to it: at 25,000 servers per process, the cache is most
of the process's memory (benchmarks/guilds.py).

Rights need each server's roles and owner (`Member.guild_permissions`, see `_answer.asker_of`); a channel's own
rights come computed in every interaction, as does the channel; posts and edits go through partial channels.
So unless the spoiler guard runs, the channels and threads in GUILD_CREATE are dropped before discord.py builds
objects from them, and the events that would add one later are not parsed. The guard keeps them: it reads
messages in cached channels (their webhooks, their mentions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Parser = Callable[[Any], None]

ADDS_A_CHANNEL = ("CHANNEL_CREATE", "THREAD_CREATE", "THREAD_UPDATE", "THREAD_LIST_SYNC")
"""Events after which discord.py caches a channel or thread it did not have (an update or a delete of one it
does not have is a no-op already)."""


def keep_no_channels(parsers: dict[str, Parser]) -> None:
    """Change discord.py's gateway event parsers (`ConnectionState.parsers`) in place."""
    servers = parsers["GUILD_CREATE"]

    def server_without_channels(data: dict[str, Any]) -> None:
        data["channels"] = []
        data["threads"] = []
        servers(data)

    parsers["GUILD_CREATE"] = server_without_channels
    for event in ADDS_A_CHANNEL:
        parsers[event] = _ignore


def _ignore(data: Any) -> None:
    pass
