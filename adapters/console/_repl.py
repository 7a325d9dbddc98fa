"""`companion console`: an interactive session with history, masked spoilers and pushed messages."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from adapters.console._lines import open_lines
from adapters.console._render import render
from adapters.console._say import say
from bot.app import build_companion
from bot.companion import Companion
from bot.outbox import Posted
from bot.reply import Action, Reply
from bot.request import Asker, Place, Press
from bot.settings import CoreSettings

HISTORY = Path.home() / ".companion_history"
DEFAULT_USER = "Sam"
"""Who the console speaks as until told otherwise (`as NAME`); `companion ask --user` has the same default."""

BANNER = """Show Companion — console. Type /help to start; 'help' for console commands; Ctrl-D to quit."""
CONSOLE_HELP = """Console commands:
  /command …        run a bot command, e.g. /bio renee, /progress s1e4, /recap share:yes
  reveal            show the spoilers of the last reply
  press N           press button N of the last reply (or of the last channel post);
                    trivia answers by their letter: press A … press D
  say TEXT          post a message as yourself in this channel (try the spoiler guard: /guard on)
  as NAME           speak as another user (to play trivia with friends)
  channel NAME      move to another channel
  mod on|off        act as a moderator or not (the prompt shows "(mod)" while you are one)
  quit              leave (or Ctrl-D; Ctrl-C stops at once)"""


class ConsoleOutbox:
    """The console's Outbox: channel posts are printed as they happen."""

    platform = "console"
    """The scheduler claims only console schedules for this outbox."""

    def __init__(self, show: Callable[[str], None] = print) -> None:
        self.show = show
        """Prints a post with the prompt back in view after it."""
        self.count = 0
        self.updates = 0
        """Posts and edits so far: the session compares it to tell whether a post came after its last reply."""
        self.last: Reply | None = None

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        self.count += 1
        self.updates += 1
        self.last = reply
        self.show(f"\n#{place.channel} ▸ " + render(reply))
        return Posted(place, str(self.count))

    async def edit(self, posted: Posted, reply: Reply) -> None:
        self.updates += 1
        self.last = reply
        self.show(f"\n#{posted.place.channel} (message {posted.message_id} updated) ▸ " + render(reply))


class ConsoleSession:
    def __init__(self, companion: Companion, outbox: ConsoleOutbox, user: str = DEFAULT_USER) -> None:
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
        if word == "say":
            if not rest.strip():
                return "Say what? For example: say what a premiere!"
            return self._show(await say(self.companion, self.place, self.asker, rest.strip()))
        if word == "as":
            return self._speak_as(rest)
        if word == "channel":
            return self._move(rest)
        if word == "mod":
            return self._moderate(rest)
        return "I did not get that. Commands start with '/', e.g. /help; type 'help' for console commands."

    @property
    def prompt(self) -> str:
        moderator = " (mod)" if self.asker.moderator else ""
        return f"[{self.asker.name}{moderator} in #{self.place.channel}] > "

    def _speak_as(self, rest: str) -> str:
        if not rest.strip():
            return f"You are {self.asker.name}. To speak as someone else, give a name: as ana"
        name = _first_name(rest)
        self.asker = Asker(name, name, self.asker.moderator, self.asker.server_moderator)
        return f"You are now {name}."

    def _move(self, rest: str) -> str:
        channel = rest.strip().lstrip("#")[:32]
        if not channel:
            return f"You are in #{self.place.channel}. To move, give a channel: channel watch"
        self.place = Place(self.place.platform, self.place.server, channel)
        return f"You are now in #{self.place.channel}."

    def _moderate(self, rest: str) -> str:
        wanted = rest.strip().lower()
        if wanted not in {"on", "off"}:
            now = "on" if self.asker.moderator else "off"
            return f"Moderator powers are {now}. Type 'mod on' or 'mod off'."
        on = wanted == "on"
        self.asker = Asker(self.asker.user, self.asker.name, on, server_moderator=on)
        return f"Moderator powers {wanted}."

    def _show(self, reply: Reply) -> str:
        self.last, self._posts_seen = reply, self.outbox.updates
        return render(reply)

    async def _press(self, rest: str) -> str:
        """Buttons of whichever came last and has buttons: a reply, or a post in the channel (a trivia question)."""
        post_is_newer = self.outbox.updates > self._posts_seen
        newest_first = [self.outbox.last, self.last] if post_is_newer else [self.last, self.outbox.last]
        source = next((reply for reply in newest_first if reply is not None and reply.actions), None)
        actions = [a for a in (source.actions if source else ()) if not a.disabled]
        if not actions:
            return "There is no button to press."
        action = _button(actions, rest.strip())
        if action is None:
            return f"Press which button? Give {_choices(actions)}."
        return self._show(await self.companion.press(Press(self.place, self.asker, action.id)))


def _button(actions: list[Action], typed: str) -> Action | None:
    """`press 2`, or by its label when the label is one letter (trivia's A–D): `press b`."""
    by_letter = [action for action in actions if len(action.label) == 1 and action.label.lower() == typed.lower()]
    if by_letter:
        return by_letter[0]
    if typed.isdecimal() and len(typed) <= 3 and 1 <= int(typed) <= len(actions):
        return actions[int(typed) - 1]
    return None


def _choices(actions: list[Action]) -> str:
    if all(len(action.label) == 1 for action in actions):
        return f"a letter from {actions[0].label} to {actions[-1].label}"
    return f"a number from 1 to {len(actions)}"


async def run_console(core: CoreSettings) -> None:
    outbox = ConsoleOutbox()
    companion = await build_companion(core, outbox=outbox)
    try:
        # Before the prompt takes over the terminal, so the banner always stands above the first prompt.
        print(BANNER, flush=True)
        with open_lines(HISTORY) as lines:
            outbox.show = lines.show
            await companion.start()
            session = ConsoleSession(companion, outbox)
            while True:
                try:
                    text = await lines.read(session.prompt)
                except EOFError:
                    print()
                    break
                if text.strip().lower() in {"quit", "exit"}:
                    break
                output = await session.line(text)
                if output:
                    print(output)
    finally:
        await companion.close()


def _first_name(text: str) -> str:
    """`as ana`, `as "Ana Lopez"`; an unclosed quote is taken literally rather than refused."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    return (words[0] if words else text.strip())[:32]
