"""Who/where/what questions with gold answers, generated from the RAMS dev annotations (read from ../shared/data).

Each RAMS example is a 5-sentence news window with one annotated event (trigger and typed argument roles). For
every argument whose span is a usable answer, one question is asked about it, naming another argument of the same
event that is a capitalised span (the anchor) and quoting the trigger word; the question asks about the future
("Who will be...") when the trigger's sentence tells of plans (bot.answer.patterns.about_future), else the past:

    Who was the <role> in the "<trigger>" event involving <anchor>?
    Where did the "<trigger>" event involving <anchor> take place?        (place; origin / destination likewise)
    What was the <role> in the "<trigger>" event involving <anchor>?

The wh-word comes from the RAMS role type alone (WHERE_ROLES / WHAT_ROLES, every other role is "who"); no rule looks
at a name or an article. Gold: the answer span's text and the sentence holding it. Spans that are pronouns, shorter
than two letters, or contained in the question are skipped. The corpus a benchmark indexes is one file per distinct
window (tokens joined by spaces, a sentence a paragraph), so gold spans are found verbatim in the indexed text.
The group for cross-validation is the article (`source_url`): windows of one article never straddle a split.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from bot.answer.patterns import about_future

WHERE_ROLES = {"place": "Where {did} the \"{t}\" event involving {a} take place?",
               "origin": "Where {did} the \"{t}\" event involving {a} start from?",
               "destination": "Where {did} the \"{t}\" event involving {a} go to?",
               "placeofemployment": "Where {was} the place of employment in the \"{t}\" event involving {a}?",
               "gpe": "Where {did} the \"{t}\" event involving {a} take place?"}
WHAT_ROLES = {"artifact", "instrument", "target", "crime", "money", "vehicle", "observedentity", "inspectedentity",
              "artifactmoney", "territoryorfacility", "law", "fireexplosionobject", "monitoredentity", "crashobject",
              "result", "ballot"}
ROLE_WORDS = {"judgecourt": "judge or court", "damagerdestroyer": "damager or destroyer", "artifactmoney": "money",
              "observedentity": "observed entity", "inspectedentity": "inspected entity", "governmentbody":
              "government body", "territoryorfacility": "territory or facility", "fireexplosionobject": "object",
              "monitoredentity": "monitored entity", "crashobject": "crashed object", "driverpassenger": "driver",
              "otherparticipant": "other participant"}
PRONOUNS = frozenset("""i me my we us our you your he him his she her it its they them their this that these those
    who whom which what here there""".split())


@dataclass(frozen=True)
class GeneratedQuestion:
    """One question: its gold answer span, the gold sentence, the window (doc) it comes from and its article."""

    qid: str
    question: str
    kind: str  # who | where | what
    role: str
    answer: str
    sentence: str
    doc: str  # the corpus file name of the window
    group: str  # the article (source_url): the unit of every split


def window_name(sentences: list[str]) -> str:
    """The corpus file of a window: named by a digest of its text, so identical windows share one file."""
    return "rams_" + hashlib.sha1("\n".join(sentences).encode()).hexdigest()[:16] + ".txt"


def _role(label: str) -> str:
    return re.sub(r"^evt\d+arg\d+", "", label)


def _usable(span: str) -> bool:
    return span.lower() not in PRONOUNS and len(re.sub(r"[^A-Za-z0-9]", "", span)) >= 2


def _question(role: str, trigger: str, anchor: str, future: bool) -> tuple[str, str]:
    did, was = ("will", "will be") if future else ("did", "was")
    if role in WHERE_ROLES:
        return "where", WHERE_ROLES[role].format(t=trigger, a=anchor, did=did, was=was)
    word = ROLE_WORDS.get(role, role)
    kind = "what" if role in WHAT_ROLES else "who"
    return kind, f"{kind.capitalize()} {was} the {word} in the \"{trigger}\" event involving {anchor}?"


def rams_questions(path: Path) -> list[GeneratedQuestion]:
    """Every question the RAMS dev file allows (one per usable argument with a capitalised anchor)."""
    out: list[GeneratedQuestion] = []
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        tokens = [t for s in row["sentences"] for t in s]
        texts = [" ".join(s) for s in row["sentences"]]
        starts, total = [], 0
        for s in row["sentences"]:
            starts.append(total)
            total += len(s)
        t_start, t_end = row["evt_triggers"][0][:2]
        trigger = " ".join(tokens[t_start : t_end + 1]).lower()
        future = about_future(texts[max(i for i, s in enumerate(starts) if s <= t_start)])
        args = [(" ".join(tokens[a[1][0] : a[1][1] + 1]), a[1][0], _role(a[2])) for a in row["gold_evt_links"]]
        for answer, start, role in args:
            if not _usable(answer):
                continue
            anchors = [a for a, _, r in args if a != answer and a[:1].isupper() and _usable(a)
                       and a.lower() not in answer.lower() and answer.lower() not in a.lower()]
            if not anchors:
                continue
            kind, text = _question(role, trigger, anchors[0], future)
            if answer.lower() in text.lower():
                continue
            sent = texts[max(i for i, s in enumerate(starts) if s <= start)]
            qid = f"{row['doc_key']}:{start}:{role}"
            out.append(GeneratedQuestion(qid, text, kind, role, answer, sent, window_name(texts), row["source_url"]))
    return out


def write_windows(path: Path, out_dir: Path) -> int:
    """Write every distinct RAMS window as a corpus file (a sentence a paragraph); returns how many."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = set()
    for line in open(path, encoding="utf-8"):
        texts = [" ".join(s) for s in json.loads(line)["sentences"]]
        name = window_name(texts)
        if name not in names:
            names.add(name)
            (out_dir / name).write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return len(names)


MEETING_TEMPLATES = {"participants": "Who {was} the participant in the \"{t}\" event involving {a}?",
                     "place": "Where {did} the \"{t}\" event involving {a} take place?",
                     "time": "When {did} the \"{t}\" event involving {a} take place?",
                     "topic": "What {was} the topic of the \"{t}\" event involving {a}?"}


def meeting_questions(shared: Path) -> list[GeneratedQuestion]:
    """Questions from the GENEVA and WikiEvents meeting events (data/*/meetings.jsonl): each role answered, anchored
    on a capitalised participant, in the templates of RAMS (never fitted on: a second, held-out check)."""
    out = []
    for dataset in ("geneva", "wikievents"):
        for line in open(shared / f"data/{dataset}/meetings.jsonl", encoding="utf-8"):
            ev = json.loads(line)
            people = [p for p in ev.get("participants_resolved") or ev["participants"] if p and _usable(p)]
            anchors = [p for p in people if p[:1].isupper()]
            roles = [("participants", p) for p in people] + [(r, ev[r]) for r in ("place", "time", "topic") if ev[r]]
            did, was = ("will", "will be") if about_future(ev["sentence"]) else ("did", "was")
            for role, answer in roles:
                anchor = next((a for a in anchors if a.lower() not in answer.lower()
                               and answer.lower() not in a.lower()), None)
                if anchor is None or not _usable(answer):
                    continue
                text = MEETING_TEMPLATES[role].format(t=ev["trigger"].lower(), a=anchor, did=did, was=was)
                kind = text.split()[0].lower()
                qid = f"{dataset}:{ev['doc_id']}:{ev['trigger_tokens'][0]}:{role}:{answer}"
                out.append(GeneratedQuestion(qid, text, kind, role, answer, ev["sentence"],
                                             f"{dataset}_{ev['doc_id']}.txt", f"{dataset}:{ev['doc_id']}"))
    return out


def write_meeting_docs(shared: Path, out_dir: Path) -> int:
    """Every GENEVA document (its sentences, a paragraph each) and WikiEvents document as a corpus file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docs: dict[str, list[str]] = {}
    for split in ("val", "test"):
        for line in open(shared / f"data/geneva/raw/data_time_place/{split}.json", encoding="utf-8"):
            row = json.loads(line)
            docs.setdefault(f"geneva_{row['doc_id']}.txt", []).append(row["sentence"])
    for split in ("dev", "test"):
        for line in open(shared / f"data/wikievents/raw/{split}.jsonl", encoding="utf-8"):
            row = json.loads(line)
            docs[f"wikievents_{row['doc_id']}.txt"] = [row["text"]]
    for name, parts in docs.items():
        (out_dir / name).write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return len(docs)


def answer_right(sentence: str, gold: str) -> bool:
    """The definition every figure uses: the quoted sentence holds the gold span (case and spacing ignored)."""
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip().lower()

    return norm(gold) in norm(sentence)


if __name__ == "__main__":
    import argparse
    from collections import Counter

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rams", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/rams/dev.jsonlines")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    qs = rams_questions(args.rams)
    print(f"{len(qs)} questions from {len({q.doc for q in qs})} windows of {len({q.group for q in qs})} articles; "
          f"kinds {dict(Counter(q.kind for q in qs))}")
    for q in qs[: args.show]:
        print(f"  {q.question}  -> {q.answer!r}")
