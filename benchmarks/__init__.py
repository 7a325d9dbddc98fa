"""`companion bench`: how fast, how big, and what the bot costs on top of discord.py and slack-bolt.

Each benchmark module measures one thing on the machine it runs on and returns `Figure`s, each
with its target. `--quick` runs every benchmark at a small size so CI keeps them working; it
asserts nothing about speed.
"""

from benchmarks._figure import Figure, Scale, Target

__all__ = ["Figure", "Scale", "Target"]
