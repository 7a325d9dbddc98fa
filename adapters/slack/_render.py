"""Reply → Block Kit within Slack's limits. Spoiler parts become a line naming what is hidden, never text.

Slack has no spoiler markup, so hidden text is not sent at all: a public message names how much is hidden
and from which episode, and its Reveal button answers the clicker alone (see _actions.py). The
notification `text` is built from the first visible part, so hidden content never reaches a preview.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.slack._escape import mrkdwn, plain
from bot.episodes import Episode
from bot.reply import Action, Kind, Part, Reply, Style, Visibility

MAX_BLOCKS = 50
HOME_MAX_BLOCKS = 100
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_LABEL = 75
BUTTON_VALUE = 2000
BUTTONS_PER_BLOCK = 25
NOTIFICATION_TEXT = 150

Block = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Piece:
    block: str
    """'header', 'section' or 'context'."""
    text: str
    """Already escaped for its block type."""


def message(reply: Reply) -> dict[str, Any]:
    """`text` and `blocks` for chat.postMessage and chat.update."""
    return {"text": notification(reply), "blocks": blocks(reply)}


def response(reply: Reply) -> dict[str, Any]:
    """The body of an ack or a response_url post: public replies go in the channel, the rest to the asker only."""
    kind = "in_channel" if reply.visibility is Visibility.PUBLIC else "ephemeral"
    return {**message(reply), "response_type": kind, "unfurl_links": False, "unfurl_media": False}


def home_view(replies: Sequence[Reply]) -> dict[str, Any]:
    """An App Home tab from replies meant for the viewer alone; buttons are left out (a view has no response_url)."""
    content = [block for reply in replies for block in _content_blocks(reply)]
    return {"type": "home", "blocks": _fit(content, [], HOME_MAX_BLOCKS)}


def blocks(reply: Reply, limit: int = MAX_BLOCKS) -> list[Block]:
    return _fit(_content_blocks(reply), _action_blocks(reply.actions), limit)


def notification(reply: Reply) -> str:
    """The fallback shown in notifications and previews: the first visible part, shortened, never hidden text."""
    for part in reply.parts:
        if part.kind is not Kind.SPOILER and part.text.strip():
            return mrkdwn(_shorten(part.text, NOTIFICATION_TEXT))
    hidden = [part for part in reply.parts if part.kind is Kind.SPOILER]
    return mrkdwn(_hidden_line(hidden, reply)) if hidden else "Show Companion"


def _content_blocks(reply: Reply) -> list[Block]:
    content: list[Block] = []
    section: list[str] = []

    def flush() -> None:
        content.extend(_section(chunk) for chunk in _pack(section, SECTION_TEXT))
        section.clear()

    for piece in _pieces(reply):
        if piece.block == "section":
            section.append(piece.text)
            continue
        flush()
        if piece.block == "header":
            content.append({"type": "header", "text": {"type": "plain_text", "text": piece.text}})
        else:
            content.extend(_context(chunk) for chunk in _split(piece.text, SECTION_TEXT))
    flush()
    return content


def _pieces(reply: Reply) -> Iterator[_Piece]:
    hidden: list[Part] = []
    for part in reply.parts:
        if part.kind is Kind.SPOILER:
            hidden.append(part)
            continue
        if hidden:
            yield _Piece("context", mrkdwn(_hidden_line(hidden, reply)))
            hidden = []
        if not part.text.strip() and not part.label:
            continue
        if part.kind is Kind.HEADING:
            yield _Piece("header", _shorten(plain(part.text), HEADER_TEXT))
        elif part.kind is Kind.NOTE:
            yield _Piece("context", mrkdwn(part.text))
        elif part.kind is Kind.FIELD and part.label:
            yield _Piece("section", f"*{mrkdwn(part.label)}*\n{mrkdwn(part.text)}")
        else:
            yield _Piece("section", mrkdwn(part.text))
    if hidden:
        yield _Piece("context", mrkdwn(_hidden_line(hidden, reply)))


def _hidden_line(hidden: Sequence[Part], reply: Reply) -> str:
    """'🔒 Hidden: 3 parts revealed in S1E10.' plus how to see them; never any of the hidden text."""
    count = len(hidden)
    episodes = sorted({part.revealed for part in hidden if part.revealed is not None})
    line = f"🔒 Hidden: {count} {'part' if count == 1 else 'parts'} revealed {_episodes(episodes)}."
    if reply.visibility is Visibility.EPHEMERAL:
        return f"{line} That is beyond your progress; set /progress when you have watched it."
    if reply.actions:
        return f"{line} Reveal shows them to you alone, up to your own /progress."
    return line


def _episodes(episodes: Sequence[Episode]) -> str:
    if not episodes:
        return "later"
    if len(episodes) == 1:
        return f"in {episodes[0]}"
    if len(episodes) == 2:
        return f"in {episodes[0]} and {episodes[1]}"
    return f"from {episodes[0]} to {episodes[-1]}"


def _action_blocks(actions: Sequence[Action]) -> list[Block]:
    """Buttons, 25 to a row. Slack has no disabled button: a disabled action is left out (the parts say why)."""
    buttons = [_button(index, action) for index, action in enumerate(actions) if not action.disabled]
    return [
        {"type": "actions", "elements": buttons[start : start + BUTTONS_PER_BLOCK]}
        for start in range(0, len(buttons), BUTTONS_PER_BLOCK)
    ]


def _button(index: int, action: Action) -> Block:
    button: Block = {
        "type": "button",
        "action_id": f"{index}:{action.id}"[:255],
        "text": {"type": "plain_text", "text": _shorten(plain(action.label), BUTTON_LABEL)},
        "value": action.id[:BUTTON_VALUE],
    }
    if action.style in (Style.PRIMARY, Style.SUCCESS):
        button["style"] = "primary"
    elif action.style is Style.DANGER:
        button["style"] = "danger"
    return button


def _fit(content: list[Block], actions: list[Block], limit: int) -> list[Block]:
    """At most `limit` blocks: content is cut (with a note) before any button row is."""
    room = limit - len(actions)
    if len(content) > room:
        left_out = len(content) - (room - 1)
        note = f"… {left_out} more blocks did not fit in one Slack message. Ask about something narrower."
        content = [*content[: room - 1], _context(note)]
    return content + actions


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text, "verbatim": True}]}


def _pack(texts: Sequence[str], limit: int) -> Iterator[str]:
    """Join consecutive texts into as few chunks of at most `limit` characters as fit."""
    current = ""
    for text in texts:
        for chunk in _split(text, limit):
            if current and len(current) + 2 + len(chunk) <= limit:
                current = f"{current}\n\n{chunk}"
                continue
            if current:
                yield current
            current = chunk
    if current:
        yield current


def _split(text: str, limit: int) -> Iterator[str]:
    """Escaped text in chunks of at most `limit`, cut at a line or word break and never inside an entity."""
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut <= 0:
            amp = text.rfind("&", limit - 5, limit)
            cut = amp if amp > 0 else limit
        yield text[:cut].rstrip()
        text = text[cut:].lstrip()
    if text.strip():
        yield text


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
