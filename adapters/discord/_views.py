"""Buttons whose custom_id is the core's action id, so a click reaches `companion.press` even after a restart.

A click arrives as a plain interaction (`CompanionBot.on_interaction`) carrying the id. The views are
stopped before they are sent, so discord.py keeps no copy of them per message, and builds no view or
button on a click: both would cost memory and time on every message and every press.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.reply import Action, Style

log = logging.getLogger(__name__)

CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80
BUTTONS_PER_MESSAGE = 25

_STYLES = {
    Style.PRIMARY: discord.ButtonStyle.primary,
    Style.SECONDARY: discord.ButtonStyle.secondary,
    Style.SUCCESS: discord.ButtonStyle.success,
    Style.DANGER: discord.ButtonStyle.danger,
}


def _button(action: Action) -> discord.ui.Button[Any]:
    return discord.ui.Button(
        style=_STYLES.get(action.style, discord.ButtonStyle.secondary),
        label=_fit(action.label),
        custom_id=action.id,
        disabled=action.disabled,
    )


def action_view(actions: tuple[Action, ...]) -> discord.ui.View:
    """Up to 25 buttons, five to a row; an action Discord cannot carry is logged and left out."""
    view = discord.ui.View(timeout=None)
    for action in actions:
        if not action.id or len(action.id) > CUSTOM_ID_LIMIT:
            log.error("button %r left out: its id must be 1 to %d characters", action.id[:120], CUSTOM_ID_LIMIT)
        elif len(view.children) == BUTTONS_PER_MESSAGE:
            log.error("button %r left out: a message holds at most %d buttons", action.id, BUTTONS_PER_MESSAGE)
        elif any(getattr(child, "custom_id", None) == action.id for child in view.children):
            log.error("button %r left out: its id is already on this message", action.id)
        else:
            view.add_item(_button(action))
    view.stop()
    return view


def _fit(label: str) -> str:
    label = " ".join(label.split()) or "…"
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"
