"""`companion run`: start every adapter whose credentials are set; the console when none are."""

from __future__ import annotations

import asyncio
import logging

from bot.settings import Settings

log = logging.getLogger(__name__)


async def run(settings: Settings) -> int:
    starters = []
    if settings.discord.token:
        from adapters.discord import run_discord

        starters.append(run_discord(settings))
    if settings.slack.bot_token or settings.slack.client_id:
        from adapters.slack import run_slack

        starters.append(run_slack(settings))
    if not starters:
        from adapters.console import run_console

        await run_console(settings.core)
        return 0
    await asyncio.gather(*starters)
    return 0
