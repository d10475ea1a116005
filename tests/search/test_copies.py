"""Copies and templates: one opening under two company names, or two employers' openings
made from one template (``search.dedup.copies``, used by ``search.dedup.rules.copy_of``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from core.models import Posting, posting_id
from search.dedup.copies import contacts, copy_evidence, copy_source, cut_from, staffing_text
from search.dedup.merge import BatchState, absorb, new_entry
from search.dedup.names import own_name
from search.dedup.rules import DedupConfig, containment, plausible, posting_fingerprint
from search.embedded import EmbeddedBackend
from search.embeddings import LocalEmbedder
from search.ingest import Ingestor

CONFIG = DedupConfig()
EMPLOYER_TEXT = (
    "Northwind Analytics is seeking a Data Engineer to build the pipelines behind our "
    "forecasting products. You will design batch and streaming jobs in Python and Spark, "
    "model warehouse tables in Snowflake and keep Airflow schedules healthy. You have 5+ years "
    "of experience in data engineering and a degree in computer science or a related field. "
    "You write clear SQL, review code with care and explain trade-offs to analysts. "
    "At Northwind Analytics you work with a small team of engineers and scientists who ship "
    "every week, and you will mentor junior engineers as the team grows."
)
ANONYMOUS_TEXT = EMPLOYER_TEXT.replace("Northwind Analytics is", "We are").replace(
    "At Northwind Analytics you", "You"
)
TEMPLATE = (
    "{owner} is hiring a Shift Supervisor for our Sunrise Bakery Cafe in Columbus. You open "
    "and close the cafe, lead a team of six, count the registers and order supplies each week. "
    "You have 2+ years of experience leading a food service team and a food handler card. "
    "We offer flexible schedules, free meals on shift and paid training. Sunrise Bakery Cafe "
    "restaurants are independently owned and operated by {owner}."
)


def posting(company: str, description: str, **fields: Any) -> Posting:
    values: dict[str, Any] = {"title": "Data Engineer", "location": "Austin, TX", "source": "t"}
    values.update(fields)
    url = f"https://board.example.org/{company}/{values['title']}/{len(description)}"
    return Posting(
        id=posting_id(values["source"], None, url),
        url=url,
        company=company,
        description=description,
        **values,
    )


def decide(a: Posting, b: Posting, cosine: float = 0.95) -> tuple[str, float] | None:
    contain = containment(posting_fingerprint(a), posting_fingerprint(b))
    return plausible(a, b, cosine, contain, CONFIG)


def edited(text: str) -> str:
    """An agency's edit: other years, another scheduler, a header of its own."""
    body = text.replace("5+ years", "7+ years").replace("Airflow", "Dagster")
    body = body.replace("Python and Spark", "Scala and Flink").replace("Snowflake", "BigQuery")
    return f"Title: Data Engineer\nLocation: Austin, TX\nDuration: 12 months\nRate: DOE\n\n{body}"


def test_a_staffing_firm_that_keeps_the_employers_name_is_a_copy() -> None:
    employer = posting("Northwind Analytics", EMPLOYER_TEXT)
    copy = posting(
        "Lakeshore Business Solutions",
        EMPLOYER_TEXT + " Lakeshore Business Solutions is an equal opportunity employer.",
    )
    assert not copy_source(copy)  # neither its name nor its text says "agency"
    assert copy_evidence(copy, employer) == "names_employer"
    assert decide(copy, employer) == ("names_employer", decide(copy, employer)[1])  # type: ignore[index]


def test_an_agency_requisition_with_the_stack_and_years_edited_is_a_copy() -> None:
    employer = posting("Northwind Analytics", EMPLOYER_TEXT)
    requisition = edited(ANONYMOUS_TEXT)
    copy = posting("Hudson Valley Technology Partners", requisition)
    assert staffing_text(requisition) and copy_source(copy)
    why = decide(copy, employer)
    assert why is not None and why[0] == "agency_copy" and why[1] < CONFIG.fingerprint_containment
    assert decide(copy, employer, cosine=0.70) is None  # an edited copy needs a close vector


def test_a_name_shaped_like_a_staffing_firm_tips_only_an_unedited_copy() -> None:
    employer = posting("Northwind", ANONYMOUS_TEXT)
    assert decide(posting("Lakeshore Business Solutions", ANONYMOUS_TEXT), employer)
    years = ANONYMOUS_TEXT.replace("5+ years", "8+ years")
    assert decide(posting("Lakeshore Business Solutions", years), employer) is None
    # Two employers of no particular shape with one text: nothing says which copied.
    assert decide(posting("Bluebonnet Health", ANONYMOUS_TEXT), employer) is None


def test_franchisees_filling_in_one_template_stay_apart() -> None:
    oak = posting(
        "Sunrise Bakery Cafe - Oakridge Foods",
        TEMPLATE.format(owner="Oakridge Foods"),
        title="Shift Supervisor",
        location="Columbus, OH",
    )
    maple = posting(
        "Sunrise Bakery Cafe - Mapleton Hospitality",
        TEMPLATE.format(owner="Mapleton Hospitality"),
        title="Shift Supervisor",
        location="Columbus, OH",
    )
    assert own_name(oak.company, maple.company) == "oakridge foods"  # the brand is shared
    assert copy_evidence(oak, maple) is None
    assert decide(oak, maple, cosine=0.99) is None


def test_a_government_template_with_each_offices_contacts_stays_apart() -> None:
    text = (
        "The Department is seeking a Payroll Specialist to process biweekly payroll for 900 "
        "staff, reconcile deductions and answer employee questions. Requires 3 years of "
        "payroll experience and working knowledge of spreadsheets. Questions about this "
        "posting: {mail}, {phone}."
    )
    north = posting(
        "North County Department of Finance",
        text.format(mail="jobs@northcounty.example.gov", phone="(555) 201-3344"),
        title="Payroll Specialist",
    )
    south = posting(
        "South County Treasury Office",
        text.format(mail="hr@southcounty.example.gov", phone="555.777.1200"),
        title="Payroll Specialist",
    )
    assert contacts(north.description) == {"jobs@northcounty.example.gov", "5552013344"}
    assert decide(north, south, cosine=0.99) is None
    # The same contact lines under two names: one office posting under two names.
    same = south.model_copy(update={"description": north.description})
    assert copy_evidence(north, same) == "same_contact"


async def test_ingest_links_copies_and_keeps_templates_apart(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    employer = posting("Northwind Analytics", EMPLOYER_TEXT, source="greenhouse")
    staffing = posting("Lakeshore Business Solutions", EMPLOYER_TEXT + " Apply today.")
    requisition = posting("Hudson Valley Technology Partners", edited(ANONYMOUS_TEXT))
    franchise = [
        posting(
            f"Sunrise Bakery Cafe - {owner}",
            TEMPLATE.format(owner=owner),
            title="Shift Supervisor",
            location="Columbus, OH",
        )
        for owner in ("Oakridge Foods", "Mapleton Hospitality")
    ]
    backend = EmbeddedBackend(tmp_path / "index.sqlite")
    try:
        # The requisition comes first: the employer's own text replaces it when it arrives.
        counts = await Ingestor(backend, embedder).ingest(
            [requisition, staffing, employer, *franchise]
        )
        assert (counts.new, counts.merged) == (3, 2)
        assert counts.clusters[staffing.id] == counts.clusters[employer.id] == requisition.id
        [entry] = await backend.get([requisition.id])
        assert entry.posting.company == "Northwind Analytics"
        assert [link["role"] for link in entry.links] == ["agency", "employer", "employer"]
        assert {r["reason"] for r in entry.merge_reasons} <= {"agency_copy", "names_employer"}
        assert counts.clusters[franchise[0].id] != counts.clusters[franchise[1].id]
    finally:
        await backend.close()


def test_a_copy_that_leaves_out_the_employers_name_is_one_opening() -> None:
    employer = posting("Northwind Analytics", EMPLOYER_TEXT)
    copy = posting("Bluebonnet Talent", ANONYMOUS_TEXT.replace("5+ years", "6+ years"))
    assert copy_evidence(copy, employer) == "unnamed_copy"
    assert decide(copy, employer, cosine=0.80)  # other years: the copy's edit
    assert decide(copy, employer, cosine=0.70) is None


def test_a_board_that_cut_the_text_holds_the_same_posting() -> None:
    # MinHash misjudges a few dozen shingles against hundreds; the text itself is read.
    long_text = " ".join([EMPLOYER_TEXT, TEMPLATE.format(owner="us"), ANONYMOUS_TEXT] * 3)
    full = posting("Northwind Analytics", long_text)
    words = long_text.split()
    cut = posting("Northwind Analytics", " ".join(words[:40]) + " mainta")
    assert cut_from(cut, full) and decide(cut, full, cosine=0.60)
    assert not cut_from(posting("Northwind Analytics", " ".join(words[:12])), full)  # too short
    reworded = " ".join([*words[:20], "Scala", *words[21:40]])
    assert not cut_from(posting("Northwind Analytics", reworded), full)
    # An agency's cut copy writes a stand-in where the employer's text writes its name.
    renamed = EMPLOYER_TEXT.replace("Northwind Analytics", "our client").split()[:60]
    employer = posting("Northwind Analytics", EMPLOYER_TEXT)
    assert cut_from(posting("Keystone Alliance", " ".join(renamed)), employer)


def test_a_part_of_a_text_naming_no_one_is_a_copy_the_whole_text_a_template() -> None:
    employer = posting("Northwind Analytics", ANONYMOUS_TEXT)
    words = ANONYMOUS_TEXT.split()
    cut = posting("Keystone Alliance", " ".join(words[: len(words) // 2]))
    padded_out = posting("Keystone Alliance", ANONYMOUS_TEXT + " " + TEMPLATE.format(owner="We"))
    assert copy_evidence(cut, employer) == copy_evidence(padded_out, employer) == "excerpt"
    assert decide(cut, employer, cosine=0.70) and decide(padded_out, employer)
    # The whole text under another name: nothing says whose it is.
    whole = posting("Keystone Alliance", ANONYMOUS_TEXT)
    assert copy_evidence(whole, employer) is None and decide(whole, employer) is None


def test_an_entry_is_compared_through_the_employers_vector_once_it_replaced_a_copy() -> None:
    # A copy that left the employer's name out arrives first; the employer's own posting
    # replaces it; an agency's copy of the employer's text, edited, arrives in the same batch.
    # It must be compared with the employer's vector, not the first copy's.
    unnamed = posting("Lakeshore Analytics", ANONYMOUS_TEXT)
    employer = posting("Northwind Analytics", EMPLOYER_TEXT, source="greenhouse")
    state = BatchState(now=datetime(2026, 3, 1, tzinfo=UTC), config=CONFIG)
    first, own = np.array([1.0, 0.0], np.float32), np.array([0.6, 0.8], np.float32)
    state.vectors = {unnamed.id: first, employer.id: own}
    state.fingerprints = {p.id: posting_fingerprint(p) for p in (unnamed, employer)}
    entry = new_entry(state, unnamed)
    state.add(entry)
    absorb(state, entry, employer, ("unnamed_copy", 0.9))
    assert entry.posting.company == "Northwind Analytics"
    assert state.created_cosines(own).tolist() == pytest.approx([1.0])
