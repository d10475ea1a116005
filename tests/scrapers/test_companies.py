"""The companies file admins edit: the bundled starter list is valid and names only known
sources; a broken file is a clear configuration error; company names from board slugs are
spelled one way for every source, and the file's display names win."""

from __future__ import annotations

import json

import pytest

from core.errors import ConfigError
from scrapers.companies import enabled, load_companies
from scrapers.registry import SOURCES
from scrapers.sources.boards import company_from_slug, display_names


def test_bundled_list_is_valid_and_known():
    companies = load_companies()
    assert set(companies) <= set(SOURCES)
    assert companies["greenhouse"]["companies"] and companies["lever"]["companies"]
    assert not enabled(companies, "smartrecruiters", SOURCES["smartrecruiters"].enabled_by_default)
    assert enabled(companies, "remotive", SOURCES["remotive"].enabled_by_default)


def test_broken_or_missing_file_is_a_config_error(tmp_path):
    broken = tmp_path / "companies.toml"
    broken.write_text("[greenhouse\ncompanies = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_companies(broken)
    with pytest.raises(ConfigError, match="not found"):
        load_companies(tmp_path / "missing.toml")
    flat = tmp_path / "flat.toml"
    flat.write_text('greenhouse = "airbnb"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a table"):
        load_companies(flat)


def test_bundled_display_names_are_for_polled_boards():
    companies = load_companies()
    for source, section in companies.items():
        names = display_names(companies, source)
        polled = set(section.get("companies", [])) | set(section.get("eu_companies", []))
        assert set(names) <= polled, source
    assert display_names(companies, "lever")["jumpcloud"] == "JumpCloud"


def test_a_company_name_is_spelled_from_its_slug_the_same_way_everywhere():
    assert company_from_slug("acme-corp") == "Acme Corp"
    assert company_from_slug("acme_corp") == "Acme Corp"
    assert company_from_slug("acme%20corp") == "Acme Corp"
    assert company_from_slug("AutomationAnywhere1") == "AutomationAnywhere1"
    assert company_from_slug("ACME-labs") == "ACME Labs"
    assert company_from_slug("") is None and company_from_slug(None) is None
    assert company_from_slug("--") is None


@pytest.mark.parametrize(
    ("source", "board", "payload"),
    [
        (
            "greenhouse",
            "acme-corp",
            {"jobs": [{"id": 1, "title": "Engineer", "absolute_url": "https://acme.example/j/1"}]},
        ),
        (
            "lever",
            "acme-corp",
            [{"id": "a", "text": "Engineer", "hostedUrl": "https://jobs.lever.co/acme-corp/a"}],
        ),
        (
            "ashby",
            "acme-corp",
            {
                "jobs": [
                    {
                        "id": "a",
                        "title": "Engineer",
                        "jobUrl": "https://jobs.ashbyhq.com/acme-corp/a",
                    }
                ]
            },
        ),
        ("workable", "acme-corp", {"jobs": [{"shortcode": "A1", "title": "Engineer"}]}),
        (
            "recruitee",
            "acme-corp",
            {"offers": [{"id": 1, "title": "Engineer", "careers_url": "https://acme.example/o/1"}]},
        ),
    ],
)
def test_every_board_source_names_a_slug_only_company_alike(source, board, payload):
    [posting] = SOURCES[source].parse(json.dumps(payload), board)
    assert posting.company == "Acme Corp"


async def test_the_companies_file_display_name_wins(site, fetch_ctx, payload):
    # the Airbnb payload names its company; an admin's display name still wins
    site.add("/v1/boards/airbnb/jobs", site.reply(200, payload("greenhouse_airbnb.json")))
    site.add("/v0/postings/jumpcloud", site.reply(200, payload("lever_jumpcloud.json")))
    site.add("/careers", site.reply(200, payload("jsonld_embed_page.html")))
    config = {
        "greenhouse": {"companies": ["airbnb"], "names": {"airbnb": "Airbnb, Inc."}},
        "lever": {"companies": ["jumpcloud"], "names": {"jumpcloud": "JumpCloud"}},
        "jsonld": {"pages": [site.url + "/careers"]},
    }
    greenhouse = await SOURCES["greenhouse"].fetch(fetch_ctx("greenhouse", config))
    lever = await SOURCES["lever"].fetch(fetch_ctx("lever", config))
    # a board found on a career page takes its name from the ATS's own section
    embedded = await SOURCES["jsonld"].fetch(fetch_ctx("jsonld", config))
    assert {p.company for p in greenhouse + embedded} == {"Airbnb, Inc."}
    assert {p.company for p in lever} == {"JumpCloud"}
