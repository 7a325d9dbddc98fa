"""The fake Discord on 127.0.0.1, and the real bot (built by the adapter's own factory) connected to it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
from pydantic import SecretStr

from adapters.discord import CompanionBot, build_bot
from bot.settings import FACTS_DIR, CoreSettings, DiscordSettings, Settings
from tests.adapters.discord.fake import FakeDiscord
from tests.clock import ManualClock

PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "WS_PROXY", "WSS_PROXY", "NO_PROXY")
NO_PINGS = {"parse": []}


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """discord.py's REST base and gateway URL are process-wide: pointed at the fake here, restored after."""
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", server.gateway_url)
    yield server
    await server.close()


class Bots:
    """Starts real bots against the fake (a restart is a new bot on the same database) and stops them all."""

    def __init__(self, fake: FakeDiscord, db: Path) -> None:
        self.fake = fake
        self.db = db
        self.clock = ManualClock()
        self.allow_rejections = False
        self._running: list[tuple[CompanionBot, asyncio.Task[None]]] = []

    def settings(self, **discord_options: Any) -> Settings:
        settings = Settings()
        settings.core = CoreSettings(db=self.db, facts=FACTS_DIR, show=None)
        options = {"guild_ready_timeout": 0.05, "guild_id": None, "shard_count": None, **discord_options}
        settings.discord = DiscordSettings(token=SecretStr(self.fake.token), **options)
        return settings

    async def start(self, *, defer_after: float | None = None, **discord_options: Any) -> CompanionBot:
        extra = {} if defer_after is None else {"defer_after": defer_after}
        bot = build_bot(self.settings(**discord_options), clock=self.clock, **extra)
        task = asyncio.create_task(bot.start(self.fake.token))
        self._running.append((bot, task))
        self.fake.watch(task)
        await self.fake.until(lambda: bot.serving, "READY, GUILD_CREATE and the companion's start")
        return bot

    async def stop(self, bot: CompanionBot) -> None:
        task = next(task for running, task in self._running if running is bot)
        self.fake.unwatch(task)
        await bot.close()
        await asyncio.wait_for(task, 5)

    async def stop_all(self) -> None:
        for bot, task in self._running:
            if not bot.is_closed():
                self.fake.unwatch(task)
                await bot.close()
                await asyncio.wait_for(task, 5)


@pytest.fixture
async def bots(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[Bots]:
    started = Bots(fake, tmp_path / "companion.db")
    yield started
    await started.stop_all()
    # On every message of every test: nobody pinged, and Discord accepted all of it.
    for body in fake.sent_messages():
        assert body.get("allowed_mentions") in (NO_PINGS, {**NO_PINGS, "replied_user": False}), body
    for message in fake.messages.values():
        assert not message["mention_everyone"] and not message["mentions"] and not message["mention_roles"], message
    if not started.allow_rejections:
        assert fake.rejections == [], fake.rejections


@pytest.fixture
async def bot(bots: Bots) -> CompanionBot:
    return await bots.start()
