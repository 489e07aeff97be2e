"""/meetings attaches the picture: a multipart upload whose embed image is attachment://meetings.png."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import threading

from bot.answer.picture import plan_picture
from bot.answer.timeline import render_timeline
from bot.plot import render
from tests.discord.discord_support import FakeEngine, all_allowed_mentions_none, embed_of
from tests.fake_discord.uploads import MAX_UPLOAD_BYTES
from tests.plot.plot_support import event, png_size

WEBHOOK = "/webhooks/{app_id}/{token}"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"
EVENTS = [event("1", ["Toshimitsu Motegi", "Antony Blinken"], "2021-03-16"),
          event("2", ["Nobuo Kishi", "Lloyd Austin"], "2021-03-16", "planned"),
          event("3", ["Antony Blinken", "Lloyd Austin"], None, "planned")]


class PictureEngine(FakeEngine):
    """Hand-made meetings, drawn by the real picture code; records the thread each drawing ran on."""

    def __init__(self, *, broken: bool = False) -> None:
        super().__init__()
        self.broken = broken
        self.drawn_on: list[str] = []
        self.asked: list[tuple] = []

    def meetings(self, person=None, since=None, until=None):
        self.asked.append(("meetings", person, since, until))
        return render_timeline(EVENTS, person, since, until)

    def meetings_picture(self, person=None, since=None, until=None):
        self.asked.append(("picture", person, since, until))
        self.drawn_on.append(threading.current_thread().name)
        if self.broken:
            raise RuntimeError("renderer exploded")
        events = render_timeline(EVENTS, person, since, until)
        plan = plan_picture(events, {}, person, since=since, until=until)
        return events, render(plan) if events else None


async def test_meetings_upload_the_picture_the_embed_shows(fake, world, runner):
    engine = PictureEngine()
    await runner.start(engine)
    await world.slash("meetings", world.alice)
    (sent,) = await fake.wait_for("POST", WEBHOOK)
    (upload,) = sent.files
    assert (upload.field, upload.filename) == ("files[0]", "meetings.png")
    width, height = png_size(upload.data)  # a PNG (discord.py sends it as application/octet-stream)
    assert max(width, height) <= 4096 and len(upload.data) <= MAX_UPLOAD_BYTES
    embed = embed_of(sent.json)
    assert embed["image"]["url"] == "attachment://meetings.png"
    assert [a["filename"] for a in sent.json["attachments"]] == ["meetings.png"]
    assert "3 meeting(s), 4 people" in sent.json["attachments"][0]["description"]  # alt text
    assert "**2021-03-16** — Toshimitsu Motegi, Antony Blinken [1]" in embed["description"]  # the table stays
    assert "Picture: 3 meeting(s)" in embed["footer"]["text"]
    stored = fake.messages[[m for m in fake.messages if fake.messages[m]["attachments"]][0]]
    assert stored["embeds"][0]["image"]["url"] == stored["attachments"][0]["url"]  # Discord resolved the reference
    assert engine.drawn_on and all(name.startswith("whomet-ask") for name in engine.drawn_on)
    assert all_allowed_mentions_none(fake) == []


async def test_person_and_dates_reach_the_engine_and_draw_the_ego_graph(fake, world, runner):
    engine = PictureEngine()
    await runner.start(engine)
    await world.slash("meetings", world.alice, person="Blinken", since="2021-03", until="2021-03-31")
    (sent,) = await fake.wait_for("POST", WEBHOOK)
    assert engine.asked == [("picture", "Blinken", "2021-03", "2021-03-31")]
    assert sent.files and "Meetings of Antony Blinken, 2021-03 to 2021-03-31" in sent.json["attachments"][0][
        "description"]
    assert "Lloyd Austin" not in embed_of(sent.json)["description"]  # the undated meeting is outside the dates


async def test_a_bad_date_is_one_private_sentence_and_asks_nothing(fake, world, runner):
    engine = PictureEngine()
    await runner.start(engine)
    await world.slash("meetings", world.alice, since="March 2021")
    (reply,) = await fake.wait_for("POST", CALLBACK)
    data = reply.json["data"]
    assert data["content"].startswith("I can't use that date: the since date") and data["flags"] & 64
    assert engine.asked == [] and fake.calls("POST", WEBHOOK) == []


async def test_a_failed_drawing_still_lists_the_meetings(fake, world, runner):
    engine = PictureEngine(broken=True)
    await runner.start(engine)
    await world.slash("meetings", world.alice, person="Kishi")
    (sent,) = await fake.wait_for("POST", WEBHOOK)
    assert sent.files == [] and "image" not in embed_of(sent.json)
    assert "Nobuo Kishi, Lloyd Austin" in embed_of(sent.json)["description"]
    assert [a[0] for a in engine.asked] == ["picture", "meetings"]


async def test_no_meetings_sends_no_file(fake, world, runner):
    await runner.start(PictureEngine())
    await world.slash("meetings", world.alice, person="Nobody Atall")
    (sent,) = await fake.wait_for("POST", WEBHOOK)
    assert sent.files == [] and embed_of(sent.json)["description"] == "No meetings found."


def test_picture_footer_and_alt_text_carry_no_bidi_or_zero_width_characters():
    from types import SimpleNamespace

    from bot.discord_bot.cogs.meetings import attach_picture, meetings_embed

    picture = SimpleNamespace(png=b"\x89PNG", title="Meetings of Ki\u200bshi\u202e",
                              caption="Top 30 of 31 meetings \u2066shown\u2069.")
    embed = meetings_embed([], "Kishi")
    upload = attach_picture(embed, picture)
    assert embed.footer.text.endswith("Picture: Top 30 of 31 meetings shown.")
    assert upload.description == "Meetings of Kishi. Top 30 of 31 meetings shown."
