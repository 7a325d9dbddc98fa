"""Reply → terminal text. Spoilers are masked until the reader asks to reveal them."""

from __future__ import annotations

import textwrap

from bot.reply import Kind, Part, Reply


def render(reply: Reply, *, reveal: bool = False, width: int = 88, hints: bool = True) -> str:
    """`hints`: how to reveal and press in the console; `companion ask` can do neither, so it says neither."""
    lines: list[str] = []
    hidden = 0
    masked: list[Part] = []
    for part in reply.parts:
        if part.kind is Kind.SPOILER and not reveal:
            if masked and masked[-1].revealed != part.revealed:
                hidden = _mask(masked, hidden, lines, hints)
            masked.append(part)
            continue
        hidden = _mask(masked, hidden, lines, hints)
        if part.kind is Kind.HEADING:
            lines += ["", part.text.upper() if part.text.isascii() else part.text, "─" * min(len(part.text), width)]
        elif part.kind is Kind.SPOILER:
            lines += _wrap(f"[spoiler, {part.revealed}] {part.text}", width)
        elif part.kind is Kind.FIELD:
            lines += _wrap(f"{part.label}: {part.text}", width, indent="    ")
        elif part.kind is Kind.NOTE:
            lines += _wrap(f"· {part.text}", width, indent="  ")
        else:
            lines += _wrap(part.text, width)
    _mask(masked, hidden, lines, hints)
    buttons = [action for action in reply.actions if not action.disabled]
    if buttons:
        lines.append("  ".join(f"[{action.label}]" for action in buttons))
        if hints and all(len(action.label) == 1 for action in buttons):
            lines.append(f"  (answer with:  press {buttons[0].label} … press {buttons[-1].label})")
        elif hints:
            lines.append("  (press a button with:  press <number>)")
    prefix = "(only you can see this)" if reply.visibility == "ephemeral" else "(posted in the channel)"
    return "\n".join([prefix, *lines]).strip("\n")


def _mask(run: list[Part], hidden: int, lines: list[str], hints: bool) -> int:
    """One masked line for a run of spoilers with the same gate; returns how many are hidden so far."""
    if not run:
        return hidden
    first, last = hidden + 1, hidden + len(run)
    numbers = f"#{first}" if first == last else f"#{first}–#{last}"
    how = " — type 'reveal' to show" if hints else ""
    lines.append(f"█████ spoiler {numbers}: revealed in {run[0].revealed}{how} █████")
    run.clear()
    return last


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=indent, break_long_words=True) or [""]
