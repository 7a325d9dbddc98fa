"""The App Home tab: the viewer's progress, their standing and the workspace's leaderboard.

Its content is what the core answers the viewer privately for those commands; this module only picks
them and publishes the result with views.publish each time the tab is opened.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._askers import PLATFORM, People, team_of
from adapters.slack._render import home_view
from bot.companion import Companion
from bot.reply import Reply, heading, note
from bot.request import Place, Request

HOME_COMMANDS: tuple[tuple[str, dict[str, str]], ...] = (
    ("progress", {}),
    ("trivia score", {}),
    ("trivia leaderboard", {"scope": "server"}),
)
"""Shown in this order, each when the core declares it. The tab belongs to no channel: boards are the workspace's."""


def register_home(app: AsyncApp, companion: Companion, people: People) -> None:
    async def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") != "home":
            return
        user = str(event.get("user", ""))
        place = Place(PLATFORM, team_of(body), str(event.get("channel", "")))
        asker = await people.asker(client, place.server, user)
        replies = [_title(companion)]
        for path, options in HOME_COMMANDS:
            if companion.commands.get(path) is not None:
                replies.append(await companion.handle(Request(place, asker, path, options)))
        await client.views_publish(user_id=user, view=home_view(replies))

    app.event("app_home_opened")(on_home_opened)


def _title(companion: Companion) -> Reply:
    title = companion.facts.show.title
    return Reply((heading(f"{title} companion"), note("Everything here stops at your own progress.")))
