"""Index generations and their readers: rebuilds never pull an index from under a running reader, an unchanged
corpus publishes nothing, an empty corpus or a missing CURRENT pointer never replaces a good index."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.config import DEFAULT_MODEL, Config
from bot.engine import Engine
from bot.index import generations
from bot.index.build import build_index
from bot.index.generations import POINTER, current, listing
from bot.index.manifest import IndexUnusable
from bot.index.reader import Index
from tests.conftest import ROOT, SEED_CORPUS
from tests.discord.discord_support import embed_of
from tests.processes import reaped

WEBHOOK = "/webhooks/{app_id}/{token}"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(ROOT)}
NEW = {  # articles added one rebuild at a time, and a question each answers
    "ruto.txt": ("NAIROBI (Wire) -- Kenyan President William Ruto met Ghanaian President Nana Akufo-Addo in Nairobi "
                 "on Monday. They discussed trade and regional security, officials said.",
                 "Who did Ruto meet?", "Akufo-Addo"),
    "boric.txt": ("LIMA (Wire) -- Chilean President Gabriel Boric met Peruvian President Dina Boluarte in Lima on "
                  "Friday. They discussed fishing rights and border trade, officials said.",
                  "Who did Boric meet?", "Boluarte"),
    "scholz.txt": ("WARSAW (Wire) -- German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk in Warsaw "
                   "on Tuesday. They discussed energy security, officials said.",
                   "Who did Scholz meet?", "Tusk"),
}


def _whomet(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=ENV, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture()
def seed_copy(seed_index_dir, tmp_path) -> tuple[Path, Path]:
    """A private copy of the seed index and of its corpus (an incremental build over them embeds only what is new)."""
    index = tmp_path / "index"
    shutil.copytree(seed_index_dir, index, ignore=shutil.ignore_patterns(generations.LEASES))
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    return index, corpus


def _add(corpus: Path, name: str) -> None:
    (corpus / name).write_text(NEW[name][0] + "\n", encoding="utf-8")


def _fake_generations(index: Path, names: list[str]) -> list[Path]:
    """Generation folders (oldest first) that only pruning looks at."""
    index.mkdir(exist_ok=True)
    folders = []
    for age, name in enumerate(names):
        folder = index / name
        folder.mkdir()
        (folder / "manifest.json").write_text("{}")
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))
        folders.append(folder)
    return folders


def _second_generation(index: Path) -> Path:
    """A copy of the current generation, newer on disk (as a rebuild would leave two)."""
    newer = index / "gen-newer"
    shutil.copytree(current(index), newer)
    os.utime(newer, (time.time() + 10, time.time() + 10))
    return newer


# ------------------------------------------------------------------------------------ readers and pruning (fast)
def test_pruning_skips_a_generation_a_reader_holds_and_deletes_it_once_released(tmp_path):
    index = tmp_path / "index"
    old, prev, new = _fake_generations(index, ["gen-1", "gen-2", "gen-3"])
    generations.point(index, new.name)
    held = generations.lease(old)
    generations.prune(index, keep={new.name, prev.name})
    assert old.is_dir(), "a generation with a live reader was deleted"
    held.release()
    generations.prune(index, keep={new.name, prev.name})
    assert not old.exists() and prev.is_dir() and new.is_dir()
    assert not (index / generations.LEASES / old.name).exists()  # its lease file goes with it


def test_a_reader_of_a_generation_deleted_before_it_could_lease_it_is_told(tmp_path):
    index = tmp_path / "index"
    (gone,) = _fake_generations(index, ["gen-1"])
    shutil.rmtree(gone)
    with pytest.raises(FileNotFoundError):
        generations.lease(gone)


def test_a_build_after_a_damaged_pointer_deletes_no_older_generation(tmp_path):
    index = tmp_path / "index"
    folders = _fake_generations(index, ["gen-1", "gen-2", "gen-3"])
    (index / POINTER).write_text("gen-that-was-never-there\n")
    tmp = generations.new_temp(index)
    (tmp / "manifest.json").write_text("{}")
    published = generations.publish(index, tmp)
    assert current(index) == published
    assert all(f.is_dir() for f in folders), "generations the build did not create were pruned"


def test_no_pointer_beside_generations_is_refused_with_the_restore_command(tmp_path):
    index = tmp_path / "index"
    _fake_generations(index, ["gen-1", "gen-2"])
    with pytest.raises(IndexUnusable) as err:
        Index.open(index)
    msg = str(err.value)
    assert "no index pointer" in msg and "gen-2" in msg and f"echo gen-2 > {index / POINTER}" in msg
    assert "whomet index restore" in msg and "\n" not in msg
    with pytest.raises(IndexUnusable, match="no index pointer"):
        Engine(Config(index_dir=index, corpus_dir=SEED_CORPUS))  # builds nothing from the corpus
    assert sorted(p.name for p in index.iterdir() if not p.name.startswith(".")) == ["gen-1", "gen-2"]


# ------------------------------------------------------------------------------------ the real index
def test_engine_closes_the_generation_it_left_only_after_the_last_question_on_it(seed_copy):
    index, corpus = seed_copy
    engine = Engine(Config(index_dir=index, corpus_dir=corpus), build_if_missing=False)
    first = engine.index
    _, held = engine._hold()  # a question is running on the first generation
    copy = _second_generation(index)
    generations.point(index, copy.name)
    engine.refresh()
    assert engine.index.folder == copy
    assert held.store.count() > 0  # the running question can still read its index
    generations.prune(index, keep={copy.name})
    assert first.folder.is_dir(), "pruned under a running question"
    engine._let_go(held)
    generations.prune(index, keep={copy.name})
    assert not first.folder.exists()
    assert "Austin" in engine.ask("Who did Kishi meet?").answer
    engine.close()


def test_a_reader_whose_generation_is_deleted_before_its_lease_follows_current(seed_copy, monkeypatch):
    index, _ = seed_copy
    newer = _second_generation(index)
    real_lease = generations.lease

    def lease_after_a_build(folder: Path) -> generations.Lease:
        if folder != newer:  # a build published `newer` and deleted this one just before the lease was taken
            generations.point(index, newer.name)
            raise FileNotFoundError(folder)
        return real_lease(folder)

    monkeypatch.setattr(generations, "lease", lease_after_a_build)
    reader = Index.open(index)
    assert reader.folder == newer and reader.store.count() > 0
    reader.close()


@pytest.mark.slow
def test_open_readers_survive_rebuilds_and_the_engine_switches_to_new_content(seed_copy):
    index, corpus = seed_copy
    engine = Engine(Config(index_dir=index, corpus_dir=corpus), build_if_missing=False)
    reader = Index.open(index)  # a second reader that never reloads
    first = reader.folder
    assert "Austin" in engine.ask("Who did Kishi meet?").answer
    for name in ("ruto.txt", "boric.txt"):  # two rebuilds with changes: KEEP=2 used to delete `first` here
        _add(corpus, name)
        assert build_index(corpus, index, DEFAULT_MODEL).folder == current(index) != first
    assert first.is_dir()
    assert reader.embeddings_rows([0]).shape == (1, reader.manifest.dim) and reader.store.chunks([0])
    for name, (_, question, expected) in list(NEW.items())[:2]:
        assert expected in engine.ask(question).answer, name  # switched without a restart
    assert engine.index.folder == current(index)
    _add(corpus, "scholz.txt")
    build_index(corpus, index, DEFAULT_MODEL)
    assert first.is_dir()  # `reader` still holds it
    assert "Tusk" in engine.ask("Who did Scholz meet?").answer
    reader.close()
    (corpus / "boric.txt").unlink()
    build_index(corpus, index, DEFAULT_MODEL)
    assert not first.exists()  # released: the next build deleted it
    assert len(listing(index)) == 2
    engine.close()


@pytest.mark.slow
def test_an_unchanged_corpus_publishes_nothing_unless_full_or_code_or_damage(seed_copy, monkeypatch):
    index, corpus = seed_copy
    before = current(index)
    report = build_index(corpus, index, DEFAULT_MODEL)
    assert current(index) == before and listing(index) == [before], "an unchanged rebuild published a generation"
    assert report.up_to_date and report.folder == before and report.embedded == 0
    out = _whomet("index", "build", "--corpus", str(corpus), "--index", str(index), cwd=corpus.parent)
    assert out.returncode == 0 and "up to date" in out.stdout and current(index) == before, out.stderr
    full = build_index(corpus, index, DEFAULT_MODEL, full=True)
    assert not full.up_to_date and current(index) == full.folder != before
    versions = generations.build_versions()
    monkeypatch.setattr(generations, "build_versions", lambda: {**versions, "whomet_code": "changed"})
    changed = build_index(corpus, index, DEFAULT_MODEL)
    assert not changed.up_to_date and current(index) == changed.folder != full.folder
    store = changed.folder / "store.sqlite"
    data = store.read_bytes()
    store.unlink()
    store.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))  # a damaged current index is rebuilt, not kept
    repaired = build_index(corpus, index, DEFAULT_MODEL)
    assert not repaired.up_to_date and current(index) == repaired.folder
    Index.open(index).close()


@pytest.mark.slow
def test_chat_over_a_pipe_survives_rebuilds_between_questions(seed_copy):
    index, corpus = seed_copy
    proc = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--index", str(index)], cwd=corpus.parent,
                            env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks: queue.Queue[bytes] = queue.Queue()
    reader = threading.Thread(target=lambda: [chunks.put(b) for b in iter(lambda: os.read(proc.stdout.fileno(),
                                                                                           65536), b"")])
    reader.start()
    seen = b""

    def until_prompt(n: int) -> str:
        nonlocal seen
        deadline = time.monotonic() + 120
        while seen.count(b"you>") < n and time.monotonic() < deadline:
            try:
                seen += chunks.get(timeout=1)
            except queue.Empty:
                assert proc.poll() is None, proc.stderr.read().decode()
        assert seen.count(b"you>") >= n, seen.decode()
        return seen.decode()

    try:
        with reaped(proc):
            until_prompt(1)
            proc.stdin.write(b"Who did Kishi meet?\n")
            proc.stdin.flush()
            assert "Austin" in until_prompt(2)
            for name in ("ruto.txt", "boric.txt", "scholz.txt"):
                _add(corpus, name)
                build_index(corpus, index, DEFAULT_MODEL)
            proc.stdin.write(b"Who did Ruto meet?\n")
            proc.stdin.close()
            proc.wait(120)
    finally:
        reader.join(30)
    while not chunks.empty():
        seen += chunks.get()
    err = proc.stderr.read().decode()
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "Akufo-Addo" in seen.decode().split("you>")[2], seen.decode()


@pytest.mark.slow
async def test_bot_follows_a_rebuild_without_reindex_or_restart(fake, world, runner, seed_copy):  # noqa: F811
    from bot.engine import Conversation

    index, corpus = seed_copy
    engine = Engine(Config(index_dir=index, corpus_dir=corpus), build_if_missing=False)
    await runner.start(engine, conversation_factory=Conversation)
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (first,) = await fake.wait_for("POST", WEBHOOK, timeout=60)
    assert "Austin" in embed_of(first.json)["description"]
    for name in ("ruto.txt", "boric.txt"):  # `whomet index build` run beside the bot, no /reindex
        _add(corpus, name)
        await asyncio.to_thread(build_index, corpus, index, DEFAULT_MODEL)
    await world.slash("ask", world.alice, question="Who did Ruto meet?")
    (_, second) = await fake.wait_for("POST", WEBHOOK, count=2, timeout=60)
    assert "Akufo-Addo" in embed_of(second.json)["description"]
    assert engine.index.folder == current(index)


# ------------------------------------------------------------------------------------ empty corpus
def test_an_article_less_corpus_never_replaces_a_good_index(seed_copy, tmp_path):
    index, _ = seed_copy
    before = current(index)
    odd = tmp_path / "pdfs"
    odd.mkdir()
    for name in ("a.pdf", "b.docx", "c.pdf"):
        (odd / name).write_bytes(b"%PDF-1.4 binary")
    (odd / "empty.txt").write_bytes(b"")
    out = _whomet("index", "build", "--corpus", str(odd), "--index", str(index), cwd=tmp_path)
    assert out.returncode == 2, out.stdout + out.stderr
    line = out.stderr.strip().splitlines()[-1]
    assert "no articles found in" in line and "3 files of unsupported types (a.pdf, b.docx, c.pdf)" in line, line
    assert "empty.txt: empty file" in line and ".txt" in line and "--allow-empty" in line and "unchanged" in line
    assert "Traceback" not in out.stderr
    assert current(index) == before and Index.open(index).manifest.articles == 5
    allowed = _whomet("index", "build", "--corpus", str(odd), "--index", str(index), "--allow-empty", "--json",
                      cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["articles"] == 0 and current(index) != before


def test_a_first_build_of_an_empty_corpus_says_so(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / ".hidden.txt").write_text("not read\n")
    out = _whomet("index", "build", "--index", str(tmp_path / "index"), cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "no articles found in corpus: it holds no files" in out.stderr and "no index was built" in out.stderr
    assert current(tmp_path / "index") is None
    asked = _whomet("ask", "Who met?", "--index", str(tmp_path / "index"), cwd=tmp_path)  # first use builds
    assert asked.returncode == 2 and "no articles found" in asked.stderr and "Traceback" not in asked.stderr


# ------------------------------------------------------------------------------------ CURRENT deleted
def test_a_deleted_pointer_is_reported_with_a_working_restore_command(seed_copy):
    index, corpus = seed_copy
    _second_generation(index)
    gens = listing(index)
    (index / POINTER).unlink()
    for args in (["ask", "Who did Kishi meet?"], ["meetings"], ["index", "build"], ["index", "stats"]):
        out = _whomet(*args, "--index", str(index), cwd=corpus.parent)  # ./corpus is there to build from
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert "no index pointer" in out.stderr and gens[0].name in out.stderr and "Traceback" not in out.stderr
        assert listing(index) == gens and not (index / POINTER).exists(), f"{args} built or pruned"
    command = re.search(r"`(echo [^`]+)`", out.stderr).group(1)
    subprocess.run(command, shell=True, check=True)
    assert current(index) == gens[0]
    assert "Austin" in Engine(Config(index_dir=index, corpus_dir=corpus)).ask("Who did Kishi meet?").answer


def test_index_restore_points_at_the_newest_intact_generation(seed_copy):
    index, corpus = seed_copy
    _second_generation(index)
    newest, older = listing(index)
    (index / POINTER).unlink()
    (newest / "store.sqlite").write_bytes(b"damaged")
    out = _whomet("index", "restore", "--index", str(index), cwd=corpus.parent)
    assert out.returncode == 0 and older.name in out.stdout, out.stderr
    assert current(index) == older
    Index.open(index).close()
    out = _whomet("index", "restore", newest.name, "--index", str(index), cwd=corpus.parent)
    assert out.returncode == 2 and "intact" in out.stderr and current(index) == older
    out = _whomet("index", "restore", "../etc", "--index", str(index), cwd=corpus.parent)
    assert out.returncode == 2 and "no generation" in out.stderr and current(index) == older
