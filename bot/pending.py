"""What a press recorded, which may still be taken back: it counts only once its person is told.

An adapter that answers a press only after the core has replied (Discord: the reply is the interaction's one
response) learns afterwards whether the person saw it. The feature that recorded something leaves here how
to take it back and what to keep waiting meanwhile (a trivia question's close); the adapter then says `told`
or `untold`, exactly once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable


class Pending:
    __slots__ = ("_release", "_withdraw")

    def __init__(self) -> None:
        self._release: Callable[[], None] | None = None
        self._withdraw: Callable[[], Awaitable[bool]] | None = None

    def hold(self, release: Callable[[], None], withdraw: Callable[[], Awaitable[bool]]) -> None:
        """By the feature: `withdraw` takes back what it recorded; `release` ends what waits for the outcome."""
        self._release, self._withdraw = release, withdraw

    def told(self) -> None:
        """The person was shown the reply: what was recorded stands."""
        self._end()

    async def untold(self) -> bool:
        """The person was not shown the reply: what was recorded is taken back. True when something was."""
        withdraw, self._withdraw = self._withdraw, None
        try:
            return await withdraw() if withdraw is not None else False
        finally:
            self._end()

    def _end(self) -> None:
        release, self._release, self._withdraw = self._release, None, None
        if release is not None:
            release()
