"""What the bot costs on top of discord.py: a `/bio` slash interaction through the real bot, against a
bare discord.py command that answers a constant.

Both bots log in to one minimal fake Discord on 127.0.0.1 (benchmarks/_fake_discord.py) and get the
same interactions over the gateway one after the other, alternating which goes first. Each figure is
the time from the interaction leaving the gateway to the bot's response arriving at the REST API.
The real bot is `adapters.discord.build_bot` with the Ballard facts and a SQLite file.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from pydantic import SecretStr

from adapters.discord import build_bot
from benchmarks._fake_discord import FakeDiscord
from benchmarks._figure import Figure, Scale, Target
from benchmarks._loopback import SideBySide
from benchmarks._suite import Benchmark
from bot.settings import CoreSettings, DiscordSettings, Settings

NAMES = ("renee", "gary pearlman", "samira")
CONSTANT = "Renée Ballard is an LAPD detective in charge of a cold case unit."
READY_WITHIN = 20.0


async def measure(scale: Scale) -> list[Figure]:
    rounds = scale.pick(quick=100, full=2_000)
    fake = FakeDiscord()
    real_token, bare_token = fake.add_bot("Companion"), fake.add_bot("Bare")
    await fake.start()
    with fake.pointed_at(), tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        real = build_bot(_settings(real_token, Path(folder) / "bench.db"))
        bare = _BareBot()
        running = [asyncio.create_task(real.start(real_token)), asyncio.create_task(bare.start(bare_token))]
        try:
            await _until(lambda: real.serving and bare.is_ready(), running)

            async def ask(token: str, number: int) -> None:
                answer = await fake.slash(token, "bio", name=NAMES[number % len(NAMES)])
                if answer.get("type") != 4:
                    raise RuntimeError(f"expected a message response, got {answer}")

            for number in range(20):  # warm up the name indexes and code paths
                await ask(real_token, number)
                await ask(bare_token, number)
            timed = SideBySide()
            await timed.run(rounds, lambda n: ask(real_token, n), lambda n: ask(bare_token, n))
        finally:
            await real.close()
            await bare.close()
            await asyncio.gather(*running, return_exceptions=True)
            await fake.close()
    return [
        Figure(
            "Discord /bio p50 ÷ bare discord.py p50",
            timed.ratio,
            "×",
            Target.at_most(1.2, "≤ 1.2×"),
            f"slash interactions through a fake gateway on loopback; {timed.detail()}",
        ),
    ]


def _settings(token: str, db: Path) -> Settings:
    settings = Settings()
    settings.core = CoreSettings(db=db, show=None)
    settings.discord = DiscordSettings(
        token=SecretStr(token), guild_id=None, shard_count=None, guild_ready_timeout=0.05
    )
    return settings


class _BareBot(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(name="bio", description="A character's bio")
        async def bio(interaction: discord.Interaction[Any], name: str) -> None:
            await interaction.response.send_message(CONSTANT, ephemeral=True)

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def _until(ready: Callable[[], bool], running: list[asyncio.Task[None]]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READY_WITHIN
    while not ready():
        failed = next((task for task in running if task.done()), None)
        if failed is not None:
            raise RuntimeError("a bot stopped before it was ready") from failed.exception()
        if loop.time() > deadline:
            raise RuntimeError(f"the bots were not ready within {READY_WITHIN:.0f} s")
        await asyncio.sleep(0.01)


BENCHMARK = Benchmark("discord", measure, own_process=True)
