"""The local console: no account, no token. `companion console` and the one-shot `companion ask`."""

from adapters.console._ask import ask, ask_reply, printed
from adapters.console._render import render
from adapters.console._repl import DEFAULT_USER, run_console

__all__ = ["DEFAULT_USER", "ask", "ask_reply", "printed", "render", "run_console"]
