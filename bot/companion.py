"""The core: takes a platform-neutral request, routes it to one command, returns a platform-neutral reply."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.clock import Clock, SystemClock
from bot.commands import (
    CommandSet,
    Feature,
    UsageError,
    convert,
    parse_command,
    unknown_command,
    unknown_option,
)
from bot.context import Context
from bot.facts import FactBase
from bot.guard import GuardAction, Message, Verdict
from bot.outbox import Outbox, SilentOutbox
from bot.pending import Pending
from bot.reply import Reply, message, usage_error
from bot.request import Asker, Place, Press, Request
from bot.store._faults import StoreGone

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Nothing was changed; please try again in a moment."


@dataclass(frozen=True, slots=True)
class Choice:
    """An autocomplete suggestion: what the user sees, and what the option receives."""

    name: str
    value: str


class Companion:
    def __init__(
        self,
        facts: FactBase,
        store: Store,
        *,
        clock: Clock | None = None,
        outbox: Outbox | None = None,
        features: Iterable[Feature] | None = None,
    ) -> None:
        from bot.features import ALL_FEATURES

        self.facts = facts
        self.store = store
        self.clock = clock or SystemClock()
        self.outbox: Outbox = outbox or SilentOutbox()
        self.commands = CommandSet(ALL_FEATURES if features is None else features)
        self.identity = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        """This running companion among others on the same database: host, process id and a nonce. What it keeps
        time for is stamped with it, so a restart on the same host knows at once which keepers are gone."""
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        """Begin serving: each feature re-arms what it left running (timers, schedules) before the last stop."""
        for feature in self.commands.features:
            if feature.on_start is not None:
                await feature.on_start(self)

    def spawn(self, work: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        """Run background work (a question's timer, the scheduler) that `close` will cancel."""
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s failed", task.get_name(), exc_info=task.exception())

    async def close(self) -> None:
        """Stop background work and close the store. Acknowledged writes are already committed."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.store.close()

    async def handle(self, request: Request) -> Reply:
        arrived_at = request.arrived_at or self.clock.now()
        command = self.commands.get(request.command)
        if command is None:
            return usage_error(unknown_command(self.commands, request.command))
        if command.moderator_only and not request.asker.moderator:
            return message(f"Only moderators can use /{command.path}. Nothing was changed.")
        try:
            options = self._convert(command, request.options)
        except UsageError as error:
            return usage_error(str(error))
        try:
            return await command.handler(Context(self, request.place, request.asker, options, arrived_at=arrived_at))
        except UsageError as error:
            return message(str(error))
        except Exception as error:
            self._failed(error, "/%s failed", command.path)
            return message(SORRY)

    async def handle_text(self, place: Place, asker: Asker, text: str, arrived_at: datetime | None = None) -> Reply:
        """Run a command typed as text (console, Slack): `/bio gary pearlman share:yes`."""
        arrived_at = arrived_at or self.clock.now()
        try:
            parsed = parse_command(self.commands, text)
        except UsageError as error:
            return usage_error(str(error))
        return await self.handle(Request(place, asker, parsed.command.path, parsed.options, arrived_at))

    async def guard(self, message: Message) -> Verdict:
        """The spoiler guard's verdict on a member's message: leave it, or hide it (what it reveals, the words
        that gave it away, and whether the channel hides or warns). Never raises."""
        from bot.guard._decide import decide

        return await decide(self, message)

    async def guarded(self, message: Message, verdict: Verdict, done: GuardAction) -> None:
        """The adapter hid the message (or warned about it): recorded for /guard status, without its text."""
        from bot.guard._decide import record

        await record(self, message, verdict, done)

    async def press(self, press: Press) -> Reply:
        return await self._press(press, None)

    async def offer(self, press: Press) -> tuple[Reply, Pending]:
        """A press whose reply the adapter may fail to deliver: it then calls `untold` on what it gets, and what
        the press recorded is taken back (a trivia answer no longer counts); else `told`."""
        pending = Pending()
        return await self._press(press, pending), pending

    async def _press(self, press: Press, pending: Pending | None) -> Reply:
        arrived_at = press.arrived_at or self.clock.now()
        prefix, _, rest = press.action.partition(":")
        route = self.commands.action(prefix)
        if route is None:
            return message("That button is no longer in use.")
        try:
            context = Context(self, press.place, press.asker, {}, press.message_id, arrived_at, pending)
            return await route.handler(context, rest)
        except UsageError as error:
            return message(str(error))
        except Exception as error:
            self._failed(error, "button %s failed", press.action)
            if pending is not None:
                await pending.untold()  # the apology says nothing was changed
            return message(SORRY)

    def _failed(self, error: Exception, what: str, *args: object) -> None:
        """Log a failed command, except when the store's file is gone: the store said so once, clearly."""
        if isinstance(error, StoreGone) or not self.store.health.healthy:
            return
        log.error(what, *args, exc_info=error)

    async def complete(self, place: Place, asker: Asker, command: str, option: str, partial: str) -> list[Choice]:
        """Autocomplete for one option, cut to the asker's own progress (suggestions are private)."""
        from bot.completions import suggest

        declared = self.commands.get(command)
        found = declared.option(option) if declared else None
        if found is None or found.completion is None:
            return []
        try:
            return await suggest(Context(self, place, asker, {}), found.completion, partial[:100])
        except Exception:
            log.exception("autocomplete for /%s %s failed", command, option)
            return []

    def _convert(self, command: Any, raw: dict[str, Any] | Any) -> dict[str, Any]:
        options: dict[str, Any] = {}
        for name, value in dict(raw).items():
            option = command.option(name)
            if option is None:
                raise UsageError(unknown_option(command, str(name)))
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                options[name] = convert(option, value)
            except ValueError as error:
                raise UsageError(f"{error}. Usage: {command.usage}") from None
        missing = [o.name for o in command.options if o.required and o.name not in options]
        if missing:
            raise UsageError(f"/{command.path} needs {', '.join(missing)}. Usage: {command.usage}")
        return options
