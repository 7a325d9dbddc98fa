"""`companion ask`: one command through the full core with the console's rendering (DESIGN §6)."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.console._render import render
from bot.app import build_companion
from bot.request import Asker, Place
from bot.settings import CoreSettings

PLATFORM = "console"


async def ask(
    text: str,
    *,
    db: Path | None,
    server: str,
    channel: str,
    user: str,
    moderator: bool,
    as_json: bool,
) -> str:
    companion = await build_companion(CoreSettings(), db=db)
    try:
        reply = await companion.handle_text(
            Place(PLATFORM, server, channel), Asker(user, user, moderator, server_moderator=moderator), text
        )
    finally:
        await companion.close()
    return json.dumps(reply.to_json(), ensure_ascii=False) if as_json else render(reply)
