"""Versioned schema migrations, applied in order at start; each runs once, in one transaction."""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "viewer progress and channel horizons",
        """
        CREATE TABLE viewer_progress (
            platform TEXT NOT NULL,
            server TEXT NOT NULL,
            user_id TEXT NOT NULL,
            season INTEGER NOT NULL,
            episode INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (platform, server, user_id)
        );
        CREATE TABLE channel_horizon (
            platform TEXT NOT NULL,
            server TEXT NOT NULL,
            channel TEXT NOT NULL,          -- '*' holds the server-wide default
            season INTEGER NOT NULL,
            episode INTEGER NOT NULL,
            policy TEXT NOT NULL DEFAULT 'hide' CHECK (policy IN ('hide', 'omit')),
            set_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (platform, server, channel)
        );
        """,
    ),
)
