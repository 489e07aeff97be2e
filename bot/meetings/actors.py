"""Untitled names, countries and organisations standing in the subject and object slots of meeting phrases."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache

from bot.meetings.frames import TIME_ADVERB, Needles, ends_with
from bot.meetings.geo import country_name, is_place, is_region
from bot.meetings.people import Mention, tokens
from bot.text.lexicon import COUNTRY_OF, DOMAIN_WORDS, NAME_PARTICLES, NOT_NAMES, TITLE_HEADS

# Words that end a company's registered name.
LEGAL_FORMS = {"Inc", "Corp", "Corporation", "Co", "Cos", "Ltd", "Limited", "Plc", "PLC", "NV", "N.V.", "AG", "SA",
               "S.A.", "SpA", "AB", "Bhd", "Berhad", "GmbH", "BV", "Oyj", "ASA", "Incorporated", "LP", "KK"}
ORG_WORDS = set(
    """Ministry Council Bank Union Party Agency Committee Commission Organization Organisation Association Federation
Fund Group Company Authority Board Institute University Administration Parliament
Congress Senate Assembly Court Department Office Bureau Front Movement Army Forces Community League Alliance
Secretariat Cabinet Club Exchange Reserve Coalition Chamber Trust Holdings Industries Airlines Bancorp Service
Services Police Government Embassy Mission Foundation Society Network Brigade Taskforce Cartel Caucus Workers
Steelworkers Mineworkers Machinists Teamsters Brotherhood Guild Confederation Consortium""".split()
) | (LEGAL_FORMS - {"N.V.", "S.A.", "KK"})  # the dotted forms and "KK" end a name for bodies.py only
# Lower-case heads that make a country or organisation word a participant: "Iranian officials", "the EC delegation".
GROUP = set(
    """officials official delegation delegations delegates government governments negotiators leaders leadership
authorities authority side team diplomats ministers representatives envoys executives bankers lawmakers
legislators regime military counterparts negotiating""".split()
)
# Capitalised words that open sentences or stand for groups of people, never a name on their own.
COMMON = {"Officials", "Negotiators", "Delegates", "Leaders", "Talks", "Police", "Everyone", "Nobody", "Someone",
          "Somebody", "Anyone", "Anybody", "Everybody", "Each",
          "Neither", "Either", "Who", "What", "Which", "Why", "How", "Where", "Members", "Representatives", "Experts",
          "Diplomats", "Sources", "Analysts", "Industry", "Management", "Workers", "Unions", "Protesters", "Both",
          "Two", "Three", "Mr", "Mrs", "Ms", "Dr", "Such", "Any", "All", "No", "Not", "Then", "There", "Here", "Today",
          "Yesterday", "Tomorrow", "So", "Yet", "Now", "Under", "Despite", "With", "Without", "By", "Of", "Thus",
          "Instead", "Asked", "Speaking", "Talking", "Meeting", "Visiting", "Once", "Until", "Unless", "Although",
          "Though", "Because", "Whether", "Even", "Only", "Just", "Most", "Few", "More", "Less", "Government", "Did",
          "Does", "Do", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "Will", "Would", "Can", "Could", "Should",
          "Must", "Shall", "May", "Might", "Let", "Please", "Inspector", "Officer", "Detective", "Sergeant"}
NOT_ORG = {"AP", "AFP", "UPI", "TV", "CEO", "GMT", "EST", "EDT", "PM", "AM", "OK", "II", "III", "IV", "NO", "US",
           "UK", "I"}
_STOP = NOT_NAMES | COMMON
_JOIN = {"of", "for", "&"} | NAME_PARTICLES
_COUNTRY_WORDS = {word for form in COUNTRY_OF for word in form.split()}
_LINK_WORDS = {"and", "the", "both", ",", "&"}  # what _LINK lets stand between the actors of a list
_THE = re.compile(r"\bthe\s+$")
# Words between a subject and its verb: "the Taliban said it met", "X and Y are expected to hold talks".
_AUX_WORDS = (
    r"has|have|had|will|would|could|can|may|might|shall|should|is|are|was|were|be|been|being|also|"
    r"later|then|first|reportedly|jointly|separately|again|finally|still|not|never|recently|already|due|set|"
    r"expected|scheduled|agreed|planned|plans|plan|hoped|hopes|hope|want|wants|wanted|began|begin|begins|started|"
    r"continued|continue|to|said|says|it|they|yesterday|today|tomorrow|tonight|privately|secretly|briefly|earlier|likely|"
    r"formally|officially|quietly|face|face-to-face|on\s+\w+day|last\s+week|this\s+week|held|hold|holds|holding|"
    r"each\s+other|both"
)
_AUX = re.compile(rf"(?:,?\s*\b(?:{_AUX_WORDS})\b,?)*\s*$", re.I)
# The words those phrases are made of ("\w+day" aside): any other word before a verb ends its run of auxiliaries.
_AUX_PIECES = {w for phrase in _AUX_WORDS.split("|") for w in re.split(r"\\s\+|-", phrase) if w.isalpha()}
_CLAUSE = re.compile(r"[;:()\"“”—]|\s[-–]\s|\b(?:that|when|where|which|who|while|after|before|because|as|if|"
                     r"since|although|but|said|says|told)\s+", re.I)
_LINK = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)?(?:the\s+|both\s+)?$", re.I)
# Nouns that say what a company or body is, right before its name: "regional carrier Air Atlanta Inc".
DESCRIBED = (r"(?-i:(?:[a-z][\w-]*\s+){0,2}(?:carrier|airline|carmaker|automaker|maker|firm|company|concern|bank|unit|"
             r"subsidiary|partner|producer|insurer|retailer|refiner|utility|conglomerate|chipmaker|manufacturer|giant|"
             r"rival|supplier|distributor|operator|developer|publisher|broker|brokerage|lender|miner|shipbuilder|"
             r"steelmaker|contractor|parent|agency|bidder|suitor|group)\s+(?=[A-Z<]|$))")
_LEAD = re.compile(r"^\s*(?:(?:several|many|two|three|\w+)\s+times\s+|again\s+|twice\s+|privately\s+|"
                   r"separately\s+|later\s+|" + TIME_ADVERB + r"\s+(?=with\b))?(?:with|between|among|to|and)?\s*"
                   r"(?:the\s+|both\s+|(?:senior\s+|top\s+)?(?:officials|representatives|leaders|delegations?)\s+"
                   r"(?:from|of)\s+(?:the\s+)?)?(?:" + DESCRIBED + ")?", re.I)
_DESCRIBED = re.compile(r"\s+" + DESCRIBED)
_OBJ_STOP = re.compile(r"\s(?:in|on|at|to|for|from|next|last|this|who|which|where|said|after|before|amid|as|via|"
                       r"during|until|over|about|regarding|but|since|earlier|later)\s|[;:]|(?<![A-Z])\.(?:\s|$)", re.I)
# A noun trigger has a subject only through a verb: "Iran and the EC held talks", not "the OPEC meeting".
HOLD = re.compile(r"\b(?:hold|holds|held|holding|had|have|has|began|begin|resumed?|open|opens|opened|attend(?:ed|s)?|"
                   r"join(?:ed|s)?|conclude[sd]?|ended|start(?:ed|s)?|enter(?:ed)?|wrapped\s+up|"
                   r"(?:is|are|was|were|been|remains?|remained)\s+in)\s+"
                   r"(?:the\s+(?:first|second|third|last|final|latest|next|opening|closing)\s+(?:(?:round|day|session|"
                   r"part)\s+)?of\s+)?"  # "held the first of a three-day meeting"
                   r"(?:[\w'-]+\s+){0,3}$", re.I)


def _cap(tok: str) -> bool:
    return tok[:1].isupper() and not tok.isdigit()


def acronym(tok: str) -> bool:
    """"OPEC", "NGOs", and a numbered group's short name ("G-7", "G-10")."""
    return bool(re.fullmatch(r"[A-Z]{2,6}s?|[A-Z]-\d{1,2}", tok)) and tok not in NOT_ORG and tok not in COUNTRY_OF


def _country_at(toks: list, i: int) -> int:
    for k in (3, 2, 1):
        if " ".join(t[0] for t in toks[i : i + k]) in COUNTRY_OF and i + k <= len(toks):
            return k
    return 0


def _read(sent: str, toks: list, i: int) -> tuple[Mention | None, int]:
    """One actor starting at token i: (mention or None, next token index)."""
    n = len(toks)
    k = _country_at(toks, i)
    if k:
        form = " ".join(t[0] for t in toks[i : i + k])
        j = i + k
        described = _DESCRIBED.match(sent, toks[j - 1][2]) if j < n and toks[j][0].islower() else None
        if described:  # "U.S. regional carrier Air Atlanta Inc": the company, not the country
            at = bisect_left([t[1] for t in toks], described.end())
            found, nxt = _read(sent, toks, at) if at < n else (None, at)
            if found and found.kind == "person" and " " not in found.name:
                found.kind = "organization"  # "British bank Barclays": one word a company's noun describes
            return (replace(found, start=toks[i][1]) if found else None), max(nxt, at)
        if j < n and _cap(toks[j][0]) and (toks[j][0] in ORG_WORDS | DOMAIN_WORDS or _company_ahead(toks, j)):
            return _org_run(sent, toks, i, COUNTRY_OF[form])  # "British Petroleum Co Plc": a company's name
        holder = _role_holder(sent, toks, i, j) if j < n and toks[j][0].islower() else None
        if holder:  # "Chinese leader Li Peng": the person, with the role and the country
            holder[0].country = COUNTRY_OF[form]
            return holder
        last = min(j + _MODIFIERS_MAX, n)
        at = next((k for k in range(j, last) if not _modifier(toks[k][0])), last)
        head = at < n and toks[at][0].lower() in GROUP  # "Iranian officials", "French export credit officials"
        ahead = any(t[0].lower() in GROUP for t in toks[j : j + 5])
        if head or COUNTRY_OF[form] == form or form in ("U.S.", "US", "UK", "U.K.", "Britain", "America", "EU") or (
                ahead and j < n and toks[j][0] in ("and", ",")):
            end = at + 1 if head else j
            return Mention(COUNTRY_OF[form], toks[i][1], toks[end - 1][2], None, COUNTRY_OF[form], kind="country"), end
        return None, j
    tok = toks[i][0]
    if not _cap(tok) or tok in NOT_NAMES or tok in COMMON:
        return None, i + 1
    return _org_run(sent, toks, i, None)


_MODIFIERS_MAX = 2  # words between a country and its group noun: "French export credit officials"
# Lower-case words that are no modifier of a group noun: "Brazil is negotiating", "the Mexican committee but bankers".
_NOT_MODIFIERS = _AUX_PIECES | {"and", "or", "but", "nor", "the", "a", "an", "of", "in", "on", "at", "for", "by",
                                "from", "with", "as", "last", "next", "this", "that", "its", "their", "his", "her"}


def _modifier(tok: str) -> bool:
    """Whether a word can stand between a country's adjective and a group noun ("Japanese finance officials")."""
    return tok.isalpha() and tok.islower() and tok not in GROUP and tok not in _NOT_MODIFIERS and not tok.endswith("ly")


def _company_ahead(toks: list, j: int) -> bool:
    """Whether the capitalised words from token j on end, within four, in a company's legal form ("Petroleum Co")."""
    for k in range(j, min(j + 4, len(toks))):
        if toks[k][0] in LEGAL_FORMS:
            return k > j
        if not _cap(toks[k][0]) or toks[k][0] in _STOP:
            return False
    return False



def _org_run(sent: str, toks: list, i: int, country: str | None):
    n, j = len(toks), i  # "United Auto Workers": a word never a name on its own may end a body's name
    while j < n and (_cap(toks[j][0]) and (toks[j][0] not in _STOP or j > i and toks[j][0] in ORG_WORDS)
                     or toks[j][0] in COUNTRY_OF
                     or (toks[j][0] in _JOIN and j > i and j + 1 < n
                         and (_cap(toks[j + 1][0]) or toks[j][0] == "of" and toks[j - 1][0] in ORG_WORDS
                              and _unit_number(toks[j + 1][0])))  # "Group of 10"
                     or (j > i and toks[j - 1][0] == "of" and _unit_number(toks[j][0]))):
        j += 1
    words = [t[0] for t in toks[i:j]]
    if not words:
        return None, i + 1
    j = _and_goes_on(toks, words, j)
    words = [t[0] for t in toks[i:j]]
    span_end = j + 1 if j < n and toks[j][0].lower() in GROUP else j
    text = sent[toks[i][1] : toks[j - 1][2]]
    holder = _role_holder(sent, toks, i, j) if j < n and toks[j][0].islower() else None
    if holder:
        return holder
    titled = _titled_holder(sent, toks, i, j)
    if titled:  # "Orvik Corp Chairman Per Lund": the person, with the body and the title as the role
        return titled, j
    if len(words) == 1 and _DEMONYM_WORD.search(words[0]) and _ROLE_NEXT.match(sent, toks[j - 1][2]):
        return None, j  # "Yugoslavian minister without portfolio X": a people's adjective before a role, no party
    if _no_party(sent, text, toks[i][1]):
        return None, j
    cty = country or next((COUNTRY_OF[w] for w in words if w in COUNTRY_OF), None)
    mk = lambda kind: Mention(text, toks[i][1], toks[span_end - 1][2], None, cty, kind=kind)  # noqa: E731
    if any(w in ORG_WORDS for w in words) or (len(words) == 1 and acronym(words[0])):
        return mk("organization"), span_end
    if country_name(text):
        return Mention(country_name(text), toks[i][1], toks[span_end - 1][2], None, country_name(text),
                       kind="country"), span_end
    if cty and span_end > j and all(w in _COUNTRY_WORDS or w in DOMAIN_WORDS for w in words):
        return Mention(cty, toks[i][1], toks[span_end - 1][2], None, cty, kind="country"), span_end  # "U.S. Trade"
    if any(w in COUNTRY_OF or w in DOMAIN_WORDS for w in words) or is_place(text):
        return None, j
    if j < n and _unit_number(toks[j][0]) and toks[j][1] == toks[j - 1][2] + 1:  # "Local 594": a unit and its number
        return Mention(sent[toks[i][1] : toks[j][2]], toks[i][1], toks[j][2], None, cty, kind="organization"), j + 1
    caps = [w for w in words if _cap(w)]
    if 2 <= len(caps) <= 3 and all(re.fullmatch(r"[A-Z][a-z’'-]+|[A-Z]\.|O['’][A-Z]\w+", w) for w in caps):
        if caps[-1] in _LAND_NOUNS:
            return None, j  # "Bass Straits", "Gaza Strip": a place's name, no person
        return mk("person"), j
    if len(words) == 1 and words[0].endswith("s") and COUNTRY_OF.get(words[0][:-1], words[0][:-1]) != words[0][:-1]:
        return mk("group"), span_end  # "the Soviets", "the Americans": a nation's people, as a group
    if len(words) == 1 and re.fullmatch(r"[A-Z][a-z’'-]{2,}", words[0]) and words[0][:-1] not in COUNTRY_OF:
        if i and toks[i - 1][0] in _COUNTRY_WORDS and toks[i - 1][2] + 1 == toks[i][1]:
            return None, j  # "the U.S. Proposal": a capitalised noun after a country's name, nobody's name
        the = ends_with(_THE, 3, sent, 0, toks[i][1])  # as _THE.search(sent[: toks[i][1]])
        return (mk("organization"), span_end) if the or span_end > j else (mk("person"), j)
    return None, j


# A title on its own ("the President", "the Chairman") is nobody's name.
_TITLE_WORDS = {h for h in TITLE_HEADS if " " not in h}
# "Bundesbank president Karl Otto Poehl", "Mossad chief Yossi Cohen": a body's name, a lower-case role, a person.
_ROLE_AFTER = re.compile(r"\s+(?P<role>president|chief|chairman|chairwoman|director|head|governor|spokesman|"
                         r"spokeswoman|minister|secretary|official|executive|leader|commander|envoy|ambassador|"
                         r"boss|founder|owner|expert|analyst|adviser|advisor|economist|strategist|lawyer|attorney|"
                         r"correspondent|reporter)(?:\s+without\s+portfolio|\s+of\s+state)?\s+(?P<name>[A-Z][a-z’'-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z’'-]+)){1,2})\b")
_ROLE_NEXT = re.compile(r"\s+(?:president|chief|chairman|director|head|governor|spokesman|spokeswoman|minister|"
                        r"secretary|official|executive|leader|envoy|ambassador|negotiator|diplomat)\b")
_DEMONYM_WORD = re.compile(r"(?:ian|ean|ese|ish)$")  # "Yugoslavian", "Korean", "Japanese", "Danish"
# "Calgary, Alberta": the word after a town and a comma is its province or state, no party.
_TOWN_COMMA = re.compile(r"(?P<town>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?),\s*$")


# Nouns ending the names of seas, straits and lands: "Bass Straits", "Gaza Strip".
_LAND_NOUNS = {"Strait", "Straits", "Sea", "Gulf", "Canal", "Peninsula", "Desert", "Basin", "Strip", "Ocean",
               "Mountains", "Reef", "Delta", "Plateau", "Province", "Prefecture"}


def _cap_run(toks: list, k: int) -> int:
    """Where the run of capitalised words (no stop words) starting at token k ends."""
    start = k
    while k < len(toks) and _cap(toks[k][0]) and (toks[k][0] not in _STOP or k > start and toks[k][0] in ORG_WORDS):
        k += 1
    return k


def _and_goes_on(toks: list, words: list[str], j: int) -> int:
    """The end of an organisation's name that holds an "and": "Pesch and Co", "Association of Meat and Poultry
    Dealers" (after "<body> of", unless a body's word ends what follows), "Federal Savings and Loan Insurance Corp"
    (two words that are no body's, then words ending in a body's)."""
    if j + 1 >= len(toks) or toks[j][0] != "and" or not _cap(toks[j + 1][0]):
        return j
    if toks[j + 1][0] in ("Co", "Co.", "Company", "Cie", "Sons"):  # "Pesch and Co", "Morgan Stanley and Co Inc"
        return _cap_run(toks, j + 1)
    end = _cap_run(toks, j + 1)
    after = [t[0] for t in toks[j + 1 : end]]
    if not after:  # "and The ...": no name goes on
        return j
    of_body = any(w == "of" and k and words[k - 1] in ORG_WORDS for k, w in enumerate(words)) and (
        after[-1] not in ORG_WORDS)  # "Ministry of Finance and Treasury Board": two bodies
    bare = len(words) >= 2 and not any(w in ORG_WORDS or w in COUNTRY_OF for w in words) and after and (
        after[-1] in ORG_WORDS)
    return end if of_body or bare else j


def _no_party(sent: str, text: str, start: int) -> bool:
    """Whether a capitalised run is a region ("Scandinavia"), a title alone ("President"), or the province after a
    town ("Calgary, Alberta")."""
    if is_region(text) or text in _TITLE_WORDS:
        return True
    town = _TOWN_COMMA.search(sent, max(0, start - 40), start)
    return bool(town) and " " not in text and is_place(town.group("town"))


_TITLE_IN_RUN = {"Chairman", "Chairwoman", "President", "Governor", "Director", "Secretary", "Minister", "Spokesman",
                 "Spokeswoman", "Commissioner", "Treasurer", "Chancellor", "Ambassador", "Vice-President",
                 "Vice-Chairman", "Vice-Governor"}


def _titled_holder(sent: str, toks: list, i: int, j: int) -> Mention | None:
    """The person ending a run "<body> <Title> <First> <Last>", when a body's word comes before the title."""
    words = [t[0] for t in toks[i:j]]
    k = next((k for k in range(1, len(words) - 2) if words[k] in _TITLE_IN_RUN), None)
    name = words[k + 1 :] if k else []
    if not (2 <= len(name) <= 4 and any(w in ORG_WORDS or acronym(w) for w in words[:k])
            and all(re.fullmatch(r"[A-Z][a-z’'-]+|[A-Z]\.", w) for w in name) and name[-1][-1] != "."):
        return None
    start = toks[i + k + 1][1]
    return Mention(sent[start : toks[j - 1][2]], toks[i][1], toks[j - 1][2], sent[toks[i][1] : toks[i + k][2]])


def _role_holder(sent: str, toks: list, i: int, j: int) -> tuple[Mention, int] | None:
    """The person after a body's name and a role ("Bundesbank president Karl Otto Poehl"), spanning all three."""
    m = _ROLE_AFTER.match(sent, toks[j - 1][2])
    if not m or any(w in NOT_NAMES or w in COMMON for w in m.group("name").split()):
        return None
    end = bisect_left([t[1] for t in toks], m.end())
    role = f"{sent[toks[i][1] : toks[j - 1][2]]} {m.group('role')}"
    return Mention(m.group("name"), toks[i][1], m.end(), role), end


@lru_cache(maxsize=8)
def _token_table(text: str) -> tuple[list[tuple[str, int, int]], list[int], list[int]]:
    """The sentence's tokens with their start and end offsets, made once for all the slots read in it."""
    toks = tokens(text)
    return toks, [t[1] for t in toks], [t[2] for t in toks]


def _unit_number(tok: str) -> bool:
    """A number that can end a unit's name ("Local 594", "Group 7"), not a year ("OPEC 1987")."""
    return tok.isdigit() and len(tok) <= 3


def _breaks_lists(tok: str) -> bool:
    """A word no actor is read across (not capitalised, not part of a country, a joiner or a group head) and no
    link of a list holds ("and", "the", ","): reading again just after it finds what a read from further back does."""
    low = tok.lower()
    return (not _cap(tok) and tok not in _COUNTRY_WORDS and tok not in _JOIN and low not in GROUP
            and low not in _LINK_WORDS and not _unit_number(tok))


def _in_group_noun(toks: list, k: int) -> bool:
    """Whether token k may be a modifier inside a country's group noun ("French export credit officials")."""
    return _modifier(toks[k][0]) and any(t[0] in _COUNTRY_WORDS for t in toks[max(0, k - _MODIFIERS_MAX) : k])


def _held(taken: list[Mention], starts: list[int]) -> dict[int, Mention]:
    """For each token (by its index in `starts`) that a mention of `taken` holds, the first such mention."""
    held: dict[int, Mention] = {}
    for m in taken:
        for k in range(bisect_left(starts, m.start), bisect_left(starts, m.end)):
            held.setdefault(k, m)
    return held


def _actors_in(sent: str, toks: list, held: dict[int, Mention], i: int) -> Iterator[Mention]:
    """The actors read from token i on, in order: mentions already taken, else what _read finds; a read running
    into a taken titled person without giving them ("British Farm Minister Michael Jopling") gives nothing, and
    the mention comes next (the words before a title are its holder's body, no party of their own)."""
    starts = sorted(held)
    while i < len(toks):
        m = held.get(i)
        if m:
            yield m
            while i < len(toks) and toks[i][1] < m.end:
                i += 1
            continue
        m, nxt = _read(sent, toks, i)
        at = bisect_right(starts, i)
        if (at < len(starts) and nxt > starts[at] and held[starts[at]].role
                and not (m and m.kind == "person" and m.end >= held[starts[at]].end)):
            m, nxt = None, starts[at]
        if m:
            yield m
        i = max(nxt, i + 1)


def all_actors(sent: str, taken: list[Mention]) -> list[Mention]:
    """Every actor of a sentence in order: the mentions of `taken`, else names, countries and bodies read here."""
    toks, starts, _ends = _token_table(sent)
    return list(_actors_in(sent, toks, _held(taken, starts), 0))


def chain(sent: str, lo: int, hi: int, taken: list[Mention], forward: bool) -> list[Mention]:
    """Actors joined by "and" / "," in sent[lo:hi], read from its start (objects) or its end (subjects).

    Objects are read only until the list ends; subjects only after the last word that ends every list before it
    (see _breaks_lists), so a slot costs what its list holds rather than the whole sentence before it."""
    all_toks, starts, ends = _token_table(sent)
    a, b = bisect_left(starts, lo), bisect_right(ends, hi)  # the tokens inside [lo, hi]
    toks, starts = all_toks[a:b], starts[a:b]
    held = _held(taken, starts)
    first = 0
    if not forward:
        first = next((k + 1 for k in range(len(toks) - 1, -1, -1) if k not in held and _breaks_lists(toks[k][0])
                      and not _in_group_noun(toks, k)), 0)
    found = _actors_in(sent, toks, held, first)
    out: list[Mention] = []
    seq = found if forward else reversed(list(found))
    edge, links = (lo if forward else hi), []
    for m in seq:
        gap = sent[edge : m.start] if forward else sent[m.end : edge]
        if not (_LINK.match(gap) if out else (_LEAD.fullmatch(gap) if forward else not gap.strip())):
            break
        links += [bool(re.search(r"\band\b|&", gap))] if out else []
        out.append(m)
        edge = m.end if forward else m.start
    while links and not (links[-1] if forward else links[0]):  # "A, B" without an "and" is not a list
        links.pop()
        out.pop()
    return out


# "Dennis Ross, a top adviser to then-Secretary Clinton, met", "X, chairman of Y, met", "X, who heads Y, met": a
# description set off by commas between a named subject and its verb, whose names only say who the subject is.
_ASIDE = re.compile(r"[A-Z][\w.'’-]{0,40}\s{0,3}(?P<aside>,\s{0,3}[a-z][\w'’-]{0,30}\s{1,3}[^,;:()\"“”]{2,100}?,)"
                    r"(?:\s{1,3}(?:also|later|again|then|had|has|have|was|were|is|are|will|would|reportedly|recently|"
                    r"first|last)){0,4}\s{0,3}$")
_ASIDE_REACH = 260  # no match of _ASIDE is longer: a look this far back finds what a search of the whole head finds


@lru_cache(maxsize=256)
def aside_before(masked: str, at: int) -> int | None:
    """Where a description of the subject set off by commas right before the verb at `at` starts (its comma)."""
    m = _ASIDE.search(masked, max(0, at - _ASIDE_REACH), at)
    return m.start("aside") if m else None


def subject_slot(masked: str, at: int) -> tuple[int, int]:
    """The span of the subject right before a verb at `at`, auxiliaries, "said it" and a description of the subject
    set off by commas stripped."""
    aside = aside_before(masked, at)
    at = at if aside is None else aside
    aux = _AUX.search(masked, _aux_floor(masked, at), at)  # as _AUX.search(masked[:at]), reading only its end
    hi = aux.start() if aux else at
    cut = [m.end() for m in _CLAUSE.finditer(masked[:hi])]
    lo = cut[-1] if cut else 0
    return lo, hi


def _aux_floor(text: str, at: int) -> int:
    """Where a run of auxiliaries ending at `at` can start at the earliest: after the last character or whole word
    before `at` that no _AUX phrase holds (words not in plain ASCII count as held, whatever their case folds to)."""
    i = at
    while i > 0:
        c = text[i - 1]
        if c.isspace() or c in ",-":
            i -= 1
        elif c.isalnum() or c == "_":  # \w, as re reads it
            j = i - 1
            while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
                j -= 1
            word = text[j:i]
            if word.isascii() and word.lower() not in _AUX_PIECES and not word.lower().endswith("day"):
                return i
            i = j
        else:
            return i
    return 0


def object_slot(masked: str, at: int) -> tuple[int, int]:
    lead = _LEAD.match(masked[at:])
    stop = _OBJ_STOP.search(masked[at + lead.end() :])
    return at, at + lead.end() + (stop.start() if stop else len(masked) - at - lead.end())


WEAK = re.compile(r"\b(?:(?P<joint>discuss(?:ed|es|ing)?|negotiat(?:ed|ing|es)|conferred|consulted)|"
                  r"(?P<host>visit(?:s|ed)?|receiv(?:ed|es)|host(?:s|ed)|welcom(?:ed|es)))\b", re.I)
WEAK_WORDS = Needles("discuss", "negotiat", "conferred", "consulted", "visit", "receiv", "host", "welcom")


# "Reagan, who will hold talks with": the one a relative clause is about is named before it.
_WHO = re.compile(r",\s*(?:who|which)\s*$")
# (sent, masked, start, end, subjects read so far, mentions known, whether a verb holds the noun) -> subjects
NounSubjects = Callable[[str, str, int, int, list[Mention], list[Mention], bool], list[Mention]]


def slot_actors(sent: str, masked: str, spans: list[tuple[int, int]], taken: list[Mention],
                noun_subjects: NounSubjects | None = None, offered: tuple[Mention, ...] = ()) -> list[Mention]:
    """Actors in the subject and object slots of each (start, end) meeting phrase, not already in `taken`; for a
    meeting noun, `noun_subjects` may read who else takes part (owners.noun_subjects). Mentions `offered` (the short
    names of bodies the article named before) are read where they stand, and returned when they fill a slot."""
    out: list[Mention] = list(offered)
    for start, end, noun in spans:
        hold = HOLD.search(masked[:start]) if noun else None
        lo, hi = subject_slot(masked, hold.start() if hold else start)
        subj = [] if noun and not hold else chain(sent, lo, hi, taken + out, forward=False)
        if noun and noun_subjects is not None:
            subj = noun_subjects(sent, masked, start, end, subj, taken + out, bool(hold))
        who = _WHO.search(masked, max(lo, hi - 12), hi) if not subj and (hold or not noun) else None
        if who:  # "Reagan, who will hold talks with": the one the relative clause is about
            subj = chain(sent, *subject_slot(masked, who.start()), taken + out, forward=False)
        if len(subj) == 1 and subj[0].kind == "person" and re.fullmatch(r"[A-Z][a-z]+s", subj[0].name):
            subj = []  # "Negotiators met": a plural noun opening the sentence
        out += subj + chain(sent, *object_slot(masked, end), taken + out, forward=True)
    out = [m for m in out[len(offered) :] if not any(m is t for t in taken)]
    out.sort(key=lambda m: m.start)
    return [m for i, m in enumerate(out) if not any(o.start < m.end and m.start < o.end for o in out[:i])]


def weak_meetings(masked: str, people: list[Mention]) -> list[tuple[re.Match, list[Mention]]]:
    """"A and B discussed ...", "A discussed ... with B", "A visited/received/hosted B (a person or delegation)"."""
    out = []
    for w in WEAK.finditer(masked):
        subj = chain(masked, *subject_slot(masked, w.start()), people, forward=False)
        if w.group("joint"):
            rest = re.match(r"[^.;]{0,80}?\bwith\s+", masked[w.end() :])
            objs = chain(masked, *object_slot(masked, w.end() + rest.end()), people, forward=True) if rest else []
            who = subj + objs if len(subj) >= 2 or (subj and objs) else []
        else:
            objs = chain(masked, *object_slot(masked, w.end()), people, forward=True)
            named = [o for o in objs if (o.kind == "person" and (" " in o.name or o in people))
                     or _group_head(masked, o)]
            who = subj + objs if subj and named and not (objs and _THING_NEXT.match(masked, objs[-1].end)) else []
        if len({m.name for m in who}) >= 2:
            out.append((w, who))
    return out


# "received U.S. Food and Drug Administration approval", "welcomed Orvik Corp's offer": the names only qualify the
# thing received, no one is received.
_THING_NEXT = re.compile(r"(?:['’]s)?\s+(?!(?:at|on|in|for|and|with|who|whom|to|from|as|after|before|during|when|"
                         r"while|last|this|next|today|yesterday|tonight|earlier|later|here|there|again|also|but|"
                         r"or|of|by|since|until|about|over|amid|despite|because|ahead|following|where|which|that|so|then)\b)"
                         r"(?-i:[a-z])[a-z-]*(?<!ly)\b")


def _group_head(text: str, m: Mention) -> bool:
    return bool(re.search(r"\s(?:" + "|".join(GROUP) + r")$", text[m.start : m.end]))
