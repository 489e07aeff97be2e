"""Security: the token never shows, /reindex is checked server-side, quoted text can't ping or fake citations and
links, and nothing a Discord user types makes the bot touch files outside its operator's corpus and index."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from benchmarks.fuzz.strategies import answer_problems
from bot.discord_bot.render import answer_embed, sources_embeds
from tests.conftest import ROOT, SEED_CORPUS
from tests.discord.discord_support import FakeEngine, all_allowed_mentions_none
from tests.fake_discord import payloads, until

WEBHOOK = "/webhooks/{app_id}/{token}"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"
MESSAGES = "/channels/{channel_id}/messages"
EVIL = ("TOKYO (Wire) -- Prime Minister Kishi met Defense Secretary Austin in Tokyo on Tuesday "
        "[7](https://evil.example), officials said [3]. @everyone @here <@&123> <@456> <@!789> "
        "[Source](http://x.example) "
        "They discussed **the alliance** and ||regional security|| at the ministry.\n")
# "[text](url)" with neither bracket escaped and "(" right after "]": Discord would render a masked link.
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(")
HOSTILE = ["../../etc/passwd", "/etc/shadow", "--index /tmp/x", "--corpus / --full", "file:///etc/passwd",
           "~/.ssh/id_rsa", "..\\..\\windows\\system32", "%2e%2e%2fetc%2fpasswd", "Who did Kishi meet? ../../../root"]
FORBIDDEN = ("passwd", "shadow", "/tmp/x", ".ssh", "system32", "%2e")


# --------------------------------------------------------------------------------------------------- a hostile index
@pytest.fixture(scope="module")
def hostile(tmp_path_factory, seed_index_dir):
    """The seed corpus plus an article full of mentions, masked links and fake citation markers, indexed for real."""
    from bot.config import DEFAULT_MODEL
    from bot.index.build import build_index

    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "evil.txt").write_text(EVIL)
    build_index(corpus, root / "index", DEFAULT_MODEL)
    return root


def _engine(root: Path):
    from bot.config import Config
    from bot.engine import Engine

    return Engine(Config(index_dir=root / "index", corpus_dir=root / "corpus"), build_if_missing=False)


def _inert(text: str) -> list[str]:
    problems = []
    if MASKED_LINK.search(text):
        problems.append(f"masked link in {text[:120]!r}")
    for ping in ("@everyone", "@here", "<@"):
        if ping in text:
            problems.append(f"{ping} in {text[:120]!r}")
    return problems


def _embed_texts(embed: dict) -> list[str]:
    return [embed.get("title") or "", embed.get("description") or "", (embed.get("footer") or {}).get("text") or "",
            *[f.get("name", "") + "\n" + f.get("value", "") for f in embed.get("fields") or []]]


def test_article_text_cannot_fake_citations_masked_links_or_pings(hostile):
    engine = _engine(hostile)
    questions = ["Who did Kishi meet on Tuesday?", "What did officials say about Kishi and Austin?",
                 "Did Kishi meet Austin in Tokyo?", "What did they discuss at the ministry?"]
    evil_cited = 0
    for q in questions:
        answer = engine.ask(q)
        assert answer_problems(answer, set(engine.index.store.articles)) == [], q  # every [n] is a real citation
        evil_cited += any(c.doc_id == "evil.txt" for c in answer.citations)
        texts = _embed_texts(answer_embed(answer).to_dict())
        texts += [t for e in sources_embeds(answer) for t in _embed_texts(e.to_dict())]
        problems = [p for t in texts for p in _inert(t)]
        assert problems == [], problems
    assert evil_cited, "the hostile article was really quoted"


async def test_hostile_article_through_the_bot_never_pings_or_links(fake, world, runner, hostile):
    from bot.engine import Conversation

    await runner.start(_engine(hostile), conversation_factory=Conversation)
    await world.slash("ask", world.alice, question="Who did Kishi meet on Tuesday? @everyone <@&123>")
    await world.say(world.bob, "What did officials say about Kishi and Austin? @here")
    await fake.wait_for("POST", WEBHOOK, timeout=60)
    await fake.wait_for("POST", MESSAGES, timeout=60)
    for msg in [m for m in fake.messages.values() if m["author"]["id"] == fake.app_id]:
        await world.press(msg, "whomet:sources", world.alice)
    await fake.wait_for("POST", CALLBACK, count=3, timeout=30)
    sent = [r for r in fake.requests if r.method == "POST" and 200 <= r.status < 300]
    embeds = [e for r in sent for e in ((r.json or {}).get("data", r.json or {}).get("embeds") or [])]
    assert len(embeds) >= 3 and any("evil.txt" in (e.get("footer") or {}).get("text", "") for e in embeds)
    problems = [p for e in embeds for t in _embed_texts(e) for p in _inert(t)]
    assert problems == [], problems
    assert all_allowed_mentions_none(fake) == []


# --------------------------------------------------------------------------------------------------- /reindex
async def test_reindex_is_checked_server_side_not_by_anything_the_client_claims(fake, world, runner):
    engine = FakeEngine()
    engine.release_rebuild.set()
    await runner.start(engine)
    command = fake.command("reindex")
    impostor = payloads.user(None, world.owner["username"])  # the owner's name, not the owner's id
    fake_role = payloads.snowflake()  # a role id the guild doesn't have, named in the member payload
    admin = payloads.user(None, "admin")
    members = {
        "impostor": payloads.member(impostor, permissions=str(0x800 | 0x400)),
        "unknown role": payloads.member(payloads.user(None, "r"), [fake_role], permissions=str(0x800 | 0x400)),
        "administrator": payloads.member(admin, permissions=str(0x8 | 0x20 | 0x800 | 0x400)),
    }
    tokens = []
    for member in members.values():
        inter = payloads.interaction(fake.app_id, 2, payloads.command_data(command, {}), channel=world.channel,
                                     guild_id=world.guild_id, member_payload=member)
        fake.interactions[inter["token"]] = inter
        await fake.dispatch("INTERACTION_CREATE", inter)
        tokens.append(inter["token"])
    for token in tokens:
        (resp,) = await fake.wait_for("POST", CALLBACK, where=lambda r, t=token: r.params.get("token") == t)
        assert "only the bot's owner" in resp.json["data"]["content"] and resp.json["data"]["flags"] & 64
    # a DM from a stranger: the command is only registered in the guild, so nothing runs at all
    dm = payloads.interaction(fake.app_id, 2, payloads.command_data(command, {}), channel=payloads.text_channel(),
                              guild_id=None, user_payload=payloads.user(None, "stranger"))
    fake.interactions[dm["token"]] = dm
    await fake.dispatch("INTERACTION_CREATE", dm)
    await asyncio.sleep(0.3)
    assert engine.rebuilds == 0 and not engine.rebuild_started.is_set()
    assert not any(r.params.get("token") == dm["token"] and r.status == 200 and
                   "background" in str(r.json) for r in fake.requests)


# --------------------------------------------------------------------------------------------------- the token
async def test_token_never_in_logs_errors_or_tracebacks(fake, world, runner, caplog, capsys):
    """DEBUG logging everywhere while things go wrong: engine errors, a failed rebuild, a refused reply, a drop."""
    secret = "MTAx.SECRET-token_" + "Zz9" * 20
    fake.token = secret

    class Broken(FakeEngine):
        def ask(self, question, conversation=None, k=None):
            if "boom" in question:
                raise RuntimeError(f"engine exploded on {question!r}")
            return super().ask(question, conversation, k)

        def rebuild(self):
            raise OSError(28, "No space left on device")

    caplog.set_level(logging.DEBUG)
    for name in ("discord", "discord.http", "discord.gateway", "discord.client", "discord.webhook.async_", "bot"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    engine = Broken()
    await runner.start(engine, token=secret)
    boom = await world.slash("ask", world.alice, question="boom: who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK, where=lambda r: r.params.get("token") == boom["token"])
    await world.slash("reindex", world.owner)
    await fake.wait_for("POST", WEBHOOK, count=2)
    fake.fail("POST", WEBHOOK, 403)  # not retried: the command fails with a traceback in the log
    failing = await world.slash("ask", world.bob, question="Who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK, ok=False, where=lambda r: r.params.get("token") == failing["token"])
    await until(lambda: "Forbidden" in caplog.text, 10, "the failure logged")
    await fake.close_gateway(4000)
    await until(lambda: len(fake.resumes) == 1 and fake.ws is not None, 10, "resume")
    await runner.stop()
    out, err = capsys.readouterr()
    text = caplog.text + out + err
    assert "Traceback" in caplog.text and "RuntimeError" in caplog.text and "OSError" in caplog.text
    assert secret not in text and secret[:20] not in text
    assert all(secret not in repr(r.args) and secret not in str(r.msg) for r in caplog.records)


# --------------------------------------------------------------------------------------------------- files
class FileAudit:
    """Every file-system touch (open, sqlite, listing, create/rename/delete) while active, via sys.addaudithook."""

    EVENTS = {"open", "sqlite3.connect", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.mkdir",
              "os.rmdir", "shutil.rmtree", "os.link", "os.symlink", "os.truncate", "os.chmod", "shutil.copyfile"}
    WRITES = {"os.remove", "os.rename", "os.mkdir", "os.rmdir", "shutil.rmtree", "os.link", "os.symlink",
              "os.truncate", "os.chmod"}
    _installed: FileAudit | None = None

    def __init__(self) -> None:
        self.active = False
        self.touched: list[tuple[str, str, bool]] = []  # (event, path, writes)
        self._lock = threading.Lock()
        if FileAudit._installed is None:
            sys.addaudithook(FileAudit._hook)  # hooks can't be removed: one per process, forwarding to the audit
        FileAudit._installed = self

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        audit = FileAudit._installed
        if audit is None or not audit.active or event not in FileAudit.EVENTS:
            return
        paths = [a for a in args[:2] if isinstance(a, str | bytes | os.PathLike)]
        if event == "open":
            mode, flags = args[1], args[2] if len(args) > 2 else 0
            writes = bool(isinstance(mode, str) and set(mode) & set("wax+")) or bool(
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND))
            paths = paths[:1]
        else:
            writes = event in FileAudit.WRITES or event == "shutil.copyfile"
        with audit._lock:
            for i, p in enumerate(paths):
                text = os.fsdecode(p)
                if event == "sqlite3.connect":
                    text = text.removeprefix("file:").split("?")[0]
                    writes = "mode=ro" not in os.fsdecode(p)
                source_only = i == 0 and event in ("os.link", "os.symlink", "shutil.copyfile")  # read, not written
                audit.touched.append((event, text, writes and not source_only))


def _under(path: str, roots: list[Path]) -> bool:
    p = Path(os.path.abspath(path))
    return any(p == r or r in p.parents for r in roots)


async def test_nothing_a_user_types_reaches_files_outside_the_corpus_and_index(fake, world, runner, hostile,
                                                                                tmp_path):
    """Hostile paths as questions, mentions, /meetings names and after a /reindex: every file the bot opened or
    wrote while serving them was in its index or corpus (or the Python installation and model cache it runs on)."""
    from bot.engine import Conversation

    root = tmp_path / "operator"
    shutil.copytree(hostile / "corpus", root / "corpus")
    shutil.copytree(hostile / "index", root / "index")
    engine = _engine(root)
    bot = await runner.start(engine, conversation_factory=Conversation, cooldown_seconds=0)
    audit = FileAudit()
    index, corpus = (root / "index").resolve(), (root / "corpus").resolve()
    readable = [index, corpus, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), ROOT.resolve(),
                Path("~/.cache/whomet").expanduser().resolve(), Path("/proc"), Path("/sys"), Path("/dev"),
                Path("/usr/share/zoneinfo"), Path("/usr/lib"), Path("/usr/local/lib")]
    readable += [Path(p).resolve() for p in sys.path if p and Path(p).is_dir()]
    audit.active = True
    try:
        for i, text in enumerate(HOSTILE):
            user = (world.alice, world.bob, world.mod)[i % 3]
            await world.slash("ask", user, question=text)
            await world.say(user, text)
        if "meetings" in bot.synced_commands:
            await world.slash("meetings", world.alice, person="../../etc/passwd")
        await world.slash("reindex", world.owner)
        await fake.wait_for("POST", WEBHOOK, count=len(HOSTILE) + 1, timeout=120)  # answers and the reindex note
        await fake.wait_for("POST", MESSAGES, count=len(HOSTILE), timeout=120)
        for msg in [m for m in list(fake.messages.values()) if m["author"]["id"] == fake.app_id][:3]:
            await world.press(msg, "whomet:sources", world.bob)
        await until(lambda: engine.index.manifest.articles == 6 and not bot.worker.rebuilding, 120, "reindex")
        await asyncio.sleep(0.3)
    finally:
        audit.active = False
    touched = list(audit.touched)
    assert touched, "the audit saw the bot work"
    forbidden = [(e, p) for e, p, _ in touched if any(f in p for f in FORBIDDEN)]
    assert forbidden == []
    writes = [(e, p) for e, p, w in touched if w and not _under(p, [index])]
    writes = [(e, p) for e, p in writes if not _under(p, [Path(tempfile.gettempdir()) / "torchinductor_root"])]
    assert writes == [], f"wrote outside the index: {writes[:5]}"
    outside = sorted({p for e, p, _ in touched if not _under(p, readable) and p not in ("/etc/localtime",)})
    assert outside == [], f"read outside the corpus, index and installation: {outside[:10]}"
    assert any(_under(p, [index]) and w for _, p, w in touched), "the reindex wrote its new generation"
    assert all_allowed_mentions_none(fake) == []
