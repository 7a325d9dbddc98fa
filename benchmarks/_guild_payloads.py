"""GUILD_CREATE payloads shaped like Discord's for a bot without the members or presences intents: a name, an
icon, features, 10–40 channels of mixed types with permission overwrites (without guild_id, as in
GUILD_CREATE), 5–30 roles, some emojis, a thread or two, the bot's own member and a member count. Each
server's payload is the same for the same number."""

from __future__ import annotations

import random
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
FIRST_MS = 1_600_000_000_000 - DISCORD_EPOCH_MS
"""Guild ids as if created from 2020 on, one millisecond apart."""
ROLE_PERMISSIONS = (
    "0",
    "1071698660929",  # a member role: view, send, read history, reactions, voice, application commands
    "1099511627775",
    "8",  # administrator
    "268435456",  # manage roles
    "32",  # manage server
    "1126589494",
    "2147483648",
)
WORDS = (
    "general", "ballard", "episodes", "spoilers", "off-topic", "memes", "announcements", "rules", "welcome",
    "cold-cases", "theories", "season-1", "fan-art", "music", "gaming", "voice", "lounge", "bots", "mods",
    "events", "watch-party", "lapd", "hollywood", "late-show", "introductions", "media", "help", "feedback",
)  # fmt: skip
FEATURES = (
    "COMMUNITY", "NEWS", "INVITE_SPLASH", "ANIMATED_ICON", "BANNER", "ROLE_ICONS", "WELCOME_SCREEN_ENABLED",
    "MEMBER_VERIFICATION_GATE_ENABLED", "PREVIEW_ENABLED", "THREADS_ENABLED", "AUTO_MODERATION", "SOUNDBOARD",
    "GUILD_ONBOARDING", "GUILD_ONBOARDING_EVER_ENABLED", "CHANNEL_ICON_EMOJIS_GENERATED", "ENABLED_DISCOVERABLE_BEFORE",
)  # fmt: skip
ALLOWS = ("0", "1024", "3072", "16")
DENIES = ("0", "2048", "1024")
"""Overwrites allow or deny viewing, sending, managing the channel."""
CHANNEL_TYPES = (0, 0, 0, 0, 0, 0, 2, 2, 2, 4, 4, 5, 15, 13)
"""Text mostly, then voice, categories, announcement, forum and stage channels."""


def guild_id(number: int, shard: int, count: int) -> int:
    """The id of the `number`th server of `shard`: Discord puts a guild on shard (id >> 22) % count."""
    return (FIRST_MS + number * count + shard) << 22 | 1


def guild(number: int, guild_id: int, bot: dict[str, Any]) -> dict[str, Any]:
    pick = random.Random(number)
    ids = _ids(guild_id)
    owner = str(next(ids))
    roles = [_role(str(guild_id), "@everyone", 0, "1071698660929", pick)]
    for position in range(1, pick.randint(5, 29)):
        roles.append(_role(str(next(ids)), _name(pick), position, pick.choice(ROLE_PERMISSIONS), pick))
    own_role = {**_role(str(next(ids)), bot["username"], len(roles), "2147485696", pick), "managed": True}
    own_role["tags"] = {"bot_id": bot["id"]}
    roles.append(own_role)
    channels = _channels(ids, roles, pick)
    texts = [c for c in channels if c["type"] == 0]
    members = pick.choice((2, 5, 12, 40, 150, 600, 2_400, 15_000))
    return {
        "id": str(guild_id),
        "name": f"{_name(pick).title()} {pick.choice(('Fans', 'Club', 'Hangout', 'Server', 'Crew'))}",
        "icon": _hash(pick) if pick.random() < 0.8 else None,
        "description": None,
        "home_header": None,
        "splash": None,
        "discovery_splash": None,
        "banner": _hash(pick) if pick.random() < 0.1 else None,
        "features": pick.sample(FEATURES, pick.randint(0, 9)),
        "owner_id": owner,
        "application_id": None,
        "region": "deprecated",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "system_channel_id": texts[0]["id"],
        "system_channel_flags": 0,
        "widget_enabled": False,
        "widget_channel_id": None,
        "verification_level": pick.randint(0, 3),
        "default_message_notifications": 1,
        "mfa_level": 0,
        "explicit_content_filter": 2,
        "max_presences": None,
        "max_members": 500_000,
        "max_stage_video_channel_users": 50,
        "max_video_channel_users": 25,
        "vanity_url_code": None,
        "premium_tier": pick.choice((0, 0, 0, 1, 2)),
        "premium_subscription_count": pick.randint(0, 14),
        "preferred_locale": "en-US",
        "rules_channel_id": texts[-1]["id"] if len(texts) > 1 else None,
        "safety_alerts_channel_id": None,
        "public_updates_channel_id": None,
        "hub_type": None,
        "premium_progress_bar_enabled": False,
        "latest_onboarding_question_id": None,
        "nsfw": False,
        "nsfw_level": 0,
        "incidents_data": None,
        "inventory_settings": None,
        "embedded_activities": [],
        "application_command_counts": {},
        "lazy": True,
        "large": members > 250,
        "joined_at": "2026-01-01T00:00:00.000000+00:00",
        "member_count": members,
        "unavailable": False,
        "version": 1_700_000_000_000,
        "roles": roles,
        "emojis": [_emoji(str(next(ids)), pick) for _ in range(pick.choice((0, 0, 3, 12, 40)))],
        "stickers": [],
        "channels": channels,
        "threads": [_thread(str(next(ids)), guild_id, texts, owner, pick) for _ in range(pick.choice((0, 0, 1, 3)))],
        "members": [_own_member(bot, own_role["id"])],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def _ids(guild_id: int) -> Any:
    """Snowflakes created after the guild's own."""
    step = 0
    while True:
        step += 1
        yield guild_id + (step << 22)


def _channels(ids: Any, roles: list[dict[str, Any]], pick: random.Random) -> list[dict[str, Any]]:
    kinds = [0] + [pick.choice(CHANNEL_TYPES) for _ in range(pick.randint(9, 39))]
    categories: list[dict[str, Any]] = []
    channels: list[dict[str, Any]] = []
    for position, kind in enumerate(kinds):
        parent = pick.choice(categories) if categories and kind != 4 else None
        overwrites = parent["permission_overwrites"] if parent and pick.random() < 0.6 else _overwrites(roles, pick)
        channel: dict[str, Any] = {
            "id": str(next(ids)),
            "type": kind,
            "name": _name(pick).upper() if kind == 4 else _name(pick),
            "position": position,
            "flags": 0,
            "parent_id": parent["id"] if parent else None,
            "permission_overwrites": overwrites,
        }
        if kind == 4:
            categories.append(channel)
        else:
            channel.update(_details(kind, next(ids), pick))
        channels.append(channel)
    return channels


def _details(kind: int, last_message: int, pick: random.Random) -> dict[str, Any]:
    common = {"nsfw": False, "rate_limit_per_user": 0, "last_message_id": str(last_message)}
    if kind in (2, 13):
        return {**common, "bitrate": 64_000, "user_limit": 0, "rtc_region": None, "video_quality_mode": 1}
    text = {
        **common,
        "topic": f"Talk about {_name(pick)} here. Be kind, no spoilers past the channel's horizon."
        if pick.random() < 0.5
        else None,
        "last_pin_timestamp": None,
        "default_thread_rate_limit_per_user": 0,
        "default_auto_archive_duration": 1440,
    }
    if kind == 15:
        tags = [{"id": str(last_message + n), "name": _name(pick), "moderated": False, "emoji_id": None,
                 "emoji_name": None} for n in range(pick.randint(1, 6))]  # fmt: skip
        text.update(available_tags=tags, default_reaction_emoji=None, default_sort_order=None, default_forum_layout=0)
    return text


def _overwrites(roles: list[dict[str, Any]], pick: random.Random) -> list[dict[str, Any]]:
    chosen = pick.sample(roles, min(len(roles), pick.choice((0, 1, 1, 2, 3, 4))))
    return [{"id": role["id"], "type": 0, "allow": pick.choice(ALLOWS), "deny": pick.choice(DENIES)} for role in chosen]


def _role(role_id: str, name: str, position: int, permissions: str, pick: random.Random) -> dict[str, Any]:
    color = pick.choice((0, 0, 3447003, 15277667, 10181046, 15844367))
    return {
        "id": role_id,
        "name": name,
        "description": None,
        "permissions": permissions,
        "position": position,
        "color": color,
        "colors": {"primary_color": color, "secondary_color": None, "tertiary_color": None},
        "hoist": pick.random() < 0.3,
        "managed": False,
        "mentionable": pick.random() < 0.2,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def _emoji(emoji_id: str, pick: random.Random) -> dict[str, Any]:
    return {
        "id": emoji_id,
        "name": _name(pick).replace("-", "_"),
        "roles": [],
        "require_colons": True,
        "managed": False,
        "animated": pick.random() < 0.2,
        "available": True,
    }


def _thread(
    thread_id: str, guild_id: int, texts: list[dict[str, Any]], owner: str, pick: random.Random
) -> dict[str, Any]:
    return {
        "id": thread_id,
        "type": 11,
        "guild_id": str(guild_id),
        "parent_id": pick.choice(texts)["id"],
        "owner_id": owner,
        "name": f"{_name(pick)} discussion",
        "last_message_id": thread_id,
        "rate_limit_per_user": 0,
        "flags": 0,
        "message_count": pick.randint(1, 200),
        "member_count": pick.randint(1, 30),
        "total_message_sent": pick.randint(1, 200),
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2026-01-01T00:00:00.000000+00:00",
            "locked": False,
            "create_timestamp": "2026-01-01T00:00:00.000000+00:00",
        },
    }


def _own_member(bot: dict[str, Any], role: str) -> dict[str, Any]:
    return {
        "user": bot,
        "roles": [role],
        "nick": None,
        "avatar": None,
        "banner": None,
        "premium_since": None,
        "joined_at": "2026-01-01T00:00:00.000000+00:00",
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }


def _name(pick: random.Random) -> str:
    return pick.choice(WORDS) + ("" if pick.random() < 0.6 else f"-{pick.randint(1, 99)}")


def _hash(pick: random.Random) -> str:
    return f"{pick.getrandbits(128):032x}"
