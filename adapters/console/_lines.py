"""Where the console's typed lines come from: a terminal (line editing, history) or a pipe (a script).

Neither blocks a thread the process must wait for, so Ctrl-C ends the console at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory
from prompt_toolkit.patch_stdout import patch_stdout


class Lines(Protocol):
    async def read(self, prompt: str) -> str:
        """The next line; EOFError at the end of input (Ctrl-D), KeyboardInterrupt on Ctrl-C."""
        ...

    def show(self, text: str) -> None:
        """Print something that arrived on its own (a channel post), with the prompt back in view after it."""
        ...


class TerminalLines:
    """prompt_toolkit's prompt: editing, history, and posts printed above the line being typed."""

    def __init__(self, history: Path) -> None:
        self._prompt: PromptSession[str] = PromptSession(history=FileHistory(str(history)))

    async def read(self, prompt: str) -> str:
        return await self._prompt.prompt_async(prompt)

    def show(self, text: str) -> None:
        print(text, flush=True)


class PipedLines:
    """Lines from a pipe or a file, read by a daemon thread with `os.read`.

    The thread holds no lock of Python's own stdin, so the process can end while it waits for input.
    """

    def __init__(self, fd: int) -> None:
        self._loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._waiting: str | None = None
        threading.Thread(target=self._read_all, args=(fd,), name="console input", daemon=True).start()

    async def read(self, prompt: str) -> str:
        print(prompt, end="", flush=True)
        self._waiting = prompt
        try:
            line = await self._lines.get()
        finally:
            self._waiting = None
        if line is None:
            raise EOFError
        return line

    def show(self, text: str) -> None:
        print(text, flush=True)
        if self._waiting is not None:
            print(self._waiting, end="", flush=True)

    def _read_all(self, fd: int) -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                self._hand_over(line.decode(errors="replace").rstrip("\r"))
        if pending:
            self._hand_over(pending.decode(errors="replace").rstrip("\r"))
        self._hand_over(None)

    def _hand_over(self, line: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the console has closed and its loop with it
            self._loop.call_soon_threadsafe(self._lines.put_nowait, line)


@contextlib.contextmanager
def open_lines(history: Path) -> Iterator[Lines]:
    """A terminal when both ends are one; otherwise plain lines, as a script expects them."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        with patch_stdout():
            yield TerminalLines(history)
    else:
        yield PipedLines(sys.stdin.fileno())
