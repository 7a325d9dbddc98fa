"""One bot in a process of its own, logged in to the benchmark's fake Discord, so its CPU and memory are its own.

`python -m benchmarks._press_bot real|bare PORT TOKEN DB CHANNEL`: prints "ready" once serving (the real bot after
starting a trivia round in the fake's channel), then serves until its stdin closes.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import discord
import yarl
from pydantic import SecretStr

from adapters.discord import build_bot
from benchmarks._fake_discord import API
from bot.request import Asker, Place, Request
from bot.settings import CoreSettings, DiscordSettings, Settings

GOT_IT = "Got it for question 1; the answer comes at the close."
ROUND_SECONDS = 120


class BareBot(discord.Client):
    """Bare discord.py answering the same press: one ephemeral message as the interaction's response."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(GOT_IT, ephemeral=True)


async def serve(kind: str, port: int, token: str, db: Path, channel: str) -> None:
    discord.http.Route.BASE = f"http://127.0.0.1:{port}{API}"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    if kind == "bare":
        bot: discord.Client = BareBot()
    else:
        settings = Settings()
        settings.core = CoreSettings.model_validate({"db": db, "show": None})
        settings.discord = DiscordSettings.model_validate(
            {"token": SecretStr(token), "guild_id": None, "shard_count": None, "guild_ready_timeout": 0.05}
        )
        bot = build_bot(settings)
    running = asyncio.create_task(bot.start(token))
    while not (bot.is_ready() and getattr(bot, "serving", True)):
        if running.done():
            running.result()
        await asyncio.sleep(0.02)
    if kind == "real":
        guild = bot.guilds[0]
        place = Place("discord", str(guild.id), channel)  # the bot keeps no channels (adapters/discord/_cache.py)
        host = Asker("1", "host", moderator=True, server_moderator=True)
        options = {"questions": 1, "seconds": ROUND_SECONDS}
        await bot.companion.handle(Request(place, host, "trivia start", options))  # type: ignore[attr-defined]
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await bot.close()
    await asyncio.gather(running, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]), sys.argv[5]))
