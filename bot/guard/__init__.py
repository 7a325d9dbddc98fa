"""The spoiler guard: members' own messages that give away something past the channel's horizon are hidden.

Its commands are in `bot.guard.commands`; this package's root holds only what the store and adapters use.
"""

from bot.guard._model import LEAVE, GuardAction, GuardCounts, GuardedChannel, GuardRecord, Message, Verdict

__all__ = ["LEAVE", "GuardAction", "GuardCounts", "GuardRecord", "GuardedChannel", "Message", "Verdict"]
