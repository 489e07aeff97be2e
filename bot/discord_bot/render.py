"""Answer → Discord embeds within Discord's limits, with article text escaped so it can't format, link or ping."""

from __future__ import annotations

import re

import discord

from bot.records import Answer, Citation, Passage
from bot.text.invisible import for_display

DESCRIPTION_MAX = 4096
TITLE_MAX = 256
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
EMBED_TOTAL_MAX = 6000
CONTENT_MAX = 2000
EMBEDS_PER_MESSAGE = 10
COLOUR = discord.Colour(0x3B82F6)
ABSTAIN_COLOUR = discord.Colour(0x9CA3AF)

_MARKER = re.compile(r"\[(\d{1,3})\]")
_LINE_START = re.compile(r"(?m)^(\s*)([#>\-+*]|\d+\.)")


def escape(text: str, *, inline: bool = True) -> str:
    """Article text made inert: no markdown, links, mentions, bidi or zero-width tricks; one line when `inline`."""
    text = for_display(text)  # before the escaping below, which adds zero-width spaces of its own to break mentions
    if inline:
        text = " ".join(text.split())
    text = discord.utils.escape_markdown(text, as_needed=False)
    text = text.replace("](", "]\\(").replace("<", "<\u200b")  # masked links, <@id>/<#id>/<t:..> tags
    text = re.sub(r"@(everyone|here)", "@\u200b\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def escape_answer(text: str, citations: set[int] | None = None) -> str:
    """The answer with its own [n] markers kept as they are and everything else escaped.

    A marker that names no citation (`citations` given) is escaped like any other text, and no kept marker is
    ever followed by "(": article text cannot turn into a masked link or a citation that points nowhere.
    """
    out: list[str] = []
    pos = 0
    for m in _MARKER.finditer(text):
        out.append(escape(text[pos : m.start()], inline=False))
        if citations is not None and int(m.group(1)) not in citations:
            out.append(f"\\[{m.group(1)}\\]")
        else:
            out.append(m.group(0))
        pos = m.end()
        if text.startswith("(", pos):
            out.append("\\")  # a marker followed by "(" would make a masked link
    out.append(escape(text[pos:], inline=False))
    return "".join(out)


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters at a word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    cut = cut.rstrip()
    while cut.endswith("\\"):  # never leave half an escape sequence
        cut = cut[:-1]
    return cut + ellipsis


def citation_label(c: Citation) -> str:
    """The article title, or the first words of the quote when the article has none."""
    if c.title and c.title.strip():
        return c.title.strip()
    words = c.quote.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def citation_meta(c: Citation) -> str:
    return f"{c.date or 'undated'} · {c.source or 'unknown source'}"


def _field(c: Citation, quote_limit: int) -> tuple[str, str]:
    name = clip(f"[{c.n}] {escape(citation_label(c))}", FIELD_NAME_MAX)
    head = escape(citation_meta(c)) + "\n"
    quote = clip(escape(c.quote), max(20, min(quote_limit, FIELD_VALUE_MAX - len(head) - 2)))
    return name, f"{head}“{quote}”"


def answer_embed(answer: Answer) -> discord.Embed:
    """The short answer with [n] markers, then one field per numbered source, always within Discord's limits."""
    title = clip(escape(answer.question), TITLE_MAX)
    description = clip(escape_answer(answer.answer, {c.n for c in answer.citations}),
                       DESCRIPTION_MAX - 200 if answer.citations else DESCRIPTION_MAX)
    colour = ABSTAIN_COLOUR if answer.abstained else COLOUR
    citations = answer.citations[: FIELDS_MAX - 1]
    hidden = len(answer.citations) - len(citations)
    footer = "Press “Sources” for the full passages." if answer.citations else "No sources found."
    for quote_limit in (FIELD_VALUE_MAX, 400, 200, 100, 40):
        embed = discord.Embed(title=title, description=description, colour=colour)
        for c in citations:
            name, value = _field(c, quote_limit)
            embed.add_field(name=name, value=value, inline=False)
        if len(embed) + len(footer) + 40 <= EMBED_TOTAL_MAX:
            break
    while len(embed) + len(footer) + 40 > EMBED_TOTAL_MAX and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
        hidden += 1
    if len(embed) + len(footer) + 40 > EMBED_TOTAL_MAX:
        embed.description = clip(embed.description or "", max(100, EMBED_TOTAL_MAX - len(embed) // 2))
    if hidden:
        footer = f"{hidden} more source(s) under “Sources”. " + footer
    embed.set_footer(text=footer)
    return embed


def draft_embed(question: str, draft: str) -> discord.Embed:
    """A streamed answer so far (checked sentences only); its sources come with the final edit."""
    embed = discord.Embed(title=clip(escape(question), TITLE_MAX),
                          description=clip(escape_answer(draft) + " …", DESCRIPTION_MAX), colour=COLOUR)
    embed.set_footer(text="Writing… sources follow.")
    return embed


def _passage_for(c: Citation, passages: list[Passage]) -> str:
    """The retrieved passage the citation's quote comes from, else the quote itself."""
    same_doc = [p for p in passages if p.doc_id == c.doc_id]
    for p in same_doc:
        if c.quote and c.quote in p.text:
            return p.text
    return same_doc[0].text if same_doc else c.quote


def sources_embeds(answer: Answer) -> list[discord.Embed]:
    """One embed per citation with the full passage (the quoted sentence in bold), fitting one message."""
    citations = answer.citations[:EMBEDS_PER_MESSAGE]
    if not citations:
        return [discord.Embed(description="This answer has no sources.", colour=ABSTAIN_COLOUR)]
    budget = (EMBED_TOTAL_MAX - 100) // len(citations)
    embeds = []
    for c in citations:
        title = clip(f"[{c.n}] {escape(citation_label(c))}", min(TITLE_MAX, budget // 4))
        footer = clip(for_display(f"{citation_meta(c)} · {c.path}"), min(200, budget // 4))  # footers show plain
        room = max(50, min(DESCRIPTION_MAX, budget - len(title) - len(footer)))
        passage = " ".join(_passage_for(c, answer.passages).split())
        quote = " ".join(c.quote.split())
        if quote and quote in passage and len(escape(passage)) + 4 <= room:
            before, _, after = passage.partition(quote)
            text = f"{escape(before)}**{escape(quote)}**{escape(after)}"
        else:
            text = clip(escape(passage), room)
        embed = discord.Embed(title=title, description=text, colour=COLOUR)
        embed.set_footer(text=footer)
        embeds.append(embed)
    return embeds
