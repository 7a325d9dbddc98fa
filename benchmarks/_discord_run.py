"""`companion …` in a process of its own, with discord.py pointed at a benchmark's fake Discord.

discord.py has no setting for its API base or gateway, so the benchmark passes them in BENCH_DISCORD_API and
BENCH_DISCORD_GATEWAY; everything else is the real `companion` command line.
"""

import os
import sys

import discord
import yarl

from bot.cli import main

discord.http.Route.BASE = os.environ["BENCH_DISCORD_API"]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["BENCH_DISCORD_GATEWAY"])
sys.exit(main())
