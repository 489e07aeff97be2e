"""A fake Discord on loopback: a REST route table with recorded requests and fault injection, and a gateway."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fake_discord import payloads

API_PREFIX = "/api/v10"
Handler = Callable[["FakeDiscord", "Recorded"], Awaitable[tuple[int, Any]]]


@dataclass
class Recorded:
    """One REST request the client made, and what the fake answered."""

    method: str
    path: str
    route: str  # the matching template, e.g. "/channels/{channel_id}/messages"
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    at: float
    status: int = 0
    files: list = field(default_factory=list)  # uploads.Upload parts of a multipart request


@dataclass
class Fault:
    method: str
    route: str
    status: int
    remaining: int
    retry_after: float
    via: bool


@dataclass
class Session:
    session_id: str
    seq: int = 0
    events: list[dict] = field(default_factory=list)
    valid: bool = True


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    """A response whose Content-Type is exactly application/json (discord.py compares the header verbatim)."""
    if status == 204 or body is None:
        return web.Response(status=204, headers=headers)
    return web.Response(status=status, body=json.dumps(body).encode(),
                        headers={"Content-Type": "application/json", **(headers or {})})


class FakeDiscord:
    """REST + gateway on 127.0.0.1 (random port). Tests add routes, inject faults and assert on `requests`.

    The server runs its own event loop in its own thread, like a remote Discord would: a client that blocks
    its loop cannot hold up the server, so timings measured here (heartbeats, probes) are honest.
    """

    def __init__(self, *, token: str = "fake-token", heartbeat_interval_ms: int = 41250) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.app_id = payloads.snowflake()
        self.bot_user = payloads.user(self.app_id, "whomet", bot=True)
        self.owner = payloads.user(None, "owner")
        self.guilds: list[dict] = []
        self.routes: list[tuple[str, str, re.Pattern, Handler]] = []
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.messages: dict[str, dict] = {}
        self.commands: dict[str | None, list[dict]] = {}
        self.interactions: dict[str, dict] = {}  # by token, as dispatched
        self.session: Session | None = None
        self.ws: web.WebSocketResponse | None = None
        self.identifies: list[dict] = []
        self.resumes: list[dict] = []
        self.heartbeats: list[float] = []  # monotonic time each heartbeat arrived
        self.probe_rtts: list[float] = []  # server-requested heartbeat (op 1) → client's heartbeat, seconds
        self._probe_sent: float | None = None
        self.connections = 0
        self.refuse_handshake: int | None = None  # answer websocket upgrades with this HTTP status instead
        self.refused = 0  # handshakes refused so far
        self.close_at_once: int | None = None  # accept the websocket, then close it with this code before HELLO
        self._replaying = False
        self._runner: web.AppRunner | None = None
        self.port = 0
        from tests.fake_discord.routes import install

        install(self)

    # ---- lifecycle -------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-discord", daemon=True)
        self._thread.start()
        await self._on_server(self._start())
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        await self._on_server(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _stop(self) -> None:
        if self.ws is not None and not self.ws.closed:
            await self.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()

    async def _on_server(self, coro) -> Any:
        """Run `coro` on the server's loop and wait for it from the caller's loop."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self._loop))

    # ---- REST --------------------------------------------------------------------------------------------------
    def route(self, method: str, template: str, handler: Handler) -> None:
        """Add (or replace) the handler for `method template`; templates use {name} placeholders."""
        pattern = re.compile("^" + re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$")
        self.routes = [r for r in self.routes if (r[0], r[1]) != (method, template)]
        self.routes.append((method, template, pattern, handler))

    def fail(self, method: str, route: str, status: int, *, times: int = 1, retry_after: float = 0.05,
             via: bool = True) -> None:
        """The next `times` requests to `method route` get `status` (429 carries retry_after and a Via header)."""
        self.faults.append(Fault(method, route, status, times, retry_after, via))

    def calls(self, method: str | None = None, route: str | None = None, ok: bool | None = None) -> list[Recorded]:
        return [r for r in self.requests if (method is None or r.method == method)
                and (route is None or r.route == route) and (ok is None or (200 <= r.status < 300) == ok)]

    async def wait_for(self, method: str, route: str, *, count: int = 1, ok: bool | None = True,
                       where: Callable[[Recorded], bool] | None = None, timeout: float = 5.0) -> list[Recorded]:
        """Wait until `count` matching requests were answered; return them."""
        def found() -> list[Recorded]:
            return [r for r in self.calls(method, route, ok) if r.status and (where is None or where(r))]
        await until(lambda: len(found()) >= count, timeout, f"{count} x {method} {route}")
        return found()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.path.rstrip("/") == "/gateway" and request.headers.get("Upgrade", "").lower() == "websocket":
            if self.refuse_handshake is not None:
                self.refused += 1
                return web.Response(status=self.refuse_handshake, text="handshake refused by the fake")
            return await self._gateway(request)
        path = request.path.removeprefix(API_PREFIX)
        body: Any = None
        files: list = []
        raw = await request.read()
        if raw and request.content_type == "multipart/form-data":
            from tests.fake_discord.uploads import parse_multipart

            body, files = parse_multipart(raw, request.headers["Content-Type"])
        elif raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        handler: Handler | None = None
        for method, template, pattern, route_handler in self.routes:
            m = pattern.match(path)
            if method == request.method and m:
                handler = route_handler
                rec = Recorded(request.method, path, template, m.groupdict(), dict(request.query), body,
                               dict(request.headers), time.monotonic())
                break
        else:
            rec = Recorded(request.method, path, "", {}, dict(request.query), body, dict(request.headers),
                           time.monotonic())
        rec.files = files
        self.requests.append(rec)
        fault = next((f for f in self.faults if f.remaining > 0 and f.method == rec.method
                      and f.route == rec.route), None)
        if fault is not None:
            fault.remaining -= 1
            rec.status = fault.status
            if fault.status == 429:
                headers = {"Retry-After": str(fault.retry_after), "X-RateLimit-Scope": "user"}
                if fault.via:
                    headers["Via"] = "1.1 google"
                return json_response(429, {"message": "You are being rate limited.", "retry_after":
                                           fault.retry_after, "global": False}, headers)
            return json_response(fault.status, {"message": f"injected {fault.status}", "code": 0})
        if handler is None:
            rec.status = 404
            return json_response(404, {"message": "404: Not Found", "code": 0})
        if not rec.route.startswith(("/webhooks/", "/interactions/")) and \
                request.headers.get("Authorization") != f"Bot {self.token}":
            rec.status = 401
            return json_response(401, {"message": "401: Unauthorized", "code": 0})
        rec.status, result = await handler(self, rec)
        return json_response(rec.status, result)

    # ---- gateway -----------------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1  # dispatches reach it only once it has identified or resumed, as on Discord
        if self.close_at_once is not None:
            await ws.close(code=self.close_at_once, message=b"fake close before HELLO")
            return ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            op = data.get("op")
            if op == 1:
                self.heartbeats.append(time.monotonic())
                if self._probe_sent is not None:
                    self.probe_rtts.append(time.monotonic() - self._probe_sent)
                    self._probe_sent = None
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(ws, data["d"])
            elif op == 6:
                await self._resume(ws, data["d"])
        if self.ws is ws:
            self.ws = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, d: dict) -> None:
        self.identifies.append(d)
        if d.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        self.session = Session(secrets.token_hex(16))
        self.ws = ws
        ready = {"v": 10, "user": self.bot_user, "guilds": [{"id": g["id"], "unavailable": True} for g in self.guilds],
                 "session_id": self.session.session_id, "resume_gateway_url": self.gateway_url,
                 "application": {"id": self.app_id, "flags": 0}, "private_channels": [], "relationships": []}
        if d.get("shard"):  # as Discord: a sharded IDENTIFY's READY says which shard it is
            ready["shard"] = d["shard"]
        await self._dispatch("READY", ready)
        for g in self.guilds:
            await self._dispatch("GUILD_CREATE", g)

    async def _resume(self, ws: web.WebSocketResponse, d: dict) -> None:
        self.resumes.append(d)
        s = self.session
        if s is None or not s.valid or d.get("session_id") != s.session_id or d.get("token") != self.token:
            await ws.send_str(json.dumps({"op": 9, "d": False}))
            return
        self.ws = ws
        self._replaying = True  # events dispatched meanwhile join the replay, in order, instead of going out twice
        try:
            i = 0
            while i < len(s.events):
                event, i = s.events[i], i + 1
                if event["s"] > (d.get("seq") or 0):
                    await ws.send_str(json.dumps(event))
        finally:
            self._replaying = False
        await self._dispatch("RESUMED", {})

    async def dispatch(self, event: str, data: dict) -> None:
        """Send a DISPATCH to the session; while disconnected it is kept and replayed on RESUME."""
        await self._on_server(self._dispatch(event, data))

    async def _dispatch(self, event: str, data: dict) -> None:
        assert self.session is not None, "no gateway session yet"
        self.session.seq += 1
        frame = {"op": 0, "t": event, "s": self.session.seq, "d": data}
        self.session.events.append(frame)
        if self.ws is not None and not self.ws.closed and not self._replaying:
            await self.ws.send_str(json.dumps(frame))

    async def close_gateway(self, code: int = 4000) -> None:
        """Drop the websocket with `code`; the session stays resumable."""
        await self._on_server(self._close_gateway(code))

    async def _close_gateway(self, code: int) -> None:
        ws, self.ws = self.ws, None
        if ws is not None:
            await ws.close(code=code, message=b"fake close")

    async def start_probing(self, every: float = 0.025) -> None:
        """From the server's own loop, ask the client for a heartbeat (op 1) every `every` s until stop_probing."""
        async def loop() -> None:
            while True:
                await self._probe()
                await asyncio.sleep(every)

        async def start() -> None:
            self._prober = asyncio.get_running_loop().create_task(loop())

        await self._on_server(start())

    async def stop_probing(self) -> None:
        async def stop() -> None:
            self._prober.cancel()

        await self._on_server(stop())

    async def _probe(self) -> None:
        """Ask for a heartbeat now; the client must answer from its event loop, timed in probe_rtts."""
        if self.ws is not None and not self.ws.closed and self._probe_sent is None:
            self._probe_sent = time.monotonic()
            await self.ws.send_str(json.dumps({"op": 1, "d": None}))

    async def invalidate_session(self) -> None:
        """Send op 9 (not resumable): the client must IDENTIFY again."""
        await self._on_server(self._invalidate_session())

    async def _invalidate_session(self) -> None:
        if self.session is not None:
            self.session.valid = False
        if self.ws is not None:
            await self.ws.send_str(json.dumps({"op": 9, "d": False}))

    def command(self, name: str) -> dict:
        """The registered command named `name` (a guild copy wins over a global one)."""
        for scope in sorted(self.commands, key=lambda s: s is None):
            for c in self.commands[scope]:
                if c["name"] == name:
                    return c
        raise KeyError(f"command {name!r} was never synced")


async def until(predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)
