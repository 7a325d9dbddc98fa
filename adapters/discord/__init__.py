"""Discord: slash commands generated from the core's declarations, `||spoilers||`, buttons that survive restarts."""

from adapters.discord._bot import CompanionBot, build_bot, run_discord
from adapters.discord._outbox import DiscordOutbox

__all__ = ["CompanionBot", "DiscordOutbox", "build_bot", "run_discord"]
