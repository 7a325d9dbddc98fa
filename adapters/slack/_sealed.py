"""Tokens at rest: installation rows sealed with Fernet (cryptography) when COMPANION_SECRET_KEY is set.

The key setting holds one or more Fernet keys, comma-separated, newest first: rows are sealed with the first
and opened with any (MultiFernet), and every row is resealed with the first key at start. To rotate: put a
new key in front, restart, then drop the old key. A row stored before any key was set is read as it is and
sealed at the next start.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

SEALED = "fernet:"


class SealError(ValueError):
    """A sealed row that no configured key opens, or a key that is not a Fernet key."""


class Sealer:
    def __init__(self, keys: Sequence[str]) -> None:
        try:
            self._keys = MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])
        except (ValueError, TypeError):
            raise SealError("not a Fernet key (32 url-safe base64-encoded bytes)") from None

    def seal(self, text: str) -> str:
        return SEALED + self._keys.encrypt(text.encode()).decode()

    def open(self, stored: str) -> str:
        if not stored.startswith(SEALED):
            return stored
        try:
            return self._keys.decrypt(stored.removeprefix(SEALED).encode()).decode()
        except InvalidToken:
            raise SealError("no configured key opens a stored Slack installation") from None

    def reseal(self, stored: str) -> str:
        """The row sealed with the first key (a plain row sealed for the first time)."""
        return self.seal(self.open(stored))


class Unsealed:
    """No key: rows are stored as Slack issued them (the operator opted out), and sealed rows cannot be read."""

    def seal(self, text: str) -> str:
        return text

    def open(self, stored: str) -> str:
        if stored.startswith(SEALED):
            raise SealError("stored Slack installations are sealed, but COMPANION_SECRET_KEY is empty")
        return stored

    def reseal(self, stored: str) -> str:
        return self.open(stored)


def sealer(keys: str) -> Sealer | Unsealed:
    """From the setting's value: comma-separated Fernet keys, newest first; empty for none."""
    listed = [key for key in keys.split(",") if key.strip()]
    return Sealer(listed) if listed else Unsealed()
