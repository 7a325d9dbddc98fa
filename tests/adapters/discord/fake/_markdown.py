"""How a Discord client reads a stored message: which text shows plainly, which hides behind `||…||`, who is pinged.

The parser follows Discord's inline rules in the order that matters for spoilers: a backslash escapes
any punctuation, a run of backticks opens a code span (spoilers do not apply inside), `||` opens a
spoiler that ends at the *next* `||` (escaped or not: the rule is a lazy regex), and a bare URL runs
to the next whitespace. An unclosed `||` is shown literally, with what follows it in plain sight.
Embed titles, field names, footers, author names and button labels are not markdown at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ESCAPE = re.compile(r"\\([^0-9A-Za-z\s])")
CODE = re.compile(r"(`+)([\s\S]*?[^`])\1(?!`)")
SPOILER = re.compile(r"\|\|([\s\S]+?)\|\|")
URL = re.compile(r"https?://[^\s<]+[^<.,:;\"')\]\s]")

EVERYONE = re.compile(r"(?<!\\)@(everyone|here)\b")
USER = re.compile(r"<@!?(\d+)>")
ROLE = re.compile(r"<@&(\d+)>")


@dataclass
class Reading:
    """What a reader sees without clicking (`plain`) and each spoiler's text (`hidden`)."""

    plain: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)

    @property
    def plain_text(self) -> str:
        return " ".join("".join(self.plain).split())

    @property
    def hidden_text(self) -> str:
        return " ".join(" ".join(self.hidden).split())


def read_markdown(text: str, reading: Reading | None = None) -> Reading:
    reading = reading or Reading()
    _parse(text, reading, hidden=None)
    reading.plain.append("\n")
    return reading


def _parse(text: str, reading: Reading, hidden: list[str] | None) -> None:
    out = hidden if hidden is not None else reading.plain
    index = 0
    while index < len(text):
        rest = text[index:]
        if match := ESCAPE.match(rest):
            out.append(match.group(1))
        elif match := CODE.match(rest):
            out.append(match.group(2))
        elif hidden is None and (match := SPOILER.match(rest)):
            inner: list[str] = []
            _parse(match.group(1), reading, inner)
            reading.hidden.append("".join(inner))
            out.append(" ")
        elif match := URL.match(rest):
            out.append(match.group(0))
        else:
            out.append(rest[0])
            index += 1
            continue
        index += match.end()


def read_message(message: dict[str, Any]) -> Reading:
    """Every place of a message that a reader sees: content, embeds and button labels."""
    reading = read_markdown(message.get("content") or "")
    for embed in message.get("embeds") or []:
        reading.plain.append(f"{embed.get('title') or ''}\n")
        read_markdown(embed.get("description") or "", reading)
        for item in embed.get("fields") or []:
            reading.plain.append(f"{item.get('name') or ''}\n")
            read_markdown(item.get("value") or "", reading)
        reading.plain.append(f"{(embed.get('footer') or {}).get('text') or ''}\n")
        reading.plain.append(f"{(embed.get('author') or {}).get('name') or ''}\n")
    for row in message.get("components") or []:
        for item in row.get("components") or []:
            reading.plain.append(f"{item.get('label') or ''}\n")
    return reading


def mentions(content: str, allowed: dict[str, Any] | None) -> dict[str, Any]:
    """Who Discord pings for `content`: with no allowed_mentions every mention counts (the fake's bot may ping
    everyone)."""
    parse = set(allowed.get("parse", [])) if allowed is not None else {"users", "roles", "everyone"}
    users = {str(u) for u in (allowed or {}).get("users", [])}
    roles = {str(r) for r in (allowed or {}).get("roles", [])}
    return {
        "mention_everyone": "everyone" in parse and EVERYONE.search(content) is not None,
        "mentions": [uid for uid in USER.findall(content) if "users" in parse or uid in users],
        "mention_roles": [rid for rid in ROLE.findall(content) if "roles" in parse or rid in roles],
    }
