"""Pledges: commitment language by the document's own party, testability, and coding.

Docs are made with the real model, from text, through the same ingest, layout and parse
steps as the runner; the catalog's party decides whose commitments count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from manifesto.extractors import REGISTRY
from manifesto.extractors.pledges import party_names, read_units
from manifesto.pipeline import load_stage
from manifesto.pipeline.evaluation import pledges as pledges_eval
from manifesto.pipeline.ingest import document_from_text
from manifesto.pipeline.parse import prepare_doc
from manifesto.pipeline.registry import DocContext

from ..conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "pledges.jsonl"
LINEAGE = REGISTRY.with_requirements(["pledges"])


@pytest.fixture(scope="module")
def extract(nlp):
    """`extract(text, party)` -> (pledge rows, document text), as the runner makes them."""
    def run(text: str, party: str = "Labour Party", year: str = "2015", country: str | None = None):
        catalog = {"party": party, "year": year, **({"country": country} if country else {})}
        document = document_from_text(text, "sample.txt", catalog)
        doc = nlp(prepare_doc(nlp, document))
        ctx = DocContext(document)
        for stage in LINEAGE:
            ctx.rows[stage] = list(REGISTRY[stage].extract(doc, ctx))
        return ctx.rows["pledges"], document.text
    return run


def by_text(rows):
    return {row["text"]: row for row in rows}


def readings_of(nlp, text: str, decide, party: str = "Labour Party") -> list:
    """Every unit of `text` as the pledges extractor reads it (`read_units`), with the
    stages it needs run first; `decide(reading)` stands in for the classifier."""
    document = document_from_text(text, "sample.txt", {"party": party, "year": "2015"})
    doc = nlp(prepare_doc(nlp, document))
    ctx = DocContext(document)
    for stage in LINEAGE:
        if stage != "pledges":
            ctx.rows[stage] = list(REGISTRY[stage].extract(doc, ctx))
    return list(read_units(doc, ctx, decide))


def test_pledges_negative_commitment_has_negative_polarity(extract):
    rows, _ = extract("We will not raise VAT. We won't privatise the NHS. We will never scrap the triple lock.")
    assert len(rows) == 3
    assert {row["polarity"] for row in rows} == {"negative"}
    assert [row["cue"] for row in rows] == ["will not", "won't", "will never"]
    assert rows[0]["actor"] == "We" and rows[0]["commitment"] == "firm"


def test_pledges_other_party_subject_is_an_attack_not_a_pledge(extract):
    text = "The Conservatives will cut 10,000 police. Labour will recruit 10,000 police officers."
    labour, _ = extract(text, party="Labour Party")
    assert [row["text"] for row in labour] == ["Labour will recruit 10,000 police officers."]
    assert labour[0]["actor"] == "Labour"
    conservative, _ = extract(text, party="Conservative Party")  # the same words in the other party's manifesto
    assert [row["text"] for row in conservative] == ["The Conservatives will cut 10,000 police."]
    assert conservative[0]["actor"] == "The Conservatives"


def test_pledges_lead_in_bullets_inherit_actor_and_cue(extract):
    rows, _ = extract("Labour will:\n\n- Abolish Police and Crime Commissioners\n"
                      "- Ban the sale of so-called 'legal highs'\n- Make communities safer\n")
    found = by_text(rows)
    assert set(found) == {"Abolish Police and Crime Commissioners", "Ban the sale of so-called 'legal highs'"}
    for row in rows:
        assert (row["actor"], row["cue"], row["lead_in"]) == ("Labour", "will", "Labour will:")
        assert row["specificity"] == "specific" and row["pledge_type"] == "action"
    assert "Labour will:" not in found  # the lead-in alone is not a pledge


def test_pledges_bullets_under_another_partys_record_are_not_pledges(extract):
    rows, _ = extract("Since 2010 the Conservatives have:\n\n- Cut 20,000 police officers\n"
                      "- Closed 600 police stations\n\nOur policies:\n\n- Scrap tuition fees\n")
    assert [row["text"] for row in rows] == ["Scrap tuition fees"]


def test_pledges_actor_follows_the_catalog_party(extract):
    rows, _ = extract("The Green Party will introduce a frequent flyer levy. Greens will scrap tuition fees. "
                      "A Green government would hold a referendum on proportional representation. "
                      "Labour will nationalise the railways.", party="Green Party")
    assert [row["actor"] for row in rows] == ["The Green Party", "Greens", "A Green government"]
    assert [row["commitment"] for row in rows] == ["firm", "firm", "soft"]
    rows, _ = extract("Labor will restore penalty rates. The Liberals will cut $14 billion from schools.",
                      party="Australian Labor Party")
    assert [row["actor"] for row in rows] == ["Labor"]


@pytest.mark.parametrize("party, country, text, actor", [
    ("ALP", "Australia", "Labor will build 20 new urgent care clinics.", "Labor"),
    ("BJP", "India", "The NDA Government will set up 150 new medical colleges.", "The NDA Government"),
    ("INC", "India", "Congress will introduce a minimum income guarantee of Rs. 72,000 a year.", "Congress"),
    ("DUP", None, "The Democratic Unionists will cut Air Passenger Duty.", "The Democratic Unionists"),
    # a name shared across countries, made national by the catalog's country
    ("Liberal Party", "Australia", "The Coalition will deliver 1.25 million new jobs.", "The Coalition"),
    ("Liberal Party", "AU", "The Coalition will cut the fuel excise by 22 cents a litre.", "The Coalition"),
])
def test_pledges_a_catalog_spelling_names_the_party_its_text_uses(extract, party, country, text, actor):
    """The catalog may give only the short form a data set uses ("ALP") or a name
    several countries share; the registry (models/entities/parties.jsonl) and the
    country know the names the manifesto itself uses."""
    rows, _ = extract(text, party=party, country=country)
    assert [row["actor"] for row in rows] == [actor]


def test_pledges_party_names_are_derived_from_the_catalog_name():
    assert {("labor",), ("alp",), ("australian", "labor")} <= party_names("Australian Labor Party")
    assert {("conservatives",), ("conservative",), ("tories",)} <= party_names("Conservative Party")
    assert ("liberal", "democrat") in party_names("Liberal Democrats")
    assert ("national",) not in party_names("Scottish National Party")
    assert party_names(None) == set() and party_names("") == set()


def test_pledges_condition_and_time_frame_are_recorded(extract):
    rows, _ = extract("When we leave the EU, we will take back control of our fishing waters. "
                      "If elected, we will hold a referendum on electoral reform within 12 months. "
                      "We will introduce a £10 minimum wage by 2020.")
    assert [row["condition"] for row in rows] == ["When we leave the EU", "If elected", None]
    assert [row["time_frame"] for row in rows] == [None, "within 12 months", "by 2020"]


def test_pledges_condition_inside_the_policy_is_not_recorded(extract):
    rows, _ = extract("We will bring in new powers enabling the police to stop an adult contacting a child "
                      "if there is evidence of abuse.")
    assert len(rows) == 1 and rows[0]["condition"] is None


def test_pledges_process_and_status_quo_types(extract):
    rows, _ = extract("We will consult on a new land value tax. We will review the business rates system. "
                      "We will continue to fund the Pupil Premium. We will keep the triple lock on pensions. "
                      "We will cut crime by 10%. We will abolish the bedroom tax.")
    assert [row["pledge_type"] for row in rows] == ["process", "process", "status_quo", "status_quo", "outcome", "action"]
    assert [row["cue"] for row in rows][:2] == ["will consult", "will review"]


def test_pledges_forecast_of_effects_is_not_a_pledge(extract):
    rows, _ = extract("We will build 100,000 homes. This will create 8,000 jobs. These measures will save households £300 a year.")
    assert [row["text"] for row in rows] == ["We will build 100,000 homes."]


def test_pledges_rhetoric_without_anything_checkable_is_not_a_pledge(extract):
    rows, _ = extract("We will ensure our government shows respect for families. We will make communities safer. "
                      "We will take a zero tolerance approach to hate crime. We will stand up for working people. "
                      "Together we will build a better future. We will tackle the climate emergency.")
    assert rows == []


def test_pledges_vague_goal_with_concrete_means_is_a_pledge(extract):
    rows, _ = extract("We will restore faith in the justice system, passing tough new laws on stalking.")
    assert len(rows) == 1 and rows[0]["specificity"] == "specific"


def test_pledges_soft_support_needs_a_concrete_object(extract):
    rows, _ = extract("We support a ban on fracking. We support families. We would like to thank our volunteers. "
                      "We want to abolish tuition fees. We believe in a fair society.")
    assert [(row["text"], row["cue"], row["commitment"]) for row in rows] == [
        ("We support a ban on fracking.", "support", "soft"),
        ("We want to abolish tuition fees.", "want", "soft"),
    ]


def test_pledges_thanks_commit_to_nothing_whatever_the_cue(extract):
    """A speech's thanks ("I want to thank ...") are no pledge; a wish with a measure is,
    and so are thanks that come with one."""
    rows, _ = extract("I want to thank the people of Werriwa. We will always thank our 20,000 volunteers. "
                      "I want to thank the people of Penrith and ask for their vote again. "
                      "I want to cut power bills by $275 a year. "
                      "We will thank and reward our nurses with a 10% pay rise.", party="Australian Labor Party")
    assert [row["text"] for row in rows] == ["I want to cut power bills by $275 a year.",
                                             "We will thank and reward our nurses with a 10% pay rise."]


def test_pledges_other_cues_are_commitments(extract):
    rows, _ = extract("We are going to build 300,000 homes a year. We pledge to abolish prescription charges. "
                      "We'll freeze fuel duty. We are committed to ending child poverty by 2030. We shall repeal the Act.")
    assert [row["cue"] for row in rows] == ["are going to", "pledge", "'ll", "committed to", "shall"]
    assert {row["commitment"] for row in rows} == {"firm"}


def test_pledges_our_plan_target_or_task_is_to_commits(extract):
    rows, _ = extract("Our plan is to build 40,000 council homes by 2028. Our target is to plant two million trees "
                      "a year. Our task now is to give every school a qualified nurse. The Conservatives' plan is to "
                      "sell off the Land Registry. The Bank of England's target is to keep inflation at 2 per cent.")
    assert [row["text"][:14] for row in rows] == ["Our plan is to", "Our target is ", "Our task now i"]
    assert [(row["cue"], row["commitment"], row["actor"]) for row in rows] == [
        ("plan", "firm", "Our"), ("target", "soft", "Our"), ("task", "soft", "Our")]
    # "plan" inside a phrase is no commitment noun: the modal's reading stands
    rows, _ = extract("We will now make the new Skills Fund a central part of our long-term plan for Britain.")
    assert [(row["actor"], row["cue"]) for row in rows] == [("We", "will")]
    # items under "Our plan:" stay firm, as "we plan to"
    rows, _ = extract("Our plan for the NHS:\n\n- Recruit 5,000 more GPs by 2025\n- Abolish hospital car parking "
                      "charges\n")
    assert len(rows) == 2 and {row["commitment"] for row in rows} == {"firm"}


def test_pledges_a_modal_in_what_someone_believes_is_no_commitment(extract):
    rows, _ = extract("We believe that more choice, combined with extra money for local hospitals, will end waiting "
                      "lists during the next Parliament. Labour believes that the new runway will be built by 2030. "
                      "We believe in fair play, and we will abolish tuition fees by 2027.")
    assert [row["text"] for row in rows] == ["We believe in fair play, and we will abolish tuition fees by 2027."]
    # the party as the modal's subject, or a clause joined with a subject of its own, still commits
    rows, _ = extract("We think the Bank of England should be independent and a Labour government will legislate "
                      "for that in its first year. I know that a Labour government will cut the deficit by 2020.")
    assert len(rows) == 2


def test_pledges_past_record_and_present_are_not_pledges(extract):
    rows, _ = extract("We have delivered 2 million apprenticeships since 2010. We are developing a crime prevention "
                      "strategy. We can protect neighbourhood policing. We must engage with young people.")
    assert rows == []


def test_pledges_impersonal_measure_is_a_pledge_with_no_actor(extract):
    rows, _ = extract("We will overhaul the Prevent programme. It will be expanded into more local authority areas.\n\n"
                      "Centrally set targets on hospitals will be abolished.")
    assert [row["text"] for row in rows] == ["We will overhaul the Prevent programme.",
                                             "It will be expanded into more local authority areas.",
                                             "Centrally set targets on hospitals will be abolished."]
    assert rows[1]["actor"] is None and rows[2]["actor"] is None


def test_pledges_an_obligation_put_on_others_is_a_measure(extract):
    """"Lenders will have to publish ..." is a rule the party's government makes, like
    "will be required to"; read after a pledge it is one. "It will have to be paid for"
    puts no obligation on anyone: not a measure."""
    rows, _ = extract("We will reform the banking system. Lenders will have to publish how much they lend to "
                      "small firms in each region. It will have to be paid for.\n", party="Labour Party")
    found = by_text(rows)
    assert "Lenders will have to publish how much they lend to small firms in each region." in found
    assert "It will have to be paid for." not in found


def test_pledges_with_party_makes_the_party_the_agent(extract):
    rows, _ = extract("With Labour, all police officers will become Chartered Officers. "
                      "With Labour, the security services will have the powers they need.")
    assert [(row["actor"], row["cue"]) for row in rows] == [("Labour", "will")]


def test_pledges_what_the_reader_gets_under_the_party_is_its_measure(extract):
    rows, _ = extract("Under a Liberal Democrat government, you will not have to pay any income tax on the first "
                      "£10,000 you earn. Under the Conservatives, you will pay more tax. You will be able to vote "
                      "at 16.", party="Liberal Democrats", year="2010")
    assert [(row["text"][:36], row["actor"]) for row in rows] == [
        ("Under a Liberal Democrat government,", "a Liberal Democrat government")]


def test_pledges_what_the_party_will_be_commits_only_through_its_to_clause(extract):
    # the party's own MPs are no concrete means of what they will be
    rows, _ = extract("Labour MPs will be the voice of working people in Parliament. Labour MPs will be a strong "
                      "voice for Wales. We will be ready to work with anyone.")
    assert rows == []
    rows, _ = extract("Labour MPs will be free to vote on the assisted dying bill. Labour MPs will be ready to vote "
                      "against any rise in tuition fees.")
    assert len(rows) == 2


def test_pledges_heading_that_commits_is_a_pledge(extract):
    rows, _ = extract("We will reform our prison system\n\nThere are more prison places than in 2010.\n\n"
                      "Prisons\n\nWe will transform the relationship between the police and the public\n\n"
                      "We will build new prisons.")
    assert [(row["text"], row["is_heading"]) for row in rows] == [
        ("We will reform our prison system", True), ("We will build new prisons.", False)]


def test_pledges_rows_point_into_the_document_text(extract):
    rows, text = extract("Labour will:\n\n- Abolish Police and Crime Commissioners\n\nWe will not raise VAT.")
    assert rows
    for row in rows:
        assert text[row["char_start"]:row["char_end"]] == row["text"]


def test_pledges_document_without_party_still_finds_we_pledges(extract):
    rows, _ = extract("We will abolish tuition fees. Labour will nationalise the railways.", party="")
    assert [row["actor"] for row in rows] == ["We"]


def test_pledges_sample_corpus_offsets_and_ids(built):
    pledges = load_stage("pledges", built)
    documents = load_stage("documents", built).set_index("doc_id")
    sentences = load_stage("sentences", built).set_index("sentence_id")
    assert len(pledges) > 50 and pledges.pledge_id.is_unique
    for row in pledges.itertuples():
        assert documents.loc[row.doc_id, "text"][row.char_start:row.char_end] == row.text
        assert sentences.loc[row.sentence_id, "char_start"] == row.char_start
        assert sentences.loc[row.sentence_id, "section_id"] == row.section_id
    assert set(pledges.commitment) <= {"firm", "soft"}
    assert set(pledges.pledge_type) <= {"action", "outcome", "status_quo", "process"}
    assert set(pledges.specificity) <= {"specific", "vague"}


def test_pledges_sample_corpus_against_gold(built):
    """The rules alone reached F1 1.000 here (they were written while reading this gold);
    with the classifier trained on real manifestos it is 0.94, which real text pays for
    (docs/pledges.md, "Measured figures"). The 'will' baseline F1 is 0.751."""
    result = pledges_eval.evaluate(Path(GOLD), built)
    assert result["unresolved_gold"] == []
    detection = result["detection"]
    assert detection["precision"] >= 0.9 and detection["recall"] >= 0.9
    assert detection["f1"] >= result["baseline"]["detection"]["f1"] + 0.15
    fields = {name: figures["accuracy"] for name, figures in result["fields"].items()}
    assert fields["specificity"] >= 0.85
    assert min(v for k, v in fields.items() if k != "specificity") >= 0.95


# --- held-out failure modes (sentences written for these tests, in the style of other
# countries' manifestos; none is taken from the held-out texts) ------------------------

def test_pledges_joint_party_names_give_collective_and_member_names():
    names = party_names("Liberal–National Coalition")
    assert {("coalition",), ("liberals",), ("nationals",), ("liberal",), ("national",)} <= names
    assert ("alliance",) in party_names("Red-Green Alliance")
    assert ("coalition",) not in party_names("Coalition Avenir Québec")  # the noun must follow a name


def test_pledges_coalition_actor_forms(extract):
    rows, _ = extract("The Coalition will build a second airport for Western Sydney. "
                      "A Coalition government will double the Regional Roads Fund to $1 billion. "
                      "The Liberals and Nationals will establish a new Drought Resilience Authority. "
                      "Labor will introduce a tax on housing.", party="Liberal–National Coalition", year="2022")
    assert [row["actor"] for row in rows] == ["The Coalition", "A Coalition government", "The Liberals and Nationals"]


def test_pledges_re_elected_government_with_a_leader_name_is_the_party(extract):
    text = ("A re-elected Howard Government will:\n\n- Cut the company tax rate to 25 per cent\n"
            "- Simplify the superannuation system\n\n"
            "The Howard Government will also fund 2,000 new apprenticeships.")
    rows, _ = extract(text, party="Liberal–National Coalition", year="2004")
    assert [row["actor"] for row in rows] == ["A re-elected Howard Government"] * 2 + ["The Howard Government"]
    assert rows[0]["lead_in"] == "A re-elected Howard Government will:"
    # Without the "re-elected" mark a government named after a person is not the party's.
    rows, _ = extract("The Howard Government will cut Medicare.", party="Australian Labor Party", year="2004")
    assert rows == []


def test_pledges_a_government_named_after_the_partys_leader_is_the_party(extract, nlp):
    rows, _ = extract("The Turnbull Government will invest $50 million to upgrade the Pacific Highway. "
                      "The Shorten Labor Government would cut $57 billion from hospitals.",
                      party="Liberal Party of Australia", year="2016")
    assert [row["actor"] for row in rows] == ["The Turnbull Government"]
    # another party's leader: an attack ("Shorten" leads Labor), in either party's text
    rows, _ = extract("The Turnbull Government will cut $57 billion from hospitals. A Shorten Labor Government "
                      "will restore every dollar.", party="Australian Labor Party", year="2016")
    assert [row["actor"] for row in rows] == ["A Shorten Labor Government"]
    # a leader's name counts only after "the" or "a" in front of a government noun
    rows, _ = extract("In May government borrowing rose again. May we will remember.", party="Conservative Party")
    assert rows == []
    assert ("may",) not in party_names("Conservative Party")
    rows, _ = extract("The Foot Patrol Team will recruit 500 officers by 2020.", party="Labour Party")
    assert all(row["actor"] != "The Foot Patrol Team" for row in rows)
    # the leaders of the party the catalog names, however its dashes are written
    rows, _ = extract("The Ardern Government will build 100,000 KiwiBuild homes by 2028.",
                      party="New Zealand Labour Party", year="2017")
    assert [row["actor"] for row in rows] == ["The Ardern Government"]
    rows, _ = extract("A Turnbull Government will fund 5,000 new apprenticeships.", party="Liberal-National Coalition",
                      year="2016")
    assert [row["actor"] for row in rows] == ["A Turnbull Government"]
    # at the start of a sentence the leader's name needs no article
    text = "Modi Government will extend the PM-KISAN scheme to all farmers by 2024."
    rows, _ = extract(text, party="Bharatiya Janata Party", year="2019", country="India")
    assert [row["actor"] for row in rows] == ["Modi Government"]
    rows, _ = extract(text, party="Indian National Congress", year="2019", country="India")
    assert rows == []
    # ... but only when the government noun heads the name ("Major Government projects" does not)
    units = readings_of(nlp, "Major Government projects will be reviewed every year. Major investment will go "
                        "into the railways.", lambda unit: False, party="Conservative Party")
    assert all("r_party_named" not in unit.features for unit in units)


def test_pledges_a_coalition_government_is_the_liberal_partys(extract):
    rows, _ = extract("Today I can announce that a Coalition Government will invest $100 million in cyber security.",
                      party="Liberal Party of Australia", year="2016")
    assert [row["actor"] for row in rows] == ["a Coalition Government"]


def test_pledges_another_indian_party_is_not_the_party(extract):
    rows, _ = extract("Congress will set up a National Commission for Farmers by 2020. The BJP will privatise the "
                      "public sector banks by 2021. The CPI(M) will oppose the new labour codes.",
                      party="Indian National Congress", year="2019")
    assert [row["actor"] for row in rows] == ["Congress"]


def test_pledges_lead_in_with_a_broken_parse_still_commits(extract):
    rows, _ = extract("In government, Fine Gael will:\n\n- Abolish the Universal Social Charge by 2025\n"
                      "- Build 12,000 social homes a year\n", party="Fine Gael", year="2020")
    assert len(rows) == 2
    assert {(row["actor"], row["cue"]) for row in rows} == {("Fine Gael", "will")}


def test_pledges_impersonal_passive_read_as_adjective_after_a_pledge(extract):
    rows, _ = extract("We will introduce a levy on online gambling firms. This revenue will be ring-fenced "
                      "for addiction services.", party="Liberal Democrats", year="2019")
    assert len(rows) == 2 and rows[1]["actor"] is None
    assert rows[1]["specificity"] == "specific"  # "This revenue" refers back to the levy
    rows, _ = extract("We will cut the company tax rate to 25 per cent. This will be welcomed by small businesses.",
                      party="Liberal–National Coalition", year="2019")
    assert len(rows) == 1  # a passive of reaction is an effect, not a measure


def test_pledges_time_frames_beyond_dates(extract):
    rows, _ = extract("In the long term, we will replace council tax with a land value tax. "
                      "Until the new regulator is in place, we will freeze water bills. "
                      "We will pass a Clean Air Act within two years of taking office.",
                      party="Green Party", year="2019")
    assert [row["time_frame"] for row in rows] == [
        "In the long term", "Until the new regulator is in place", "within two years of taking office"]


def test_pledges_year_the_recogniser_misses_is_a_time_frame(extract):
    rows, _ = extract("We will:\n\n- Open at least 40 community diagnostic centres a year from 2026\n"
                      "- Deliver 6,000 more midwives by 2028\n", party="Labour Party", year="2024")
    assert [row["time_frame"] for row in rows] == ["from 2026", "by 2028"]


def test_pledges_a_name_fused_with_the_partys_government_is_its_leaders(extract):
    """"A Kowalski Labor Government" (a leader no table knows) makes "Kowalski" the
    party's in that document: "A Kowalski Government will ..." is a pledge. A place or
    a level of government before the party's name is no leader: "the Welsh Labour
    Government" leaves "the Welsh Government" someone else's, "A Federal Labor
    Government" leaves "the Federal Government"."""
    rows, _ = extract("A Kowalski Labor Government will establish a National Integrity Commission. "
                      "A Kowalski Government will also abolish the cashless debit card.",
                      party="Australian Labor Party", year="2019")
    assert [row["actor"] for row in rows] == ["A Kowalski Labor Government", "A Kowalski Government"]
    rows, _ = extract("The Welsh Labour Government will build a new hospital in Cardiff. "
                      "The Welsh Government will cut council tax.", party="Labour Party", year="2019")
    assert "The Welsh Government will cut council tax." not in [row["text"] for row in rows]
    rows, _ = extract("A Federal Labor Government will build a new hospital in Penrith. "
                      "The Federal Government will cut $1.2 billion from public schools.",
                      party="Australian Labor Party", year="2019")
    assert [row["text"] for row in rows] == ["A Federal Labor Government will build a new hospital in Penrith."]


def test_pledges_hyphenated_if_re_elected_is_a_condition(extract):
    rows, _ = extract("If re-elected, we will return the budget to surplus by 2027.", party="Labour Party", year="2023")
    assert len(rows) == 1 and rows[0]["condition"] == "If re-elected"


def test_pledges_soft_support_cue_includes_the_verb(extract):
    rows, _ = extract("We would support councils that use their powers to license short-term lets. "
                      "We will support the Clean Rivers Bill.", party="Scottish National Party", year="2021")
    assert [(row["cue"], row["commitment"]) for row in rows] == [("would support", "soft"), ("will", "firm")]


def test_pledges_process_for_deliberative_bodies_and_delegated_reviews(extract):
    rows, _ = extract("We would establish a citizens' assembly to agree a plan for electoral reform. "
                      "We will ask the Law Commission to review the rules on leasehold. "
                      "We will review the Family Court system.", party="Labour Party", year="2019")
    assert [row["pledge_type"] for row in rows] == ["process"] * 3
    assert [row["cue"] for row in rows] == ["would", "will", "will review"]


def test_pledges_staffing_numbers_are_outcomes(extract):
    rows, _ = extract("We will recruit 8,000 more teachers by 2026. We will hire 500 extra border officers. "
                      "We will build 40,000 new homes.", party="Labour Party", year="2022")
    assert [row["pledge_type"] for row in rows] == ["outcome", "outcome", "action"]


def test_pledges_status_quo_when_numbers_describe_what_is_kept(extract):
    rows, _ = extract("We will:\n\n- Continue the Warm Homes grant, which pays up to £5,000 towards insulation\n"
                      "- Keep the state pension age at 66\n"
                      "- Guarantee the right of existing tenants to remain in their homes\n"
                      "- Maintain 20,000 neighbourhood police officers over the next four years\n",
                      party="Labour Party", year="2019")
    assert [row["pledge_type"] for row in rows] == ["status_quo", "status_quo", "status_quo", "outcome"]


def test_pledges_fiscal_instruments_of_other_countries(extract):
    rows, _ = extract("We will increase the low income tax offset to $700. We will raise the personal tax "
                      "threshold. We will not introduce a public sector pay freeze.",
                      party="Australian Labor Party", year="2019")
    assert [row["pledge_type"] for row in rows] == ["action", "action", "action"]
    assert {row["specificity"] for row in rows} == {"specific"}


def test_pledges_a_whole_system_is_vague_a_reference_back_is_specific(extract):
    rows, _ = extract("We will simplify the welfare benefits system.\n\n"
                      "The Renters Act 2016 caps rent rises at 3% a year. We will keep these protections.",
                      party="Labour Party", year="2019")
    assert [(row["text"], row["specificity"]) for row in rows] == [
        ("We will simplify the welfare benefits system.", "vague"), ("We will keep these protections.", "specific")]


def test_pledges_an_imperative_legal_act_is_specific_even_when_mistagged(extract):
    """A list item opening with a verb that changes legal status is a ban or a law: the
    small model tags "Ban" and "Legalise" at the start of an item as a noun or name, and
    the item was coded vague. An item with no legal act stays vague."""
    rows, _ = extract("Our priorities:\n\n- Ban single-use plastic bottles.\n- Legalise assisted dying.\n"
                      "- Improve the lives of carers.\n", party="Green Party", year="2017")
    assert [(row["text"], row["specificity"]) for row in rows] == [
        ("Ban single-use plastic bottles.", "specific"), ("Legalise assisted dying.", "specific"),
        ("Improve the lives of carers.", "vague")]


def test_pledges_a_built_facility_or_a_named_programme_is_specific(extract):
    """A facility built or new and a programme named in one word are concrete means; the
    party's own facilities, a figure of speech and a capitalised common noun are not."""
    rows, _ = extract("We will build a new hospital in Geelong. We will build a second airport for Sydney. "
                      "We will protect Medicare. We will fund our hospitals properly. "
                      "We will build bridges between communities. We will support the Council.",
                      party="Australian Labor Party", year="2019")
    assert [(row["text"], row["specificity"]) for row in rows if row["specificity"] == "specific"] == [
        ("We will build a new hospital in Geelong.", "specific"), ("We will build a second airport for Sydney.", "specific"),
        ("We will protect Medicare.", "specific")]


def test_pledges_a_one_word_name_does_not_make_a_vague_goal_checkable(extract):
    """The recogniser marks capitalised ideas as organisations too: "tackle
    Islamophobia" stays a goal without means, not a pledge."""
    rows, _ = extract("We will tackle Islamophobia.", party="Labour Party", year="2019")
    assert rows == []


def test_pledges_talk_is_no_pledge_but_a_phrasal_verb_of_talk_can_be(extract):
    """"Say", "write", "talk" commit to nothing checkable; "write off" is another verb.
    A stimulus package is an instrument, like a scheme or a programme."""
    rows, _ = extract("We will say more about this in the autumn. We will write to every household about it. "
                      "We will write off student debt for nurses. "
                      "We will begin with a green economic stimulus package.",
                      party="Labour Party", year="2019")
    assert [row["text"] for row in rows] == ["We will write off student debt for nurses.",
                                             "We will begin with a green economic stimulus package."]
    assert rows[1]["specificity"] == "specific"


def test_pledges_saying_no_to_a_policy_is_a_refusal_not_talk(extract):
    """"Say no to X" under a committing lead-in refuses X: a pledge, coded negative,
    when X is checkable ("division" is not); "say more about" stays talk; "will not say
    no to X" is a yes."""
    rows, _ = extract("Our defence\n\nWe will:\n\n- Say no to a third runway at Heathrow.\n"
                      "- Say more about our defence plans in the autumn.\n- Say no to division.\n"
                      "- Say yes to a new runway at Gatwick.\n- Say no to selling off our forests.\n\n"
                      "We will not say no to new nuclear power stations.\n", party="Labour Party", year="2019")
    assert [(row["text"], row["polarity"]) for row in rows] == [
        ("Say no to a third runway at Heathrow.", "negative"),
        ("Say yes to a new runway at Gatwick.", "positive"),
        ("Say no to selling off our forests.", "negative"),
        ("We will not say no to new nuclear power stations.", "positive")]


def test_pledges_building_a_whole_society_is_rhetoric(extract):
    rows, _ = extract("Together, we will build a country that works for everyone. We will restore Britain's greatness. "
                      "We will create a National Investment Bank to rebuild Britain.", party="Labour Party", year="2019")
    assert [row["text"] for row in rows] == ["We will create a National Investment Bank to rebuild Britain."]


def test_pledges_want_to_see_is_soft_when_its_object_is_checkable(extract):
    rows, _ = extract("We want to see the minimum wage rise to £12 an hour. We want to see a fairer Scotland. "
                      "We want to see a country where every child can flourish.",
                      party="Scottish National Party", year="2021")
    assert [(row["text"], row["cue"], row["commitment"]) for row in rows] == [
        ("We want to see the minimum wage rise to £12 an hour.", "want", "soft")]


# --- the failure modes of real manifestos (issue 13), on small texts written for the test ---

def test_pledges_lead_in_that_ends_a_paragraph_governs_its_list(extract):
    rows, _ = extract("Crime\n\nOur focus is on prevention. We will:\n\n- Design out opportunities for crime in new housing\n"
                      "- Fund 2,000 more community support officers\n", party="Green Party")
    found = by_text(rows)
    assert set(found) == {"Design out opportunities for crime in new housing", "Fund 2,000 more community support officers"}
    assert {row["lead_in"] for row in rows} == {"We will:"}
    assert {row["actor"] for row in rows} == {"We"}


def test_pledges_run_on_list_without_bullet_marks_gives_one_pledge_per_item(extract):
    rows, text = extract("To tackle crime we would: Fund treatment for addicts. Expand youth services. "
                         "Restore local police stations.\n", party="Liberal Democrats")
    assert [row["text"] for row in rows] == ["Fund treatment for addicts.", "Expand youth services.",
                                             "Restore local police stations."]
    assert all(row["commitment"] == "soft" and row["actor"] == "we" for row in rows)
    assert all(text[row["char_start"]:row["char_end"]] == row["text"] for row in rows)


def test_pledges_inline_bullets_become_list_items(extract):
    rows, _ = extract("We will not privatise policing - Refuse to allow the sale of police stations - "
                      "Invest in neighbourhood policing teams\n", party="Labour Party")
    found = by_text(rows)
    assert set(found) == {"We will not privatise policing", "Refuse to allow the sale of police stations",
                          "Invest in neighbourhood policing teams"}
    assert found["We will not privatise policing"]["polarity"] == "negative"
    assert found["Invest in neighbourhood policing teams"]["actor"] == "We"


def test_pledges_other_commitment_wording(extract):
    rows, _ = extract("We propose that the voting age is lowered to 16. It is our intention to abolish the "
                      "House of Lords. We will commit to a review of tuition fees. Labour will scrap the bedroom tax.\n",
                      party="Labour Party")
    assert [row["text"] for row in rows] == [
        "We propose that the voting age is lowered to 16.", "It is our intention to abolish the House of Lords.",
        "We will commit to a review of tuition fees.", "Labour will scrap the bedroom tax."]
    assert rows[0]["cue"] == "propose that" and rows[0]["commitment"] == "firm"


def test_pledges_committing_lead_ins_without_will(extract):
    rows, _ = extract("Our policies:\n\n- Introduce a land value tax\n- Ban fracking in Northern Ireland\n\n"
                      "Our priorities are to:\n\n- Build 100,000 council homes\n- Restore the Education Maintenance Allowance\n",
                      party="Green Party")
    assert [row["text"] for row in rows] == ["Introduce a land value tax", "Ban fracking in Northern Ireland",
                                             "Build 100,000 council homes", "Restore the Education Maintenance Allowance"]


@pytest.mark.parametrize("sentence", [
    "Labor will build a new hospital in Geelong.",
    "We promise to protect Medicare.",
    "We are committed to building a second airport for Sydney.",
    "I will build a new hospital in Geelong.",   # a leader's campaign voice
    "I promise to protect Medicare.",
    "We're going to cut taxes for families.",    # alone in its document: no modal anywhere
])
def test_pledges_short_plain_pledges_are_pledges_in_every_voice(extract, sentence):
    """Short pledges in words the classifier barely knows ("Geelong", "Medicare"): they
    name concrete means (a facility built, a programme by name), so the rules' reading
    stands; "I" commits as "we" does; "going to" alone still wakes the detector."""
    rows, _ = extract(sentence, party="Labor Party", year="2019")
    assert [row["text"] for row in rows] == [sentence]


def test_pledges_rhetoric_past_record_and_other_actors_are_not_pledges(extract):
    rows, _ = extract("We will always do whatever is necessary to protect the people. We have strengthened the "
                      "rights of tenants. The Conservatives will cut the NHS budget. Labour will abolish "
                      "hospital parking charges.\n", party="Labour Party")
    assert [row["text"] for row in rows] == ["Labour will abolish hospital parking charges."]


@pytest.mark.parametrize("sentence, named", [
    ("Labour will put up your taxes.", True),              # another party: an attack, never our pledge
    ("The Tories will cut 10,000 police.", True),
    ("The Howard Government will cut Medicare.", True),    # a government by a person's name
    ("The NHS will remain free at the point of use.", False),          # an institution: what the programme does
    ("The new Planning Commission will be a lean organisation.", False),
    ("The UK Government will act.", False),                 # a government noun may be ours in context
])
def test_pledges_only_parties_and_persons_are_other_actors_not_institutions(nlp, sentence, named):
    from manifesto.extractors.pledges.actors import ActorFinder
    from manifesto.extractors.pledges.party import Party
    from manifesto.extractors.pledges.rules import lexicon

    finder = ActorFinder(Party.from_catalog("Green Party", None), lexicon())
    doc = nlp(sentence)
    subject = next(t for t in doc if t.dep_ in ("nsubj", "nsubjpass"))
    assert finder.is_named(subject) is named


def test_pledges_impersonal_future_lead_in_commits_its_list_unless_someone_elses(extract):
    """"This change will be paid for by:" opens a list of the party's measures; "The
    Tories' cuts will mean:" opens a list of another party's."""
    text = ("You will pay no income tax on the first £10,000 you earn.\n\nThis change will be paid for by:\n\n"
            "- Giving tax relief on pensions only at the basic rate.\n- Taxing capital gains at the same rates as income.\n\n"
            "The Tories' cuts will mean:\n\n- Closing 200 police stations.\n- Cutting 10,000 nurses.\n")
    rows, _ = extract(text, party="Liberal Democrats", year="2010")
    items = [(row["text"], row["cue"], row["lead_in"]) for row in rows if row["lead_in"]]
    assert items == [("Giving tax relief on pensions only at the basic rate.", "will", "This change will be paid for by:"),
                     ("Taxing capital gains at the same rates as income.", "will", "This change will be paid for by:")]


def test_pledges_a_bare_government_lead_in_neither_commits_nor_disowns_its_list(nlp):
    """"The Government will:" may be ours or, in an opposition's text, theirs: the items
    are left to the classifier, neither inheriting a commitment nor thrown out."""
    from manifesto.extractors.pledges.actors import ActorFinder
    from manifesto.extractors.pledges.lead_ins import ListContext
    from manifesto.extractors.pledges.party import Party
    from manifesto.extractors.pledges.rules import lexicon

    finder = ActorFinder(Party.from_catalog("Green Party", None), lexicon())
    lists = ListContext()
    unit = nlp("The Government will:")[:]
    lists.read_lead_in({"text": unit.text}, unit, [], finder, lexicon())
    assert lists.committing is None and lists.disowned is None
    unit = nlp("The Tories' cuts will mean:")[:]
    lists.read_lead_in({"text": unit.text}, unit, [], finder, lexicon())
    assert lists.committing is None and lists.disowned == "The Tories' cuts will mean:"


def test_pledges_a_list_under_a_heading_is_read_item_by_item_but_slogans_are_not_pledges(extract):
    """Items under a heading have no lead-in: each is judged on its own words (they were
    once all thrown out as if under another party's list), except the short verbless
    themes of a summary box ("Less bureaucracy"), which commit to nothing; a short item
    that names concrete means or is an imperative with its object is no theme."""
    text = ("## Schools\n\nEvery child deserves a good school. The Tories want to cut school budgets.\n\n"
            "## A fair start\n\n* Free school meals for every primary school pupil from September 2025.\n"
            "* A maths teacher with a degree in the subject in every secondary school by 2027.\n\n"
            "## Our values\n\n* Less bureaucracy\n* Value for money\n\n"
            "## Transport\n\n* Scrap the bedroom tax\n* 5,000 new buses by 2028\n")
    rows, _ = extract(text)
    assert [row["text"] for row in rows] == [
        "Free school meals for every primary school pupil from September 2025.",
        "A maths teacher with a degree in the subject in every secondary school by 2027.",
        "Scrap the bedroom tax", "5,000 new buses by 2028"]
    assert all(row["lead_in"] is None for row in rows)


def test_pledges_a_preposition_with_an_object_is_not_an_empty_complement(extract):
    """"Do more", "go on" commit to nothing; "consult on" something names what is
    consulted on (it was once read as the empty particle "on")."""
    rows, _ = extract("We will consult on giving every school an overall grade for its performance. "
                      "We will go on. We want to go even further. We will do much more.")
    assert [row["text"] for row in rows] == ["We will consult on giving every school an overall grade for its performance."]
    assert rows[0]["pledge_type"] == "process"


def test_pledges_plain_descriptions_are_unworded_commitments_and_list_forms_are_not(nlp):
    """The classifier asks more of a plain sentence with no commitment words at all
    (`worded` False): such sentences describe ("Local councils run most bus services")."""
    text = ("Local councils run most bus services outside London. We will recruit 5,000 more health visitors.\n\n"
            "Our policies:\n\n- Free bus travel for under-18s\n\n- Reopen closed rail lines\n")
    document = document_from_text(text, "sample.txt", {"party": "Green Party", "year": "2017"})
    doc = nlp(prepare_doc(nlp, document))
    ctx = DocContext(document)
    for stage in REGISTRY.with_requirements(["sentences"]):
        ctx.rows[stage] = list(REGISTRY[stage].extract(doc, ctx))
    worded = {reading.row["text"]: reading.worded for reading in read_units(doc, ctx, lambda reading: reading.rules_say)}
    assert worded == {"Local councils run most bus services outside London.": False,
                      "We will recruit 5,000 more health visitors.": True,
                      "Free bus travel for under-18s": True, "Reopen closed rail lines": True}


def test_pledges_a_modal_of_possibility_is_not_a_commitment(extract):
    """"Could", "might" say what could happen, not what the party will do, except in an
    item under a committing lead-in."""
    rows, _ = extract("This seed funding could be raised from the sale of the student loan book. "
                      "Borrowing might be secured against government-owned assets. "
                      "The money will be raised from the sale of the student loan book.\n\n"
                      "We will make sure that:\n\n- every patient could see a GP within 48 hours\n")
    assert [row["text"] for row in rows] == ["The money will be raised from the sale of the student loan book.",
                                             "every patient could see a GP within 48 hours"]


def test_pledges_a_passive_measure_naming_concrete_means_is_a_pledge_unless_another_party_is_its_agent(extract):
    """An impersonal passive measure with concrete means is the party's, even with no
    pledge before it (the classifier still tells it from a forecast); with another
    party named as its agent it is an attack; a person who leads it is not."""
    rows, _ = extract("Prescription charges will be abolished from April 2026.\n\n"
                      "Under the Conservatives, 200 police stations will be closed by 2026.\n\n"
                      "Under Tory plans, 300 libraries will be closed by 2026.\n\n"
                      "200 police stations will be closed by the Conservatives by 2026.\n\n"
                      "Some 3,000 jobs will be lost when the plant closes in 2026.\n\n"
                      "We will set up an independent review of disability benefits. "
                      "The review will be led by Dame Carol Black and will report by 2026.\n")
    assert [(row["text"], row["actor"]) for row in rows] == [
        ("Prescription charges will be abolished from April 2026.", None),
        ("We will set up an independent review of disability benefits.", "We"),
        ("The review will be led by Dame Carol Black and will report by 2026.", None)]


def test_pledges_an_impersonal_measure_the_classifier_accepts_keeps_its_cue(extract):
    """"Funding will follow the patient": no pledge before it, so the rules leave it to
    the classifier; when it is a pledge, it is coded with its modal as cue, no actor."""
    rows, _ = extract("Hospitals are paid by Whitehall budgets.\n\n"
                      "Funding will follow the patient and go directly to front-line care.\n")
    assert [(row["cue"], row["actor"], row["commitment"], row["polarity"]) for row in rows] == [
        ("will", None, "firm", "positive")]


def test_pledges_promising_a_thing_and_committing_to_it_are_commitments(extract):
    """"promises a new Clean Air Act", "commit to a review of": a firm verb with a noun
    object, and "commit (itself) to", commit as firmly as "will"."""
    rows, _ = extract("The Green Party promises a new Clean Air Act. "
                      "We commit to a review of the Mental Health Act within a year. "
                      "The Green Party commits itself to the abolition of prescription charges.", party="Green Party")
    assert [(row["cue"], row["commitment"]) for row in rows] == [
        ("promises", "firm"), ("commit to", "firm"), ("commits itself to", "firm")]


@pytest.mark.parametrize("choice", ["holdout_inc_2004", "holdout-../classifier", "holdout-inc_1066"])
def test_pledges_a_fold_model_the_catalog_names_must_exist(choice):
    """`pledge_model` is for evaluation: a typo or a path must not silently run the
    shipped model (which has seen every INC sentence) or load something else."""
    from manifesto.extractors.pledge_classifier import classifier

    with pytest.raises(ValueError, match="pledge_model"):
        classifier({"pledge_model": choice})
    assert classifier({"pledge_model": "holdout-inc_2004"}).nlp.meta["training"]["held_out"] == "inc_2004.txt"


def test_pledges_idioms_of_direction_and_attention_are_rhetoric(extract):
    """"Change direction", "pay attention to", "lock in stability" commit to an attitude;
    the same verbs with a concrete object are pledges."""
    rows, _ = extract("We will change direction. We will pay particular attention to children in care. "
                      "We will lock in economic stability. We will pay nurses a living wage of £12 an hour. "
                      "We will end zero-hours contracts.")
    assert [row["text"] for row in rows] == ["We will pay nurses a living wage of £12 an hour.",
                                             "We will end zero-hours contracts."]


def test_pledges_classifier_scores_word_hashes_as_the_model_scores_a_doc(nlp):
    """`PledgeClassifier.score` feeds the model word hashes without a tokenizer or Doc;
    it must give what spaCy's own path gives on a Doc of the same words (the training
    path), for every unit of a real document, in each domain."""
    from spacy.tokens import Doc

    from manifesto.extractors.pledge_classifier import LABEL, augment, classifier

    model = classifier()
    textcat = model.nlp.get_pipe("textcat_multilabel")
    text = (ROOT / "data" / "raw" / "labour_2015_safer_communities.txt").read_text()
    features = [unit.features for unit in readings_of(nlp, text, lambda unit: False)]
    assert len(features) > 50
    for words, domain in zip(features, [None, "UK", "IN"] * len(features)):
        doc = Doc(model.nlp.vocab, words=list(augment(words, domain)))
        expected = textcat.model.predict([doc])[0][textcat.labels.index(LABEL)]
        assert model.score(words, domain) == pytest.approx(float(expected), abs=1e-6)


def test_pledges_classifier_reads_a_country_as_its_labels_do(extract):
    """The INC labels (Fornaciari et al.) call a vague commitment ("We will promote the
    welfare of ...") no pledge unless it names concrete means; our guide's labels call it
    one. The model learnt the INC reading in a marked copy of the words (`augment`),
    used for a document whose catalog country is India; the UK, a country with no
    labelled data, and no country at all are read by our guide."""
    from manifesto.extractors.pledge_classifier import augment, classifier

    model = classifier()
    assert model.domains == {"IN"}
    assert [model.domain_of(c) for c in ("India", "Republic of India", "IND", "united kingdom", "Australia", "", None)] \
        == ["IN", "IN", "IN", None, None, None, None]
    assert augment(("we", "will"), None) == ("we", "will") and augment(("we",), "IN") == ("we", "IN|", "IN|we")
    text = ("We will promote the welfare of weavers and artisans. "
            "We will abolish the tax on cooking gas.")
    pledges = {country: [row["text"] for row in extract(text, "Indian National Congress", "2009", country)[0]]
               for country in ("India", "United Kingdom", "Australia", None)}
    assert pledges["India"] == ["We will abolish the tax on cooking gas."]
    assert pledges["United Kingdom"] == pledges["Australia"] == pledges[None] == [
        "We will promote the welfare of weavers and artisans.", "We will abolish the tax on cooking gas."]


def test_pledges_that_is_why_introduces_the_partys_own_commitment(extract):
    """"That is why we will ..." reads "so we will ...": the clause after "that/this is
    why" is a main commitment, not an embedded question ("how we will pay for it")."""
    rows, _ = extract("Too many courts have closed. That is why we will reopen 40 magistrates' courts. "
                      "This is how we will pay for it. We will explain what we will do about bus fares. "
                      "Fares keep rising, which is why we will freeze rail fares for 5 years.")
    assert [row["text"] for row in rows] == ["That is why we will reopen 40 magistrates' courts.",
                                             "Fares keep rising, which is why we will freeze rail fares for 5 years."]
    assert rows[0]["actor"] == "we" and rows[0]["cue"] == "will"


def test_pledges_the_lifetime_of_the_next_parliament_is_a_time_frame(extract):
    rows, _ = extract("Over the lifetime of the next Parliament we will clamp down on the fees charged by payday "
                      "lenders. During the course of the next Parliament we will build 200,000 homes.")
    assert [row["time_frame"] for row in rows] == ["Over the lifetime of the next Parliament",
                                                   "During the course of the next Parliament"]


def test_pledges_commitment_verb_the_tagger_reads_as_a_noun(extract, nlp):
    """"X recognises ... and pledges to build ...": the small model tags the second verb a
    plural noun; "to" and a bare verb right after it still make it the party's cue, while a
    real noun ("our pledges to voters") or another party's promise commits nobody."""
    text = "Labour recognises the scale of the housing crisis and pledges to build 100,000 council homes a year."
    assert [t.tag_ for t in nlp(text) if t.lower_ == "pledges"] == ["NNS"]  # the case this test is about
    rows, _ = extract(text + " Our pledges to voters are costed. The SNP promises to hold a referendum. "
                      "We have seen the Tories' broken promises and pledges to protect the NHS. "
                      "We reject the Conservative cuts and promises to privatise the NHS. "
                      "Previous Labour pledges to cut tuition fees were abandoned.", party="Labour Party")
    assert [(row["text"], row["actor"], row["cue"]) for row in rows] == [(text, "Labour", "pledges to")]


def test_pledges_a_firm_promise_of_a_measure_needs_no_number(extract):
    """"We promise X" / "we guarantee X" commit to X itself: a measure is a pledge without
    a number or date, an attitude or a goal ("a brighter future") is not."""
    rows, _ = extract("We promise free bus travel for apprentices. We guarantee a brighter future. "
                      "We promise respect for every community. We support hard-working families. "
                      "We guarantee it. We promise change. We pledge our support to farmers. "
                      "We guarantee equality for women.")
    assert [row["text"] for row in rows] == ["We promise free bus travel for apprentices."]


def test_pledges_money_committed_in_the_campaign_is_a_pledge_the_simple_past_is_record(extract):
    """Campaign releases promise money in the perfect or progressive ("Labor has committed
    $50 million to ...", "We are pledging ..."); "In 2016 Labor committed ..." reports."""
    rows, _ = extract("Labor has committed $40 million to upgrade the Pacific Highway. "
                      "We are pledging $2 billion for new regional hospitals. "
                      "In 2016 Labor committed $30 million to the Pacific Highway. "
                      "We had committed $20 million to the project before the Liberals cancelled it.",
                      party="Australian Labor Party")
    assert [(row["text"], row["actor"], row["cue"]) for row in rows] == [
        ("Labor has committed $40 million to upgrade the Pacific Highway.", "Labor", "has committed"),
        ("We are pledging $2 billion for new regional hospitals.", "We", "are pledging")]
    assert {row["specificity"] for row in rows} == {"specific"}


def test_pledges_a_commitment_spoken_in_the_present_progressive_is_a_pledge(extract):
    """Campaign speeches commit as they speak: "we are announcing / guaranteeing X", "I'm
    committing to X". Another party doing the same, the past progressive, declining to
    commit and announcing something other than a measure are not pledges."""
    rows, _ = extract("Today we are announcing a $50 million package for the Great Barrier Reef. "
                      "I'm committing today to a $1 billion fund for regional roads. "
                      "We are guaranteeing free childcare from 8am until 6pm in term-time. "
                      "The Liberals are promising tax cuts they cannot pay for. "
                      "In 2019 we were promising a new hospital for Penrith. We are not promising miracles. "
                      "Today we are announcing our candidate for Werriwa, Anne Stanley. "
                      "Today I am announcing a National Integrity Commission. We are not going to raise the GST.",
                      party="Australian Labor Party", country="Australia")
    assert [(row["text"][:30], row["cue"]) for row in rows] == [
        ("Today we are announcing a $50 ", "are announcing"),
        ("I'm committing today to a $1 b", "'m committing today to"),
        ("We are guaranteeing free child", "are guaranteeing"),
        ("Today I am announcing a Nation", "am announcing"),
        ("We are not going to raise the ", "are not going to")]


def test_pledges_a_sum_spent_as_it_is_spoken_is_a_pledge(extract):
    """"We're investing $X in ...", "we're putting $X into ...": the campaign announces
    a sum in the present progressive. The past, another party's spending, spending with
    no sum as its object, and spending described as going on ("already", "this year", "a
    record $X") are not pledges."""
    rows, _ = extract("Today we're investing $400 million in 20,000 new TAFE places. "
                      "We are putting $90 million into a new cancer centre in Townsville. "
                      "In 2015 we were investing $2 billion a year in regional roads. "
                      "The Liberals are spending $600 million on government advertising. "
                      "We are investing in the future of our young people. "
                      "We are already investing $3 billion in the Bruce Highway. "
                      "This year we are spending a record $30 billion on public schools. "
                      "We are investing a record $20 billion in public hospitals. "
                      "We are now investing $500 million in the Western Sydney Airport rail link. "
                      "Today I am announcing a record $1 billion investment in TAFE.",
                      party="Australian Labor Party", country="Australia")
    assert [(row["text"][:28], row["actor"], row["cue"]) for row in rows] == [
        ("Today we're investing $400 m", "we", "'re investing"),
        ("We are putting $90 million i", "We", "are putting"),
        ("We are now investing $500 mi", "We", "are now investing"),
        ("Today I am announcing a reco", "I", "am announcing")]


def test_pledges_a_re_elected_government_of_another_party_is_an_attack(extract):
    """Only the governing party asks to be re-elected, but the opposition warns of it:
    "a re-elected Turnbull Government" in a Labor text names another party's leader,
    "a re-elected Liberal Government" another party."""
    rows, _ = extract("A re-elected Turnbull Government will cut $17 billion from schools. "
                      "A re-elected Liberal Government will bring back WorkChoices. "
                      "A re-elected Albanese Government will build 50 new Medicare urgent care clinics.",
                      party="Australian Labor Party", country="Australia", year="2016")
    assert [row["actor"] for row in rows] == ["A re-elected Albanese Government"]
    # The Coalition's governments are the Nationals' own (parties.toml [leaders])
    rows, _ = extract("A re-elected Morrison Government will build the Inland Rail by 2027. "
                      "The Morrison Government will deliver $2 billion for regional dams.",
                      party="The Nationals", country="Australia", year="2019")
    assert [row["actor"] for row in rows] == ["A re-elected Morrison Government", "The Morrison Government"]


def test_pledges_an_unnamed_government_under_the_party_is_the_party(extract):
    """"Under Labor, the Government will ..." makes the party the agent of what an
    unnamed government does; "Under the Liberals, the Government will ..." attacks."""
    rows, _ = extract("Under Labor, the Government will double the number of TAFE places by 2026. "
                      "Under the Liberals, the Government will sell off the NBN. "
                      "Under Labor, the Federal Government will fund half of every public hospital's costs.",
                      party="Australian Labor Party", country="Australia")
    assert [(row["text"][:30], row["actor"]) for row in rows] == [
        ("Under Labor, the Government wi", "Labor"), ("Under Labor, the Federal Gover", "Labor")]


def test_pledges_a_joint_subject_with_the_party_in_it_commits_the_party(extract):
    """"The Liberals and Nationals will ..." in the Nationals' text is their joint
    pledge; in Labor's text it is an attack."""
    text = "The Liberals and Nationals will build the Inland Rail from Melbourne to Brisbane by 2027."
    rows, _ = extract(text, party="National Party", country="Australia")
    assert [row["actor"] for row in rows] == ["The Liberals and Nationals"]
    rows, _ = extract(text, party="Australian Labor Party", country="Australia")
    assert rows == []


def test_pledges_the_party_under_which_something_will_happen_may_follow_the_clause(extract):
    """"There will be no new tuition fees under a Labour government" names the party as
    the agent after the clause, as "Under a Labour government, ..." does before it; "...
    under the Conservatives" or "under a Johnson Government" attacks, and "under the
    Housing Act" names a law, not the ACT party."""
    rows, _ = extract("There will be no new tuition fees under a Labour government. "
                      "Council tax will rise by 10 per cent under the Conservatives. "
                      "There will be no cuts to Sure Start under a Johnson Government.",
                      party="Labour Party", country="United Kingdom", year="2019")
    assert [(row["text"][:30], row["actor"]) for row in rows] == [("There will be no new tuition f", "a Labour government")]
    # a scheme's name is not a party: "National", "Green" inside it name no one
    rows, _ = extract("Workers over 21 will be paid at least £12 an hour under the National Living Wage. "
                      "Every home will be insulated under the Green Deal by 2030.",
                      party="Conservative Party", country="United Kingdom", year="2019")
    assert len(rows) == 2
    # but another party's scheme is theirs
    rows, _ = extract("Under the Conservative Spending Review, 500 Sure Start centres will be closed. "
                      "Tuition fees will be trebled under the Lib Dem Coalition Agreement.",
                      party="Labour Party", country="United Kingdom", year="2015")
    assert rows == []


def test_pledges_a_party_acronym_names_the_party_only_in_capitals(extract):
    """The ACT party of New Zealand is "ACT"; "the Act" is a law. Read case-blind, "The
    Act will ..." was another party's statement."""
    rows, _ = extract("We will pass a Healthy Homes Act. The Act will require every rental home to be insulated by 2024. "
                      "ACT will abolish the Healthy Homes standards.",
                      party="New Zealand Labour Party", country="New Zealand", year="2017")
    assert [row["text"][:20] for row in rows] == ["We will pass a Healt", "The Act will require"]
    # a form the registry lists in another case too is read in any case
    rows, _ = extract("Ukip would scrap the minimum wage. We will raise the National Living Wage to £10.",
                      party="Conservative Party", country="United Kingdom")
    assert [row["text"][:14] for row in rows] == ["We will raise "]


def test_pledges_the_people_a_measure_is_for_are_not_another_actor(extract):
    """"Every Australian" and "Australians" (tagged as a nationality) are the people a
    measure is for, so "Under Labor, ..." makes the measure the party's; "the
    Nationalists" or "Nationalists" are a group that acts, whose plans are not ours."""
    rows, _ = extract("Under Labor, every Australian will have access to free dental care for children. "
                      "Under Labor, Australians will be able to see a GP for free. "
                      "The Nationalists will abolish the Senate. Nationalists will cut council tax by 5%.",
                      party="Australian Labor Party", country="Australia")
    assert [(row["text"][:30], row["actor"]) for row in rows] == [
        ("Under Labor, every Australian ", "Labor"), ("Under Labor, Australians will ", "Labor")]


def test_pledges_a_plan_tagged_as_a_person_or_people_named_bare_are_not_another_actor(nlp):
    """The small model tags "Cancer Plan" as a PERSON: a programme named so is the
    party's, not someone else's. A person whose name is also a word for an instrument
    ("Laws", "Levy") is still a person; a faith named bare ("Muslims") is the people a
    measure is for; a programme another party owns is theirs."""
    text = ("Labor's $2.4 billion Cancer Plan will cut out-of-pocket costs for patients.\n\n"
            "David Laws will cut the schools budget by $3 billion.\n\n"
            "Muslims will get 4.5% reservation in central government jobs.\n\n"
            "The Liberals' plan will cut $14 billion from schools.")
    plan, person, people, theirs = readings_of(nlp, text, lambda unit: False, party="Australian Labor Party")
    assert "r_other_party" not in plan.features and "r_other_actor" not in plan.features
    assert "r_other_party" in person.features
    assert "r_other_party" not in people.features and "r_other_actor" not in people.features
    assert "r_other_party" in theirs.features  # another party's programme: an attack


def test_pledges_a_name_in_what_we_will_be_is_no_concrete_means(extract):
    """"We will be X" commits to nothing checkable unless the unit names concrete means
    outside X: a title or group named in X does not count; a measure in a clause of X does."""
    rows, _ = extract("I want to be a Prime Minister who governs for all Australians. "
                      "We will be the party of Working Australians. "
                      "Labor will be the first government to legislate a 45 per cent emissions target.",
                      party="Australian Labor Party")
    assert [row["text"] for row in rows] == [
        "Labor will be the first government to legislate a 45 per cent emissions target."]


def test_pledges_a_content_rule_must_read_from_a_node_of_its_pattern():
    """A typo in commitments.jsonl's `content` must fail loudly with the pattern's id, not
    silently drop every match of the pattern."""
    from manifesto.extractors.pledges.rules import ContentRule

    with pytest.raises(ValueError, match="modal"):
        ContentRule.read({"of": "cue_too", "head": True}, ("cue",), "modal")
    with pytest.raises(ValueError, match="verb_to"):
        ContentRule.read({"of": "cue", "deps": ["xcomp"]}, ("cue",), "verb_to")  # a misspelt key reads nothing
    assert ContentRule.read({"of": "cue", "dep": ["xcomp"]}, ("cue",), "verb_to").deps == {"xcomp"}


def test_pledges_what_we_will_be_survives_a_complement_of_punctuation(nlp):
    """A PDF's bullet parsed as the complement of "be" ("we will all be • better off",
    found in a real 2017 manifesto) left no noun phrase and crashed the document's pledges."""
    from spacy.tokens import Doc

    from manifesto.extractors.pledges.testability import _what_we_will_be

    words = ["we", "will", "all", "be", "•", "better", "off"]
    doc = Doc(nlp.vocab, words=words, heads=[3, 3, 3, 3, 3, 6, 3], deps=["nsubj", "aux", "advmod", "ROOT", "acomp",
                                                                         "advmod", "acomp"],
              tags=["PRP", "MD", "RB", "VB", "VBN", "RBR", "RB"], pos=["PRON", "AUX", "ADV", "AUX", "PUNCT", "ADV", "ADV"])
    phrases = _what_we_will_be(doc[3])
    assert [span.text for span in phrases][0] == "•" and len(phrases) == 2


def test_pledges_a_named_promiser_is_another_party_but_the_government_may_be_ours(nlp):
    """"The SNP pledges to ..." in a Labour text is someone else's promise, rejected by the
    rules; "The Government pledges to ..." is left to the classifier (a governing party
    writes of itself as "the Government")."""
    text = "The SNP pledges to hold a second referendum. The Government pledges to cut income tax by 2p."
    readings = readings_of(nlp, text, lambda unit: unit.rules_say)
    assert [("r_other_party" in r.features, r.rejected) for r in readings] == [(True, True), (False, False)]


def test_pledges_a_commitment_in_capitals_is_read_as_in_lower_case(extract):
    """Headings and banners in capitals ("LABOUR WILL BUILD ...") are common in PDF
    manifestos; the small model tags their verb as a proper noun ("BUILD" NNP), which
    the modal's predicate must still be. Whose commitment it is still counts."""
    rows, _ = extract("LABOUR WILL BUILD 100,000 COUNCIL HOMES A YEAR\n\n"
                      "WE WILL END UNDERGRADUATE TUITION FEES AND REINTRODUCE A STUDENT GRANT\n\n"
                      "THE CONSERVATIVES WILL CUT YOUR PENSION\n")
    assert [(row["text"], row["cue"]) for row in rows] == [
        ("LABOUR WILL BUILD 100,000 COUNCIL HOMES A YEAR", "WILL"),
        ("WE WILL END UNDERGRADUATE TUITION FEES AND REINTRODUCE A STUDENT GRANT", "WILL")]


def test_pledges_indian_alliances_and_local_party_forms(extract):
    """The government of the alliance a party leads is the one it would form ("The UPA
    Government will ..." in a Congress text, "The NDA Government will ..." in a BJP
    one: parties.toml aliases); a party form that is a party only in the document's
    country ("CPM", "AAP" in India) is another party's commitment, not the party's
    impersonal measure."""
    congress, _ = extract("The UPA Government will set up a National Commission for Enterprises. "
                          "The CPM will oppose the bill. AAP will abolish the angel tax.",
                          "Indian National Congress", "2009", "India")
    assert [(row["text"], row["actor"]) for row in congress] == [
        ("The UPA Government will set up a National Commission for Enterprises.", "The UPA Government")]
    bjp, _ = extract("The NDA Government will build a high-speed rail network. "
                     "The UPA government will sell off public sector units.",
                     "Bharatiya Janata Party", "2014", "India")
    assert [row["actor"] for row in bjp] == ["The NDA Government"]
    cpm, _ = extract("The UPA will create 10 million jobs. The NDA will sell off public sector units. "
                     "We will double the budget for health by 2024.",
                     "Communist Party of India (Marxist)", "2014", "India")
    assert [row["text"] for row in cpm] == ["We will double the budget for health by 2024."]


def test_pledges_the_coalition_is_another_party_in_an_australian_labor_text(extract):
    """"Coalition" is a government noun ("a coalition government") and, in Australia,
    the Liberal-National Coalition's name: in a Labor text its commitments are attacks."""
    text = "The Coalition will cut Medicare by $5 billion. Labor will invest $2 billion in TAFE."
    labor, _ = extract(text, "Australian Labor Party", "2016", "Australia")
    liberal, _ = extract(text, "Liberal Party of Australia", "2016", "Australia")
    assert [row["text"] for row in labor] == ["Labor will invest $2 billion in TAFE."]
    assert [row["text"] for row in liberal] == ["The Coalition will cut Medicare by $5 billion."]


def test_pledges_what_the_partys_plans_include_or_provide_for(extract):
    """"Our plans include X" / "our plans provide for X" commit to X as "our plan is to
    X" does; someone else's plans, or a goal as what is included ("a fairer society"),
    do not."""
    rows, _ = extract("Our plans include scrapping the national identity card scheme. "
                      "And our plans provide for an extra £2 billion a year for rural bus services. "
                      "Labour's plans include a new tax on family homes. "
                      "Our priorities include a fairer society.", "Conservative Party")
    assert [(row["text"], row["cue"]) for row in rows] == [
        ("Our plans include scrapping the national identity card scheme.", "plans"),
        ("And our plans provide for an extra £2 billion a year for rural bus services.", "plans")]
