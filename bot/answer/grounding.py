"""Grounding checks: the names, dates and places of a cited sentence must occur in the text it cites."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.answer.question import STOPWORDS
from bot.text.lexicon import COUNTRY_OF, MONTH_ABBR, MONTHS, NOT_NAMES, WEEKDAYS

RESOLVE_DAYS = 13  # "next Tuesday" resolved from an article's date lies within two weeks of it
# "[1]", "[2][3]", "[1, 3]": the citation markers of an answer.
MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
_MARKER_RUN = re.compile(r"(?:\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\])+")
# Words a full stop follows without ending the sentence.
_ABBREVIATIONS = frozenset("""mr mrs ms dr prof gen sen rep gov adm lt col capt sgt st jr sr no vs etc inc corp ltd co
    dept est approx fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft""".split())
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_][\w’'\-]*")
_CONNECTORS = frozenset({"of", "de", "del", "der", "van", "von", "al", "bin", "la", "le", "du", "da", "di"})
_MONTH_NUMBER = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {k.lower(): v for k, v in MONTH_ABBR.items()}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-([0-3]\d)\b")
_DAY_MONTH = re.compile(rf"\b([0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})(?!\w)")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+([0-3]?\d)(?:st|nd|rd|th)?\b")
_MONTH_ONLY = re.compile(rf"\b({_MONTH})(?!\w)")
_YEAR = re.compile(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d-])")
# "U.S.", "United States", "American": one country, whichever form a claim and its evidence use.
_COUNTRY_FORMS = re.compile(r"(?<![\w.])(" + "|".join(re.escape(f) for f in sorted(COUNTRY_OF, key=len, reverse=True))
                            + r")(?!\w)")
_DATE_WORDS = frozenset(w.lower() for w in [*MONTHS, *WEEKDAYS, *MONTH_ABBR, "Sept"])
# Capitalised words that open sentences without naming anyone or anywhere.
_OPENERS = (STOPWORDS | {w.lower() for w in NOT_NAMES if w not in COUNTRY_OF}
            | {"according", "both", "during", "following", "after", "before", "later", "earlier", "together",
               "talks", "officials", "ministers", "leaders", "the"})


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer: its text without markers, and the passage numbers it cites."""

    text: str
    cited: tuple[int, ...]


@dataclass(frozen=True)
class Term:
    """A checkable part of a claim: a name, a place or a date, as written."""

    text: str
    kind: str  # name | place | date

    def __str__(self) -> str:
        return f"{self.text} ({self.kind})"


@dataclass(frozen=True)
class Verdict:
    """What the check found about one claim: `problem` is None when the claim is grounded."""

    claim: Claim
    problem: str | None = None
    missing: tuple[Term, ...] = ()

    @property
    def ok(self) -> bool:
        return self.problem is None


def markers(text: str) -> list[int]:
    """Every passage number cited in `text`, in order, repeats included."""
    return [int(n) for m in MARKER.finditer(text) for n in m.group(1).split(",")]


def split_claims(text: str) -> list[Claim]:
    """The sentences of an answer with the markers that follow or sit inside each (markers after a full stop
    belong to the sentence before it)."""
    claims: list[Claim] = []
    start = 0
    for end in _boundaries(text):
        piece = text[start:end].strip()
        start = end
        if not re.search(r"\w", MARKER.sub("", piece)):
            continue
        cited = tuple(dict.fromkeys(markers(piece)))
        plain = re.sub(r"\s+", " ", _MARKER_RUN.sub("", piece)).strip()
        plain = re.sub(r"\s+([.,;:!?])", r"\1", plain)
        claims.append(Claim(plain, cited))
    return claims


def _boundaries(text: str) -> list[int]:
    """Offsets where sentences end: after a terminator (and its markers), or after markers before a capital."""
    ends: list[int] = []
    for m in re.finditer(r"[.!?]+[\"”’)]*((?:\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\])*)(?=\s+\S|\s*$)", text):
        if not m.group(1) and (_inside_quotation(text, m.end()) or m.group(0).startswith(".")
                               and _abbreviation_before(text, m.start())):
            continue
        ends.append(m.end())
    for m in re.finditer(r"\[\d{1,3}(?:\s*,\s*\d{1,3})*\](?=\s+[\"“(]?[A-Z])", text):
        ends.append(m.end())
    return sorted(set(ends) | {len(text)})


def _inside_quotation(text: str, pos: int) -> bool:
    """True inside an open quotation: a speaker's several sentences make one claim with the "…," he said."""
    before = text[:pos]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1)
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token):  # "U.S", "J" of "J. Smith"
        return True
    return token.lower() in _ABBREVIATIONS


def terms(text: str) -> list[Term]:
    """The names, places and dates of a claim (places are names GeoNames or the country list knows)."""
    return [*_names(text), *(Term(d, "date") for d in _dates_written(text))]


def _names(text: str) -> list[Term]:
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    spans: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for i, (start, end, tok) in enumerate(tokens):
        word = re.sub(r"['’]s$", "", tok)
        capital = word[:1].isupper() and word.lower() not in _DATE_WORDS and word != "I"
        if capital and word[1:].islower() and word.lower() in STOPWORDS:
            capital = False  # "The" after a colon, "We" in a quote
        if i == 0 and capital and (word.lower() in _OPENERS or text[end : end + 1] == "," or word.endswith("ly")):
            capital = False  # "Meanwhile," "The", "Officially": capitalised because they open the sentence
        joined = current and text[last_end:start].strip() == ""
        if capital:
            if not joined:
                _close(spans, current)
                current = []
            current.append(word)
        elif word.lower() in _CONNECTORS and joined and i + 1 < len(tokens) and tokens[i + 1][2][:1].isupper():
            current.append(word)
        else:
            _close(spans, current)
            current = []
        last_end = end
    _close(spans, current)
    return [Term(" ".join(s), "name") for s in spans]


def _close(spans: list[list[str]], current: list[str]) -> None:
    while current and current[-1].lower() in _CONNECTORS:
        current.pop()
    if current:
        spans.append(list(current))


def _dates_written(text: str) -> list[str]:
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for rx in (_ISO, _DAY_MONTH, _MONTH_DAY, _MONTH_ONLY, _YEAR, _WEEKDAY):
        for m in rx.finditer(text):
            if rx is _MONTH_ONLY and m.group(1) == "May" and not re.search(r"(in|of|since|until|by)\s+$",
                                                                           text[: m.start()]):
                if not re.match(r"\s+(19|20)\d\d", text[m.end():]):
                    continue  # "May" the verb, not the month
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            found.append(m.group(0).rstrip("."))
    return found


@dataclass(frozen=True)
class DateFacts:
    """Dates reduced to comparable facts."""

    years: frozenset[str]
    months: frozenset[int]
    days: frozenset[tuple[int, int]]  # (month, day)
    weekdays: frozenset[str]


@lru_cache(maxsize=4096)
def date_facts(text: str) -> DateFacts:
    years: set[str] = set(_YEAR.findall(text))
    months: set[int] = set()
    days: set[tuple[int, int]] = set()
    for y, mo, d in _ISO.findall(text):
        years.add(y)
        months.add(int(mo))
        days.add((int(mo), int(d)))
    for d, mo in _DAY_MONTH.findall(text):
        days.add((_MONTH_NUMBER[mo.rstrip(".").lower()], int(d)))
    for mo, d in _MONTH_DAY.findall(text):
        days.add((_MONTH_NUMBER[mo.rstrip(".").lower()], int(d)))
    for mo in _MONTH_ONLY.findall(text):
        months.add(_MONTH_NUMBER[mo.rstrip(".").lower()])
    months |= {m for m, _ in days}
    weekdays = {w.lower() for w in _WEEKDAY.findall(text)}
    return DateFacts(frozenset(years), frozenset(months), frozenset(days), frozenset(weekdays))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english").stemWord


@dataclass(frozen=True)
class Evidence:
    """What a claim may rely on, prepared once: its words (as written and stemmed) and its dates."""

    words: frozenset[str]
    stems: frozenset[str]
    dates: DateFacts
    countries: frozenset[str]
    anchors: frozenset[date] = frozenset()  # full ISO dates in the text: the cited articles' own dates


@lru_cache(maxsize=4096)
def evidence_of(text: str) -> Evidence:
    words = {w.lower() for w in _TOKEN.findall(text)}
    words |= {re.sub(r"['’]s$", "", w) for w in words}
    words |= {part for w in words if "-" in w for part in w.split("-") if part}
    stem = _stemmer()
    countries = frozenset(COUNTRY_OF[m] for m in _COUNTRY_FORMS.findall(text))
    anchors = frozenset(_iso_day(m.group(0)) for m in _ISO.finditer(text)) - {None}
    return Evidence(frozenset(words), frozenset(stem(w) for w in words), date_facts(text), countries, anchors)


def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def content_stems(text: str) -> set[str]:
    """The stems of a text's words, stopwords left out: what "sharing words" with a claim means."""
    stem = _stemmer()
    return {stem(w.lower()) for w in _TOKEN.findall(text) if w.lower() not in STOPWORDS}


def missing_terms(claim: str, evidence: str) -> list[Term]:
    """The claim's names, places and dates that do not occur in `evidence` (empty: the claim is grounded)."""
    ev = evidence_of(evidence)
    missing = [t for t in _names(claim) if not _name_supported(t.text, ev)]
    missing += [Term(d, "date") for d in _dates_written(claim)
                if not _date_supported(d, ev.dates) and not _resolved_from_weekday(d, ev)]
    return [_labelled(t) for t in missing]


def _name_supported(name: str, ev: Evidence) -> bool:
    stem = _stemmer()
    for form in _COUNTRY_FORMS.findall(name):
        if " " in form:  # "United States" may be "U.S." in the evidence, "Japanese" may be "Japan"
            if COUNTRY_OF[form] not in ev.countries:
                return False
            name = name.replace(form, " ")
    for word in name.split():
        low = word.lower()
        if low in _CONNECTORS or low in ev.words or stem(low) in ev.stems:
            continue
        for part in (p for p in word.split("-") if p):
            if part.lower() in ev.words or stem(part.lower()) in ev.stems:
                continue
            if part in COUNTRY_OF and COUNTRY_OF[part] in ev.countries:
                continue
            return False
    return True


def _date_supported(written: str, facts: DateFacts) -> bool:
    claim = date_facts(written)
    if not claim.years <= facts.years or not claim.weekdays <= facts.weekdays:
        return False
    if not claim.days <= facts.days:
        return False
    return claim.months <= facts.months


def _resolved_from_weekday(written: str, ev: Evidence) -> bool:
    """An ISO day counted from a weekday a cited quote names ("next Tuesday") and a cited article's own date
    less than two weeks away: the resolution is checkable from the evidence, though no quote writes the day."""
    day = _iso_day(written) if _ISO.fullmatch(written) else None
    if day is None or WEEKDAYS[day.weekday()].lower()[:-3] not in ev.dates.weekdays:  # "tues" of "Tuesday"
        return False
    return any(0 < abs((day - anchor).days) <= RESOLVE_DAYS for anchor in ev.anchors)


def _labelled(term: Term) -> Term:
    if term.kind != "name":
        return term
    from bot.meetings.geo import is_place

    return Term(term.text, "place") if is_place(term.text) else term


def check_claim(claim: Claim, evidence: Mapping[int, str]) -> Verdict:
    """A claim is grounded when it cites at least one given passage, cites no other, and every name, place and
    date in it occurs in the passages it cites."""
    if not claim.cited:
        return Verdict(claim, "cites no passage")
    unknown = [n for n in claim.cited if n not in evidence]
    if unknown:
        return Verdict(claim, f"cites {', '.join(f'[{n}]' for n in unknown)}, which no passage given has")
    missing = missing_terms(claim.text, "\n".join(evidence[n] for n in claim.cited))
    if missing:
        return Verdict(claim, f"{', '.join(map(str, missing))} not in {_cited(claim)}", tuple(missing))
    return Verdict(claim)


def _cited(claim: Claim) -> str:
    return "".join(f"[{n}]" for n in claim.cited)


def audit(text: str, evidence: Mapping[int, str]) -> list[Verdict]:
    """Every claim of a finished answer checked against its cited evidence; a sentence with no marker is checked
    against everything the answer cites (an answer may cite once for two sentences)."""
    verdicts: list[Verdict] = []
    everything = "\n".join(evidence.values())
    for claim in split_claims(text):
        if claim.cited:
            verdicts.append(check_claim(claim, evidence))
            continue
        missing = missing_terms(claim.text, everything)
        problem = f"{', '.join(map(str, missing))} not in any cited quote" if missing else None
        verdicts.append(Verdict(claim, problem, tuple(missing)))
    return verdicts


def citation_evidence(citations: Iterable) -> dict[int, str]:
    """The text each citation number stands for: the quoted sentence, the article's title and its date."""
    return {c.n: "\n".join(x for x in (c.quote, c.title, c.date) if x) for c in citations}
