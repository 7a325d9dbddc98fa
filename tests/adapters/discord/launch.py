"""`companion …` in a real process, with discord.py pointed at the fake Discord the way conftest.py points it.

discord.py has no setting for its API base or gateway, so the test process passes them in FAKE_DISCORD_API and
FAKE_DISCORD_GATEWAY; everything else is the real `companion` command line.
"""

import os
import sys

import discord
import yarl

from bot.cli import main

discord.http.Route.BASE = os.environ["FAKE_DISCORD_API"]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])
sys.exit(main())
