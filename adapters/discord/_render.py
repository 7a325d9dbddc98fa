"""Reply → Discord messages: markdown in embeds within Discord's limits, `||spoilers||`, and buttons.

Everything goes into message content or embed descriptions, never into embed fields: Discord shows
`||spoiler||` tags in descriptions but not in titles or field names, so hidden text has one home.
Every piece of core text is markdown-escaped, so neither a fact nor echoed user text can open or
close a spoiler tag, a code span or a link around the text that follows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import discord

from adapters.discord._views import action_view
from bot.reply import Action, Kind, Part, Reply

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
EMBED_TEXT_PER_MESSAGE = 6000
EMBEDS_PER_MESSAGE = 10
MESSAGES_PER_REPLY = 3
CHUNK = 1000
"""Long parts are cut into chunks of this many characters; escaping at most doubles them."""
RESERVE = 200
"""Room kept free in every embed and message for the note that says what was cut."""
COLOUR = discord.Colour(0x3B6EA5)

_MARKDOWN = re.compile(r"([\\`*_~|>#\[\]])")


@dataclass(frozen=True, slots=True)
class Page:
    """One Discord message: plain content or embeds, and the buttons of the reply (on its last page)."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    actions: tuple[Action, ...] = field(default=())

    def send_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        if self.content is not None:
            kwargs["content"] = self.content
        if self.embeds:
            kwargs["embeds"] = list(self.embeds)
        if self.actions:
            kwargs["view"] = action_view(self.actions)
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        """Like `send_kwargs`, but clearing what the new reply does not have."""
        view = action_view(self.actions) if self.actions else None
        return {"content": self.content, "embeds": list(self.embeds), "view": view}


def escape(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def spoiler(text: str) -> str:
    """Hidden text as one `||…||` tag: one line, escaped, so nothing inside can end the tag early.

    Discord ends a spoiler at the next `||`, escaped or not, so an escaped pipe must not touch the
    closing tag: `\\|||` would close one pipe early and show the last one plainly.
    """
    body = escape(" ".join(text.split()))
    if not body:
        return ""
    return f"||{body} ||" if body.endswith("|") else f"||{body}||"


@lru_cache(maxsize=2048)
def render(reply: Reply, *, messages: int = MESSAGES_PER_REPLY) -> tuple[Page, ...]:
    """The reply as at most `messages` Discord messages; whatever does not fit is cut with a note.

    Replies are immutable and the same ones recur (a bio at a horizon), so each is rendered once.
    """
    parts = list(reply.parts)
    title = parts.pop(0).text if parts and parts[0].kind is Kind.HEADING else None
    blocks = [block for part in parts for block in _blocks(part) if block.strip()]
    if title is None and not any(part.kind in (Kind.HEADING, Kind.FIELD) for part in parts):
        content = "\n".join(blocks)
        if 0 < len(content) <= CONTENT_LIMIT:
            return (Page(content=content, actions=reply.actions),)
    if title is None and not blocks:
        return (Page(content=None if reply.actions else "Nothing to show.", actions=reply.actions),)
    pages = [Page(embeds=tuple(embeds)) for embeds in _pack(title, blocks, messages)]
    last = pages[-1]
    return (*pages[:-1], Page(last.content, last.embeds, reply.actions))


def _blocks(part: Part) -> Iterator[str]:
    chunks = _chunks(part.text)
    if part.kind is Kind.SPOILER:
        label = f"🔒 *{part.revealed}* " if part.revealed else "🔒 "
        for index, chunk in enumerate(chunks):
            yield (label if index == 0 else "") + spoiler(chunk)
    elif part.kind is Kind.HEADING:
        yield from (f"\n**{escape(chunk)}**" for chunk in chunks)
    elif part.kind is Kind.FIELD:
        yield f"**{escape(_fit(part.label or '', TITLE_LIMIT))}**"
        yield from (escape(chunk) for chunk in chunks)
    elif part.kind is Kind.NOTE:
        yield from (f"*{escape(chunk)}*" for chunk in chunks)
    else:
        yield from (escape(chunk) for chunk in chunks)


def _chunks(text: str) -> list[str]:
    """Cut at whitespace into pieces of at most CHUNK characters."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > CHUNK:
        cut = rest.rfind(" ", 0, CHUNK)
        cut = cut if cut > CHUNK // 2 else CHUNK
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*chunks, rest] if rest or not chunks else chunks


def _pack(title: str | None, blocks: list[str], messages: int) -> list[list[discord.Embed]]:
    """Blocks into embed descriptions, descriptions into messages, each within Discord's limits."""
    shown_title = _fit(title, TITLE_LIMIT) if title else None
    pages: list[list[str]] = [[]]
    lines: list[str] = []
    used = len(shown_title or "")
    for index, block in enumerate(blocks):
        size = len(block) + 1
        if lines and len("\n".join(lines)) + size > DESCRIPTION_LIMIT - RESERVE:
            pages[-1].append("\n".join(lines))
            lines = []
        if used + size > EMBED_TEXT_PER_MESSAGE - RESERVE or len(pages[-1]) == EMBEDS_PER_MESSAGE:
            if len(pages) == messages:
                note = _cut_note(len(blocks) - index)
                if lines:
                    lines.append(note)
                else:
                    pages[-1][-1] += "\n" + note
                break
            if lines:
                pages[-1].append("\n".join(lines))
            pages.append([])
            lines, used = [], 0
        lines.append(block)
        used += size
    if lines or not pages[0]:
        pages[-1].append("\n".join(lines))
    return [
        [_embed(text, shown_title if (p, e) == (0, 0) else None) for e, text in enumerate(page)]
        for p, page in enumerate(pages)
    ]


def _embed(description: str, title: str | None) -> discord.Embed:
    return discord.Embed(colour=COLOUR, title=title, description=description.strip() or None)


def _cut_note(left: int) -> str:
    noun = "line" if left == 1 else "lines"
    return f"*…and {left} more {noun}: too long for Discord. Narrow the question to see the rest.*"


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
