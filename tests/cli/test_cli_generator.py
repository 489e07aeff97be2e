"""`whomet ask/chat/eval --generator`, run as users run it, against the fake OpenAI-compatible server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fake_openai import FakeOpenAI, Reply

PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)
KEY = "sk-cli-secret-0b7d"


def planted(request: dict) -> Reply:
    """A model that copies the first sentence of passage 1 (cited) and adds a claim no passage makes."""
    passages = dict(PASSAGE.findall(request["messages"][-1]["content"]))
    first = re.split(r"(?<=[.!?])\s+", passages["1"].strip())[0]
    return Reply(f"{first} [1] Vladimir Putin joined the talks in Moscow [1].")


def whomet(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


@pytest.fixture
def server():
    with FakeOpenAI() as fake:
        fake.script = planted
        yield fake


def config(tmp_path: Path, index: Path, base_url: str, kind: str = "openai") -> str:
    path = tmp_path / "whomet.toml"
    path.write_text(f'[index]\ndir = "{index}"\n[generator]\nkind = "{kind}"\nbase_url = "{base_url}"\n'
                    f'api_key_env = "WHOMET_TEST_KEY"\ntimeout_seconds = 5\n', encoding="utf-8")
    return str(path)


def test_ask_with_the_model_keeps_only_grounded_sentences(seed_index_dir, tmp_path, server):
    cfg = config(tmp_path, seed_index_dir, server.base_url)
    out = whomet("--config", cfg, "-v", "ask", "What did Kishi say about China?", "--json",
                 env={"WHOMET_TEST_KEY": KEY})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["generator"] == "openai" and "Putin" not in data["answer"]
    assert data["answer"].endswith("[1]") and len(data["citations"]) == 1
    quote = data["citations"][0]["quote"]
    assert quote in (ROOT / "corpus" / data["citations"][0]["path"]).read_text(encoding="utf-8")
    assert "grounding" in data["timings_ms"] and "model" in data["timings_ms"]
    assert len(server.requests) == 1 and KEY not in out.stderr and KEY not in out.stdout


def test_generator_flag_overrides_the_config(seed_index_dir, tmp_path, server):
    cfg = config(tmp_path, seed_index_dir, server.base_url)
    out = whomet("--config", cfg, "ask", "What did Kishi say about China?", "--json", "--generator", "extractive")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["generator"] == "passages" and not server.requests
    plain = config(tmp_path, seed_index_dir, server.base_url, kind="extractive")
    out = whomet("--config", plain, "ask", "What did Kishi say about China?", "--json", "--generator", "openai")
    assert json.loads(out.stdout)["generator"] == "openai" and len(server.requests) == 1
    bad = whomet("--config", plain, "ask", "Who?", "--generator", "gpt")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_a_dead_server_still_answers_exit_0_with_one_line_on_stderr(seed_index_dir, tmp_path):
    cfg = config(tmp_path, seed_index_dir, "http://127.0.0.1:9/v1")
    out = whomet("--config", cfg, "ask", "What did Kishi say about China?", env={"WHOMET_TEST_KEY": KEY})
    assert out.returncode == 0 and "China" in out.stdout and "[1]" in out.stdout
    assert out.stderr.strip().splitlines() == [
        "WARNING language model not used (cannot reach http://127.0.0.1:9/v1); answering extractively"]


def test_chat_uses_the_model_and_sends_the_conversation(seed_index_dir, tmp_path, server):
    cfg = config(tmp_path, seed_index_dir, server.base_url, kind="extractive")
    proc = subprocess.run([sys.executable, "-m", "bot", "--config", cfg, "chat", "--generator", "openai"], cwd=ROOT,
                          input="What did Kishi say about China?\nWhat did Blinken say about Burma?\n",
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(server.requests) == 2 and "Putin" not in proc.stdout
    second = server.requests[1]["messages"]
    assert second[1] == {"role": "user", "content": "What did Kishi say about China?"}
    assert second[2]["role"] == "assistant"


def test_eval_flags_answers_whose_names_dates_or_places_are_not_in_their_quotes(seed_index_dir, tmp_path, server):
    cfg = config(tmp_path, seed_index_dir, server.base_url)
    out = whomet("--config", cfg, "eval", str(ROOT / "tests" / "data" / "seed_questions.jsonl"), "--json")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    rows, metrics = lines[:-1], lines[-1]["metrics"]
    generated = [r for r in rows if r["generator"] == "openai"]
    assert generated and all(r["grounding_problems"] == [] for r in generated)
    assert all("joined the talks in Moscow" not in r["answer"] for r in rows)
    flagged = [r for r in rows if r.get("grounding_problems")]
    answered = [r for r in rows if not r["abstained"]]
    assert metrics["ungrounded_answers"] == [len(flagged), len(answered)]
    assert metrics["grounded"][0] == pytest.approx(1 - len(flagged) / len(answered))
    assert all("grounding_problems" not in r for r in rows if r["abstained"])
