"""Sentence-level patterns: meeting triggers, their participants' slots, place, topics and planned/held status."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.meetings.geo import is_place_name
from bot.text.lexicon import COUNTRY_OF, DOMAIN_WORDS, NOT_NAMES

_PRESS = r"(?:reporters|journalists|newsmen|the\s+press)"  # those told in public statements, not at meetings
_SPECIFIC = r"(?:[\"“]?(?:two-plus-two|2\+2|three-plus-three)[\"”]?)"
TRIGGER = re.compile(
    rf"\b(?:(?P<spec>{_SPECIFIC})\s+)?(?P<mod>(?:bilateral|one-on-one|individual|security|trilateral|peace|"
    r"high-level|preparatory|emergency|annual|summit|ministerial|face-to-face|in-person|video|virtual|private|"
    r"closed-door|informal|formal|joint|leaders'?|foreign ministers'?)\s+)*"
    r"(?P<noun>meetings?|talks|summit|dialogue|negotiations|video ?conference|conference call|discussions|"
    r"consultations|conference|session)\b"
    # "met with reporters": the press, no meeting
    r"|\b(?!(?:meet(?:s|ing)?|met|talk(?:s|ed|ing)?|spoke)\s+(?:with\s+|to\s+)?" + _PRESS + r"\b)"
    r"(?P<verb>meet(?:s|ing)?\s+with|meet(?:s)?|met(?:\s+with)?|met up|hold(?:s|ing)?\s+talks|held\s+talks|"
    r"talk(?:s|ed|ing)?\s+with|talk(?:ed|ing)?\s+to(?!\s+(?:reporters|journalists|newsmen|the\s+(?:press|media)|"
    r"a\s+reporter|Reuters)\b)|spoke\s+with|negotiat\w+\s+with|gather(?:ed)?|co-host)\b",
    re.IGNORECASE,
)
NOT_MEETING = re.compile(r"\b(?:press|news)\s+conferences?\b", re.I)
# "a meeting with reporters": the press, no meeting.
_WITH_PRESS = re.compile(r"\s+with\s+" + _PRESS + r"\b", re.I)
# "meet its obligations", "meet the fiscal 1988 deficit reduction target": the verb's other sense, its object a need
# rather than a party. The words before the need modify it: no preposition, auxiliary or meeting business ("meet Lars
# Berg on targets", "meet bankers to discuss targets" are meetings), and an article only first ("a shareholders'
# meeting last night the decree would make interest ..." is one).
_NEED_WORD = (r"(?:(?!(?:to|with|on|about|over|in|at|for|from|of|by|the|a|an|this|that|would|will|could|should|may|"
              r"might|must|can|is|are|was|were|be|been|has|have|had|discuss\w*|review\w*|consider\w*|talk\w*|"
              r"agree\w*|sign\w*|negotiat\w*|resolv\w*|address\w*|explor\w*|stud\w*|plan\w*|set)\b)[\w-]+|\w+['’]s|"
              r"\w+s['’]|(?-i:(?:[A-Z]\.){2,}))")
_NEEDS = (r"(?:obligations?|pledges?|promises?|mandates?|demands?|targets?|requirements?|needs|deadlines?|criteria|"
          r"standards|conditions|expectations|goals?|costs?|payments?|commitments?|debts?|challenges?|quotas?|"
          r"forecasts?|estimates?|shortfalls?|criterion|terms|requests?|objectives?|the\s+test|losses|expenses|"
          r"bills?|maturities|interest|rules|regulations|guidelines|specifications|limits|norms|patterns?|"
          r"benchmarks?|thresholds?|levels?)")
NOT_MET = re.compile(r"\s+(?:(?:the|its|their|his|her|our|a|an|this|that|these|those)\s+)?(?:" + _NEED_WORD
                     + r"\s+){0,5}" + _NEEDS + r"\b", re.I)
# "doubts the target would be met": the need as the subject of a passive "met".
_NEED_MET = re.compile(r"\b" + _NEEDS + r"\s+(?:(?:would|will|could|can|may|might|must|should|has|have|had|not|"
                       r"n['’]t|is|are|was|were|be|been|being)\s+){1,3}$", re.I)
# "met with a cool response", "meets with resistance": how something was received, not a meeting with anyone.
_RECEIVED = re.compile(r"\s+with\s+(?:(?-i:[a-z])[\w-]*\s+){0,3}?(?:responses?|reactions?|resistance|approval|"
                       r"disapproval|criticism|opposition|s[ck]epticism|success|failure|silence|protests?|enthusiasm|"
                       r"derision|rejection|indifference|hostility|scorn|ridicule|praise|acclaim|objections?|"
                       r"setbacks?|disappointment|suspicion|dismay|alarm|outrage|anger|applause|advice)\b"
                       r"(?!\s+(?:leaders?|members?|groups?|parties|party|figures|politicians|officials|lawmakers|"
                       r"activists|organi[sz]ers|movements?|camp|bloc|MPs|deputies|representatives)\b)", re.I)
# "a parliamentary session", "the session of parliament": a legislature sitting, not a meeting.
_SITTING = re.compile(r"\b(?:parliamentary|legislative|plenary|congressional|parliament|diet|senate|assembly|"
                      r"congress|legislature|(?:upper|lower)\s+house)\s+(?:\w+\s+)?$", re.I)
_SITTING_OF = re.compile(r"\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:parliament|diet|senate|assembly|congress|legislature|"
                         r"house)\b", re.I)
_ORG_END = {"Inc", "Corp", "Corporation", "Co", "Ltd", "Plc", "PLC", "Group", "Holdings", "Board", "Bank", "Partners",
            "Industries", "Resources", "Securities", "Fund", "Trust", "Company", "Cos", "Association", "Council",
            "Committee", "Commission", "Union", "Agency", "Ministry", "Department"}
# "<Summit Resources Inc>", "the Conference Board": a capitalised meeting word inside a company's or body's name.
_NAME_GOES_ON = re.compile(r"(?:\s+[A-Z][\w&.'-]*){0,3}?\s+(?:Inc|Corp|Corporation|Co|Ltd|Plc|PLC|Group|Holdings|"
                           r"Board|Bank|Partners|Industries|Resources|Securities|Fund|Trust|Company|Cos|Association|"
                           r"Associates|Savings)\b\.?")
# "Deng Xiaoping told visiting Secretary of State George Shultz": the one who told, received or met the visitor.
HOST_OF_VISITOR = re.compile(r"\b(?:told|telling|met|received|welcomed|greeted|hosted)\s+(?:the\s+)?visiting\b")
VISIT = re.compile(r"\b(?:visit(?:s|ed|ing)?|trips?|travel(?:s|ed|led|ing)?\s+to|leave\s+for|are\s+in|is\s+in|"
                   r"arriv(?:e|es|ed)\s+in)\b", re.I)
REPRESENT = re.compile(r"\brepresent(?:s|ed|ing)?\b", re.I)
DEFINITE = re.compile(r"(?:\b(?:the|this|that|these|its|their)\s+(?:so-called\s+)?"
                      r"(?:(?!(?:of|with|for|to|in|on|at)\s)[\w\"“”+-]+\s+){0,2})$", re.I)
FRINGE = re.compile(r"\b(?:on|at)\s+the\s+(?:fringes?|sidelines?|margins?)\s+of\b|\bduring\b", re.I)
AFTER = re.compile(r"\b(?:following|after|ahead of|before|in preparation for)\b", re.I)
# "met this afternoon with", "talked on Monday with": when, between a meeting verb and its "with".
TIME_ADVERB = (r"(?:(?:this|yesterday|last|on\s+\w+day)\s+(?:morning|afternoon|evening|night)|yesterday|today|"
               r"tonight|tomorrow|last\s+night|on\s+\w+day|earlier\s+today|(?:next|last|this)\s+(?:week|month))")
PAST = re.compile(r"\b(?:met|held|had|discussed|talked|attended|exchanged|took place|visited|spoke|agreed|"
                  r"was|were|have begun|traveled|travelled|gathered)\b", re.I)
FUTURE = re.compile(r"\b(?:will|would|shall|to be|scheduled|set to|plans?|planning|expected|preparing|ahead of|"
                    r"is to|are to|invited|to meet|to hold|to visit|eye(?:s|ing)?|next|upcoming|likely)\b", re.I)
GROUP_SUBJECT = re.compile(
    r"(?:\b(?:the|both|all)\s+(?:[\w.-]+\s+){0,2}(?:sides|countries|ministers|officials|leaders|secretaries|"
    r"delegations|nations|parties|two|three|four|five)|\bthey|\b[\w.]+\s+and\s+[\w.]+\s+officials|"
    r"\b(?:Secretaries|Ministers|officials)|\bthe\s+(?:two|three|four|five)|\b[A-Z][\w.]*(?:\s+[A-Z]\w+)?\s+and\s+"
    r"(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z]\w+)?)(?:\s*(?:,[^,]*,)?\s*(?:also|are|is|will|would|be|expected|set|"
    r"likely|to|plans?|planning|needs?|have|has|had|then|jointly|still)\b)*\s*$",
    re.IGNORECASE,
)
TOPIC = re.compile(
    r"\b(?:discuss(?:ed|es|ing)?|(?:exchanged?|exchanging)\s+views\s+on|(?:talks?|meetings?|dialogue|summit)\s+"
    r"(?:on|about|over|regarding)|pertaining\s+to|(?:express|share)(?:ed|es)?\s+concerns?\s+(?:about|over)|"
    r"cent(?:er|re)\s+on|focus(?:ed)?\s+on|topics\s+include|to\s+(?:strengthen|bolster|address|review))\s+"
    r"(?P<topic>.+)",
    re.IGNORECASE,
)
AGENDA = re.compile(r"^(?:the\s+issue\s+of\s+)?(?P<topic>.+?)\s+(?:will\s+be|is|are|was|were)\s+on\s+the\s+agenda",
                    re.I)
_TOPIC_END = re.compile(
    r",?\s+(?:according to\b|amid\b|as\s+(?!well)|while\b)|,\s+(?:where|which|who)\b|;|"
    r",\s+(?:the\s+)?(?:[\w.'-]+\s+){0,4}(?:said|says|told|reported|added)\b|\s+(?:in collaboration|during)\b"
    r"|,?\s+(?:at|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:talks|meetings?|summit|negotiations)\b",
    re.I,
)
PLACE = re.compile(r"\b(?i:in|at|to)\s+(?P<place>(?:the\s+White\s+House)|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})")
_SPEECH_WORDS = ("said", "says", "told", "announced", "reported", "stated", "added")
_POSSESSIVE = re.compile(r"['’]s\b")
SPEECH = re.compile(rf"\b(?:{'|'.join(_SPEECH_WORDS)})\s*$", re.I)
_SPEECH_LONGEST = max(map(len, _SPEECH_WORDS))
SIDE = re.compile(r"\bon\s+the\s+(?P<dem>[A-Z][\w.]+)\s+side\b")
REPRESENTS = re.compile(r"\brepresent(?:s|ing)?\s+(?:the\s+)?(?P<c1>[A-Z][\w.]+(?:\s[A-Z]\w+)?)|"
                        r"(?P<c2>[A-Z][\w.]+(?:\s[A-Z]\w+)?)\s+(?:will\s+be|was|is)\s+represented\s+by\b")


_QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]")
# Letters that IGNORECASE matches to an ASCII letter although str.lower() does not turn them into it.
_ODD_CASE = re.compile("[\u017f\u0131\u0130\u212a]")  # long s, dotless i, dotted capital I, Kelvin sign


class Needles:
    """Lower-case words, one of which every match of a case-insensitive pattern holds: a cheap test to skip it."""

    def __init__(self, *words: str) -> None:
        self._any = re.compile("|".join(re.escape(w) for w in words))

    def may_match(self, text: str) -> bool:
        """False only when none of the words is in `text`, in any case."""
        return bool(_ODD_CASE.search(text) or self._any.search(text.lower()))


TRIGGER_WORDS = Needles("meet", "met", "talk", "summit", "dialogue", "negotiat", "conference", "discussions",
                        "consultations", "session", "spoke", "gather", "co-host")


def triggers(masked: str) -> list[re.Match]:
    """Meeting words and phrases in a (quote-masked) sentence, without "press conference", "meeting with reporters"
    or "meet demand"."""
    if not TRIGGER_WORDS.may_match(masked):
        return []
    return [t for t in TRIGGER.finditer(masked)
            if not NOT_MEETING.search(masked[t.start() : t.end() + 1])
            and not NOT_MEETING.search(masked[max(0, t.start() - 6) : t.end()])
            and not (t.group("verb") and NOT_MET.match(masked, t.end()))
            and not (t.group("noun") and _WITH_PRESS.match(masked, t.end()))
            and not other_sense(masked, t.start(), t.end())]


def other_sense(masked: str, start: int, end: int) -> bool:
    """Whether the meeting word at [start, end) means no meeting: "met with a cool response", "meet demand", "a
    parliamentary session", or a word of a name ("Summit Resources Inc")."""
    word = masked[start:end]
    if word[:1].isupper() and _NAME_GOES_ON.match(masked, end):
        return True
    if word.lower().startswith(("met", "meet")):
        return bool(NOT_MET.match(masked, end) or _RECEIVED.match(masked, start + len(word.split()[0])) or (
            word.lower() == "met" and _NEED_MET.search(masked, max(0, start - 60), start)))
    if word.lower().rstrip("s").endswith("session"):
        return bool(_SITTING.search(masked, max(0, start - 40), start) or _SITTING_OF.match(masked, end))
    return False


def ends_with(pattern: re.Pattern, longest: int, text: str, lo: int, hi: int) -> bool:
    """bool(pattern.search(text[lo:hi])) for a pattern r"\\b(?:word|...)\\s*$" (or \\s+$) whose words have at most
    `longest` characters, reading only the end of the span: a match is a word ending where the trailing spaces
    start, so when that word starts inside the span, searching from there (with the characters before it as the
    context \\b looks at) finds it as the slice does."""
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    start = end - longest
    return bool(pattern.search(text[lo:hi]) if start <= lo else pattern.search(text, start, hi))


def speech_before(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] ends with a speech verb ("A said B met"): SPEECH over the span, reading only its end."""
    return ends_with(SPEECH, _SPEECH_LONGEST, text, lo, hi)


# "X said", "X, a spokesman for the bank, told reporters", "X and other officials have said": X speaks of what
# the rest tells.
_SPEAKS_AFTER = re.compile(r"(?:\s*,[^,;]{1,90},)?(?:\s+and\s+(?:[a-z]+\s+){0,2}[a-z]+)?\s*"
                           r"(?:(?:has|have|had|also|later|then|earlier)\s+){0,2}"
                           r"(?:said|says|told|tells|added|reported|stated)\b", re.I)
# The speech tells of the speaker: "said he met", "said their talks", "told reporters after attending a meeting",
# "told executives attending the conference".
_SELF = re.compile(r"\b(?:he|she|they|we|I|his|her|their|our|my)\b|\b(?:after|before|while|when|on)\s+\w+ing\b|"
                   r"\battend(?:ing|ed)\b", re.I)
# "said he hoped steps could be taken at the meetings", "said he welcomed the outcome of the summit": the speaker's
# view of someone else's meeting; "he hoped to meet", "he expects to attend" are the speaker's own.
_ONLY_VIEW = re.compile(r"\s+(?:hope[sd]?|welcome[sd]?|expect(?:s|ed)?|believe[sd]?|think?s|thought|fear(?:s|ed)?|"
                        r"doubt(?:s|ed)?|want(?:s|ed)?|wish(?:es|ed)?|trust(?:s|ed)?)\b(?!\s+to\b)", re.I)
_OWNER = re.compile(r"(?i:his|her|their|our|my|its)")  # a possessive tells of the speaker only before the meeting
_TRIP = re.compile(r"\s+(?:return|trip|visit|way|arrival|journey|stay|tour)\b")  # or of their travel to it
_SELF_BODY = re.compile(r"\b(?:it|its|they|their|we|our)\b", re.I)  # "Orvik Corp said it held talks"
# "told a meeting of bankers", "told a Tokyo conference": the speaker addresses the meeting itself.
_ADDRESSED = re.compile(r"\s+(?:(?:a|an|the|this|last|an\s+earlier)\s+)?(?:[\w'’.-]+\s+){0,4}$")
_ADDRESSEE = re.compile(r"^[^,;]*?(?:\bthat\b|,)")  # "told the association that": whom the speech was made to
WITH_NEXT = re.compile(r"\S*\s+with\b")
_BETWEEN_NEXT = re.compile(r"\S*\s+between\b")
_AT_IT = re.compile(r"\b(?:during|at|in|after|following|before|ahead\s+of|"
                    r"on\s+the\s+(?:sidelines|fringes?|margins?)\s+of)"
                    r"\s+(?:(?:the|a|an|this|last|next|its|their|his|her)\s+)?(?:[\w'’.-]+\s+){0,5}$", re.I)
_IN_PLACE = re.compile(r"\b(?:in|at|from|to|near|outside)\s+(?:the\s+)?$", re.I)
_ADDRESSEE_NAME = re.compile(r"^\s*(?:the\s+)?(?:[A-Z][\w.'’-]*\s*)+")
_CAPITAL = re.compile(r"\b[A-Z]")
_CAPITAL_RUN = re.compile(r"\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")


def speaker(text: str, name_end: int, at: int, body: bool = False) -> bool:
    """Whether the person (or, with `body`, the organisation) whose name ends at `name_end` only reports the
    meeting phrase at `at`: a speech verb follows the name and comes before the phrase, and the speech neither
    tells of the speaker ("Lund said he met ..." keeps Lund; "spokesman Lund said Holm met ..." does not), nor is
    made to or at the meeting ("Lund told a meeting of bankers", "Lund said at next week's meeting ..."), nor
    names the other side of the speaker's own talks with no one else named before them ("Lund said the talks with
    Holm went well")."""
    said = _SPEAKS_AFTER.match(text, name_end, at)
    if not said:
        return False
    told = said.group(0).lower().rstrip().endswith(("told", "tells"))
    if told and _ADDRESSED.fullmatch(text, said.end(), at):
        return False
    # "said his talks", "on his return from the conference" tell of the speaker; "his own party ... at a meeting" not.
    selves = [m for m in (_SELF_BODY if body else _SELF).finditer(text, said.end(), at)
              if not _OWNER.fullmatch(m.group(0)) or at - m.end() <= 25 or _TRIP.match(text, m.end())]
    if any(not _ONLY_VIEW.match(text, m.end()) for m in selves):
        return False
    at_it = None if WITH_NEXT.match(text, at) or selves or _BETWEEN_NEXT.match(text, at) else _AT_IT.search(
        text, said.end(), at)  # not "said that following a meeting between A and B": A's and B's
    if at_it:  # "said at next week's meeting", "told Reuters during the bank's meeting": the speaker is there
        head = text[said.end() : at_it.start()]
        head = _ADDRESSEE_NAME.sub("", head) if told else head
        names = list(_CAPITAL_RUN.finditer(head))  # only places where the speech was made ("in Jakarta"), not
        if len(head.split()) <= 6 and all(is_place_name(m.group(0)) and _IN_PLACE.search(head, 0, m.start())
                                          for m in names):  # a country or party acting ("said Britain expected")
            return False
    reported = text[said.end() : at]
    if told:
        addressee = _ADDRESSEE.match(reported)
        reported = reported[addressee.end() :] if addressee else reported
    return not (WITH_NEXT.match(text, at) and not _CAPITAL.search(reported))


@lru_cache(maxsize=1024)
def definite_before(masked: str, at: int) -> bool:
    """bool(DEFINITE.search(masked[:at])): "the talks", "these meetings"; computed once per phrase of a sentence."""
    return bool(DEFINITE.search(masked, 0, at))


def mask_quotes(text: str) -> str:
    """Blank out quoted speech (same length) so that triggers inside quotes are not read as facts."""
    if '"' not in text and "“" not in text:
        return text
    return _QUOTE.sub(lambda m: " " * len(m.group(0)), text)


# A company's stock ticker after its name: "<KLM.AS>", "<SRD>", "(NYSE: ORV)", "(ORV.N)".
_TICKER = re.compile(r"<[A-Z0-9][A-Z0-9.-]{0,11}>|\((?:[A-Z]{2,8}:\s?)[A-Z0-9.-]{1,10}\)|\([A-Z0-9]{1,6}\.[A-Z]{1,3}\)")


def mask_tickers(text: str) -> str:
    """Blank out stock tickers (same length), so that "Orvik Corp <ORV> held talks" reads as "Orvik Corp held"."""
    if "<" not in text and "(" not in text:
        return text
    return _TICKER.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=256)
def topic_of(text: str) -> str | None:
    """What a meeting was about ("discussed X", "talks on X", "X is on the agenda"), cut at the clause's end."""
    m = AGENDA.match(text.strip())
    if m:
        return m.group("topic")
    m = TOPIC.search(text)
    if not m:
        return None
    topic = m.group("topic")
    purpose = re.match(r"to\s+(\w+)", m.group(0).lower())
    if purpose and purpose.group(1) != "discuss":
        topic = f"{purpose.group(1)} {topic}"
    end = _TOPIC_END.search(topic)
    topic = (topic[: end.start()] if end else topic).strip(" ,")
    if topic.endswith(".") and not re.search(r"[A-Z]\.$", topic):
        topic = topic[:-1]
    if re.match(r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|the\s+fringes)\b", topic):
        return None
    if len(topic) > 200:
        topic = topic[:200].rsplit(",", 1)[0] if "," in topic[:200] else topic[:200].rsplit(" ", 1)[0]
    return topic or None


def status_near(text: str, start: int, end: int) -> str | None:
    window = text[max(0, start - 90) : end + 60]
    past = [m.start() for m in PAST.finditer(window)]
    fut = [m.start() for m in FUTURE.finditer(window)]
    mid = min(90, start)
    if not past and not fut:
        return None
    if past and (not fut or min(abs(p - mid) for p in past) < min(abs(f - mid) for f in fut)):
        return "held"
    return "planned"


def places(text: str) -> list[tuple[str, int]]:
    """Place names after "in", "at" or "to", with their offsets."""
    return list(_places(text))


@lru_cache(maxsize=64)
def _places(text: str) -> tuple[tuple[str, int], ...]:  # once per sentence, however many phrases it holds
    out = []
    for m in PLACE.finditer(text):
        if _POSSESSIVE.match(text, m.end()) or m.group("place").endswith(("'s", "’s")):
            continue
        words = m.group("place").split()
        while words and (words[-1] in NOT_NAMES and words[-1] not in COUNTRY_OF):
            words.pop()
        if not words or words[0] in NOT_NAMES and words[0] not in COUNTRY_OF or words[-1].endswith(("'s", "’s")):
            continue  # "at OPEC's December conference": an owner, not a place
        if words[0] in DOMAIN_WORDS and words[0] not in ("Japan", "China", "Korea") and "House" not in words:
            continue
        out.append((" ".join(words), m.start("place")))
    return tuple(out)


# "Dome, which is based in Calgary": where a party is, not where it meets.
_BASED = re.compile(r"\b(?:based|headquartered|located|born|lives?|living|registered|incorporated)\s+(?:in|at)\s*$",
                    re.I)
# "a trip to Oslo", "flew to Lima": "to" names where a meeting is only after a word of going.
_GOING_TO = re.compile(r"\b(?:visit\w*|trips?|travel\w*|went|go|goes|going|gone|flew|fly|flies|flying|came|come|"
                       r"comes|coming|arriv\w*|head\w*|return\w*|journey\w*|invit\w*|summon\w*|moved?|back|sen[dt]\w*|"
                       r"way)\b",
                       re.I)
_NOT_A_TOWN = re.compile(r"[A-Z0-9.&-]+|\w*(?:al|an|ese|ish|i|ch|ss|ek|ine|no|kh|yz|ao|av)")


def meeting_place(text: str, place: str, at: int) -> str | None:
    """The part of a place phrase found at `at` (frames.places) that can be where a meeting is, or None: a known
    place (is_place_name; "Oslo Tuesday" -> "Oslo"), or one unknown word after "in" or "at" that is no acronym or
    demonym; after "to" only following a word of going, never where a party is based."""
    lead = text[max(0, at - 60) : at]
    prep = lead.split()[-1].lower() if lead.split() else ""
    if _BASED.search(lead) or prep == "to" and not _GOING_TO.search(lead):
        return None
    words = place.split()
    if words[-1].rstrip(".") in _ORG_END:  # "in Taft Broadcasting Co": a company, though "Taft" is a town
        return None
    for k in range(len(words), 0, -1):
        if is_place_name(" ".join(words[:k])):
            return " ".join(words[:k])
    if prep in ("in", "at") and len(words) == 1 and not _NOT_A_TOWN.fullmatch(words[0]):
        return place
    return None


def country_word(text: str) -> str | None:
    return COUNTRY_OF.get(text.strip())
