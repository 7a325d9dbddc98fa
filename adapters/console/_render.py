"""Reply → terminal text. Spoilers are masked until the reader asks to reveal them."""

from __future__ import annotations

import textwrap

from bot.reply import Kind, Reply


def render(reply: Reply, *, reveal: bool = False, width: int = 88) -> str:
    lines: list[str] = []
    hidden = 0
    for part in reply.parts:
        if part.kind is Kind.HEADING:
            lines += ["", part.text.upper() if part.text.isascii() else part.text, "─" * min(len(part.text), width)]
        elif part.kind is Kind.SPOILER:
            hidden += 1
            if reveal:
                lines += _wrap(f"[spoiler, {part.revealed}] {part.text}", width)
            else:
                lines.append(f"█████ spoiler #{hidden}: revealed in {part.revealed} — type 'reveal' to show █████")
        elif part.kind is Kind.FIELD:
            lines += _wrap(f"{part.label}: {part.text}", width, indent="    ")
        elif part.kind is Kind.NOTE:
            lines += _wrap(f"· {part.text}", width, indent="  ")
        else:
            lines += _wrap(part.text, width)
    if reply.actions:
        lines.append("  ".join(f"[{action.label}]" for action in reply.actions if not action.disabled))
        lines.append("  (press a button with:  press <number>)")
    prefix = "(only you can see this)" if reply.visibility == "ephemeral" else "(posted in the channel)"
    return "\n".join([prefix, *lines]).strip("\n")


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=indent, break_long_words=True) or [""]
