"""Multipart message bodies (payload_json + files[n]) as Discord accepts them for attachments, and their limits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from tests.fake_discord import payloads

MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # an unboosted guild's limit; Discord answers 413 above it


@dataclass
class Upload:
    """One file part of a multipart request."""

    field: str  # "files[0]", ...
    filename: str
    content_type: str
    data: bytes


def parse_multipart(raw: bytes, content_type: str) -> tuple[Any, list[Upload]]:
    """The JSON of the `payload_json` part and the file parts."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    body: Any = None
    files: list[Upload] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if name == "payload_json":
            body = json.loads(data)
        elif part.get_filename():
            files.append(Upload(str(name), part.get_filename(), part.get_content_type(), data))
    return body, files


def upload_problem(body: dict, files: list[Upload]) -> tuple[int, dict] | None:
    """What Discord would refuse: a file over the limit, or attachments that name no uploaded file."""
    if any(len(f.data) > MAX_UPLOAD_BYTES for f in files):
        return 413, {"message": "Request entity too large", "code": 40005}
    fields = {f.field for f in files}
    if any(f"files[{a.get('id')}]" not in fields for a in body.get("attachments") or []):
        return 400, {"message": "Invalid Form Body", "code": 50035, "errors": ["attachment without a file"]}
    return None


def attachments(body: dict, files: list[Upload]) -> list[dict]:
    """Stored attachments; an embed image `attachment://name` now points at the uploaded file, as on Discord."""
    described = {f"files[{a.get('id')}]": a.get("description") for a in body.get("attachments") or []}
    stored = []
    for f in files:
        aid = payloads.snowflake()
        url = f"https://cdn.fake.invalid/attachments/{aid}/{f.filename}"
        stored.append({"id": aid, "filename": f.filename, "size": len(f.data), "content_type": f.content_type,
                       "url": url, "proxy_url": url, "description": described.get(f.field)})
    by_name = {a["filename"]: a["url"] for a in stored}
    for embed in body.get("embeds") or []:
        image = embed.get("image") or {}
        if str(image.get("url", "")).startswith("attachment://"):
            image["url"] = by_name.get(image["url"].removeprefix("attachment://"), image["url"])
    return stored
