"""Who was at a meeting told before: "At that first meeting, A surprised B", "During the talks, A told B"."""

from __future__ import annotations

import re

from bot.meetings import actors, wide
from bot.meetings.people import Mention
from bot.text.lexicon import COUNTRY_OF

# The meeting word opens the sentence as a scene: "At the meeting", "During their first talks", "In that session".
_OPENER = re.compile(r"^\s*(?:At|During|In)\s+(?:the|that|this|their|its|his|her)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "In a meeting with exporters, X ...", "In a speech to a meeting of Y, X ...", "At a conference in Z, X ...": a
# meeting of its own the sentence opens with, whose clause's subject was there.
_NEW_OPENER = re.compile(r"^\s*(?:At|During|In)\s+(?:an?\s+)?(?:(?:speech|address|talk|remarks)\s+(?:to|at|before)\s+"
                         r"(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_TO_COMMA = re.compile(r"[^,;:.]{0,60},\s*")  # "At the meeting in Paris on Monday, "
_VERB = re.compile(r"\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+)\b")
# Verbs whose words after them are what was said, not whom it was said to: "At the talks, A said B would resign".
_SAYS = re.compile(r"(?:said|says|added|noted|warned|argued|stressed|insisted|claimed|suggested|agreed|announced|"
                   r"explained|recalled|reported|believed|thought|hoped|feared|denied|acknowledged|admitted)$")
_EARLIER = re.compile(r"\b(?:last|previous|prior|earlier|recent|first)\b", re.I)
_NATION = re.compile(r"\s*the\s+(?P<people>[A-Z][a-z]+)s\b")  # "the Americans": a nation's people, as a group


def opens_new(masked: str, trigger: re.Match) -> bool:
    """Whether an indefinite meeting phrase opens the sentence as a scene ("In a meeting with exporters, ...")."""
    return bool(_NEW_OPENER.match(masked[: trigger.start()])) and not _OPENER.match(masked[: trigger.start()])


def new_scene_subject(sent: str, masked: str, trigger: re.Match, people: list[Mention]) -> list[Mention]:
    """The subject of the clause an indefinite meeting phrase opening the sentence leads into ("In a meeting with
    exporters this week, Secretary Karl Lund refused ...": Lund), when a verb follows it; [] otherwise."""
    subj, verb = _clause(sent, masked, trigger, people) if opens_new(masked, trigger) else ([], None)
    return subj if subj and verb and not verb.group("verb").endswith("ing") else []


def _clause(sent: str, masked: str, trigger: re.Match, people: list[Mention]) -> tuple[list[Mention], re.Match | None]:
    """The subject of the clause after the comma that ends the opening meeting phrase, and the word read as its verb
    (None when no comma or no verb follows)."""
    comma = _TO_COMMA.match(masked, trigger.end())
    if not comma:
        return [], None
    subj = actors.chain(sent, comma.end(), len(sent), people, forward=True)
    verb = _VERB.match(masked, subj[-1].end if subj else _subject_end(masked, comma.end()))
    return subj, verb


def present(sent: str, masked: str, trigger: re.Match, people: list[Mention]) -> list[Mention]:
    """The subject and the one spoken to or acted on of the clause a scene-setting meeting phrase opens; [] when the
    phrase opens no clause (it is not the sentence's opener, or no comma follows it)."""
    if not _OPENER.match(masked[: trigger.start()]):
        return []
    subj, verb = _clause(sent, masked, trigger, people)
    if verb and verb.group("verb").endswith("ing"):  # "U.S. trading partners called": the name only qualifies
        return []
    if not verb or _SAYS.search(verb.group("verb")):
        return subj
    objs = wide.objects(sent, masked, verb.end(), people)
    nation = None if objs else _NATION.match(masked, verb.end())
    if nation and nation.group("people") in COUNTRY_OF:
        objs = [Mention(nation.group("people") + "s", nation.start("people"), nation.end(), kind="group")]
    return subj + objs


def told_before(masked: str, trigger: re.Match) -> bool:
    """Whether the scene's meeting is an earlier one: "At its last meeting", "During the previous talks"."""
    return bool(_EARLIER.search(masked, 0, trigger.start()))


def _subject_end(masked: str, at: int) -> int:
    """Where an unnamed subject ("the Omani", "the envoy") ends: after its article and one or two words."""
    m = re.match(r"(?i:the|a|an)\s+[\w-]+(?:\s+[A-Z][\w-]*)?", masked[at:])  # "the Omani", "the envoy"
    return at + m.end() if m else at
