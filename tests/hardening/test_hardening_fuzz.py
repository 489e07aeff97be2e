"""Property-based fuzzing of the corpus readers and of questions: no crash, a clear message, nothing else skipped.

The strategies and checks live in benchmarks/fuzz/strategies.py (benchmarks/fuzz_long.py runs them much longer).
WHOMET_FUZZ_EXAMPLES scales the number of examples here (default: quick enough for every test run).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz.strategies import ask_case, clean_case, corpus_case, fuzz_file, questions
from bot.engine import QuestionError, clean_question
from bot.ingest.corpus import CorpusReport, read_corpus

SCALE = float(os.environ.get("WHOMET_FUZZ_SCALE", "1"))
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)


@settings(FUZZ, max_examples=int(150 * SCALE))
@given(st.lists(fuzz_file(), min_size=1, max_size=4))
def test_corpus_reader_never_raises_yields_every_good_article_and_reports_every_broken_file(files):
    result = corpus_case(files)
    assert result.ok, result.summary()


CASES = {
    "empty": ("x.txt", b""),
    "nul": ("x.txt", b"Kishi met\x00Austin"),
    "utf16-bom": ("x.txt", "Kishi met Austin in Tokyo on Tuesday.".encode("utf-16")),
    "half-utf8": ("x.txt", "Kishi met Austin in Tōkyō".encode()[:-1]),
    "latin1": ("x.txt", "Le ministre a rencontré son homologue à Genève. ".encode("latin-1") * 3),
    "giant-line": ("x.txt", b"a" * 3_000_000),
    "deep-json": ("x.jsonl", b"[" * 100_000),
    "huge-int-json": ("x.jsonl", b'{"text": "Kishi met Austin.", "id": ' + b"1" * 5000 + b"}"),
    "surrogate-json": ("x.jsonl", b'{"text": "Kishi met Austin. \\ud800", "title": "\\udcff"}'),
    "list-title": ("x.md", b"---\ntitle: [a, b]\ndate: yesterday\n---\nKishi met Austin in Tokyo.\n"),
    "int-date": ("x.md", b"---\ndate: 99999\nsource: {a: 1}\n---\nKishi met Austin in Tokyo.\n"),
    "unclosed": ("x.md", b"---\ntitle: Unclosed\nKishi met Austin in Tokyo.\n"),
    "only-front-matter": ("x.md", b"---\ntitle: x\n---\n"),
    "alias-bomb": ("x.md", b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                           b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                           b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                           b"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\ntitle: *g\ndate: *g\n---\nKishi met Austin.\n"),
}
OUTCOME = {"empty": "skip", "nul": "skip", "utf16-bom": "read", "half-utf8": "read", "latin1": "read",
           "giant-line": "read", "deep-json": "skip", "huge-int-json": "skip", "surrogate-json": "read",
           "list-title": "read", "int-date": "read", "unclosed": "read", "only-front-matter": "skip",
           "alias-bomb": "read"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_named_hostile_files(case, tmp_path, caplog):
    """Each hostile file is read or skipped as documented, with a warning naming it, next to a good article."""
    import time

    name, data = CASES[case]
    (tmp_path / "good.txt").write_text("Prime Minister Kishi met Austin in Tokyo on Tuesday for talks.\n")
    (tmp_path / name).write_bytes(data)
    report = CorpusReport()
    started = time.perf_counter()
    with caplog.at_level("WARNING"):
        arts = {a.doc_id.split("#")[0]: a for a in read_corpus(tmp_path, report)}
    assert time.perf_counter() - started < 10, "a hostile file must not stall the reader"
    assert "good.txt" in arts
    if OUTCOME[case] == "read":
        assert name in arts and arts[name].text.strip()
        a = arts[name]
        for value in (a.title, a.text, a.doc_id, a.source or "", a.date or ""):
            value.encode("utf-8")  # storable (no lone surrogates)
        assert len(a.title) < 200, "non-text metadata is ignored, not stringified"
    else:
        assert name not in arts
        assert any(w.split(":")[0] == name and r for w, r in report.skipped)
    if OUTCOME[case] == "skip" or case in ("half-utf8", "latin1", "list-title", "int-date", "alias-bomb"):
        assert name in caplog.text  # the warning names the file


def test_utf16_and_half_written_files_read_their_text(tmp_path):
    (tmp_path / "u16.txt").write_bytes("Kishi met Austin in Tokyo on Tuesday.".encode("utf-16"))
    (tmp_path / "half.txt").write_bytes("Kishi met Austin in Tōkyō".encode()[:-1])
    arts = {a.doc_id: a.text for a in read_corpus(tmp_path)}
    assert arts == {"u16.txt": "Kishi met Austin in Tokyo on Tuesday.", "half.txt": "Kishi met Austin in Tōky"}


def test_undecodable_file_name_and_symlink_out_of_the_corpus_are_skipped(tmp_path):
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Kishi met Austin in Tokyo on Tuesday.\n")
    (tmp_path / "secret.txt").write_text("The operator's private notes: do not serve these to Discord.\n")
    os.symlink(tmp_path / "secret.txt", corpus / "leak.txt")
    os.symlink(corpus / "good.txt", corpus / "alias.txt")  # inside the corpus: fine
    with open(os.path.join(os.fsencode(corpus), b"bad-\xff\xfe.txt"), "wb") as fh:
        fh.write(b"Kishi met Austin.\n")
    report = CorpusReport()
    ids = sorted(a.doc_id for a in read_corpus(corpus, report))
    assert ids == ["alias.txt", "good.txt"]
    reasons = dict(report.skipped)
    assert "outside the corpus" in reasons["leak.txt"]
    assert [r for w, r in report.skipped if w.startswith("bad-")] == ["file name is not valid UTF-8"]


# ------------------------------------------------------------------------------------------------------ questions
@settings(FUZZ, max_examples=int(400 * SCALE))
@given(questions())
@example("")
@example("\x00\x01\u200b\ufeff")
@example("x" * 10_000)
@example("Who did Kishi meet? \ud800")
def test_clean_question_refuses_clearly_or_returns_clean_text(question):
    result = clean_case(question)
    assert result.ok, result.summary()


def test_clean_question_messages():
    with pytest.raises(QuestionError, match="empty"):
        clean_question(" \n\t\x00\u200b")
    with pytest.raises(QuestionError, match="limit is 2000"):
        clean_question("a" * 10_000)
    assert clean_question("Who\x00 did\u202e Kishi\r\nmeet?\ud800") == "Who did Kishi meet?"


@settings(FUZZ, max_examples=int(60 * SCALE))
@given(questions())
@example("")
@example("x" * 10_000)
@example("<@123> @everyone @here <@&456> who did **Kishi** meet? [1](https://evil.example)")
@example("岸信夫は誰と会ったか？ Who did Kishi meet?")
@example("من التقى كيشي؟")
@example("Who did Kishi meet? 🤝🇯🇵 \u202e\ud800\x00")
@example("../../etc/passwd --index /tmp/x /etc/shadow")
@example("Did Blinken meet Motegi in March 2021?")
@example("Motegi Motegi met who?")  # found by benchmarks/fuzz_long.py: a repeated name crashed the meetings answer
def test_engine_answers_any_question_with_the_json_contract(seed_engine, question):
    result = ask_case(seed_engine, question)
    assert result.ok, result.summary()


def test_dateline_with_double_dash_leaves_no_dash_in_the_body(tmp_path):
    (tmp_path / "a.txt").write_text("TOKYO (Wire) -- Prime Minister Kishi met Austin in Tokyo on Tuesday.\n")
    (art,) = read_corpus(tmp_path)
    assert art.text.startswith("Prime Minister") and art.source == "Wire" and art.place == "TOKYO"
