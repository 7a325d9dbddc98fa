"""`say <text>` in the console: a message posted as the current user, so the spoiler guard can be tried."""

from __future__ import annotations

import itertools

from bot.companion import Companion
from bot.guard import GuardAction, Message
from bot.reply import Kind, Part, Reply, Visibility, text
from bot.request import Asker, Place
from bot.safety import echo

_numbers = itertools.count(1)


async def say(companion: Companion, place: Place, asker: Asker, said: str) -> Reply:
    """What the channel shows for the message: as typed, hidden (masked, `reveal` shows it) or warned about.
    The console, like Discord, shows `||text||` hidden, so such text is not read."""
    message = Message(place, asker, said, f"console-{next(_numbers)}", spoiler_tags=True)
    verdict = await companion.guard(message)
    shown = f"{asker.name or asker.user}: {echo(said, 4000)}"
    if not verdict.hide or verdict.revealed is None:
        return Reply((text(shown),), Visibility.PUBLIC)
    if verdict.action is GuardAction.WARN:
        await companion.guarded(message, verdict, GuardAction.WARN)
        warning = f"⚠️ This message reveals something from {verdict.revealed}: scroll with care."
        return Reply((text(shown), text(warning)), Visibility.PUBLIC)
    await companion.guarded(message, verdict, GuardAction.HIDE)
    label = f"hidden by the spoiler guard: reveals {verdict.revealed}"
    return Reply((text(label), Part(Kind.SPOILER, shown, verdict.revealed)), Visibility.PUBLIC)
