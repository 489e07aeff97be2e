"""`whomet meetings --plot` and --since/--until on the shipped corpus, and no plotting import on the ask path."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from bot.answer.timeline import render_timeline
from bot.cli.commands import cli
from bot.plot.style import MAX_BYTES, MAX_PX
from tests.cli.test_cli import whomet
from tests.conftest import ROOT
from tests.plot.plot_support import png_size


@pytest.mark.slow
def test_engine_draws_the_shipped_corpus(seed_engine):
    events, picture = seed_engine.meetings_picture()
    assert events == render_timeline(seed_engine.index.meetings) and len(events) <= 30
    assert picture.view == "timeline" and picture.marks == list(range(1, len(events) + 1))
    names = {p.name for e in events for p in e.participants}
    assert set(picture.labels) <= names and len(picture.labels) == len(set(picture.labels))
    assert {"Antony Blinken", "Lloyd Austin", "Toshimitsu Motegi", "Nobuo Kishi"} <= set(picture.labels)
    assert png_size(picture.png) == (picture.width, picture.height) and max(picture.width, picture.height) <= MAX_PX
    assert len(picture.png) <= MAX_BYTES and picture.overlaps == []
    assert [s.n for s in picture.sources] == picture.marks
    for s in picture.sources:  # every mark traces to a sentence quoted exactly from its article
        assert s.quote in (ROOT / "corpus" / s.path).read_text(encoding="utf-8")


@pytest.mark.slow
def test_engine_draws_an_ego_graph_for_a_person(seed_engine):
    events, picture = seed_engine.meetings_picture("Blinken")
    assert picture.view == "ego" and "Antony Blinken" in picture.labels
    assert picture.marks == list(range(1, len(events) + 1))
    assert {"Lloyd Austin", "Toshimitsu Motegi"} <= set(picture.labels)


@pytest.mark.slow
def test_plot_writes_the_png_and_prints_the_numbered_sources(seed_index_dir, tmp_path):
    out_png = tmp_path / "meetings.png"
    out = whomet("meetings", "--index", str(seed_index_dir), "--person", "Blinken", "--plot", str(out_png))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Wrote {out_png}") and png_size(out_png.read_bytes())
    assert "[1] " in out.stdout and '"' in out.stdout
    data = json.loads(whomet("meetings", "--index", str(seed_index_dir), "--plot", str(out_png), "--json",
                             "--since", "2021-03", "--until", "2021-03").stdout)
    assert data["plot"] == str(out_png) and data["view"] == "timeline" and data["meetings"] == len(data["marks"])
    assert (data["width"], data["height"]) == png_size(out_png.read_bytes())
    assert all(set(s) == {"n", "title", "path", "date", "quote"} for s in data["sources"])


@pytest.mark.slow
def test_since_until_filter_the_json_listing(seed_index_dir):
    out = whomet("meetings", "--index", str(seed_index_dir), "--json", "--since", "2021-03-05", "--until", "2021-03")
    assert out.returncode == 0, out.stderr
    dates = [json.loads(line)["date"]["iso"] for line in out.stdout.splitlines()]
    assert dates and all("2021-03-05" <= d <= "2021-03-31" for d in dates)


@pytest.mark.slow
def test_nothing_to_draw_bad_dates_and_bad_files_write_nothing(seed_index_dir, tmp_path):
    target = tmp_path / "none.png"
    out = whomet("meetings", "--index", str(seed_index_dir), "--person", "Kishi", "--since", "2030-01",
                 "--plot", str(target))
    assert out.returncode == 0 and out.stdout.strip() == (
        "No meetings found with Kishi, since 2030-01; no picture was written.") and not target.exists()
    cases = [(["--since", "2021-02-30", "--plot", str(target)], "the since date '2021-02-30' is not a date"),
             (["--until", "2021-04-", "--json"], "the until date '2021-04-' is not a date"),
             (["--since", "2021-05", "--until", "2021-04", "--plot", str(target)], "after the until date"),
             (["--plot", str(tmp_path / "x.jpg")], "ending in .png"),
             (["--plot", str(tmp_path / "missing" / "x.png")], "does not exist")]
    for args, says in cases:
        out = whomet("meetings", "--index", str(seed_index_dir), *args)
        assert out.returncode == 2 and says in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)
        assert len(out.stderr.strip().splitlines()) == 1 and out.stdout == ""
    assert list(tmp_path.iterdir()) == []


ASK_WITHOUT_PLOTTING = """
import sys
from bot.cli.commands import cli
from bot.config import Config
from bot.engine import Engine
engine = Engine(Config(index_dir=sys.argv[1]), build_if_missing=False)
engine.ask("Who did Kishi meet?")
engine.meetings("Kishi")
cli.main(["ask", "When will Blinken meet Wang Yi?", "--index", sys.argv[1]], standalone_mode=False)
print(sorted(m for m in sys.modules if m.split(".")[0] in {"matplotlib", "networkx", "PIL", "openai"}
             or m in {"bot.plot", "bot.answer.llm"}))
"""


@pytest.mark.slow
def test_asking_never_imports_the_plotting_or_language_model_libraries(seed_index_dir):
    """Default config (extractive answers): neither matplotlib nor openai is loaded by ask, meetings or the CLI."""
    out = subprocess.run([sys.executable, "-c", ASK_WITHOUT_PLOTTING, str(seed_index_dir)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Thursday" in out.stdout and out.stdout.strip().splitlines()[-1] == "[]"


def test_plot_without_matplotlib_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    result = CliRunner().invoke(cli, ["meetings", "--index", str(tmp_path / "ix"), "--plot", str(tmp_path / "m.png")])
    assert result.exit_code == 2 and "pip install 'whomet[plot]'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "ix").exists() and not (tmp_path / "m.png").exists()


class NothingToDraw:
    def __init__(self, events: list) -> None:
        self.events = events

    def meetings_picture(self, person=None, since=None, until=None):
        return self.events, None


def test_nothing_to_draw_says_why_and_writes_no_file(tmp_path, capsys):
    from bot.cli.picture import write_picture

    target = tmp_path / "m.png"
    write_picture(NothingToDraw([]), target, "Kishi", None, "2021-03", as_json=False)
    write_picture(NothingToDraw(["unnamed"]), target, None, None, None, as_json=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "No meetings found with Kishi, until 2021-03; no picture was written."
    assert json.loads(lines[1]) == {"plot": None, "meetings": 1, "message": "None of the 1 meeting(s) found names "
                                    "who took part; no picture was written."}
    assert not target.exists()
