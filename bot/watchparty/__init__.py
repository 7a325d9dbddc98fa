"""Watch parties: a channel moving one episode at a time, with a spoiler-tagged recap post at each step.

Kept light on purpose: the store imports the model from here, so nothing imported at this level may
import the store or the command context. The commands live in `bot.watchparty.commands`.
"""

from bot.watchparty._model import WatchParty

__all__ = ["WatchParty"]
