"""Qdrant (qdrant-client local mode) as the second VectorIndex: the contract, builds, the alias, errors, secrets."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("qdrant_client")  # the `qdrant` extra; the `test` extra installs it

from bot.config import DEFAULT_MODEL, Config, QdrantSettings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.index import generations, qdrant, sparse_bm25, vectors  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.reader import Index  # noqa: E402
from bot.index.store import Store  # noqa: E402
from tests.conftest import ROOT, SEED_CORPUS  # noqa: E402
from tests.hash_embedder import HashEmbedder  # noqa: E402
from tests.index.qdrant_support import release_clients, unit_vectors  # noqa: E402, F401

SECRET = "s3cr3t-qdrant-key-0xC0FFEE"




def _faiss(data, tmp_path):
    return vectors.FaissIndex.build(data, "flat"), lambda ix, path: vectors.FaissIndex.load(path, "flat")


def _qdrant(data, tmp_path):
    client = qdrant.connect(QdrantSettings(path=tmp_path / "q"))
    return qdrant.QdrantIndex.create(client, "contract", data), lambda ix, path: qdrant.QdrantIndex.load(path, client)


@pytest.mark.parametrize("make", [_faiss, _qdrant], ids=["faiss", "qdrant"])
def test_vector_index_contract(make, tmp_path):
    """Both backends: search best first, add appends rows, remove renumbers later rows down, save/load keep it."""
    data = unit_vectors(400, 32, 1)
    index: vectors.VectorIndex
    index, load = make(data[:300], tmp_path)
    assert (index.size, index.dim) == (300, 32)
    index.add(data[300:])
    assert index.size == 400
    rows, scores = index.search(data[350], 3)
    assert rows[0] == 350 and scores[0] == pytest.approx(1.0, abs=1e-5) and np.all(np.diff(scores) <= 0)
    exact = data @ data[7]
    assert index.search(data[7], 5)[0].tolist() == np.argsort(-exact, kind="stable")[:5].tolist()
    index.remove(np.array([0, 350]))
    assert index.size == 398
    assert index.search(data[351], 1)[0][0] == 349  # later rows moved down, as the chunk store's rows do
    assert index.search(data[350], 1)[1][0] < 0.9  # the removed vector is gone
    index.save(tmp_path / "v")
    again = load(index, tmp_path / "v")
    assert again.size == 398 and again.dim == 32 and again.search(data[5], 1)[0][0] == 4
    assert index.search(data[5], 0)[0].size == 0


def test_qdrant_equal_scores_come_in_faiss_flat_order(tmp_path):
    """Chunks with one text share one vector: ties rank as FAISS's flat index ranks them (later row first)."""
    data = unit_vectors(300, 8, 2)
    data[[10, 11, 12, 13, 200]] = data[40]
    ix = qdrant.QdrantIndex.create(qdrant.connect(QdrantSettings(path=tmp_path / "q")), "ties", data)
    faiss_flat = vectors.FaissIndex.build(data, "flat")
    for query in (data[40], data[40] + data[7], data[12] - data[3]):
        assert ix.search(query, 9)[0].tolist() == faiss_flat.search(query, 9)[0].tolist()
    assert ix.search(data[40], 6)[0].tolist() == [200, 40, 13, 12, 11, 10]


def test_qdrant_local_folder_survives_a_new_client(tmp_path):
    settings = QdrantSettings(path=tmp_path / "q")
    qdrant.QdrantIndex.create(qdrant.connect(settings), "kept", unit_vectors(10, 4, 3)).save(tmp_path / "ref.json")
    qdrant.close_clients(keep=frozenset(qdrant._clients) - {str((tmp_path / "q").resolve())})
    again = qdrant.QdrantIndex.load(tmp_path / "ref.json", qdrant.connect(settings))
    assert again.size == 10 and again.dim == 4


def _write_corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text)
    return folder


ARTICLES = {f"{i}.txt": f"Trade minister number {i} met her counterpart in Geneva to discuss tariffs on steel {i}.\n"
            for i in range(4)}


def _hash_build(corpus: Path, index: Path, settings: QdrantSettings, **kw):
    return build_index(corpus, index, DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder, qdrant=settings, **kw)


def test_build_writes_a_collection_per_generation_behind_the_alias(tmp_path):
    settings = QdrantSettings(path=tmp_path / "q", collection="news")
    corpus = _write_corpus(tmp_path / "corpus", ARTICLES)
    first = _hash_build(corpus, tmp_path / "ix", settings)
    client = qdrant.connect(settings)
    assert first.vector_index == "qdrant" and not (first.folder / "vectors.faiss").exists()
    assert qdrant.alias_target(client, "news") == f"news-{first.folder.name}"
    ix = Index.open(tmp_path / "ix", qdrant=settings)
    assert isinstance(ix.dense, qdrant.QdrantIndex) and ix.dense.size == ix.manifest.chunks == first.chunks
    row = int(ix.dense.search(ix.embeddings_rows([0])[0], 1)[0][0])
    assert row == 0
    point = client.qdrant.retrieve(ix.dense.collection, [0], with_payload=True)[0]
    built = Store(first.folder / "store.sqlite")  # the builder's own copy
    chunk = built.all_chunks()[0]
    article = built.articles[chunk.doc_id]
    built.close()
    assert point.payload == {"doc_id": chunk.doc_id, "title": article.title, "date": article.date, "text": chunk.text,
                             "chunk_id": chunk.chunk_id, "ordinal": chunk.ordinal, "start": chunk.start,
                             "end": chunk.end, "sentences": [list(s) for s in chunk.sentences],
                             "content_hash": chunk.content_hash,
                             "terms": sorted(set(sparse_bm25.text_terms(chunk.text))),
                             **({"day": date.fromisoformat(article.date).toordinal()} if article.date else {})}
    assert ix.store.chunks([0]) == {0: chunk} and ix.store.articles == {a: built.articles[a] for a in built.articles}
    ix.close()
    for n in range(2):  # three generations: only the newest and the one it replaced keep their collections
        (corpus / f"new{n}.txt").write_text(f"Envoy {n} met the finance minister in Rome about bonds.\n")
        last = _hash_build(corpus, tmp_path / "ix", settings)
        assert last.reused == first.chunks + n and last.embedded == 1  # reuse by content hash, as locally
    kept = {c.name for c in client.qdrant.get_collections().collections}
    assert kept == {f"news-{p.name}{m}" for p in generations.listing(tmp_path / "ix") for m in ("", "-meta")}
    assert len(kept) == 4
    assert qdrant.alias_target(client, "news") == f"news-{last.folder.name}"
    stray = qdrant.QdrantIndex.create(client, "stray", unit_vectors(2, 384, 5)).collection
    qdrant.switch_alias(client, "news", stray)  # a build stopped after publishing, before switching the alias
    assert _hash_build(corpus, tmp_path / "ix", settings).up_to_date
    assert qdrant.alias_target(client, "news") == f"news-{last.folder.name}"  # the next build repairs it
    client.qdrant.delete_collection(f"news-{last.folder.name}")  # a wiped server: the build must not say up to date
    again = _hash_build(corpus, tmp_path / "ix", settings)
    assert not again.up_to_date and Index.open(tmp_path / "ix", qdrant=settings).dense.size == again.chunks


def test_failed_or_killed_build_leaves_the_old_alias_serving(tmp_path, monkeypatch):
    settings = QdrantSettings(path=tmp_path / "q")
    corpus = _write_corpus(tmp_path / "corpus", ARTICLES)
    good = _hash_build(corpus, tmp_path / "ix", settings)
    client = qdrant.connect(settings)
    serving = f"whomet-{good.folder.name}"
    (corpus / "late.txt").write_text("A late article about a summit in Oslo on fisheries.\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(generations, "publish", fail)  # after the new collection is written, before the switch
    with pytest.raises(OSError):
        _hash_build(corpus, tmp_path / "ix", settings)
    monkeypatch.undo()
    assert qdrant.alias_target(client, "whomet") == serving
    names = {c.name for c in client.qdrant.get_collections().collections}
    assert names == {serving, f"{serving}-meta"}  # the failed one dropped
    ix = Index.open(tmp_path / "ix", qdrant=settings)
    assert ix.folder == good.folder and ix.dense.size == good.chunks
    ix.close()
    orphan = f"whomet-{generations.new_name()}"  # a killed build's collection: nothing dropped it
    qdrant.QdrantIndex.create(client, orphan, unit_vectors(3, 384, 4))
    assert qdrant.alias_target(client, "whomet") == serving
    after = _hash_build(corpus, tmp_path / "ix", settings)
    names = {c.name for c in client.qdrant.get_collections().collections}
    assert orphan not in names
    assert names == {f"whomet-{g}{m}" for g in (good.folder.name, after.folder.name) for m in ("", "-meta")}


def test_two_engines_on_one_local_path_see_a_rebuild_after_reload(tmp_path):
    """In one process both engines share the path's one client; another process is refused in one sentence."""
    settings = QdrantSettings(path=tmp_path / "q")
    corpus = _write_corpus(tmp_path / "corpus", ARTICLES)
    _hash_build(corpus, tmp_path / "ix", settings)
    cfg = Config(index_dir=tmp_path / "ix", corpus_dir=corpus, qdrant=settings)
    (tmp_path / "bot").mkdir()  # the second bot instance has no generation folder, no corpus: only Qdrant
    bare = Config(index_dir=tmp_path / "bot", corpus_dir=tmp_path / "no-corpus", qdrant=settings)
    first, second = Engine(cfg, build_if_missing=False), Engine(bare, build_if_missing=False)
    assert second.ask("Who met in Geneva?").passages
    (corpus / "late.txt").write_text("A late article about a summit in Oslo on fisheries.\n")
    report = _hash_build(corpus, tmp_path / "ix", settings)
    for engine in (first, second):
        engine.reload()
        assert engine.index.folder.name == report.folder.name and engine.index.dense.size == report.chunks
        hits = engine.index.dense.search(engine.index.embeddings_rows([report.chunks - 1])[0], 1)[0]
        assert hits.tolist() == [report.chunks - 1]
    assert "late.txt" in second.index.store.articles
    assert any(p.doc_id == "late.txt" for p in second.ask("Who met in Oslo about fisheries?").passages)
    assert list((tmp_path / "bot").iterdir()) == [] and not (tmp_path / "no-corpus").exists()
    config = tmp_path / "whomet.toml"
    config.write_text('[index]\ndir = "ix"\ncorpus = "corpus"\nbackend = "qdrant"\n[qdrant]\npath = "q"\n')
    run = _cli(["ask", "Who met in Oslo?"], config)  # another process, while this one holds the folder
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "in use by another process" in run.stderr


def _cli(args: list[str], config: Path, env_key: str | None = None):
    import os

    env = dict(os.environ)
    if env_key is not None:
        env["QDRANT_API_KEY"] = env_key
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.parametrize("args", [["index", "build"], ["-v", "index", "build"], ["ask", "Who met?"]],
                         ids=["build", "build-verbose", "ask"])
def test_unreachable_qdrant_is_one_sentence_exit_2_and_never_shows_the_key(args, tmp_path):
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    config = tmp_path / "whomet.toml"
    config.write_text('[index]\ndir = "ix"\ncorpus = "corpus"\nbackend = "qdrant"\n'
                      '[qdrant]\nurl = "http://127.0.0.1:9"\n')  # the discard port: nothing listens
    run = _cli(args, config, SECRET)
    assert run.returncode == 2, run.stderr
    assert SECRET not in run.stderr + run.stdout
    lines = run.stderr.strip().splitlines()
    if "-v" not in args:  # the failure, after the one warning that the key would travel over plain http
        assert lines == ["WARNING the Qdrant API key goes to http://127.0.0.1:9 unencrypted; use an https:// url",
                         lines[-1]], run.stderr
    doing = "reading alias whomet" if args[0] == "ask" else "connecting"  # a bot first asks which generation
    assert lines[-1].startswith(f"Error: Qdrant at http://127.0.0.1:9 is unreachable while {doing}"), lines[-1]


def test_refused_api_key_is_named_and_never_logged(tmp_path, caplog):
    """A server answering 401: the sentence says the key was refused; the key is in no log record at DEBUG."""
    import http.server
    import threading

    seen: list[str] = []

    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            seen.append(self.headers.get("api-key", ""))
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"status": {"error": "Invalid api-key"}}')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        settings = QdrantSettings(url=f"http://127.0.0.1:{server.server_port}", api_key_env="WHOMET_TEST_QKEY")
        with pytest.MonkeyPatch.context() as mp, caplog.at_level(logging.DEBUG):
            mp.setenv("WHOMET_TEST_QKEY", SECRET)
            client = qdrant.connect(settings)
            with pytest.raises(qdrant.QdrantUnavailable, match="the API key was refused") as err:
                qdrant.QdrantIndex.open(client, "whomet-gen-x")
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    assert seen == [SECRET]  # it was sent, to the server only
    assert SECRET not in str(err.value) and SECRET not in caplog.text


def test_index_built_for_one_backend_is_refused_by_the_other_in_one_sentence(tmp_path):
    from bot.index.manifest import IndexUnusable

    corpus = _write_corpus(tmp_path / "corpus", ARTICLES)
    build_index(corpus, tmp_path / "local", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder)
    settings = QdrantSettings(path=tmp_path / "q")
    with pytest.raises(IndexUnusable, match="has no alias whomet; build the index"):  # Qdrant alone is read
        Index.open(tmp_path / "local", qdrant=settings)
    _hash_build(corpus, tmp_path / "remote", settings)
    with pytest.raises(IndexUnusable, match='keeps its vectors in Qdrant but \\[index\\] backend is "local"'):
        Index.open(tmp_path / "remote")


def test_local_backend_never_imports_qdrant_client(seed_index_dir):
    code = (
        "import sys\n"
        "from bot.config import Config\n"
        "from bot.engine import Engine\n"
        "import bot.cli.commands, bot.index.build\n"
        f"e = Engine(Config(index_dir={str(seed_index_dir)!r}, corpus_dir='corpus'), build_if_missing=False)\n"
        "assert e.ask('Who met in Berlin?').passages\n"
        "assert 'qdrant_client' not in sys.modules and 'bot.index.qdrant' not in sys.modules\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stderr[-2000:]


@pytest.mark.slow
def test_qdrant_build_and_ask_give_the_local_answers(seed_engine, tmp_path):
    """The shipped corpus, the real model: every seed question gets the same answer and sources from Qdrant."""
    settings = QdrantSettings(path=tmp_path / "q")
    build_index(SEED_CORPUS, tmp_path / "ix", DEFAULT_MODEL, qdrant=settings)
    engine = Engine(Config(index_dir=tmp_path / "ix", corpus_dir=SEED_CORPUS, qdrant=settings),
                    build_if_missing=False)
    assert isinstance(engine.index.dense, qdrant.QdrantIndex)
    questions = [json.loads(line)["question"]
                 for line in (ROOT / "tests" / "data" / "seed_questions.jsonl").read_text().splitlines() if line]
    assert len(questions) >= 30
    for question in questions:
        local, remote = seed_engine.ask(question), engine.ask(question)
        assert remote.answer == local.answer, question
        assert [p.chunk_id for p in remote.passages] == [p.chunk_id for p in local.passages], question


def test_index_restore_moves_the_alias_with_current(tmp_path):
    from click.testing import CliRunner

    from bot.cli.commands import cli

    settings = QdrantSettings(path=tmp_path / "q")
    corpus = _write_corpus(tmp_path / "corpus", ARTICLES)
    first = _hash_build(corpus, tmp_path / "ix", settings)
    (corpus / "late.txt").write_text("A late article about a summit in Oslo on fisheries.\n")
    second = _hash_build(corpus, tmp_path / "ix", settings)
    client = qdrant.connect(settings)
    assert qdrant.alias_target(client, "whomet") == f"whomet-{second.folder.name}"
    config = tmp_path / "whomet.toml"
    config.write_text('[index]\ndir = "ix"\ncorpus = "corpus"\nbackend = "qdrant"\n[qdrant]\npath = "q"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "index", "restore", first.folder.name])
    assert result.exit_code == 0, result.output
    assert generations.current(tmp_path / "ix") == first.folder
    assert qdrant.alias_target(client, "whomet") == f"whomet-{first.folder.name}"


def test_cli_answers_from_qdrant_alone_and_exits_cleanly(tmp_path):
    """`whomet ask` with an empty index folder: answered from the collection, exit 0, nothing on stderr (local
    mode's client is closed before interpreter teardown, where its own close would print a traceback)."""
    settings = QdrantSettings(path=tmp_path / "q")
    _hash_build(_write_corpus(tmp_path / "corpus", ARTICLES), tmp_path / "builder", settings)
    qdrant.close_clients(keep=frozenset(w for w in qdrant._clients if w != str(settings.path.resolve())))
    (tmp_path / "bot").mkdir()
    config = tmp_path / "whomet.toml"
    config.write_text('[index]\ndir = "bot"\ncorpus = "none"\nbackend = "qdrant"\n[qdrant]\npath = "q"\n')
    run = _cli(["ask", "Who met in Geneva about tariffs?"], config)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert "Geneva" in run.stdout and list((tmp_path / "bot").iterdir()) == []
