"""Separates article body from furniture: link lists, photo captions, read-also lines."""

from __future__ import annotations

import re

# A header that opens a trailing list of links to other stories.
_LINK_LIST_HEADER = re.compile(
    r"^\s*(related (coverage|stories|articles|news|content|links|reading)|read (also|more)|see also|"
    r"also read|more on this( story)?|recommended( for you)?|you may also like|further reading)\s*:?\s*$",
    re.IGNORECASE,
)
# A single "Read Also: <headline>" line inside the body.
_INLINE_LINK = re.compile(
    r"^\s*(read (also|more)|also read|see also|related|recommended|watch)\s*:\s*\S.{0,200}$", re.IGNORECASE
)
# Photo captions: "From left: ...", "Photo: ...", or a paragraph ending in a credit like "(Kyodo)".
_CAPTION_START = re.compile(
    r"^\s*(from (left|right)\s*:|photo( credit)?\s*:|pictured\s*:|file photo|image\s*:|\(?photo by)", re.IGNORECASE
)
_CREDIT_END = re.compile(r"[.!?]\s*\((?:[A-Z][\w&/.' -]{0,40})\)\s*$")


def is_caption(paragraph: str) -> bool:
    return bool(_CAPTION_START.match(paragraph) or _CREDIT_END.search(paragraph))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; a single newline inside one is kept as a space."""
    paras = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(p.split("\n")).strip() for p in paras if p.strip()]


def clean_body(text: str) -> tuple[str, list[str]]:
    """Return (body, removed): body paragraphs joined by blank lines, and the furniture taken out."""
    kept: list[str] = []
    removed: list[str] = []
    lines_mode = False
    for para in split_paragraphs(text):
        if lines_mode:
            # Inside a trailing link list: headlines have no sentence punctuation; a real paragraph ends it.
            if len(para.split()) > 40 and para.rstrip().endswith((".", '"', "”")):
                lines_mode = False
            else:
                removed.append(para)
                continue
        if _LINK_LIST_HEADER.match(para):
            lines_mode = True
            removed.append(para)
        elif _INLINE_LINK.match(para) or is_caption(para):
            removed.append(para)
        else:
            kept.append(para)
    return "\n\n".join(kept), removed
