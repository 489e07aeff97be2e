"""Seeded writers of hostile inputs for the command-line fuzz: config files, corpora, index folders, question files.

Every writer takes a `random.Random` and returns short notes saying what it wrote, so a failing case can be
described in one line. Paths in generated configs are relative to the case folder and never leave it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

from bot.config import DEFAULT_MODEL

GOOD_ARTICLES = {
    "a.txt": "TOKYO (Kyodo) -- Prime Minister Kishi met Defense Secretary Austin in Tokyo on Tuesday. "
             "They discussed the alliance and regional security.\n",
    "b.md": "---\ntitle: Leaders meet\ndate: 2024-05-02\nsource: Wire\n---\n"
            "The two leaders met in Paris on Thursday to discuss trade.\n",
    "c.jsonl": json.dumps({"id": "j1", "text": "Ministers held talks in Rome on energy.", "title": "Rome"}) + "\n",
}
GOOD_QUESTIONS = ["Who did Kishi meet?", "When will Blinken meet Wang Yi?", "And where?", "What about Austin?",
                  "Did Blinken meet Motegi in March 2021?", "Where did they meet?", "Kishi"]
QUESTIONS = GOOD_QUESTIONS + [
    "Motegi Motegi met who?", "", " ", "\t\r", "\u200b\ufeff",
    "x" * 2001, "Who did Kishi meet? " * 120, "岸信夫は誰と会ったか？", "من التقى كيشي؟", "🤝🇯🇵 \u202e",
    "<@123> @everyone **Kishi** [1](https://evil.example)", "../../etc/passwd", "'; DROP TABLE chunks; --",
    "\x1b[31mred\x1b[0m who met?", "%s%n{0}", "who\x01met\x7fwhom", "And when did he meet her?", "\u2028\u2029",
]
OPTION_LIKE = ["-k", "--json", "--index /tmp/x", "-"]  # read by click as options: a usage error
NON_UTF8 = [b"Who did Kishi meet? \xff\xfe", b"\xe6\x9d\xb1\xe4", b"caf\xe9 who met?"]

# TOML value literals, each valid TOML unless noted; the loader must refuse the wrong ones in one sentence.
HOSTILE_TOML = ['""', "0", "-1", "-9223372036854775808", "9223372036854775807", "1.5", "-0.0", "inf", "nan",
                "true", "false", "[]", '["a", 1]', "{}", "{ a = 1 }", "1979-05-27T07:32:00Z", "1979-05-27",
                "07:32:00", '"\\u0000"', '"' + "x" * 5000 + '"', '"💥"', "'''two\nlines'''", '" "']
PATH_VALUES = ['"../index"', '"../corpus"', '"../afile.txt"', '"../emptydir"', '"../missing/deeper"', '""',
               '"."', '".."', '"../\\u0000nul"', '"../' + "n" * 300 + '"', '"../índex"', '"../corpus/a.txt"']
MODEL_VALUES = [f'"{DEFAULT_MODEL}"', '"nope-model"', '"../corpus"', '"../afile.txt"', '"../emptydir"',
                '"sentence-transformers/all-MiniLM-L6-v2"', f'"{DEFAULT_MODEL.upper()}"']
PRECISIONS = ['"auto"', '"fp32"', '"bf16"', '"int8"', '"AUTO"', '"fp64"', '""']
ANNS = ['"auto"', '"flat"', '"hnsw"', '"ivf"', '"annoy"', '"HNSW"', '""']
KS = ["5", "1", "50", "0", "-3", "51", "1000000", "2.5", '"5"']
BROKEN_TOML = ["[index\nmodel=", "[index]\ndir = \n", "[index]\ndir = 'a'\ndir = 'b'\n", "[index]\n[index]\n",
               "index = 5\n[index]\n", "= 1\n", "[index]\nk = 0x\n", '[index]\ndir = "\\ud800"\n', "[[index]]\n"]


def pick(rng: random.Random, options, weights=None):
    return rng.choices(options, weights)[0] if weights else rng.choice(options)


# ------------------------------------------------------------------------------------------------ configs
def index_table(rng: random.Random, index_via_config: bool, corpus_via_config: bool, bad: bool) -> list[str]:
    """The `[index]` lines: the paths the case needs and random keys, with valid values unless `bad`."""
    lines = []
    if index_via_config:
        lines.append("dir = " + ('"../index"' if not bad or rng.random() < 0.6 else
                                 pick(rng, PATH_VALUES + HOSTILE_TOML)))
    if corpus_via_config:
        lines.append("corpus = " + ('"../corpus"' if not bad or rng.random() < 0.6 else
                                    pick(rng, PATH_VALUES + HOSTILE_TOML)))
    for key, values, valid in (("model", MODEL_VALUES, 1), ("build_precision", PRECISIONS, 4), ("ann", ANNS, 4)):
        if rng.random() < (0.5 if bad else 0.3):
            value = pick(rng, values if rng.random() < 0.7 else HOSTILE_TOML) if bad else pick(rng, values[:valid])
            lines.append(f"{key} = {value}")
    if bad and rng.random() < 0.2:
        lines.append(f"{pick(rng, ['colour', 'Dir', 'k', 'model_path', ''])!r} = {pick(rng, HOSTILE_TOML)}")
    return lines


def discord_table(rng: random.Random, port: int, token_file: str | None, bad: bool) -> list[str]:
    """The `[discord]` lines (valid values unless `bad`); the REST API and gateway: a closed port on 127.0.0.1."""
    lines = [f'api_base_url = "http://127.0.0.1:{port}/api/v10"', f'gateway_url = "ws://127.0.0.1:{port}"']
    if token_file is not None:
        lines.append(f"token_file = {token_file}")
    for key, values in (("owner_ids", ["[]", "[1, 2]", '["12"]', '["x"]', "5", "[true]"]),
                        ("guild_ids", ["[]", "[123]", "[-1]", '"123"']),
                        ("reindex_role_ids", ["[]", "[[1]]"]),
                        ("cooldown_seconds", ["10", "0", "-1", "1e300", "nan", '"10"', "true"]),
                        ("max_question_chars", ["500", "0", "-5", "1.5", "99999999999"]),
                        ("view_timeout_seconds", ["900", "-1", "nan", "inf"]),
                        ("message_content_intent", ["false", "true", '"yes"', "1"]),
                        ("unknown_key", ["1"])):
        if rng.random() < 0.2 and (bad or key != "unknown_key"):
            lines.append(f"{key} = {pick(rng, values) if bad else values[0]}")
    return lines


def config_text(rng: random.Random, tables: dict[str, list[str]], bad: bool) -> tuple[bytes, str]:
    """A config file holding `tables`; when `bad`, sometimes broken or oddly encoded. Returns (bytes, note)."""
    style = pick(rng, ["toml", "broken", "encoded", "binary", "empty", "huge"], [50, 12, 12, 8, 8, 10]) if bad \
        else "toml"
    if rng.random() < 0.3:
        tables = {**tables, "answer": [f"k = {pick(rng, KS[:3])}"]}
    if bad and rng.random() < 0.3:
        tables = {**tables, pick(rng, ["answer", "extra", "index.sub"]): [f"k = {pick(rng, KS + HOSTILE_TOML)}"]}
    if bad and rng.random() < 0.1:
        tables = {"": [f"stray = {pick(rng, HOSTILE_TOML)}"], **tables}
    text = "".join((f"[{name}]\n" if name else "") + "".join(line + "\n" for line in lines)
                   for name, lines in tables.items())
    if style == "broken":
        return (text + pick(rng, BROKEN_TOML)).encode(), "config: broken TOML"
    if style == "encoded":
        enc = pick(rng, ["utf-8-sig", "utf-16", "latin-1"])
        return (text + '# café\n[extra]\nname = "Genève"\n').encode(enc, "replace"), f"config: TOML encoded {enc}"
    if style == "binary":
        return rng.randbytes(rng.randint(1, 400)), "config: random bytes"
    if style == "empty":
        return pick(rng, [b"", b"\n\n", b"# only a comment\n"]), "config: empty"
    if style == "huge":
        return ("# padding\n" * 100_000).encode() + text.encode(), f"config: 1 MB + {tables}"
    return text.encode(), f"config: {tables}"


def write_config(rng: random.Random, path: Path, data: bytes, bad: bool) -> str:
    """Put the config at `path`; when `bad`, maybe something else: a folder, a dangling link, nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    where = pick(rng, ["file", "missing", "folder", "dangling-link", "link-to-folder", "link-to-file"],
                 [70, 8, 8, 4, 4, 6] if bad else [90, 0, 0, 0, 0, 10])
    if where == "file":
        path.write_bytes(data)
    elif where == "folder":
        path.mkdir()
    elif where == "dangling-link":
        path.symlink_to(path.parent / "nowhere.toml")
    elif where == "link-to-folder":
        path.symlink_to(path.parent)
    elif where == "link-to-file":
        target = path.parent / "real.toml"
        target.write_bytes(data)
        path.symlink_to(target)
    return f"config path: {where}"


# ------------------------------------------------------------------------------------------------ corpora
_FRONT = ["title: [a, b]\ndate: yesterday", "date: 99999\nsource: {a: 1}", "title: !!binary aGk=",
          "title: !!python/object/apply:os.system ['echo hi']", "date: 2021-02-30", "title: 'unterminated",
          "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: *c", "[[[[[[[[", "title: x\ntitle: y", "\x00: \x01",
          "date: 0001-01-01T25:99:00", "tags: *nope", "title: " + "t" * 20_000, "- list\n- at top"]
_JSONL = ['{"text": "Kishi met Austin in Tokyo.", "id": "dup"}', '{"text": "Blinken met Wang Yi.", "id": "dup"}',
          '{"text": 5}', '{"text": null, "id": "x"}', '{"text": ["a", "b"]}', '{"id": {"a": 1}, "text": "Kishi met."}',
          '{"text": "Kishi met Austin.", "date": [2021]}', '[1, 2, 3]', '"just a string"', "null", "{", "}",
          '{"text": "Kishi met Austin. \\ud800", "title": "\\udcff"}', "[" * 50_000, "NaN", '{"text": "a"} trailing',
          '{"text": "Kishi met Austin.", "id": ' + "1" * 5000 + "}", '{"text": "' + "Kishi met Austin. " * 300 + '"}',
          "\x00\x01", '{"text": "ok", "id": 1.5e308}',
          '{"text": "Rome talks.", "title": ' + "[" * 3000 + "]" * 3000 + "}"]
_ENCODINGS = ["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "shift_jis", "koi8-r", "mac_roman"]
_NAMES = ["x", "with space", "ünïcödé", "new\nline", "tab\tname", "-dash", "UPPER", "n" * 200, "semi;colon",
          "quote'\"", "[brackets]", "star*"]


def corpus_file(rng: random.Random, scale: float) -> tuple[str, bytes, str]:
    """(file name, bytes, kind) of one file an archive could hold, most of them hostile."""
    kind = pick(rng, ["good", "empty", "binary", "nul", "half-utf8", "encoded", "giant-line", "front-matter",
                      "jsonl", "html", "controls", "whitespace", "unsupported"],
                [20, 6, 6, 5, 6, 8, 5, 10, 10, 6, 4, 4, 5])
    suffix = pick(rng, [".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".TXT"])
    good = pick(rng, sorted(GOOD_ARTICLES.values())).encode()
    if kind == "good":
        name = pick(rng, sorted(GOOD_ARTICLES))
        return f"{rng.randint(0, 99)}-{name}", GOOD_ARTICLES[name].encode(), kind
    if kind == "empty":
        data = b""
    elif kind == "binary":
        data = rng.randbytes(rng.randint(1, 4000))
    elif kind == "nul":
        data = good[: rng.randint(0, 100)] + b"\x00" + rng.randbytes(rng.randint(0, 100))
    elif kind == "half-utf8":
        text = (GOOD_ARTICLES["a.txt"] + " Café — “naïve” 東京 ").encode()
        data = text[: rng.randint(1, len(text))]
    elif kind == "encoded":
        enc = pick(rng, _ENCODINGS)
        kind = f"encoded {enc}"
        data = ("Le ministre a rencontré son homologue à Genève. " * rng.randint(1, 5) + "Кто 東京").encode(
            enc, errors="ignore")
    elif kind == "giant-line":
        unit = pick(rng, [b"a", b"Kishi met Austin. ", b"word ", b"(", b"\xe6\x9d\xb1", b"[1](x) ", b"-- "])
        data = unit * (int(rng.randint(10_000, 60_000) * scale) // len(unit))
        kind = f"giant line of {unit!r} x{len(data) // len(unit)}"
    elif kind == "front-matter":
        suffix = pick(rng, [".md", ".markdown", ".txt"])
        closed = rng.random() < 0.7
        data = ("---\n" + pick(rng, _FRONT) + ("\n---\n" if closed else "\n") + GOOD_ARTICLES["a.txt"]).encode(
            "utf-8", "surrogatepass")
    elif kind == "jsonl":
        suffix = ".jsonl"
        data = "\n".join(rng.choices(_JSONL, k=rng.randint(1, 6))).encode("utf-8", "surrogatepass")
    elif kind == "html":
        suffix = pick(rng, [".html", ".htm"])
        data = pick(rng, ["<div>" * 5000, "<p>Kishi met Austin", "<script>alert(1)</script>", "<html></html>",
                          "<html><body><p>Kishi met Austin in Tokyo on Tuesday.</p></body></html>",
                          "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><p>&a;&a;&a;</p>"]).encode()
    elif kind == "controls":
        data = b"".join(rng.choices([b"\x01", b"\x07", b"\x1b[2J", b"Kishi ", b"\x0b", b"\x7f", b"\r"], k=200))
    elif kind == "whitespace":
        data = pick(rng, [b" ", b"\n\n\t", b"\r\n" * 100, "\u3000\u2003".encode(), b"\xef\xbb\xbf "])
    else:
        suffix = pick(rng, [".pdf", ".docx", ".csv", "", ".json", ".txt.gz", ".exe"])
        data = rng.randbytes(200)
    stem = pick(rng, _NAMES) if rng.random() < 0.2 else f"f{rng.randint(0, 999)}"
    return f"{stem}{suffix}", data, kind


def write_corpus(rng: random.Random, root: Path, scale: float, bad: bool) -> list[str]:
    """Write the case's corpus at root/corpus (only good articles unless `bad`) and return notes."""
    corpus = root / "corpus"
    state = pick(rng, ["files", "absent", "file", "empty", "link-to-folder", "only-hostile"], [60, 8, 6, 8, 6, 12]) \
        if bad else "files"
    if state == "absent":
        return ["corpus: absent"]
    if state == "file":
        corpus.write_bytes(b"not a folder\n")
        return ["corpus: a regular file"]
    target = corpus if state != "link-to-folder" else root / "real-corpus"
    target.mkdir()
    if state == "link-to-folder":
        corpus.symlink_to(target)
    if state == "empty":
        return ["corpus: empty folder"]
    notes = []
    for _ in range(rng.randint(1, 5)):
        name, data, kind = corpus_file(rng, scale) if bad else _good_file(rng)
        if state == "only-hostile" and kind == "good":
            continue
        sub = target / pick(rng, ["", "", "deep/er", ".hidden", "x.txt"]) if rng.random() < 0.3 else target
        path = sub / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:  # e.g. a name too long, or the folder "x.txt" clashes with a file
            notes.append(f"(could not write {name[:20]!r}: {exc.strerror})")
            continue
        notes.append(f"{path.relative_to(target).as_posix()[:40]!r}: {kind}")
    notes += _odd_entries(rng, root, target) if bad else []
    return [f"corpus: {state}: " + "; ".join(notes)]


def _good_file(rng: random.Random) -> tuple[str, bytes, str]:
    name = pick(rng, sorted(GOOD_ARTICLES))
    return f"{rng.randint(0, 99)}-{name}", GOOD_ARTICLES[name].encode(), "good"


def _odd_entries(rng: random.Random, root: Path, corpus: Path) -> list[str]:
    """Symbolic links, a FIFO and an undecodable file name: entries a folder walk has to survive."""
    notes = []
    (root / "secret.txt").write_text("Private notes outside the corpus: never index these.\n")
    odd = {"link-outside": lambda p: p.symlink_to(root / "secret.txt"),
           "link-dangling": lambda p: p.symlink_to(corpus / "gone.txt"),
           "link-loop": lambda p: p.symlink_to(p),
           "link-to-parent": lambda p: p.symlink_to(corpus),
           "fifo": lambda p: os.mkfifo(p),
           "bad-name": lambda p: Path(os.fsdecode(os.fsencode(p.parent) + b"/bad-\xff\xfe.txt")).write_text(
               "Kishi met Austin in Tokyo.\n")}
    for name in rng.sample(sorted(odd), k=rng.choice([0, 0, 0, 1, 2])):
        odd[name](corpus / f"{name}.txt")
        notes.append(name)
    return notes


# ------------------------------------------------------------------------------------------------ indexes
def copy_index(seed_index: Path, dest: Path) -> None:
    """Copy a built index; the big ONNX model is hard-linked (the damage below never writes into a file)."""
    def copy(src: str, dst: str) -> None:
        if src.endswith("model.onnx"):
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)

    shutil.copytree(seed_index, dest, copy_function=copy, symlinks=True)


def _replace(path: Path, data: bytes) -> None:
    """New bytes under the same name without writing into the old inode (it may be a hard link)."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def write_index(rng: random.Random, root: Path, seed_index: Path, bad: bool) -> str:
    """A good copy of the seed index at root/index or none; when `bad`, a damaged one, an empty folder, a file."""
    index = root / "index"
    state = pick(rng, ["empty-folder", "file", "no-CURRENT", "bad-CURRENT", "no-generation", "bad-manifest",
                       "damaged-file", "stale-leftovers"], [6, 6, 14, 14, 8, 14, 30, 8]) if bad else \
        pick(rng, ["good", "absent"], [80, 20])
    if state == "absent":
        return "index: absent"
    if state == "empty-folder":
        index.mkdir()
        return "index: empty folder"
    if state == "file":
        index.write_bytes(b"not an index\n")
        return "index: a regular file"
    copy_index(seed_index, index)
    gen = index / (index / "CURRENT").read_text().strip()
    note = f"index: {state}"
    if state == "no-CURRENT":
        (index / "CURRENT").unlink()
    elif state == "bad-CURRENT":
        value = pick(rng, [b"", b"\x00", b"../../etc", b"gen-missing", b"/", b".hidden", b"\xff\xfe\x00",
                           gen.name.encode() + b"/manifest.json", b"CURRENT", b"   \n"])
        _replace(index / "CURRENT", value)
        note += f" {value!r}"
    elif state == "no-generation":
        shutil.rmtree(gen)
    elif state == "bad-manifest":
        value = pick(rng, [None, b"", b"{", b"[]", b"null", b'{"format_version": "2"}', rng.randbytes(50),
                           json.dumps({**json.loads((gen / "manifest.json").read_text()), "files": 5}).encode(),
                           json.dumps({**json.loads((gen / "manifest.json").read_text()), "dim": -1}).encode(),
                           json.dumps({**json.loads((gen / "manifest.json").read_text()), "model": None}).encode()])
        if value is None:
            (gen / "manifest.json").unlink()
        else:
            _replace(gen / "manifest.json", value)
        note += f" {value!r:.60}"
    elif state == "damaged-file":
        files = sorted(p for p in gen.rglob("*") if p.is_file() and p.name != "manifest.json")
        victim = pick(rng, files)
        how = pick(rng, ["deleted", "truncated", "garbage", "emptied", "folder"])
        data = victim.read_bytes() if how == "truncated" else b""
        if how == "deleted":
            victim.unlink()
        elif how == "folder":
            victim.unlink()
            victim.mkdir()
        else:
            _replace(victim, data[: len(data) // 2] if how == "truncated" else
                     rng.randbytes(rng.randint(1, 300)) if how == "garbage" else b"")
        note += f" {victim.relative_to(gen).as_posix()} {how}"
    elif state == "stale-leftovers":
        (index / ".tmp-0123456789ab").mkdir()
        (index / ".tmp-0123456789ab" / "store.sqlite").write_bytes(b"half written")
        (index / ".build.lock").write_bytes(b"")
    return note


# ------------------------------------------------------------------------------------------------ question files
def _eval_line(rng: random.Random, ids: list[str], bad: bool) -> str | bytes:
    qid = pick(rng, ids) if bad and ids and rng.random() < 0.15 else f"q{len(ids)}"  # when bad, maybe a duplicate
    question = pick(rng, QUESTIONS if bad else GOOD_QUESTIONS)
    shape = pick(rng, ["good", "follow-up", "expectations", "bad-json", "not-object", "bad-id", "bad-question",
                       "bad-follow-up", "bad-expectations", "non-utf8", "deep"],
                 [15, 8, 10, 6, 5, 6, 10, 6, 14, 5, 2] if bad else [50, 20, 30, 0, 0, 0, 0, 0, 0, 0, 0])
    obj: dict = {"id": qid, "question": question}
    if shape == "follow-up" and ids:
        obj["follow_up_of"] = pick(rng, ids)
    elif shape == "expectations":
        obj.update(rng.sample([("answer_contains", "Austin"), ("answer_contains", ["Tokyo", "Austin"]),
                               ("gold_doc_ids", ["a.txt"]), ("should_abstain", False), ("should_abstain", True)],
                              k=rng.randint(1, 3)))
    elif shape == "bad-json":
        return pick(rng, ["{", '{"id": "a", "question": }', "{'id': 'a'}", '{"id": "a"} {"id": "b"}', "NaN"])
    elif shape == "not-object":
        return pick(rng, ["[]", "null", "5", '"Who did Kishi meet?"', "true", '[{"id": "a", "question": "b"}]'])
    elif shape == "bad-id":
        obj["id"] = pick(rng, [None, 5, 1.5, [], {}, True, "", "x" * 5000])
    elif shape == "bad-question":
        obj["question"] = pick(rng, [None, 5, [], {"q": 1}, True, "", "  ", "x" * 10_000])
    elif shape == "bad-follow-up":
        obj["follow_up_of"] = pick(rng, ["nope", 5, [], {}, qid, True, ""])
    elif shape == "bad-expectations":
        key = pick(rng, ["answer_contains", "gold_doc_ids", "should_abstain"])
        obj[key] = pick(rng, [5, None, "a.txt", {"a": 1}, [[1]], [{"a": 1}], [None], "yes", 2, -1.5, [5]])
    elif shape == "non-utf8":
        return b'{"id": "' + qid.encode() + b'", "question": "caf\xe9 who met?"}'
    elif shape == "deep":
        return "[" * 100_000
    if isinstance(obj.get("id"), str):
        ids.append(obj["id"])
    return json.dumps(obj, ensure_ascii=rng.random() < 0.5)


def write_questions(rng: random.Random, path: Path, bad: bool) -> str:
    """An eval QUESTIONS file at `path`; when `bad`, many lines broken, or something that is not such a file."""
    where = pick(rng, ["file", "missing", "folder", "empty"], [82, 6, 6, 6]) if bad else "file"
    if where == "missing":
        return "questions: missing"
    if where == "folder":
        path.mkdir()
        return "questions: a folder"
    ids: list[str] = []
    lines = [_eval_line(rng, ids, bad) for _ in range(rng.randint(1, 6))] if where == "file" else []
    sep = pick(rng, [b"\n", b"\r\n", b"\n\n"])
    data = sep.join(x if isinstance(x, bytes) else x.encode() for x in lines)
    if bad and rng.random() < 0.15:
        data = pick(rng, [b"\xef\xbb\xbf", b"\xff\xfe", b"\x00"]) + data
    path.write_bytes(data)
    return f"questions: {[x[:60] for x in lines]}"


def chat_input(rng: random.Random, bad: bool) -> bytes:
    """What a user types into `whomet chat`: questions, follow-ups; when `bad`, junk bytes too."""
    if not bad:
        return "".join(pick(rng, GOOD_QUESTIONS) + "\n" for _ in range(rng.randint(1, 3))).encode() + b"\n"
    lines = [pick(rng, NON_UTF8) if rng.random() < 0.15 else pick(rng, QUESTIONS).encode("utf-8", "surrogatepass")
             for _ in range(rng.randint(0, 4))]
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    return data + pick(rng, [b"\n", b"\n\n", b"", b"\r\n", b"\x04"])
