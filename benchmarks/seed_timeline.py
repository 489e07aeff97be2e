"""Prints the seed corpus's meeting timeline as JSON (every field and citation), to diff one version against another.

The events are those the build writes: `extract_meetings` over corpus/ with the build's default extractor (patterns
and the learned-gated broad path), or `--patterns` for the patterns alone. Run it in two trees and diff the outputs:
    PYTHONPATH=$PWD python benchmarks/seed_timeline.py > /tmp/new.json   (and the same in the old tree)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--patterns", action="store_true", help="the pattern extractor alone")
    args = ap.parse_args()
    from bot.config import DEFAULT_MODEL
    from bot.embed.onnx import ensure_export
    from bot.index import build_cache
    from bot.ingest.corpus import read_corpus
    from bot.meetings import extract_meetings
    from bot.meetings.extract import PatternMeetingExtractor

    articles = list(read_corpus(args.corpus))
    x = PatternMeetingExtractor() if args.patterns else build_cache.broad_extractor(DEFAULT_MODEL,
                                                                                   ensure_export(DEFAULT_MODEL))
    events = extract_meetings(articles, x)
    json.dump([e.to_json() for e in events], sys.stdout, ensure_ascii=False, indent=1)
    print(f"\n{len(events)} events, {sum(len(e.citations) for e in events)} citations", file=sys.stderr)


if __name__ == "__main__":
    main()
