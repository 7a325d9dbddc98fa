"""`companion run`: start every adapter whose credentials are set; the console when none are.

The runner owns SIGTERM and Ctrl-C: it cancels every adapter, and each closes its connections and its
companion on the way out. If one adapter fails, the others are stopped too rather than left half-up.
An adapter that cannot start raises `bot.startup.StartupError`; `companion` prints it as one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Coroutine
from typing import Any

from bot.settings import Settings


async def run(settings: Settings) -> int:
    services: list[Coroutine[Any, Any, None]] = []
    if settings.discord.token:
        from adapters.discord import run_discord

        services.append(run_discord(settings))
    if settings.slack.bot_token or settings.slack.client_id:
        from adapters.slack import run_slack

        services.append(run_slack(settings))
    if not services:
        from adapters.console import run_console

        await run_console(settings.core)
        return 0
    tasks = [asyncio.create_task(service) for service in services]
    loop = asyncio.get_running_loop()
    stops = (signal.SIGTERM, signal.SIGINT)
    for stop in stops:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(stop, _cancel, tasks)
    try:
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        _cancel(pending)
        await asyncio.gather(*pending, return_exceptions=True)
        failures = [failure for task in done if not task.cancelled() and (failure := task.exception()) is not None]
        if failures:
            # Each failure was read above, so asyncio reports none as "never retrieved"; the first is the cause.
            raise failures[0]
    finally:
        for stop in stops:
            loop.remove_signal_handler(stop)
    return 0


def _cancel(tasks: Any) -> None:
    for task in tasks:
        task.cancel()
