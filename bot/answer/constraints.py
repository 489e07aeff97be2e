"""What a question demands of its answer (slot, names, places, described people, dates) and checks against it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bot.answer.grounding import date_facts, evidence_of, terms
from bot.answer.question import DEMONYMS, HEADS, TITLE_WORDS, Question
from bot.answer.timeline import involves, names_person
from bot.meetings.geo import countries_of, country_name, is_place, sole_country
from bot.meetings.records import MeetingEvent, Participant
from bot.text.lexicon import COUNTRY_OF, PLURAL_ROLES, ROLE_SYNONYMS
from bot.text.names import name_in

# Nouns that make "which/what X" ask for people or for places.
_PEOPLE = r"officials?|ministers?|members?|leaders?|secretar(?:y|ies)|people|persons?|diplomats?|counterparts?|" \
          r"presidents?|premiers?|envoys?|representatives?|delegates?|delegations?|negotiators?|prime minister"
_GAP = r"(?:(?!(?:did|does|do|will|would|is|are|was|were|has|have|had|can|could|should)\b)[\w.-]+\s+)"
_WHICH_WHO = re.compile(rf"\b(which|what)\s+{_GAP}{{0,3}}?({_PEOPLE})\b", re.I)  # not "what did the officials"
_WHICH_WHERE = re.compile(rf"\b(which|what)\s+{_GAP}{{0,2}}?(countr(?:y|ies)|cit(?:y|ies)|places?|venues?)\b", re.I)
_TOPICS = re.compile(r"\b(discuss\w*|talk\w* about|about what|agenda|topics?|on the table)\b", re.I)
_RELATIVE_DAY = re.compile(r"\b(today|tomorrow|yesterday|tonight|next|last|this|early|mid|late)[- ](week|month|year|"
                           r"\w+day|January|February|March|April|May|June|July|August|September|October|November|"
                           r"December)\b|\b\d{1,2}[.:]\d\d\s*([AaPp]\.?[Mm]\.?)?", re.I)

# "at the Department of State": a whole capitalised name after a preposition (not "the Asian country").
_LOCATED = re.compile(r"\b(in|at|to|from|inside|near)\s+(?:the\s+)?((?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
                      r"[A-Z][\w-]+(?:\s+(?:of\s+)?[A-Z][\w-]+)*)\b(?!\s+(?!(?:and|on|in|at|for|to|from|with|by|as|the)\b)[a-z])")

# Common nouns that stand for people or for places: an answer to "who" or "where" need not be a name.
_PERSON_NOUNS = re.compile(
    r"\b(officials?|ministers?|leaders?|presidents?|spokes(?:man|men|woman|women|person)|police|polic(?:e|wo)m[ae]n|"
    r"soldiers?|troops?|militants?|rebels?|fighters?|protesters?|demonstrators?|students?|people|residents?|"
    r"victims?|civilians?|members?|workers?|lawmakers?|legislators?|officers?|authorities|government|army|forces|"
    r"agents?|judges?|prosecutors?|lawyers?|attorneys?|voters?|citizens?|migrants?|refugees?|children|child|boys?|"
    r"girls?|wom[ae]n|m[ae]n|persons?|patients?|inmates?|prisoners?|suspects?|gunm[ae]n|attackers?|terrorists?|"
    r"coach(?:es)?|players?|directors?|chiefs?|envoys?|diplomats?|ambassadors?|delegat(?:es?|ions?)|counterparts?|"
    r"secretar(?:y|ies)|chair(?:man|woman|person)?|executives?|allies|ally|famil(?:y|ies)|crowds?|guards?|staff|"
    r"employees?|doctors?|nurses?|teachers?|journalists?|reporters?|senators?|governors?|mayors?|kings?|queens?|"
    r"princes?|candidates?|supporters?|activists?|opponents?|critics?|experts?|investigators?|negotiators?)\b",
    re.I)
_PLACE_NOUNS = re.compile(
    r"\b(city|cities|towns?|villages?|capital|countr(?:y|ies)|states?|provinces?|regions?|areas?|districts?|"
    r"borders?|squares?|streets?|bases?|camps?|prisons?|hospitals?|schools?|universit(?:y|ies)|embass(?:y|ies)|"
    r"headquarters|airports?|ports?|sites?|stage|offices?|courthouse|parliament|buildings?|"
    r"churche?s?|mosques?|hotels?|overseas|abroad|property|territor(?:y|ies)|neighbou?rhoods?|coast|island)\b", re.I)


@dataclass(frozen=True)
class Described:
    """A participant described, not named: "Japanese Prime Minister" is (Japan, "prime minister")."""

    country: str | None
    role: str | None


@dataclass(frozen=True)
class Constraints:
    slot: str  # who | when | where | topics | why | what | how | yesno
    names: tuple[str, ...]  # people and organisations, matched strictly
    places: tuple[str, ...]  # places asked about; a city inside an asked country counts
    described: tuple[Described, ...]
    years: tuple[str, ...]
    months: tuple[str, ...]
    anchors: tuple[str, ...] = ()  # "after Japan": the answer is somewhere or someone else
    located: tuple[str, ...] = ()  # places the question puts the meeting in: "in Sweden"


def constraints_of(q: Question, people: Iterable[str] = ()) -> Constraints:
    """The question's constraints; a name that is someone in `people` (the archive's participants) is no place,
    however many towns share it ("Austin")."""
    people = list(people)
    places = tuple(n for n in q.names if is_place(n) and not any(names_person(p, n) for p in people))
    names = tuple(n for n in q.names if n not in places)
    located = tuple(p for p in places if re.search(rf"\b(in|at|inside|near)\s+(the\s+)?{re.escape(p)}\b", q.text))
    return Constraints(slot_of(q), names, places, described(q), q.years, q.months, q.anchors, located)


def slot_of(q: Question) -> str:
    """What must fill the answer: "which officials" asks who, "which countries" where, "what did they discuss"
    the topics."""
    text = q.text
    if q.kind == "what" and _WHICH_WHO.search(text):
        return "who"
    if q.kind == "what" and _WHICH_WHERE.search(text):
        return "where"
    if q.kind in ("what", "why") and _TOPICS.search(text):
        return "topics"
    return q.kind


def described(q: Question) -> tuple[Described, ...]:
    """Demonyms and titles of each capitalised run of the question, one described person per run."""
    out: list[Described] = []
    for span in q.spans:
        words = span.split()
        country = next((country_name(w) for w in words if w in DEMONYMS), None)
        role_words = [w for w in words if w in TITLE_WORDS]
        role = " ".join(role_words).lower() if any(w in HEADS for w in role_words) else None
        if country or role:
            out.append(Described(country, ROLE_SYNONYMS.get(role, role) if role else None))
    return tuple(dict.fromkeys(out))


def fits_role(p: Participant, role: str) -> bool:
    """Every word of the asked role is in the participant's ("prime minister" ~ "Prime Minister")."""
    have = {PLURAL_ROLES.get(w, w) for w in re.findall(r"[a-z]+", (p.role or "").lower())}
    have |= {w for r in have for w in ROLE_SYNONYMS.get(r, "").split()}
    return all(PLURAL_ROLES.get(w, w) in have for w in role.split())


def place_fits(asked: str, place: str | None) -> bool:
    """The event's place is the asked one, or lies inside the asked country."""
    if not place:
        return False
    if name_in(asked, place):
        return True
    asked_country = country_name(asked)
    return asked_country is not None and countries_of(place) <= countries_of(asked_country)


def event_fits(ev: MeetingEvent, c: Constraints) -> bool:
    """Every constraint of the question met by the event, and the asked slot filled."""
    if not all(involves(ev, n) or _about(ev, n) for n in c.names):
        return False
    for p in c.places:  # "in Sweden" is where, when the event's place is known; "Japan-U.S. talks" may be a party
        party = any(p2.country and p2.country == country_name(p) for p2 in ev.participants)
        if not place_fits(p, ev.place) and (not party or p in c.located and ev.place):
            return False
    named = [p for p in ev.participants if any(involves_one(p, n) for n in c.names)]
    others = [p for p in ev.participants if p not in named] or ev.participants
    for d in c.described:
        if not any((d.country is None or p.country == d.country) and (d.role is None or fits_role(p, d.role))
                   for p in (others if c.slot == "who" else ev.participants)):
            return False
    return fills_slot(ev, c)


def involves_one(p: Participant, name: str) -> bool:
    return involves(MeetingEvent(id="", participants=[p]), name)


def _about(ev: MeetingEvent, name: str) -> bool:
    """A name that is no participant may be their country, organisation or the kind of meeting."""
    about = " ".join([ev.kind or "", *(p.country or "" for p in ev.participants)])
    return name_in(name, about) or name in COUNTRY_OF and COUNTRY_OF[name] in about


def fills_slot(ev: MeetingEvent, c: Constraints) -> bool:
    if c.slot == "who":
        named = [p for p in ev.participants if any(involves_one(p, n) for n in (*c.names, *c.anchors))]
        return any(p.kind == "person" and p not in named for p in ev.participants)
    if c.slot == "when":
        return bool(ev.date_iso or ev.date_text)
    if c.slot == "where":
        return bool(ev.place) and not any(name_in(p, ev.place) for p in c.places) and not any(
            place_fits(a, ev.place) for a in c.anchors)
    if c.slot in ("topics", "why"):
        return bool(ev.topics)
    return False  # yes/no, how and other "what" questions are not answered from an event's fields


def passage_fits(c: Constraints, sentence: str, passage: str, asked: str) -> bool:
    """A passage sentence meets the described people (their country, their role somewhere in the passage) and
    can fill the slot."""
    for d in c.described:
        if d.country and d.country not in evidence_of(passage).countries:
            return False
        if d.role and not all(re.search(rf"\b{w}", passage, re.I) for w in d.role.split()):
            return False
    return sentence_fills(c, sentence, asked)


def sentence_fills(c: Constraints, sentence: str, asked: str) -> bool:
    """A passage sentence can answer the slot: a date for when, a place not asked about for where, a name for who."""
    if c.slot == "when":
        facts = date_facts(sentence)
        return bool(facts.years or facts.months or facts.days or facts.weekdays or _RELATIVE_DAY.search(sentence))
    if c.slot == "where":
        named = [t.text for t in terms(sentence) if t.kind == "name"]
        located = [m.group(2) for m in _LOCATED.finditer(sentence)]  # "at the Department of State"
        return any(_is_new_place(n, asked, c.anchors) for n in named) or any(
            _is_new(n, asked, c.anchors) for n in located) or _new_word(_PLACE_NOUNS, sentence, asked)
    if c.slot == "who":  # someone named, or people described ("the police", "two agents", "a 3-year-old boy")
        return any(t.kind == "name" and not name_in(t.text, asked) for t in terms(sentence)) or _new_word(
            _PERSON_NOUNS, sentence, asked)
    return True


def _new_word(nouns: re.Pattern, sentence: str, asked: str) -> bool:
    """A word of the class in the sentence that the question does not already say."""
    said = {m.group(0).lower() for m in nouns.finditer(asked)}
    return any(m.group(0).lower() not in said for m in nouns.finditer(sentence))


def _is_new_place(name: str, asked: str, anchors: tuple[str, ...]) -> bool:
    """The name is a place neither asked about nor inside (or around) a place the answer moves on from."""
    return is_place(name) and _is_new(name, asked, anchors)


def _is_new(place: str, asked: str, anchors: tuple[str, ...]) -> bool:
    said = evidence_of(asked).countries  # "U.S." asked: "the United States" is nothing new
    return (not name_in(place, asked) and COUNTRY_OF.get(place) not in said
            and not any(place_fits(a, place) or place_fits(place, a) for a in anchors))


def country_for_city(q: Question, mentions: Callable[[str], int] | None) -> tuple[Question, str, str] | None:
    """The question asked of the country instead, with the city and the country, when the one name of the question
    the whole index never mentions is a city (or state) lying in one country the index does mention."""
    if mentions is None:
        return None
    absent = [n for n in q.names if mentions(n) == 0]
    if len(absent) != 1 or absent[0] not in constraints_of(q).located:
        return None
    city = absent[0]
    country = sole_country(city)
    if country is None or mentions(country) == 0:
        return None
    words = set(city.lower().split())
    wider = replace(q, text=q.text.replace(city, country), asked=q.shown,
                    names=tuple(country if n == city else n for n in q.names),
                    spans=tuple(country if s == city else s for s in q.spans),
                    terms=tuple(t for t in q.terms if t not in words) + (country.lower(),))
    return wider, city, country


def the(country: str) -> str:
    """A country's name as written in running text: "the United States", "the Philippines", "India"."""
    plural = country.endswith("s") and not country.endswith(("ss", "us"))
    united = country.split()[0] in {"United", "Republic", "Kingdom", "Democratic", "Federated", "Czech"}
    return f"the {country}" if plural or united or " of " in country else country
