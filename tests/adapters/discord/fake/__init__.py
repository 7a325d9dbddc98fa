"""A local, faithful-enough Discord for discord.py: REST, the gateway, interactions and Discord's rules."""

from tests.adapters.discord.fake._markdown import Reading, read_markdown, read_message
from tests.adapters.discord.fake._model import EPHEMERAL, Channel, Interaction, User
from tests.adapters.discord.fake._server import Call, FakeDiscord, NotOffered

__all__ = [
    "EPHEMERAL",
    "Call",
    "Channel",
    "FakeDiscord",
    "Interaction",
    "NotOffered",
    "Reading",
    "User",
    "read_markdown",
    "read_message",
]
