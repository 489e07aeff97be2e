"""The grounding checker on hand-made sentences: claims, their markers, and the names, dates and places in them."""

from __future__ import annotations

from bot.answer.grounding import Claim, audit, check_claim, citation_evidence, missing_terms, split_claims, terms
from bot.records import Citation

PASSAGE = ("TOKYO (Kyodo) -- Prime Minister Kishi met U.S. Defense Secretary Lloyd Austin in Tokyo on Tuesday, "
           "March 16, 2021. They discussed the alliance and China's growing assertiveness.")


def test_markers_after_a_full_stop_belong_to_the_sentence_before_and_abbreviations_do_not_split():
    text = "Kishi met U.S. Defense Secretary Austin in Tokyo. [1][2] They discussed China [2]. Nobody said more"
    assert split_claims(text) == [
        Claim("Kishi met U.S. Defense Secretary Austin in Tokyo.", (1, 2)),
        Claim("They discussed China.", (2,)),
        Claim("Nobody said more", ()),
    ]
    assert split_claims("Kishi met Austin [1, 3] Blinken met Wang Yi [2].") == [
        Claim("Kishi met Austin", (1, 3)), Claim("Blinken met Wang Yi.", (2,))]


def test_a_quotation_of_several_sentences_is_one_claim_unless_markers_end_them():
    quoted = '"We welcome the visit. We see a big sense in it," Motegi said. [1] Blinken left. [2]'
    assert split_claims(quoted) == [Claim('"We welcome the visit. We see a big sense in it," Motegi said.', (1,)),
                                    Claim("Blinken left.", (2,))]
    assert [c.cited for c in split_claims('Kishi said: "We agree. [1] We also disagree." [2]')] == [(1,), (2,)]


def test_terms_are_names_places_and_dates_but_not_sentence_openers():
    found = {(t.text, t.kind) for t in terms("Meanwhile, Putin met Foreign Minister Wang Yi in Moscow on 12 May "
                                             "2022, a Thursday.")}
    assert {("Foreign Minister Wang Yi", "name"), ("Moscow", "name"), ("12 May", "date"), ("2022", "date"),
            ("Thursday", "date")} <= found
    assert not any(text == "Meanwhile" for text, _ in found)
    assert ("Putin", "name") in {(t.text, t.kind) for t in terms("Putin met Kishi.")}  # a name may open it


def test_names_dates_and_places_must_occur_in_the_evidence():
    assert missing_terms("Kishi met Austin in Tokyo on March 16, 2021.", PASSAGE) == []
    assert missing_terms("The United States discussed Chinese assertiveness with Kishi.", PASSAGE) == []
    assert missing_terms("Kishi's talks with Austin were on 2021-03-16.", PASSAGE) == []
    missing = {(t.text, t.kind) for t in missing_terms("Kishi met Putin in Moscow on Friday, March 19, 2022.",
                                                       PASSAGE)}
    assert missing == {("Putin", "name"), ("Moscow", "place"), ("Friday", "date"), ("March 19", "date"),
                       ("2022", "date")}
    assert [t.text for t in missing_terms("Kishi met Austin on 2021-03-17.", PASSAGE)] == ["2021-03-17"]
    assert [t.text for t in missing_terms("They met in April.", PASSAGE)] == ["April"]


def test_a_claim_must_cite_a_given_passage_and_be_supported_by_what_it_cites():
    evidence = {1: PASSAGE, 2: "Blinken will meet Wang Yi in Alaska on Thursday."}
    assert check_claim(Claim("Kishi met Austin in Tokyo.", (1,)), evidence).ok
    assert check_claim(Claim("Kishi met Austin in Tokyo.", ()), evidence).problem == "cites no passage"
    assert "[7]" in check_claim(Claim("Kishi met Austin in Tokyo.", (1, 7)), evidence).problem
    verdict = check_claim(Claim("Kishi met Wang Yi in Alaska.", (1,)), evidence)
    assert not verdict.ok and {t.text for t in verdict.missing} == {"Wang Yi", "Alaska"}
    assert check_claim(Claim("Kishi met Wang Yi in Alaska.", (1, 2)), evidence).ok  # the union of what it cites


def test_audit_checks_an_answer_against_its_cited_quotes_titles_and_dates():
    cites = [Citation(1, "d1", "d1.txt", "Kishi, Austin hold talks", "2021-03-16", "Kyodo",
                      "Prime Minister Kishi met Defense Secretary Austin.", 0.9)]
    assert all(v.ok for v in audit("Kishi met Austin on 2021-03-16. [1]", citation_evidence(cites)))
    bad = [v for v in audit("Kishi met Austin in Tokyo. [1] Suga joined them.", citation_evidence(cites)) if not v.ok]
    assert [v.problem for v in bad] == ["Tokyo (place) not in [1]", "Suga (name) not in any cited quote"]
