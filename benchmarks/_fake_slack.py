"""The few Slack Web API methods a slash command touches (auth.test, users.info), answered on loopback."""

from __future__ import annotations

from typing import Any

from aiohttp import web

TEAM = "T0BENCH"


def web_api() -> web.Application:
    app = web.Application()
    app.router.add_route("*", "/api/{method}", _method)
    return app


async def _method(request: web.Request) -> web.Response:
    method = request.match_info["method"]
    args: dict[str, Any] = {**request.query, **(await request.post())}
    if method == "auth.test":
        return web.json_response(
            {
                "ok": True,
                "url": "https://bench.slack.test/",
                "team": "Bench",
                "user": "companion",
                "team_id": TEAM,
                "user_id": "UBOT",
                "bot_id": "BBOT",
                "is_enterprise_install": False,
            }
        )
    if method == "users.info":
        user = str(args.get("user", ""))
        profile = {"display_name": f"Viewer {user}", "real_name": f"Viewer {user}"}
        return web.json_response({"ok": True, "user": {"id": user, "name": user.lower(), "profile": profile}})
    return web.json_response({"ok": True})
