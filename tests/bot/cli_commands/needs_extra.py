"""A subcommand module whose optional dependency is not installed."""

import companion_optional_dependency_that_is_not_installed  # noqa: F401
