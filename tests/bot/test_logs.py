"""Log lines a request cannot forge: control characters from any argument or message come out escaped."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import EscapeControls, escape_controls, install


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("tab\there", "tab\\there"),
        ("line\u2028separator", "line\\u2028separator"),
        ("\u202eesrever", "\\u202eesrever"),
        ("caf\u00e9 ok", "caf\u00e9 ok"),
    ],
)
def test_controls_are_escaped_and_other_text_kept(text: str, shown: str):
    assert escape_controls(text) == shown


def _logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    install([handler])
    install([handler])  # once is enough, twice is harmless
    logger = logging.getLogger(name)
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.DEBUG)
    return logger, written


def test_a_forged_line_in_an_argument_stays_on_its_line():
    logger, written = _logger("tests.logs.argument")
    logger.warning("oauth.v2.access failed with code: %s", "x\nERROR admin: password is hunter2")
    assert written.getvalue().splitlines() == [
        "WARNING tests.logs.argument: oauth.v2.access failed with code: x\\nERROR admin: password is hunter2"
    ]


def test_a_message_built_by_a_library_is_escaped_too():
    logger, written = _logger("tests.logs.library")
    logger.error(f"Failed with code: {'x'}\r\nINFO forged")
    logger.info("numbers %d and %.1f still format", 3, 2.5)
    assert written.getvalue().splitlines() == [
        "ERROR tests.logs.library: Failed with code: x\\r\\nINFO forged",
        "INFO tests.logs.library: numbers 3 and 2.5 still format",
    ]
    handler = logger.handlers[0]
    assert sum(isinstance(found, EscapeControls) for found in handler.filters) == 1
