"""Buttons whose custom_id is the core's action id, so a click reaches `companion.press` even after a restart.

Every button is a `DynamicItem`: discord.py matches a click on any message, old or new, against the
template and rebuilds the button from the id alone. No view object has to survive in memory.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Protocol, cast

import discord

from bot.reply import Action, Style

if TYPE_CHECKING:
    from typing import Self

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


class PressHandler(Protocol):
    """The client the buttons live on (the companion's bot)."""

    async def on_press(self, interaction: discord.Interaction, action: str) -> None: ...


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.compile(r"(?P<action>.{1,100})", re.S)):
    def __init__(self, action: Action) -> None:
        super().__init__(
            discord.ui.Button(
                style=_STYLES.get(action.style, discord.ButtonStyle.secondary),
                label=_fit(action.label),
                custom_id=action.id,
                disabled=action.disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        label = getattr(item, "label", None) or "…"
        return cls(Action(match["action"], label))

    async def callback(self, interaction: discord.Interaction) -> None:
        await cast(PressHandler, interaction.client).on_press(interaction, self.custom_id)


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
            view.add_item(ActionButton(action))
    return view


def _fit(label: str) -> str:
    label = " ".join(label.split()) or "…"
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"
