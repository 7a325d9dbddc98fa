"""`companion ask`: one command through the full core with the console's rendering (DESIGN §6)."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.console._render import render
from bot.app import build_companion
from bot.reply import Reply
from bot.request import Asker, Place
from bot.settings import CoreSettings

PLATFORM = "console"


async def ask_reply(
    text: str, *, db: str | Path | None, server: str, channel: str, user: str, moderator: bool
) -> Reply:
    """The reply itself: `companion ask` exits 2 when it is a usage error."""
    companion = await build_companion(CoreSettings(), db=db)
    try:
        return await companion.handle_text(
            Place(PLATFORM, server, channel), Asker(user, user, moderator, server_moderator=moderator), text
        )
    finally:
        await companion.close()


def printed(reply: Reply, *, as_json: bool) -> str:
    """One JSON object, or the console's rendering without its hints (`ask` can neither reveal nor press)."""
    return json.dumps(reply.to_json(), ensure_ascii=False) if as_json else render(reply, hints=False)


async def ask(
    text: str,
    *,
    db: str | Path | None,
    server: str,
    channel: str,
    user: str,
    moderator: bool,
    as_json: bool,
) -> str:
    reply = await ask_reply(text, db=db, server=server, channel=channel, user=user, moderator=moderator)
    return printed(reply, as_json=as_json)
