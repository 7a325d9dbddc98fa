"""A subcommand module with a real bug: it imports a module of the project that does not exist."""

import adapters.discord._no_such_module  # noqa: F401
