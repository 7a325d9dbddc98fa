"""Text across the Slack boundary: incoming command text back to what was typed, outgoing text made inert.

Slack sends `&`, `<`, `>` as entities and mentions as `<@U123|name>`, `<#C123|name>`, `<!here>`; the core
parses plain text, so those become `@name`, `#name`, `@here`. Outgoing text escapes only `&`, `<`, `>`
(Slack's rule; full HTML escaping would show `&quot;`) and puts a word joiner after `@` in `@here`,
`@channel` and `@everyone`, so echoed text can never become a mention, a broadcast or a link.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_MARKUP = re.compile(r"<([^<>]*)>")
_BROADCAST_WORDS = ("here", "channel", "everyone")
_BROADCAST = re.compile(r"@(?=here|channel|everyone)", re.IGNORECASE)
_MARKUP_OPENER = re.compile(r"<(?=[@#!])")


def typed_text(slack_text: str) -> str:
    """What the user typed, from Slack's escaped form of it."""
    plain = _MARKUP.sub(lambda match: _markup_as_text(match.group(1)), slack_text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _markup_as_text(inner: str) -> str:
    target, _, label = inner.partition("|")
    if target.startswith(("@", "#")):
        return target[0] + (label.lstrip(target[0]) or target[1:])
    if target.startswith("!"):
        name = target[1:].split("^", 1)[0]
        if name in _BROADCAST_WORDS:
            return f"@{name}"
        return label or f"@{name}"
    return label or target


def mrkdwn(text: str) -> str:
    """Text for a mrkdwn field (also the notification `text`): escaped and unable to mention anyone."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@" + WORD_JOINER, escaped)


def plain(text: str) -> str:
    """Text for a plain_text field (headers, button labels): not parsed by Slack, still defused."""
    return _MARKUP_OPENER.sub("<" + WORD_JOINER, _BROADCAST.sub("@" + WORD_JOINER, text))
