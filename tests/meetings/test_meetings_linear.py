"""Meeting extraction works in time linear in the text, also on one long line without sentence punctuation.

Work is counted, not timed: the number of Python and C function calls made while extracting (sys.setprofile), which
does not depend on the machine. The shortcuts that make the work local (token tables, reading a subject only after
the last word that ends every list, the indexed cast) are checked against the plain whole-sentence reads they
replace, on generated sentences.
"""

from __future__ import annotations

import random
import re
import sys

import pytest

from bot.meetings import actors, frames
from bot.meetings.cast import Cast
from bot.meetings.extract import PatternMeetingExtractor
from bot.meetings.people import Mention, find_people, tokens
from bot.records import Article
from bot.text.names import same_person

_FIRST = "Anna Lars Maria Jonas Elena Pedro Yuki Omar Ines Viktor Sara Tomas".split()
_LAST = "Berg Holm Costa Novak Sato Haddad Lind Moreno Weber Tanaka Rossi Silva".split()
_TITLES = ["Minister", "President", "Ambassador"]
_PLACES = ["Oslo", "Lisbon", "Nairobi", "Lima"]
_FILLER = "the delegation discussed regional security situation with ministers from Tokyo and Beijing".split()
# Measured: about 300 calls a word on the dense line (a meeting every 12 words), 22-30 on the sparse one.
DENSE_CALLS_PER_WORD = 400
SPARSE_CALLS_PER_WORD = 40


class _OverBudget(Exception):
    pass


def _meeting(r: random.Random) -> str:
    return (f"{r.choice(_TITLES)} {r.choice(_FIRST)} {r.choice(_LAST)} met {r.choice(_TITLES)} {r.choice(_FIRST)} "
            f"{r.choice(_LAST)} in {r.choice(_PLACES)}")


def _dense_line(words: int, seed: int) -> str:
    """"Minister Anna Berg met President Lars Holm in Oslo and discussed trade ..." without a full stop."""
    r, out = random.Random(seed), []
    while len(out) < words:
        out += f"{_meeting(r)} and discussed trade".split()
    return " ".join(out[:words])


def _sparse_line(words: int, seed: int) -> str:
    """150 words of filler, then a meeting, and again, without a full stop."""
    r, out = random.Random(seed), []
    while len(out) < words:
        out += [_FILLER[(len(out) + k) * 7 % len(_FILLER)] for k in range(150)] + _meeting(r).split()
    return " ".join(out[:words])


def _extract_counting(text: str, budget: int):
    """(function calls made, events) extracting `text`; stops with _OverBudget past `budget` calls."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1
            if calls > budget:
                raise _OverBudget(f"over {budget} calls")

    article = Article("long", "long.txt", "", None, None, None, text, "h")
    extractor = PatternMeetingExtractor()
    before = sys.getprofile()
    sys.setprofile(count)
    try:
        events = extractor.extract(article)
    finally:
        sys.setprofile(before)
    return calls, events


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load the word lists and GeoNames once, so that no measurement pays for them."""
    PatternMeetingExtractor().extract(Article("w", "w", "", None, None, None, _dense_line(300, 0), "h"))


def test_work_grows_linearly_with_one_long_unpunctuated_line():
    calls = {}
    for words in (2000, 4000, 8000):
        calls[words], events = _extract_counting(_dense_line(words, seed=words), DENSE_CALLS_PER_WORD * words)
        assert events
    assert calls[4000] / calls[2000] < 2 * 1.15
    assert calls[8000] / calls[2000] < 4 * 1.15


def test_a_200k_word_line_with_meeting_words_extracts_in_bounded_work():
    text = _sparse_line(200_000, seed=1)
    calls, events = _extract_counting(text, SPARSE_CALLS_PER_WORD * 200_000)
    assert calls <= SPARSE_CALLS_PER_WORD * 200_000
    assert len(events) > 100
    from bot.text.sentences import MAX_SENTENCE_CHARS  # every event cites a window, not the 1.3 MB line

    assert all(len(c.quote) <= MAX_SENTENCE_CHARS for e in events for c in e.citations)


def _unique_word(k: int, head: str) -> str:
    out = head
    while True:
        out, k = out + "abcdefghijklmnopqrstuvwxyz"[k % 26], k // 26
        if not k:
            return out


def _growing_meeting(sentences: int) -> str:
    """One group meeting that every later sentence gives another topic and another attendee."""
    return "Minister Anna Berg and President Lars Holm held talks in Oslo on Tuesday. " + " ".join(
        f"They discussed the export quota for region {_unique_word(k, 'Ru')} and the talks were attended by "
        f"Ambassador {_unique_word(k, 'Ka')} {_unique_word(k, 'Mo')}." for k in range(sentences))


def test_an_event_gathering_people_topics_and_citations_costs_the_same_per_sentence():
    calls = {}
    for n in (250, 1000):
        calls[n], events = _extract_counting(_growing_meeting(n), 1500 * n)
        talks = max(events, key=lambda e: len(e.participants))
        assert len(talks.participants) == len(talks.topics) == n and len(talks.citations) > 2 * n
    assert calls[1000] / calls[250] < 4 * 1.15


def test_merge_compares_no_names_of_events_that_cannot_be_the_same_meeting(monkeypatch):
    from bot.meetings import merge
    from bot.meetings.records import MeetingEvent, Participant

    def event(*names: str, group: bool = False) -> MeetingEvent:
        ev = MeetingEvent(id="", participants=[Participant(n) for n in names])
        ev.evidence = {"group": group, "dates": [], "windows": [], "area": set()}
        return ev

    compared = []
    monkeypatch.setattr(merge, "_overlap", lambda a, b: compared.append((a, b)) or 0)
    assert not merge.compatible(event("Anna Berg", "Lars Holm"), event("Anna Berg", "Lars Holm", "Omar Haddad"))
    assert not merge.compatible(event("Anna Berg", "Lars Holm", group=True), event("Anna Berg", "Lars Holm", "X Y"))
    assert compared == []  # a pair is never the same meeting as a trio; a group never absorbs a larger meeting


def test_an_over_long_sentence_is_read_in_windows_that_keep_every_word():
    from bot.text.sentences import MAX_SENTENCE_CHARS, sentences, windows

    text = _dense_line(3000, seed=3)
    parts = sentences(f"Short one. {text}. Last one.")
    assert parts[0] == "Short one." and parts[-1] == "Last one."
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in parts)
    assert " ".join(parts[1:-1]) == text + "."  # cut at spaces only, nothing lost or repeated
    assert windows("a" * 45, 20) == ["a" * 20, "a" * 20, "a" * 5]  # no space: a hard cut
    assert windows("short", 20) == ["short"]


def test_sentence_joins_are_kept():
    from bot.text.sentences import sentences

    assert sentences("Japan-U.S. alliance talks began. They met.") == ["Japan-U.S. alliance talks began.", "They met."]
    assert sentences("First para.\nSecond para. Third.") == ["First para.", "Second para.", "Third."]


# The plain whole-sentence reads that the local ones replace.

def _chain_reference(sent: str, lo: int, hi: int, taken: list[Mention], forward: bool) -> list[Mention]:
    toks = [t for t in tokens(sent) if lo <= t[1] and t[2] <= hi]
    found: list[Mention] = []
    i = 0
    while i < len(toks):
        held = next((m for m in taken if m.start <= toks[i][1] < m.end), None)
        if held:
            found.append(held)
            while i < len(toks) and toks[i][1] < held.end:
                i += 1
            continue
        m, nxt = actors._read(sent, toks, i)
        k, into = next(((k, t) for k in range(i + 1, min(nxt, len(toks))) for t in taken
                        if t.start <= toks[k][1] < t.end), (None, None))
        if into is not None and into.role and not (m and m.kind == "person" and m.end >= into.end):
            m, nxt = None, k  # a read running into a taken titled person gives nothing unless it gives them
        if m:
            found.append(m)
        i = max(nxt, i + 1)
    out: list[Mention] = []
    edge, links = (lo if forward else hi), []
    for m in found if forward else found[::-1]:
        gap = sent[edge : m.start] if forward else sent[m.end : edge]
        if not (actors._LINK.match(gap) if out else (actors._LEAD.fullmatch(gap) if forward else not gap.strip())):
            break
        links += [bool(re.search(r"\band\b|&", gap))] if out else []
        out.append(m)
        edge = m.end if forward else m.start
    while links and not (links[-1] if forward else links[0]):
        links.pop()
        out.pop()
    return out


_WORDS = ("Anna Berg|Lars Holm|Japan|Japanese|U.S.|South Korea|EU|officials|delegation|of|for|&|de|al|and|the|both|,|"
          "met|in|with|said|x-the|aND|(|;|Ministry|Council|Officials|Talks|NATO|OPEC|'s|Tokyo|Foreign|Affairs|"
          "Minister|Prime Minister Kishi|the ministers|Anna|Reuters|1987|594|Bank of Japan|leaders|side").split("|")


def _shown(ms: list[Mention], taken: list[Mention]) -> list[tuple]:
    return [(m.name, m.start, m.end, m.kind, m.country, next((k for k, t in enumerate(taken) if t is m), None))
            for m in ms]


def test_chain_reads_what_a_read_of_the_whole_slot_reads():
    r = random.Random(11)
    for _ in range(1500):
        sent = " ".join(r.choice(_WORDS) for _ in range(r.randint(1, 40)))
        taken = [m for m in find_people(sent) if r.random() < 0.7]
        for _ in range(r.randint(0, 3)):  # mentions anywhere, overlapping or starting inside a word
            a = r.randrange(len(sent))
            taken.append(Mention("X Y", a, min(len(sent), a + r.randint(1, 15))))
        lo, hi = sorted(r.randrange(len(sent) + 1) for _ in range(2))
        for forward in (True, False):
            got = actors.chain(sent, lo, hi, taken, forward)
            want = _chain_reference(sent, lo, hi, taken, forward)
            assert _shown(got, taken) == _shown(want, taken), (sent, lo, hi, forward)


_AUX_TEXT = ("has|been|expected|to|,|face-to-face|on Tuesday|last week|each other|both|met|Anna Berg|said|"
             "a top adviser to Clinton|chairman of Acme|"
             "it|ſaid|İs|pre-had|x_has|and|Tuesday|2021|-|;|  |officials|HAS|Later").split("|")


def test_subject_slot_matches_a_search_of_the_whole_head():
    r = random.Random(12)
    for _ in range(3000):
        masked = " ".join(r.choice(_AUX_TEXT) for _ in range(r.randint(0, 25))) + " met Lars Holm"
        at = masked.rindex(" met")
        aside = actors._ASIDE.search(masked[:at])  # "X, chairman of Y, met": the slot ends before the aside
        head = masked[: aside.start("aside") if aside else at]
        aux = actors._AUX.search(head)
        hi = aux.start() if aux else len(head)
        cut = [m.end() for m in actors._CLAUSE.finditer(head[:hi])]
        assert actors.subject_slot(masked, at) == ((cut[-1] if cut else 0), hi), masked


def test_ends_with_matches_a_search_of_the_whole_span():
    r = random.Random(13)
    pieces = ["said", "Said", "unsaid", "the", "of", "under", "x", "  ", "\t", ",", "ſaid", "reported", "thunder"]
    patterns = [(frames.SPEECH, frames._SPEECH_LONGEST), (actors._THE, 3), (re.compile(r"\b(?:of|under)\s+$"), 5)]
    for _ in range(4000):
        text = "".join(r.choice(pieces) + r.choice(["", " "]) for _ in range(r.randint(0, 12)))
        lo, hi = sorted(r.randrange(len(text) + 1) for _ in range(2))
        for pattern, longest in patterns:
            assert frames.ends_with(pattern, longest, text, lo, hi) == bool(pattern.search(text[lo:hi])), text


def test_cast_look_ups_match_a_scan_of_every_mention():
    r = random.Random(14)
    names = [f"{f} {la}" for f in _FIRST[:4] for la in _LAST[:4]] + ["Anna", "Berg", "Antony Blinken",
                                                                         "Anthony Blinken"]
    roles = [None, "Minister", "Foreign Minister", "President", "Prime Minister", "Ambassador"]
    countries = [None, "Japan", "Norway"]
    cast = Cast()
    for n in range(400):
        cast.read("The ministers met.")  # settles the mentions so far, as a sentence does
        for _ in range(r.randint(0, 3)):
            cast.people.append(Mention(r.choice(names), 0, 1, r.choice(roles), r.choice(countries)))
        if n % 3:
            cast.settle()
        probe = Mention(r.choice(names), 0, 1, r.choice(roles), r.choice(countries))
        same = [p for p in cast.people if same_person(p.name, probe.name) or p.name == probe.name]
        want = (probe.name, probe.role or next((p.role for p in same if p.role), None),
                probe.country or next((p.country for p in same if p.country), None))
        got = cast.participant(probe)
        assert (got.name, got.role, got.country) == want
        head, country = r.choice(["minister", "president", "prime minister"]), r.choice(countries)
        seen: dict[str, Mention] = {}
        for p in cast.people:
            first_country = next((q.country for q in cast.people if q.name == p.name and q.country), None)
            if p.role and head in p.role.lower() and (country is None or first_country in (None, country)):
                seen.setdefault(p.name, p)
        assert [p.name for p in cast.with_role(head, country)] == list(seen)


def _meeting_on(day: str, text: str, n: int):
    return PatternMeetingExtractor().extract(Article(f"a{n}", f"a{n}", "", day, None, None, text, f"a{n}"))


def test_merge_checks_a_name_only_against_meetings_reported_near_in_time(monkeypatch):
    from datetime import date, timedelta

    from bot.meetings import merge

    start = date(1980, 1, 1)
    events = []
    for n in range(400):  # one name in 400 meetings a week apart, each with someone else: none are the same
        day = (start + timedelta(weeks=n)).isoformat()
        events += _meeting_on(day, f"President Lars Holm met Minister {_FIRST[n % 12]} {_LAST[n // 12 % 12]}{n} "
                                   "in Oslo.", n)
    checked = []
    real = merge.compatible
    monkeypatch.setattr(merge, "compatible", lambda a, b: checked.append(1) or real(a, b))
    merged = merge.merge(events)
    assert len(merged) == 400
    assert len(checked) < 400 * 14  # each meets at most the ~13 others reported within two 45-day periods


def test_merge_still_joins_reports_across_a_period_boundary_and_after_an_earlier_report_moves_an_event_back():
    from datetime import date

    from bot.meetings.merge import merge

    text = "President Lars Holm met Minister Anna Berg in Oslo."
    a, b = _meeting_on("1987-03-02", text, 1), _meeting_on("1987-04-10", text, 2)  # 39 days apart
    assert len(merge(a + b)) == 1
    base = 45 * (date(1987, 6, 1).toordinal() // 45) + 10  # a day 10 days into a 45-day period
    days = [date.fromordinal(base - back).isoformat() for back in (0, 40, 80)]  # periods p, p-1 and p-2
    reports = [_meeting_on(day, text, 3 + n) for n, day in enumerate(days)]
    (one,) = merge(reports[0] + reports[1] + reports[2])  # the third is 40 days before the second, which moved the
    assert one.reported == sorted(days)  # merged event back: 80 days before the first report, yet the same meeting


def test_merge_by_report_period_joins_exactly_what_checking_every_earlier_meeting_joins():
    import copy
    from datetime import date, timedelta

    from bot.meetings import merge
    from bot.meetings.records import MeetingEvent, Participant

    def reference(events):  # each event against every merged one sharing a block key, in order: no period index
        out, keys_of = [], []
        for ev in events:
            keys = merge._blocks(ev)
            at = next((i for i, o in enumerate(out) if keys_of[i] & keys and merge.compatible(o, ev)), None)
            if at is None:
                out.append(ev)
                keys_of.append(set(keys))
            else:
                merge.absorb(out[at], ev)
                keys_of[at] |= keys
        return out

    rng, names = random.Random(5), ["Anna Berg", "Lars Holm", "Maria Costa", "Omar Haddad", "Berg", "Yuki Sato"]
    for _round in range(20):
        events = []
        for n in range(120):
            who = [Participant(x) for x in rng.sample(names, rng.choice([1, 2, 3]))]
            ev = MeetingEvent(id=f"e{n}", kind="meeting", participants=who)
            ev.evidence = {"group": rng.random() < 0.4, "dates": [], "windows": [], "area": set()}
            day = date(1987, 1, 1) + timedelta(days=rng.randrange(200))
            ev.reported = [day.isoformat()] if rng.random() < 0.9 else []
            events.append(ev)
        want = reference(copy.deepcopy(events))
        got = merge.merge(copy.deepcopy(events))
        assert [([p.name for p in e.participants], e.reported) for e in got] == [
            ([p.name for p in e.participants], e.reported) for e in want]
