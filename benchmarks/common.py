"""Shared benchmark helpers: tables, percentiles, machine notes, the cold `whomet ask` timer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Who met the Japanese trade minister in Tokyo?", "Did Baker meet Stoltenberg in Paris?",
    "Which OPEC ministers met in Vienna?", "Who did Reagan meet about the trade deficit?",
    "When did the Group of Seven finance ministers meet?", "Who met Brazil's finance minister about the debt?",
    "Did Volcker meet with Japanese officials?", "Who held talks with Saudi Arabia's oil minister Hisham Nazer?",
    "What did the GATT negotiators discuss in Geneva?", "Who met the Soviet foreign trade officials?",
    "Did Nakasone meet Reagan in Washington?", "Who met the Philippine president about coconut exports?",
    "Which bankers met Mexican officials on the loan package?", "Who met in Brussels about farm subsidies?",
    "Did the Chrysler chairman meet American Motors?", "Who did the Ecuador energy minister meet?",
    "When did Gorbachev meet with US senators?", "Who met Argentine officials about wheat sales?",
    "What did the Bundesbank council discuss?", "Who met the Chinese premier in Beijing?",
]


def table(title: str, header: list[str], rows: list[list]) -> str:
    cells = [header] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [f"\n{title}", line, "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |", line]
    for r in cells[1:]:
        pairs = enumerate(zip(r, widths, strict=True))
        out.append("| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in pairs) + " |")
    out.append(line)
    text = "\n".join(out)
    print(text, flush=True)
    return text


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def pct(samples_s: list[float], q: float) -> float:
    """Percentile in milliseconds."""
    return float(np.percentile(np.asarray(samples_s) * 1000, q))


def machine_note() -> str:
    load = os.getloadavg()
    note = f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start"
    print(note, flush=True)
    return note


def cold_ask(index_dir: Path, question: str) -> tuple[float, str]:
    """Wall time of a fresh `whomet ask ... --json` process (interpreter start included)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "bot", "ask", question, "--index", str(index_dir), "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    dt = time.perf_counter() - t
    if run.returncode != 0:
        raise RuntimeError(f"whomet ask failed: {run.stderr[-500:]}")
    return dt, run.stdout


def dir_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
