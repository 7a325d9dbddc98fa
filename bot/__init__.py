"""Show Companion: the platform-neutral core."""
