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
    (
        2,
        "trivia rounds, questions and answers",
        """
        CREATE TABLE trivia_round (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            server TEXT NOT NULL,
            channel TEXT NOT NULL,
            started_by TEXT NOT NULL,
            starter_name TEXT NOT NULL,
            season INTEGER NOT NULL,        -- the channel's horizon when the questions were drawn
            episode INTEGER NOT NULL,
            category TEXT,
            seconds INTEGER NOT NULL CHECK (seconds > 0),
            size INTEGER NOT NULL CHECK (size > 0),
            current INTEGER NOT NULL DEFAULT 1,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'completed', 'stopped', 'interrupted')),
            week TEXT NOT NULL,             -- ISO week of the start, UTC: '2026-W01'
            started_at TEXT NOT NULL,
            ended_at TEXT,
            ended_by TEXT
        );
        CREATE UNIQUE INDEX trivia_one_running_round_per_channel
            ON trivia_round (platform, server, channel) WHERE status = 'running';
        CREATE INDEX trivia_round_by_channel ON trivia_round (platform, server, channel, week);
        CREATE TABLE trivia_question (
            round_id INTEGER NOT NULL REFERENCES trivia_round (id),
            number INTEGER NOT NULL,
            fact_id TEXT NOT NULL,
            text TEXT NOT NULL,
            choices TEXT NOT NULL,          -- JSON array, in the order the letters A-D show them
            correct INTEGER NOT NULL,       -- index of the answer in choices
            accept TEXT NOT NULL,           -- JSON array of other typed answers that count
            season INTEGER NOT NULL,        -- the fact's gate
            episode INTEGER NOT NULL,
            opened_at TEXT,
            closes_at TEXT,
            closed_at TEXT,
            message_id TEXT,                -- the posted question, edited at its close
            PRIMARY KEY (round_id, number)
        );
        CREATE TABLE trivia_answer (
            round_id INTEGER NOT NULL,
            number INTEGER NOT NULL,
            user_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            given TEXT NOT NULL,
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            points INTEGER NOT NULL,
            elapsed_ms INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (round_id, number, user_id),
            FOREIGN KEY (round_id, number) REFERENCES trivia_question (round_id, number)
        );
        """,
    ),
    (
        3,
        "watch parties, schedules and the slots they fired",
        """
        CREATE TABLE watch_party (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            server TEXT NOT NULL,
            channel TEXT NOT NULL,
            season INTEGER NOT NULL,        -- how far the channel has watched together
            episode INTEGER NOT NULL,
            first_season INTEGER NOT NULL,  -- where the party started
            first_episode INTEGER NOT NULL,
            started_by TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            ended_by TEXT,
            ended_at TEXT
        );
        CREATE UNIQUE INDEX watch_party_running ON watch_party (platform, server, channel) WHERE ended_at IS NULL;
        CREATE TABLE schedule (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            server TEXT NOT NULL,
            channel TEXT NOT NULL,
            job TEXT NOT NULL CHECK (job IN ('trivia', 'recap')),
            rule TEXT NOT NULL,             -- a 5-field cron expression, or 'once 2026-03-06T20:00' (wall time)
            zone TEXT NOT NULL,             -- the IANA time zone the rule's wall times are in
            phrase TEXT NOT NULL,           -- `when` as the moderator typed it
            options TEXT NOT NULL DEFAULT '{}',  -- JSON: questions, category, seconds
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            next_due TEXT,                  -- UTC, NULL once cancelled or a one-off done
            last_slot TEXT,                 -- UTC of the last slot fired or skipped
            cancelled_by TEXT,
            cancelled_at TEXT
        );
        CREATE INDEX schedule_due ON schedule (next_due) WHERE next_due IS NOT NULL;
        CREATE INDEX schedule_by_server ON schedule (platform, server);
        CREATE TABLE schedule_firing (
            schedule_id INTEGER NOT NULL REFERENCES schedule (id),
            slot TEXT NOT NULL,             -- UTC. The key is the claim: one row, one firing, ever
            outcome TEXT NOT NULL CHECK (outcome IN ('claimed', 'fired', 'failed', 'skipped')),
            missed INTEGER NOT NULL DEFAULT 0,  -- earlier slots skipped along with this one (bot offline)
            detail TEXT NOT NULL DEFAULT '',
            claimed_by TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            finished_at TEXT,
            PRIMARY KEY (schedule_id, slot)
        );
        """,
    ),
    (
        4,
        "slack installations and oauth states",
        """
        CREATE TABLE slack_installation (
            client_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('bot', 'installation')),
            enterprise_id TEXT NOT NULL,    -- '' outside Enterprise Grid
            team_id TEXT NOT NULL,          -- '' for an org-wide install
            user_id TEXT NOT NULL,          -- '' for a bot row
            installed_at REAL NOT NULL,     -- unix seconds, as Slack reports it
            data TEXT NOT NULL,             -- the installation as JSON
            PRIMARY KEY (client_id, kind, enterprise_id, team_id, user_id)
        );
        CREATE TABLE slack_oauth_state (
            state TEXT PRIMARY KEY,
            expires_at REAL NOT NULL
        );
        """,
    ),
    (
        5,
        "which process keeps a trivia round's time",
        """
        ALTER TABLE trivia_round ADD COLUMN keeper TEXT;        -- the process whose timer drives it, NULL if none
        ALTER TABLE trivia_round ADD COLUMN heartbeat_at TEXT;  -- UTC, refreshed by the keeper while it runs
        """,
    ),
    (
        6,
        "one time encoding: UTC ISO 8601 text with milliseconds in every table",
        """
        UPDATE viewer_progress SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', updated_at);
        UPDATE channel_horizon SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', updated_at);
        UPDATE trivia_round SET started_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', started_at),
            ended_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', ended_at),
            heartbeat_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', heartbeat_at);
        UPDATE trivia_question SET opened_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', opened_at),
            closes_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', closes_at),
            closed_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', closed_at);
        UPDATE trivia_answer SET answered_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', answered_at);
        UPDATE watch_party SET started_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', started_at),
            updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', updated_at),
            ended_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', ended_at);
        UPDATE schedule SET created_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', created_at),
            next_due = strftime('%Y-%m-%dT%H:%M:%f+00:00', next_due),
            last_slot = strftime('%Y-%m-%dT%H:%M:%f+00:00', last_slot),
            cancelled_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', cancelled_at);
        UPDATE schedule_firing SET slot = strftime('%Y-%m-%dT%H:%M:%f+00:00', slot),
            claimed_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', claimed_at),
            finished_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', finished_at);
        UPDATE schema_version SET applied_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', applied_at);
        CREATE TABLE slack_installation_utc (
            client_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('bot', 'installation')),
            enterprise_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            installed_at TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (client_id, kind, enterprise_id, team_id, user_id)
        );
        INSERT INTO slack_installation_utc
            SELECT client_id, kind, enterprise_id, team_id, user_id,
                   strftime('%Y-%m-%dT%H:%M:%f+00:00', installed_at, 'unixepoch'), data
            FROM slack_installation;
        DROP TABLE slack_installation;
        ALTER TABLE slack_installation_utc RENAME TO slack_installation;
        CREATE TABLE slack_oauth_state_utc (
            state TEXT PRIMARY KEY,
            expires_at TEXT NOT NULL
        );
        INSERT INTO slack_oauth_state_utc
            SELECT state, strftime('%Y-%m-%dT%H:%M:%f+00:00', expires_at, 'unixepoch') FROM slack_oauth_state;
        DROP TABLE slack_oauth_state;
        ALTER TABLE slack_oauth_state_utc RENAME TO slack_oauth_state;
        """,
    ),
    (
        7,
        "slack requests already acted on, and the org of each grid workspace",
        """
        CREATE TABLE slack_seen_request (
            key TEXT PRIMARY KEY,           -- 'signature:v0=…' or 'event:<team>:<event_id>'
            expires_at TEXT NOT NULL        -- UTC: after it a copy would be refused anyway
        );
        CREATE INDEX slack_seen_request_expiry ON slack_seen_request (expires_at);
        CREATE TABLE slack_workspace (
            team_id TEXT PRIMARY KEY,       -- a workspace seen in a request or an install
            enterprise_id TEXT NOT NULL     -- its Enterprise Grid org: where an org-wide install's token is
        );
        """,
    ),
    (
        8,
        "spoiler guard: guarded channels and what the guard did",
        """
        CREATE TABLE guarded_channel (
            platform TEXT NOT NULL,
            server TEXT NOT NULL,
            channel TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('hide', 'warn')),
            set_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (platform, server, channel)
        );
        CREATE TABLE guard_action (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            server TEXT NOT NULL,
            channel TEXT NOT NULL,
            author TEXT NOT NULL,           -- the member whose message it was (never the message's text)
            message_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('hide', 'warn')),
            season INTEGER NOT NULL,        -- the episode the message gave away
            episode INTEGER NOT NULL,
            at TEXT NOT NULL                -- UTC
        );
        CREATE INDEX guard_action_by_channel ON guard_action (platform, server, channel, at);
        """,
    ),
    (
        9,
        "discord shard leases and identify turns",
        """
        CREATE TABLE discord_shard_lease (
            shard INTEGER PRIMARY KEY,
            shard_count INTEGER NOT NULL CHECK (shard_count > shard),
            holder TEXT NOT NULL,           -- the process: host:pid:nonce
            renewed_at TEXT NOT NULL,       -- UTC, by the database's clock
            expires_at TEXT NOT NULL        -- free to take after this
        );
        CREATE INDEX discord_shard_lease_by_holder ON discord_shard_lease (holder);
        CREATE TABLE discord_identify_turn (
            bucket INTEGER PRIMARY KEY,     -- shard_id % max_concurrency
            holder TEXT NOT NULL,
            until TEXT NOT NULL
        );
        """,
    ),
    (
        10,
        "keeper leases: which processes are alive to keep trivia rounds, by the database's clock",
        """
        CREATE TABLE keeper_lease (
            keeper TEXT PRIMARY KEY,        -- the identity of a companion, host:pid:nonce
            platform TEXT,                  -- the platform its outbox posts to, NULL for any
            expires_at REAL NOT NULL        -- unix seconds by the database clock, renewed by heartbeat
        );
        """,
    ),
    (
        11,
        "trivia questions sealed at their reveal, and a question's time extended at most once at a takeover",
        """
        ALTER TABLE trivia_question ADD COLUMN revealed_at TEXT;  -- UTC: its tally was read, no answer enters after
        ALTER TABLE trivia_question ADD COLUMN extended INTEGER NOT NULL DEFAULT 0;  -- 1 once a takeover gave it time
        UPDATE trivia_question SET revealed_at = closed_at
            WHERE closed_at IS NOT NULL AND round_id IN (SELECT id FROM trivia_round WHERE status <> 'running');
        """,
    ),
)
