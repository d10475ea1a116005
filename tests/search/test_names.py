"""An employer's name in the forms texts write it, and the copy rules that read names
(``search.dedup.names``)."""

from __future__ import annotations

from core.models import Posting, posting_id
from search.dedup.copies import copy_evidence
from search.dedup.names import name_forms, name_heads, names, names_employer, no_company, own_name

TEXT = (
    "Join Hanover's analytics team in Worcester. You build pricing models in Python and SQL, "
    "present them to underwriters and keep them monitored in production. 3+ years of "
    "experience with statistical modelling; insurance experience is a plus."
)


def posting(company: str | None, description: str) -> Posting:
    url = f"https://board.example.org/{company}/{len(description)}"
    return Posting(
        id=posting_id("t", None, url),
        source="t",
        url=url,
        title="Data Scientist",
        company=company,
        location="Worcester, MA",
        description=description,
    )


def test_a_name_is_written_without_the_its_legal_form_or_its_generic_tail() -> None:
    assert "hanover insurance" in name_forms("The Hanover Insurance Group, Inc.")
    assert ("hanover",) in name_heads("The Hanover Insurance Group, Inc.")
    assert names(TEXT, "The Hanover Insurance Group", "Worcester, MA")
    assert "lycos armenia" in name_forms("Lycos Armenia CJSC")  # a legal form the list lacks


def test_and_ampersand_initials_and_the_web_domain() -> None:
    assert names("Johnson and Johnson is hiring", "Johnson & Johnson", None)
    assert names("at Rodan + Fields we", "Rodan and Fields, LLC", None)
    assert names("PNNL is a national lab", "Pacific Northwest National Laboratory", None)
    assert names("apply at massmutual.com/careers", "MassMutual", None)
    assert names("see www.monterosa.com", "Monte Rosa Therapeutics", None)


def test_generic_words_short_heads_and_the_place_name_no_one() -> None:
    assert name_forms("Global Data Solutions") == frozenset()
    assert "hp" not in name_forms("HP Inc.")  # two letters are other words too
    assert ("pacific",) in name_heads("Pacific Northwest National Laboratory")
    # A head that is also a plain word names the employer only as a proper noun.
    assert names("At Applied, you will", "Applied Research Laboratories", None)
    assert not names("applied statistics", "Applied Research Laboratories", None)
    assert not names("Work in beautiful Boston", "Boston Dynamics", "Boston, MA")
    assert not names("new solutions for our data", "New Data Solutions", None)


def test_own_name_is_what_the_other_name_does_not_share() -> None:
    assert own_name("Sunrise Bakery Cafe - Oakridge Foods", "Sunrise Bakery Cafe - Mapleton") == (
        "oakridge foods"
    )
    assert own_name("Brightmoor Health", "Health Union") == "brightmoor"


def test_a_copy_that_names_the_other_employer_in_a_short_form() -> None:
    employer = posting("The Hanover Insurance Group", TEXT)
    agency = posting("Cobalt Ridge Group", TEXT)
    assert names_employer(agency, employer) and names_employer(employer, agency)
    assert copy_evidence(agency, employer) == "names_employer"


def test_a_copy_without_a_company_name_is_the_boards() -> None:
    anonymous = TEXT.replace("Join Hanover's", "Join our")
    employer = posting("Quillon Bank", anonymous)
    board = posting(None, anonymous)
    assert no_company(board, employer) and not no_company(employer, employer)
    assert copy_evidence(board, employer) == "no_company"
    assert no_company(posting("Confidential", anonymous), employer)
    # Another employer filling in the template names itself: no name missing.
    assert copy_evidence(posting("Vantor Insurance", anonymous), employer) is None


def test_each_employer_naming_itself_in_one_template_stays_apart() -> None:
    base = posting("The Hanover Insurance Group", TEXT)
    other = posting("Quillon Bank", TEXT.replace("Hanover's", "Quillon Bank's"))
    assert not names_employer(base, other)
    assert copy_evidence(base, other) is None
