"""What the bot costs on top of slack-bolt: a signed `/bio` through the real app, against a bare Bolt app.

Both apps are served over HTTP on 127.0.0.1 in this process, with the same signing secret and a
loopback Web API, and get the same signed slash commands one after the other, alternating which
goes first. The real one is `adapters.slack.build_app` on a companion with the Ballard facts and
a SQLite file, answering from the core; the bare one acks a constant.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import build_app
from benchmarks._core import companion_on_disk
from benchmarks._fake_slack import TEAM, web_api
from benchmarks._figure import Figure, Scale, Target
from benchmarks._loopback import SideBySide, served
from benchmarks._suite import Benchmark
from bot.settings import Settings, SlackSettings

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
EVENTS = "/slack/events"
VIEWERS = 20


async def measure(scale: Scale) -> list[Figure]:
    rounds = scale.pick(quick=100, full=2_000)
    async with served(web_api()) as api, companion_on_disk() as companion:
        settings = Settings()
        settings.slack = SlackSettings(
            _env_file=None, bot_token=SecretStr(TOKEN), signing_secret=SecretStr(SECRET), api_url=f"{api}/api/"
        )
        real = build_app(settings, companion)
        bare = _bare_app(f"{api}/api/")
        async with served(real.web_app(path=EVENTS)) as real_url, served(bare.web_app(path=EVENTS)) as bare_url:
            async with aiohttp.ClientSession() as session:
                slack = _Slack(session)
                for number in range(VIEWERS):  # warm up: auth.test, users.info, name indexes
                    await slack.command(real_url, number)
                    await slack.command(bare_url, number)
                timed = SideBySide()
                await timed.run(rounds, lambda n: slack.command(real_url, n), lambda n: slack.command(bare_url, n))
    return [
        Figure(
            "Slack /bio p50 ÷ bare slack-bolt p50",
            timed.ratio,
            "×",
            Target.at_most(1.2, "≤ 1.2×"),
            f"signed slash commands over loopback HTTP; {timed.detail()}",
        ),
    ]


def _bare_app(api_url: str) -> AsyncApp:
    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url))

    @app.command("/bio")
    async def bio(ack: AsyncAck) -> None:
        await ack("Renée Ballard is an LAPD detective in charge of a cold case unit.")

    return app


class _Slack:
    """Slack's side: slash commands signed the way Slack signs them."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session
        self.signer = SignatureVerifier(SECRET)

    async def command(self, base_url: str, number: int) -> None:
        user = f"U{number % VIEWERS:05d}"
        body = urlencode(
            {
                "command": "/bio",
                "text": ("renee", "gary pearlman", "samira")[number % 3],
                "team_id": TEAM,
                "team_domain": "bench",
                "channel_id": "C0GENERAL",
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "response_url": f"{base_url}/unused",
                "trigger_id": f"{number}.bench",
                "api_app_id": "A0BENCH",
            }
        )
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": self.signer.generate_signature(timestamp=stamp, body=body) or "",
        }
        async with self.session.post(base_url + EVENTS, data=body.encode(), headers=headers) as response:
            answer = await response.read()
            if response.status != 200 or not answer:
                raise RuntimeError(f"{base_url}: HTTP {response.status} {answer[:200]!r}")


BENCHMARK = Benchmark("slack", measure)
