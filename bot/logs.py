"""Log lines that a request cannot forge: control characters in a message are written as escapes.

A newline in an OAuth `code` or a slash command's text would otherwise start a line of the sender's
choosing. The filter escapes the whole formatted message (our own messages are one line each), so it holds
whatever a library logs about a request too. Tracebacks are left as they are.
"""

from __future__ import annotations

import logging

_LINE_BREAKS_AND_DIRECTION = (0x2028, 0x2029, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_CONTROLS = (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_LINE_BREAKS_AND_DIRECTION)
_NAMED = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESCAPES = {code: _NAMED.get(code, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _CONTROLS}


def escape_controls(text: str) -> str:
    """'a\\nb' → 'a\\\\nb': every control, line-separator and text-direction character as a visible escape."""
    return text.translate(_ESCAPES)


class EscapeControls(logging.Filter):
    """Installed on the handlers where logging is configured, so it sees every logger's records."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        escaped = escape_controls(message)
        if escaped != message or record.args:
            record.msg, record.args = escaped, None
        return True


def install(handlers: list[logging.Handler] | None = None) -> None:
    """Escape controls on `handlers` (default: the root logger's), once each."""
    for handler in handlers if handlers is not None else logging.getLogger().handlers:
        if not any(isinstance(existing, EscapeControls) for existing in handler.filters):
            handler.addFilter(EscapeControls())
