"""A fake OpenAI-compatible server: /v1/chat/completions, streamed (SSE) or not, with scripted replies and faults.

It runs its own event loop in its own thread, like a remote server: the (synchronous) `openai` client in the
test's thread blocks on it exactly as it would on Ollama or vLLM.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

INJECTION = re.compile(r"ignore (all |any )?(previous|prior|your) instructions", re.I)


@dataclass
class Reply:
    """What the fake answers to one request."""

    text: str = ""
    status: int = 200  # 429, 500, ...: an OpenAI-style error body with this status
    delay: float = 0.0  # seconds before anything is sent (a server slower than the client's timeout)
    chunk_delay: float = 0.0  # seconds between streamed pieces
    raw: bytes | None = None  # sent as the body as it is (malformed JSON or SSE)
    pieces: list[str] | None = None  # how `text` is streamed (default: word by word)


Script = Callable[[dict], Reply]


def injected(request: dict) -> bool:
    """True when some passage sent to the model tells it to ignore its instructions."""
    return any(INJECTION.search(m.get("content") or "") for m in request.get("messages", []) if m["role"] == "user")


def obey_injections(normal: str, obeyed: str) -> Script:
    """A gullible model: answers `normal`, but `obeyed` whenever a passage carries an injected instruction."""
    return lambda request: Reply(obeyed if injected(request) else normal)


class FakeOpenAI:
    """POST /v1/chat/completions on 127.0.0.1 (random port). Queue replies with `reply()`, or set `script` to
    compute them from the request; every request body is kept in `requests` (and its headers in `headers`)."""

    def __init__(self, model: str = "fake-model") -> None:
        self.model = model
        self.requests: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.queue: deque[Reply] = deque()
        self.script: Script = lambda request: Reply("The passages do not say [1].")
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reply(self, *replies: Reply | str) -> None:
        """Answer the next requests with these, in order, before falling back to `script`."""
        self.queue.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    # ---- life cycle -------------------------------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-openai", daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()
        self._loop = None

    async def _stop(self) -> None:
        await self._runner.cleanup()
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:  # a reply still sleeping (a timeout test) ends with the server
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---- the endpoint -----------------------------------------------------------------------------------------
    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        reply = self.queue.popleft() if self.queue else self.script(body)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.status != 200:
            error = {"error": {"message": f"fake error {reply.status}", "type": "server_error", "code": None}}
            return web.json_response(error, status=reply.status)
        if reply.raw is not None:
            kind = "text/event-stream" if body.get("stream") else "application/json"
            return web.Response(body=reply.raw, content_type=kind)
        if not body.get("stream"):
            return web.json_response(self._completion(reply.text))
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        pieces = reply.pieces if reply.pieces is not None else re.findall(r"\S+\s*|\s+", reply.text)
        await self._event(response, {"role": "assistant", "content": ""}, None)
        for piece in pieces:
            if reply.chunk_delay:
                await asyncio.sleep(reply.chunk_delay)
            await self._event(response, {"content": piece}, None)
        await self._event(response, {}, "stop")
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    def _completion(self, text: str) -> dict:
        return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": self.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

    async def _event(self, response: web.StreamResponse, delta: dict, finish: str | None) -> None:
        chunk = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                 "model": self.model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
