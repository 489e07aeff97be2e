"""Fuzzing shared by tests/hardening/test_hardening_fuzz.py and benchmarks/fuzz_long.py: strategies and the checks.

Each `*_case` function runs one generated case against the real code and returns a Result listing every broken
promise (empty when all held) instead of raising, so the long benchmark can count crashes and carry on.
Whole commands (`whomet ...` as a subprocess on generated configs, corpora, indexes, question files) are fuzzed by
benchmarks/fuzz/cli_cases.py.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import strategies as st

from bot.engine import MAX_QUESTION_CHARS, QuestionError, clean_question
from bot.ingest.corpus import ArticleError, CorpusReport, _utf8, decode, read_corpus

SUFFIXES = [".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"]
GOOD = {
    "good/a.txt": "TOKYO (Kyodo) -- Prime Minister Kishi met Defense Secretary Austin in Tokyo on Tuesday. "
                  "They discussed the alliance and regional security.\n",
    "good/b.md": "---\ntitle: Leaders meet\ndate: 2024-05-02\nsource: Wire\n---\n"
                 "The two leaders met in Paris on Thursday to discuss trade.\n",
    "good/c.jsonl": json.dumps({"id": "good-j1", "text": "Ministers held talks in Rome on energy.", "title": "Rome"})
                    + "\n" + json.dumps({"text": "Officials from Kenya and Ghana met in Nairobi last week."}) + "\n",
}
GOOD_IDS = {"good/a.txt", "good/b.md", "good-j1", "good/c.jsonl#2"}

# --------------------------------------------------------------------------------------------------- strategies
_JUNK = ["\x00", "\x01", "\x1b[31m", "\r", "\r\n", "\u2028", "\u202e", "\ufeff", "\u200b", "\ud800", "\udcff",
         "<@123>", "<@!123>", "<@&456>", "<#789>", "@everyone", "@here", "**bold**", "[1](https://evil.example)",
         "[Source](http://x)", "||spoiler||", "```code```", "# Heading", "> quote", "岸信夫は誰と会ったか",
         "من التقى كيشي؟", "Кто встречался с Киси?", "🤝🇯🇵", "👩‍👩‍👧", "../../etc/passwd", "/etc/shadow",
         "--index /tmp/x", "%s%n{0}", "'; DROP TABLE chunks; --", "\t", "   ", "é", "Ω"]
_words = st.sampled_from(["Kishi", "Austin", "Blinken", "Motegi", "met", "meet", "Tokyo", "who", "when", "where",
                          "did", "the", "talks", "2021", "March", "?", "."])
_any_text = st.text(st.characters(exclude_categories=()), max_size=300)
_junk_text = st.lists(st.one_of(_words, st.sampled_from(_JUNK), _any_text), max_size=30).map(" ".join)


def questions() -> st.SearchStrategy[str]:
    """Questions a public Discord server can throw at the bot."""
    return st.one_of(
        _any_text,
        _junk_text,
        st.builds(lambda a, b: f"Who did Kishi meet? {a} {b}", st.sampled_from(_JUNK), _any_text),
        st.sampled_from(["", " ", "\n\t\r", "\x00\x01\x02", "\u200b\u200b", "\ufeff", "\u2028\u2029"]),
        st.integers(MAX_QUESTION_CHARS + 1, 10_000).map(lambda n: ("Who did Kishi meet? " * 600)[:n]),
        st.integers(MAX_QUESTION_CHARS - 5, MAX_QUESTION_CHARS).map(lambda n: "x" * n),
    )


_yaml_value = st.one_of(
    st.sampled_from(["yesterday", "99999", "2021-02-30", "2021-13-01", "[a, b]", "{x: 1}", "[]", "~", "''",
                     "!!binary aGk=", "!!python/object/apply:os.system ['echo hi']", "&a [*a]", "*nope",
                     "2021-03-16T25:99:00", "0001-01-01", "9999-12-31", "true", "-1", "1e309", '"\\ud800"',
                     "|\n  multi\n  line", ">-\n  folded", "'unterminated", "[[[[[[[[[[", "@everyone",
                     "[1](https://evil.example)", "\x00"]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
)
_FM_KEYS = st.sampled_from(["title", "date", "source", "url", "Title", "DATE", "tags", "1", "- x", ""])


@st.composite
def front_matter(draw) -> str:
    lines = [f"{draw(_FM_KEYS)}: {draw(_yaml_value)}" for _ in range(draw(st.integers(0, 5)))]
    if draw(st.booleans()):  # a billion-laughs style alias bomb
        lines = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
                                                         for p, c in zip("abcdefg", "bcdefgh", strict=True)] + \
                [f"{draw(st.sampled_from(['title', 'date', 'source']))}: *h"]
    closed = draw(st.booleans())
    body = draw(st.one_of(st.just(""), _junk_text, st.just(GOOD["good/a.txt"])))
    return "---\n" + "\n".join(lines) + ("\n---\n" if closed else "\n") + body


def _jsonl_line() -> st.SearchStrategy[str]:
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _any_text)
    value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_any_text, inner,
                                                                                              max_size=3),
                         max_leaves=8)
    obj = st.fixed_dictionaries({}, optional={"text": st.one_of(_junk_text, value), "id": value, "title": value,
                                              "date": st.one_of(value, st.sampled_from(["2021-03-16", "yesterday"])),
                                              "source": value, "url": value})
    return st.one_of(
        obj.map(lambda o: json.dumps(o, ensure_ascii=True)),
        value.map(json.dumps),
        _any_text.map(lambda t: t.replace("\n", " ").replace("\r", " ")),
        st.just("[" * 100_000),
        st.just('{"text": "Kishi met Austin.", "id": ' + "1" * 5000 + "}"),
        st.just('{"text": "Kishi met Austin in Tokyo. \\ud800 They talked.", "title": "\\udcff"}'),
        st.just('{"text": "' + "word " * 20_000 + '"}'),
    )


_encodings = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be",
                              "shift_jis", "koi8-r", "mac_roman"])


@st.composite
def fuzz_file(draw) -> tuple[str, str, bytes]:
    """(kind, suffix, content) of one file that may be anything an archive holds."""
    kind = draw(st.sampled_from(["random", "empty", "nul", "half", "encoded", "giant", "front", "jsonl", "html",
                                 "controls", "whitespace"]))
    suffix = draw(st.sampled_from(SUFFIXES))
    good = draw(st.sampled_from(sorted(GOOD.values()))).encode()
    if kind == "random":
        data = draw(st.binary(max_size=3000))
    elif kind == "empty":
        data = b""
    elif kind == "nul":
        data = good[: draw(st.integers(0, 200))] + b"\x00" + draw(st.binary(max_size=200))
    elif kind == "half":
        text = (GOOD["good/a.txt"] + " Café — “naïve” 東京 ").encode()
        data = text[: draw(st.integers(1, len(text)))]
    elif kind == "encoded":
        text = draw(st.one_of(_junk_text, st.just("Le ministre a rencontré son homologue à Genève. " * 3)))
        data = text.encode(draw(_encodings), errors="ignore")
    elif kind == "giant":
        unit = draw(st.sampled_from([b"a", b"Kishi met Austin. ", b"(", b". (", b"\xe6\x9d\xb1", b"[1](x) "]))
        data = unit * (draw(st.integers(100_000, 1_000_000)) // len(unit))
    elif kind == "front":
        suffix = draw(st.sampled_from([".md", ".markdown", ".txt"]))
        data = draw(front_matter()).encode("utf-8", "surrogatepass")
    elif kind == "jsonl":
        suffix = ".jsonl"
        data = "\n".join(draw(st.lists(_jsonl_line(), min_size=1, max_size=6))).encode("utf-8", "surrogatepass")
    elif kind == "html":
        suffix = draw(st.sampled_from([".html", ".htm"]))
        inner = draw(_junk_text)
        data = draw(st.sampled_from([
            f"<html><head><title>{inner}</title></head><body><article><p>{inner}</p></article></body></html>",
            "<div>" * 5000 + inner, f"<p>{inner}", f"<script>{inner}</script>", "<html></html>",
            f"<html><body><p>Kishi met Austin in Tokyo on Tuesday. {inner}</p>"
            "<p>They agreed to meet again next year, officials said in a statement.</p></body></html>",
        ])).encode("utf-8", "surrogatepass")
    elif kind == "controls":
        data = b"".join(draw(st.lists(st.sampled_from([b"\x01", b"\x07", b"\x1b", b"Kishi ", b"\x0b", b"\x7f"]),
                                      min_size=1, max_size=200)))
    else:
        data = draw(st.sampled_from([b" ", b"\n\n\t", b"\r\n" * 100, "\u3000\u2003".encode(), b"\xef\xbb\xbf "]))
    return kind, suffix, data


# --------------------------------------------------------------------------------------------------- results
@dataclass
class Result:
    cases: int = 0
    articles: int = 0
    skipped: int = 0
    refused: int = 0  # questions refused with a QuestionError
    answered: int = 0
    crashes: list[str] = field(default_factory=list)  # unexpected exceptions
    unclear: list[str] = field(default_factory=list)  # errors or skips without a clear one-line reason
    problems: list[str] = field(default_factory=list)  # other broken promises (lost files, contract violations)
    reasons: dict[str, int] = field(default_factory=dict)  # skip reasons, numbers and details blanked out

    def add(self, other: Result) -> None:
        for name in ("cases", "articles", "skipped", "refused", "answered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.crashes += other.crashes
        self.unclear += other.unclear
        self.problems += other.problems
        for reason, n in other.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + n

    @property
    def ok(self) -> bool:
        return not (self.crashes or self.unclear or self.problems)

    def summary(self) -> str:
        return "; ".join((self.crashes + self.unclear + self.problems)[:5])


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


_baseline: dict[str, tuple] = {}


def _good_articles() -> dict[str, tuple]:
    """What the good articles read as on their own: the fuzzed neighbours must not change a thing."""
    if not _baseline:
        with tempfile.TemporaryDirectory() as tmp:
            _write(Path(tmp), {name: text.encode() for name, text in GOOD.items()})
            _baseline.update({a.doc_id: _fields(a) for a in read_corpus(Path(tmp))})
        assert set(_baseline) == GOOD_IDS, sorted(_baseline)
    return _baseline


def _fields(a) -> tuple:
    return a.path, a.title, a.date, a.source, a.url, a.text, a.content_hash


def _write(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _one_line(reason: str) -> bool:
    return bool(reason.strip()) and "\n" not in reason and len(reason) < 300 and "Traceback" not in reason


def corpus_case(files: list[tuple[str, str, bytes]]) -> Result:
    """Write `files` (kind, suffix, bytes) next to the good articles, read the corpus, check every promise."""
    res = Result(cases=1)
    good = _good_articles()
    names = {f"fuzz/{i:02d}-{kind}{suffix}": data for i, (kind, suffix, data) in enumerate(files)}
    capture = _Capture()
    logger = logging.getLogger("bot")
    logger.addHandler(capture)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            _write(root, {**{n: t.encode() for n, t in GOOD.items()}, **names})
            report = CorpusReport()
            try:
                articles = list(read_corpus(root, report))
            except Exception as exc:  # the promise: never
                res.crashes.append(f"read_corpus raised {type(exc).__name__}: {str(exc)[:120]}")
                return res
            _check_corpus(root, names, good, articles, report, capture.lines, res)
    finally:
        logger.removeHandler(capture)
    return res


def _check_corpus(root, names, good, articles, report, log_lines, res: Result) -> None:
    res.articles += len(articles)
    res.skipped += len(report.skipped)
    by_id = {a.doc_id: a for a in articles}
    for doc_id, fields in good.items():
        if doc_id not in by_id:
            res.problems.append(f"good article {doc_id} was not yielded")
        elif _fields(by_id[doc_id]) != fields:
            res.problems.append(f"good article {doc_id} changed next to the fuzzed files")
    log_text = "\n".join(log_lines)
    for where, reason in report.skipped:
        kind = re.sub(r"\d+", "N", re.sub(r"\(.*\)", "(…)", reason))
        res.reasons[kind] = res.reasons.get(kind, 0) + 1
        if not _one_line(reason):
            res.unclear.append(f"skip of {where} has an unclear reason {reason[:80]!r}")
        if not where.startswith(("fuzz/", "good/", "good-")):
            res.unclear.append(f"skip entry {where[:60]!r} does not name a file")
        if where not in log_text:
            res.unclear.append(f"skip of {where} was not logged")
    for a in articles:
        for value in (a.doc_id, a.path, a.title, a.text, a.source, a.url, a.date_text, a.place):
            if value is not None and not _utf8(value):
                res.problems.append(f"article {a.doc_id[:40]!r} holds text that is not UTF-8 (lone surrogates)")
                break
        if not a.text.strip():
            res.problems.append(f"article {a.doc_id[:40]!r} has no text")
        if a.date is not None:
            try:
                date.fromisoformat(a.date)
            except ValueError:
                res.problems.append(f"article {a.doc_id[:40]!r} has a bad date {a.date!r}")
        if "\n" in a.title or len(a.title) > 10_000:
            res.problems.append(f"article {a.doc_id[:40]!r} has a title that is not one short line")
    skipped = {w for w, _ in report.skipped}
    for name, data in names.items():
        own = [a for a in articles if a.path == name or a.path.startswith(name + "#")]
        skips = [w for w in skipped if w == name or w.startswith((name + ":", name + "#"))]  # "#": duplicate ids
        if not own and not skips:
            res.problems.append(f"{name} ({len(data)} bytes) neither read nor reported as skipped")
        if _must_skip(data) and own:
            res.problems.append(f"{name} should have been skipped (empty, blank or binary) but was read")
        if name.endswith(".jsonl"):
            try:
                text = decode(data, name)
            except ArticleError:
                continue
            for lineno, line in enumerate(text.splitlines(), 1):
                if line.strip() and not {f"{name}:{lineno}", f"{name}#{lineno}"} & skipped and \
                        not any(a.path == f"{name}#{lineno}" for a in own):
                    res.problems.append(f"{name} line {lineno} neither read nor reported as skipped")


def _must_skip(data: bytes) -> bool:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    return not data.strip(b" \t\r\n\x0b\x0c") or b"\x00" in data[:8192]


# --------------------------------------------------------------------------------------------------- questions
_MARKER = re.compile(r"\[(\d+)\]")
ANSWER_KEYS = {"question", "answer", "abstained", "citations", "passages", "timings_ms", "generator"}


def expected_refusal(question: str) -> str | None:
    """What clean_question must say about `question`: 'empty', 'limit' or None (askable)."""
    import unicodedata

    kept = "".join("" if unicodedata.category(ch) == "Cf" else " " if _invisible(ch) else ch for ch in question)
    text = " ".join(unicodedata.normalize("NFKC", kept).split())  # format characters go, other controls separate
    if not text:
        return "empty"
    return "limit" if len(text) > MAX_QUESTION_CHARS else None


def _invisible(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def clean_case(question: str) -> Result:
    res = Result(cases=1)
    want = expected_refusal(question)
    try:
        text = clean_question(question)
    except QuestionError as exc:
        res.refused += 1
        msg = str(exc)
        if not _one_line(msg) or want is None or want not in msg:
            res.unclear.append(f"clean_question refused {question[:40]!r} with {msg[:80]!r} (expected {want})")
        return res
    except Exception as exc:
        res.crashes.append(f"clean_question raised {type(exc).__name__} on {question[:40]!r}")
        return res
    res.answered += 1
    if want is not None:
        res.problems.append(f"clean_question accepted {question[:40]!r} (expected {want})")
    if not _utf8(text) or any(_invisible(ch) for ch in text) or len(text) > MAX_QUESTION_CHARS or text != text.strip():
        res.problems.append(f"clean_question left control characters or surrogates in {text[:40]!r}")
    return res


def ask_case(engine, question: str) -> Result:
    """Ask the real engine; check the refusal or the JSON contract and that every [n] points to a citation."""
    res = Result(cases=1)
    want = expected_refusal(question)
    try:
        answer = engine.ask(question)
    except QuestionError as exc:
        res.refused += 1
        if want is None or want not in str(exc) or not _one_line(str(exc)):
            res.unclear.append(f"ask refused {question[:40]!r} with {str(exc)[:80]!r} (expected {want})")
        return res
    except Exception as exc:
        res.crashes.append(f"ask raised {type(exc).__name__} on {question[:40]!r}: {str(exc)[:80]}")
        return res
    res.answered += 1
    if want is not None:
        res.problems.append(f"ask answered {question[:40]!r} (expected a refusal: {want})")
    problems = answer_problems(answer, set(engine.index.store.articles))
    res.problems += [f"{p} (question {question[:40]!r})" for p in problems]
    return res


def answer_problems(answer, doc_ids: set[str]) -> list[str]:
    out = []
    try:
        data = answer.to_json()
        json.loads(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except Exception as exc:
        return [f"to_json is not JSON ({type(exc).__name__})"]
    if set(data) != ANSWER_KEYS:
        out.append(f"answer keys {sorted(data)}")
    if not isinstance(data["answer"], str) or not data["answer"].strip() or not isinstance(data["abstained"], bool):
        out.append("answer text or abstained flag malformed")
    numbers = [c["n"] for c in data["citations"]]
    if numbers != list(range(1, len(numbers) + 1)):
        out.append(f"citations numbered {numbers}")
    for n in _MARKER.findall(data["answer"]):
        if int(n) not in numbers:
            out.append(f"[{n}] in the answer points to no citation")
    for c in data["citations"]:
        if c["doc_id"] not in doc_ids or not c["quote"].strip():
            out.append(f"citation [{c['n']}] names an unknown article or quotes nothing")
    if data["abstained"] and data["citations"]:
        out.append("an abstention carries citations")
    return out
