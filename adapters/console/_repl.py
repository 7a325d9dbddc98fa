"""`companion console`: an interactive session with history, masked spoilers and pushed messages."""

from __future__ import annotations

import asyncio
import contextlib
import shlex
from pathlib import Path

from adapters.console._render import render
from bot.app import build_companion
from bot.companion import Companion
from bot.outbox import Posted
from bot.reply import Reply
from bot.request import Asker, Place, Press
from bot.settings import CoreSettings

HISTORY = Path.home() / ".companion_history"

BANNER = """Show Companion — console. Type /help to start; 'help' for console commands; Ctrl-D to quit."""
CONSOLE_HELP = """Console commands:
  /command …        run a bot command, e.g. /bio renee, /progress s1e4, /recap share:yes
  reveal            show the spoilers of the last reply
  press N           press button N of the last reply (or of the last channel post)
  as NAME           speak as another user (to play trivia with friends)
  channel NAME      move to another channel
  mod on|off        act as a moderator or not
  quit              leave"""


class ConsoleOutbox:
    """The console's Outbox: channel posts are printed as they happen."""

    platform = "console"
    """The scheduler claims only console schedules for this outbox."""

    def __init__(self) -> None:
        self.count = 0
        self.updates = 0
        """Posts and edits so far: the session compares it to tell whether a post came after its last reply."""
        self.last: Reply | None = None

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        self.count += 1
        self.updates += 1
        self.last = reply
        print(f"\n#{place.channel} ▸ " + render(reply), flush=True)
        return Posted(place, str(self.count))

    async def edit(self, posted: Posted, reply: Reply) -> None:
        self.updates += 1
        self.last = reply
        print(f"\n#{posted.place.channel} (message {posted.message_id} updated) ▸ " + render(reply), flush=True)


class ConsoleSession:
    def __init__(self, companion: Companion, outbox: ConsoleOutbox, user: str = "you") -> None:
        self.companion = companion
        self.outbox = outbox
        self.place = Place("console", "local", "general")
        self.asker = Asker(user, user, moderator=True, server_moderator=True)
        self.last: Reply | None = None
        self._posts_seen = 0

    async def line(self, text: str) -> str:
        """One typed line → what to print (empty when nothing)."""
        text = text.strip()
        if not text:
            return ""
        if text.startswith("/"):
            return self._show(await self.companion.handle_text(self.place, self.asker, text))
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word == "help":
            return CONSOLE_HELP
        if word == "reveal":
            return render(self.last, reveal=True) if self.last else "Nothing to reveal yet."
        if word == "press":
            return await self._press(rest)
        if word == "as" and rest.strip():
            name = _first_name(rest)
            self.asker = Asker(name, name, self.asker.moderator, self.asker.server_moderator)
            return f"You are now {name}."
        if word == "channel" and rest.strip().lstrip("#"):
            self.place = Place(self.place.platform, self.place.server, rest.strip().lstrip("#")[:32])
            return f"You are now in #{self.place.channel}."
        if word == "mod" and rest.strip().lower() in {"on", "off"}:
            on = rest.strip().lower() == "on"
            self.asker = Asker(self.asker.user, self.asker.name, on, server_moderator=on)
            return f"Moderator powers {'on' if on else 'off'}."
        return "I did not get that. Commands start with '/', e.g. /help; type 'help' for console commands."

    def _show(self, reply: Reply) -> str:
        self.last, self._posts_seen = reply, self.outbox.updates
        return render(reply)

    async def _press(self, rest: str) -> str:
        """Buttons of whichever came last and has buttons: a reply, or a post in the channel (a trivia question)."""
        post_is_newer = self.outbox.updates > self._posts_seen
        newest_first = [self.outbox.last, self.last] if post_is_newer else [self.last, self.outbox.last]
        source = next((reply for reply in newest_first if reply is not None and reply.actions), None)
        actions = [a for a in (source.actions if source else ()) if not a.disabled]
        try:
            number = int(rest.strip())
            if number < 1:
                raise IndexError(number)
            action = actions[number - 1]
        except (ValueError, IndexError):
            if not actions:
                return "There is no button to press."
            return f"Press which button? Give a number from 1 to {len(actions)}."
        return self._show(await self.companion.press(Press(self.place, self.asker, action.id)))


async def run_console(core: CoreSettings) -> None:
    outbox = ConsoleOutbox()
    companion = await build_companion(core, outbox=outbox)
    await companion.start()
    session = ConsoleSession(companion, outbox)
    _load_history()
    print(BANNER)
    try:
        while True:
            try:
                text = await asyncio.to_thread(input, f"[{session.asker.user} in #{session.place.channel}] > ")
            except EOFError:
                print()
                break
            if text.strip().lower() in {"quit", "exit"}:
                break
            output = await session.line(text)
            if output:
                print(output)
    except KeyboardInterrupt:
        print()
    finally:
        _save_history()
        await companion.close()


def _load_history() -> None:
    with contextlib.suppress(ImportError, OSError):
        import readline

        readline.read_history_file(HISTORY)


def _save_history() -> None:
    with contextlib.suppress(ImportError, OSError):
        import readline

        readline.set_history_length(1000)
        readline.write_history_file(HISTORY)


def _first_name(text: str) -> str:
    """`as ana`, `as "Ana Lopez"`; an unclosed quote is taken literally rather than refused."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    return (words[0] if words else text.strip())[:32]
