"""The default REST behaviour of the fake Discord: login, app info, command sync, messages, interactions."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.fake_discord import payloads
from tests.fake_discord.uploads import attachments, upload_problem

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord, Recorded


async def me(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    return 200, fake.bot_user


async def application(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    return 200, payloads.app_info(fake.app_id, fake.owner)


async def gateway(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    return 200, {"url": fake.gateway_url, "shards": 1,
                 "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}


async def put_commands(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    guild_id = req.params.get("guild_id")
    registered = []
    for c in req.json or []:
        c = dict(c, id=payloads.snowflake(), application_id=fake.app_id, version=payloads.snowflake())
        c.setdefault("type", 1)
        c.setdefault("description", "")
        if guild_id:
            c["guild_id"] = guild_id
        registered.append(c)
    fake.commands[guild_id] = registered
    return 200, registered


async def get_commands(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    return 200, fake.commands.get(req.params.get("guild_id"), [])


def limit_problems(body: dict) -> list[str]:
    """What Discord would reject in a message body: the content, embed and component limits."""
    problems = []
    if len(body.get("content") or "") > 2000:
        problems.append("content > 2000")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for e in embeds:
        fields = e.get("fields") or []
        sizes = [len(e.get("title") or ""), len(e.get("description") or ""),
                 len((e.get("footer") or {}).get("text") or ""), len((e.get("author") or {}).get("name") or "")]
        sizes += [len(f.get("name") or "") + len(f.get("value") or "") for f in fields]
        total += sum(sizes)
        if sizes[0] > 256 or sizes[1] > 4096 or sizes[2] > 2048 or len(fields) > 25:
            problems.append("embed title/description/footer/field count over the limit")
        if any(len(f.get("name") or "") > 256 or len(f.get("value") or "") > 1024 or not f.get("value")
               or not f.get("name") for f in fields):
            problems.append("field name/value over the limit or empty")
    if total > 6000:
        problems.append(f"embeds total {total} > 6000")
    return problems


def _store(fake: FakeDiscord, channel_id: str, body: dict, **extra) -> dict:
    ref = (body.get("message_reference") or {}).get("message_id")
    msg = payloads.message(channel_id, fake.bot_user, body.get("content") or "", embeds=body.get("embeds") or [],
                           components=body.get("components") or [], reference=fake.messages.get(str(ref)),
                           guild_id=_guild_of(fake, channel_id), flags=body.get("flags") or 0, **extra)
    fake.messages[msg["id"]] = msg
    return msg


def _guild_of(fake: FakeDiscord, channel_id: str) -> str | None:
    for g in fake.guilds:
        if any(c["id"] == channel_id for c in [*g["channels"], *g["threads"]]):
            return g["id"]
    return None


def _invalid(body: dict) -> tuple[int, Any] | None:
    problems = limit_problems(body)
    return (400, {"message": "Invalid Form Body", "code": 50035, "errors": problems}) if problems else None


async def create_message(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    if bad := _invalid(req.json or {}):
        return bad
    return 200, _store(fake, req.params["channel_id"], req.json or {})


async def edit_message(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    msg = fake.messages.get(req.params["message_id"])
    if msg is None:
        return 404, {"message": "Unknown Message", "code": 10008}
    msg.update({k: v for k, v in (req.json or {}).items() if k in ("content", "embeds", "components", "flags")})
    return 200, msg


async def get_message(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    msg = fake.messages.get(req.params["message_id"])
    return (200, msg) if msg else (404, {"message": "Unknown Message", "code": 10008})


async def typing(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    return 204, None


def _interaction(fake: FakeDiscord, token: str) -> dict | None:
    return fake.interactions.get(token)


async def interaction_callback(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    inter = _interaction(fake, req.params["token"])
    if inter is None or inter["id"] != req.params["interaction_id"]:
        return 404, {"message": "Unknown interaction", "code": 10062}
    if inter.get("responded"):
        return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
    kind = (req.json or {}).get("type")
    data = (req.json or {}).get("data") or {}
    if bad := _invalid(data):
        return bad
    inter["responded"] = True
    msg = _store(fake, inter["channel_id"], data, webhook_id=fake.app_id)
    inter["original"] = msg["id"]
    resource: dict[str, Any] = {"type": kind}
    if kind == 4:
        resource["message"] = msg
    return 200, {"interaction": {"id": inter["id"], "type": inter["type"], "response_message_id": msg["id"],
                                 "response_message_loading": kind == 5,
                                 "response_message_ephemeral": bool((data.get("flags") or 0) & 64)},
                 "resource": resource}


async def webhook_send(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    inter = _interaction(fake, req.params["token"])
    if inter is None or req.params["app_id"] != fake.app_id:
        return 404, {"message": "Unknown Webhook", "code": 10015}
    if bad := _invalid(req.json or {}) or upload_problem(req.json or {}, req.files):
        return bad
    body = copy.deepcopy(req.json or {})  # the recorded request keeps what the bot sent
    stored = attachments(body, req.files)
    return 200, _store(fake, inter["channel_id"], body, webhook_id=fake.app_id, attachments=stored)


async def webhook_edit(fake: FakeDiscord, req: Recorded) -> tuple[int, Any]:
    inter = _interaction(fake, req.params["token"])
    if inter is None:
        return 404, {"message": "Unknown Webhook", "code": 10015}
    mid = inter.get("original") if req.params["message_id"] == "@original" else req.params["message_id"]
    req.params["message_id"] = str(mid)
    return await edit_message(fake, req)


def install(fake: FakeDiscord) -> None:
    for method, template, handler in [
        ("GET", "/users/@me", me),
        ("GET", "/oauth2/applications/@me", application),
        ("GET", "/gateway", gateway),
        ("GET", "/gateway/bot", gateway),
        ("PUT", "/applications/{app_id}/commands", put_commands),
        ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", put_commands),
        ("GET", "/applications/{app_id}/commands", get_commands),
        ("POST", "/channels/{channel_id}/messages", create_message),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}", edit_message),
        ("GET", "/channels/{channel_id}/messages/{message_id}", get_message),
        ("POST", "/channels/{channel_id}/typing", typing),
        ("POST", "/interactions/{interaction_id}/{token}/callback", interaction_callback),
        ("POST", "/webhooks/{app_id}/{token}", webhook_send),
        ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", webhook_edit),
        ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", get_message),
    ]:
        fake.route(method, template, handler)
