"""Streamed answers on Discord: drafts edit the reply at most once a second, the final edit carries the sources."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.discord_bot.drafts import DraftEditor
from tests.discord.discord_support import FakeEngine, all_allowed_mentions_none, embed_of
from tests.fake_openai import FakeOpenAI, Reply

WEBHOOK = "/webhooks/{app_id}/{token}"
EDIT_ORIGINAL = "/webhooks/{app_id}/{token}/messages/{message_id}"
MESSAGES = "/channels/{channel_id}/messages"
EDIT_MESSAGE = "/channels/{channel_id}/messages/{message_id}"
DRAFTS = ["Kishi met Austin. [1]", "Kishi met Austin. [1] They met in Tokyo. [1]",
          "Kishi met Austin. [1] They met in Tokyo. [1] They discussed the alliance. [1]"]


class StreamingEngine(FakeEngine):
    """A fake engine whose answers arrive as drafts first, pushed from the worker thread every `every` seconds."""

    streams = True

    def __init__(self, drafts: list[str], every: float = 0.3) -> None:
        super().__init__()
        self.drafts, self.every = drafts, every
        self.draft_threads: list[str] = []

    def ask(self, question, conversation=None, k=None, on_draft=None):
        for draft in self.drafts:
            time.sleep(self.every)  # the model writing
            self.draft_threads.append(threading.current_thread().name)
            on_draft(draft)
        time.sleep(self.every)
        return super().ask(question, conversation, k)


def gaps(requests) -> list[float]:
    return [b.at - a.at for a, b in zip(requests, requests[1:], strict=False)]


async def test_slash_ask_streams_drafts_into_the_deferred_reply_then_the_cited_answer(fake, world, runner):
    engine = StreamingEngine(DRAFTS * 2)  # six drafts in ~2 s: more than one a second
    await runner.start(engine)
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    await fake.wait_for("PATCH", EDIT_ORIGINAL, where=lambda r: bool(embed_of(r.json).get("fields")), timeout=10)
    edits = fake.calls("PATCH", EDIT_ORIGINAL)
    assert all(r.params["message_id"] != "" for r in edits) and not fake.calls("POST", WEBHOOK)
    drafts, final = edits[:-1], edits[-1]
    assert 1 <= len(drafts) < 6, "drafts faster than one a second are coalesced"
    assert all(g >= 0.95 for g in gaps(edits)), gaps(edits)
    assert all(not embed_of(r.json).get("fields") and "Writing" in embed_of(r.json)["footer"]["text"]
               for r in drafts)
    assert embed_of(drafts[0].json)["description"].startswith("Kishi met Austin. [1]")
    final_embed = embed_of(final.json)
    assert "Kishi met Austin [1]." in final_embed["description"] and final_embed["fields"]
    assert final.json["components"][0]["components"][0]["custom_id"] == "whomet:sources"
    assert set(engine.draft_threads) == {engine.calls[0][2]} and engine.calls[0][2].startswith("whomet-ask")
    assert all_allowed_mentions_none(fake) == []


async def test_a_mention_gets_a_reply_that_drafts_edit_and_the_answer_completes(fake, world, runner):
    await runner.start(StreamingEngine(DRAFTS, every=0.2))
    asked = await world.say(world.alice, "Who did Kishi meet?")
    (first,) = await fake.wait_for("POST", MESSAGES)
    assert first.json["message_reference"]["message_id"] == int(asked["id"])
    assert "Writing" in embed_of(first.json)["footer"]["text"]
    await fake.wait_for("PATCH", EDIT_MESSAGE, where=lambda r: bool(embed_of(r.json).get("fields")), timeout=10)
    edits = fake.calls("PATCH", EDIT_MESSAGE)
    assert len(fake.calls("POST", MESSAGES)) == 1, "one reply, edited"
    assert all(g >= 0.95 for g in gaps([first, *edits])), gaps([first, *edits])
    assert embed_of(edits[-1].json)["fields"] and edits[-1].json["components"]
    assert all_allowed_mentions_none(fake) == []


async def test_an_engine_that_does_not_stream_still_answers_with_one_follow_up(fake, world, runner):
    await runner.start(FakeEngine())
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK)
    assert not fake.calls("PATCH", EDIT_ORIGINAL)


async def test_draft_editor_keeps_the_newest_draft_and_the_pace():
    shown: list[tuple[float, str]] = []

    async def show(text: str) -> None:
        shown.append((time.monotonic(), text))

    editor = DraftEditor(asyncio.get_running_loop(), show, interval=0.2)
    pusher = threading.Thread(target=lambda: [editor.push(f"d{i}") or time.sleep(0.02) for i in range(20)])
    pusher.start()
    await asyncio.to_thread(pusher.join)
    await asyncio.sleep(0.05)
    finished_at_least = shown[-1][0] + 0.2
    assert await editor.finish() and time.monotonic() >= finished_at_least - 0.01
    texts = [t for _, t in shown]
    assert texts[0] == "d0" and len(texts) < 20 and texts == sorted(texts, key=lambda t: int(t[1:]))
    assert all(b - a >= 0.19 for (a, _), (b, _) in zip(shown, shown[1:], strict=False))
    editor.push("late")  # after finish: ignored
    await asyncio.sleep(0.05)
    assert texts[-1] != "late" and shown[-1][1] != "late"


@pytest.mark.slow
async def test_the_real_engine_streams_a_model_answer_through_the_bot(fake, world, runner, seed_index_dir):
    from bot.config import Config, GeneratorConfig
    from bot.engine import Conversation, Engine

    with FakeOpenAI() as model:
        model.script = lambda request: Reply(
            "Kishi said there is a necessity to strengthen the cooperation and defense capabilities [1]. "
            "Beijing extremely intensifies its presence in the East China and the South China seas [1]. "
            "Xi Jinping agreed in Moscow [1].", chunk_delay=0.08)
        cfg = Config(index_dir=seed_index_dir, generator=GeneratorConfig(kind="openai", base_url=model.base_url))
        engine = Engine(cfg, build_if_missing=False)
        await runner.start(engine, conversation_factory=Conversation)
        await world.slash("ask", world.alice, question="What did Kishi say about China?")
        (final,) = await fake.wait_for("PATCH", EDIT_ORIGINAL, where=lambda r: bool(embed_of(r.json).get("fields")),
                                       timeout=30)
    edits = fake.calls("PATCH", EDIT_ORIGINAL)
    assert len(edits) >= 2 and all(g >= 0.95 for g in gaps(edits))
    text = embed_of(final.json)["description"]
    assert text.startswith("Kishi said there is a necessity") and "Xi Jinping" not in text  # the model's words
    assert "Writing" in embed_of(edits[0].json)["footer"]["text"]
    assert not any("Xi Jinping" in embed_of(r.json)["description"] for r in edits)
    assert all_allowed_mentions_none(fake) == []
