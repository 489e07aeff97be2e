"""/meetings exists only when the engine offers meetings(); engine errors become a polite sentence."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

from dataclasses import dataclass, field

from tests.discord.discord_support import FakeEngine, all_allowed_mentions_none, embed_of

WEBHOOK = "/webhooks/{app_id}/{token}"
COMMANDS = "/applications/{app_id}/guilds/{guild_id}/commands"


@dataclass
class P:
    name: str


@dataclass
class Cite:
    field: str
    doc_id: str
    path: str
    quote: str


@dataclass
class Event:
    id: str
    participants: list[P]
    date_iso: str | None = None
    date_text: str | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    citations: list[Cite] = field(default_factory=list)


class MeetingsEngine(FakeEngine):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str | None] = []

    def meetings(self, person: str | None = None) -> list[Event]:
        self.asked.append(person)
        events = [Event("e1", [P("Kishi"), P("Austin")], "2021-03-16", None, "Tokyo", ["alliance"],
                        [Cite("participants", "d1", "corpus/000.txt", "Kishi met Austin @everyone.")]),
                  Event("e2", [P("Blinken"), P("Motegi")], None, "last week")]
        return [e for e in events if person is None or any(p.name == person for p in e.participants)]


async def test_no_meetings_command_without_engine_support(fake, world, runner):
    await runner.start(FakeEngine())
    names = {c["name"] for c in fake.calls("PUT", COMMANDS, ok=True)[0].json}
    assert names == {"ask", "reindex"}


async def test_meetings_lists_events_with_citations(fake, world, runner):
    engine = MeetingsEngine()
    await runner.start(engine)
    names = {c["name"] for c in fake.calls("PUT", COMMANDS, ok=True)[0].json}
    assert names == {"ask", "reindex", "meetings"}
    await world.slash("meetings", world.alice)
    (all_,) = await fake.wait_for("POST", WEBHOOK)
    embed = embed_of(all_.json)
    assert "**2021-03-16** — Kishi, Austin in Tokyo about alliance [1]" in embed["description"]
    assert "**last week** — Blinken, Motegi [2]" in embed["description"]
    assert embed["fields"][0]["name"] == "[1] corpus/000.txt" and "@\u200beveryone" in embed["fields"][0]["value"]
    await world.slash("meetings", world.alice, person="Kishi")
    second = (await fake.wait_for("POST", WEBHOOK, count=2))[1]
    assert embed_of(second.json)["title"] == "Meetings with Kishi" and "Blinken" not in second.json["embeds"][0][
        "description"]
    assert engine.asked == [None, "Kishi"] and all_allowed_mentions_none(fake) == []


async def test_engine_error_becomes_a_polite_sentence(fake, world, runner):
    from bot.engine import QuestionError

    class Failing(FakeEngine):
        def ask(self, question, conversation=None, k=None):
            if "boom" in question:
                raise RuntimeError("index exploded")
            raise QuestionError("the question is empty")

    await runner.start(Failing())
    await world.slash("ask", world.alice, question="boom")
    (r1,) = await fake.wait_for("POST", WEBHOOK)
    assert r1.json["content"].startswith("Sorry, I couldn't answer") and "exploded" not in r1.json["content"]
    await world.say(world.bob, "?")
    (r2,) = await fake.wait_for("POST", "/channels/{channel_id}/messages")
    assert r2.json["content"] == "I can't ask that: the question is empty."
