"""The child side of `_processes.start_module`: serve an aiohttp app on a free port, print its URL, stop on SIGTERM."""

from __future__ import annotations

import asyncio
import signal

from aiohttp import web


async def serve_until_sigterm(app: web.Application) -> None:
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, backlog=1024).start()
    host, port = runner.addresses[0][:2]
    print(f"http://{host}:{port}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()
