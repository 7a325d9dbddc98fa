"""Helpers for the lookup features: set where the asker and the channel are, then ask."""

from __future__ import annotations

import pytest

from bot.companion import Companion
from bot.episodes import Episode
from bot.reply import Kind, Reply
from bot.request import Asker
from bot.spoilers import Policy
from tests.conftest import PLACE, VIEWER


class Asking:
    def __init__(self, companion: Companion) -> None:
        self.companion = companion

    async def at(self, progress: str, channel: str | None = None, policy: Policy = Policy.HIDE) -> Asking:
        store = self.companion.store
        await store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, Episode.parse(progress))
        if channel is not None:
            await store.set_channel_horizon(PLACE, Episode.parse(channel), policy, "mod")
        return self

    async def __call__(self, text: str, asker: Asker = VIEWER) -> Reply:
        return await self.companion.handle_text(PLACE, asker, text)


@pytest.fixture
def ask(companion: Companion) -> Asking:
    return Asking(companion)


def kinds(reply: Reply) -> list[str]:
    return [str(part.kind) for part in reply.parts]


def plain(reply: Reply) -> str:
    return "\n".join(part.text for part in reply.parts if part.kind is not Kind.SPOILER)
