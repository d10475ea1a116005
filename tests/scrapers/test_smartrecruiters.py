"""SmartRecruiters' list has no descriptions: each posting's detail is fetched through the
polite HTTP layer, revalidated from kept bodies, and a failing detail loses nothing."""

from __future__ import annotations

import json

import pytest

from scrapers.errors import Blocked
from scrapers.registry import SOURCES

SOURCE = SOURCES["smartrecruiters"]
VISA = {"smartrecruiters": {"companies": ["Visa"]}}
AA = "AutomationAnywhere1"


async def test_descriptions_come_from_the_posting_details(site, fetch_ctx, visa_board, payload):
    ctx = fetch_ctx("smartrecruiters", VISA)
    postings = await SOURCE.fetch(ctx)
    assert [p.source_id for p in postings] == visa_board
    assert ctx.errors == [] and ctx.fetched == 1 + len(visa_board)
    by_id = {p.source_id: p for p in postings}
    for ident in visa_board:
        detail = json.loads(payload(f"smartrecruiters_visa_{ident}.json"))
        posting = by_id[ident]
        assert posting.url == detail["postingUrl"] and posting.apply_url == detail["applyUrl"]
        assert "Qualifications" not in posting.description  # section texts, not their titles
        assert "years of experience" in posting.description
    # read from the description the list never had
    assert by_id["744000122509268"].years_min == 5.0
    assert "Kubernetes" in by_id["744000122509268"].description
    # the list alone (parse) gives the same postings without a description
    listed = {p.source_id: p for p in SOURCE.parse(payload("smartrecruiters_visa.json"))}
    assert all(not p.description for p in listed.values())
    assert {i: p.title for i, p in listed.items()} == {i: p.title for i, p in by_id.items()}


async def test_a_trimmed_real_detail_is_merged_and_missing_ones_lose_nothing(
    site, fetch_ctx, smartrecruiters_board
):
    # the real detail (trimmed by its recorder) is the Pricing Analyst's, the list's first
    detail = {"743999706414750": "smartrecruiters_automationanywhere_detail.json"}
    ids = smartrecruiters_board(AA, "smartrecruiters_automationanywhere.json", detail)
    ctx = fetch_ctx("smartrecruiters", {"smartrecruiters": {"companies": [AA]}})
    postings = await SOURCE.fetch(ctx)
    assert [p.source_id for p in postings] == ids
    first = postings[0]
    # the detail has only jobAd: the list's fields stay, the description arrives
    assert first.title == "Pricing Analyst" and first.company == "Automation Anywhere"
    assert first.description.startswith("Automation Anywhere is the leader in Robotic")
    assert "Pricing analysts work with complex data sets" in first.description
    assert [p.description for p in postings[1:]] == ["", ""]
    assert len(ctx.errors) == 2
    assert all("kept without a description" in e and "404" in e for e in ctx.errors)


async def test_unchanged_details_are_revalidated_and_keep_their_text(
    site, make_http, fetch_ctx, payload, visa_board
):
    for ident in visa_board:
        body = payload(f"smartrecruiters_visa_{ident}.json")
        site.add(
            f"/v1/companies/Visa/postings/{ident}",
            site.reply(200, body, {"ETag": f'"{ident}"'}),
            site.reply(304),
        )
    http = make_http()
    first = await SOURCE.fetch(fetch_ctx("smartrecruiters", VISA, http=http))
    again = fetch_ctx("smartrecruiters", VISA, http=http)
    second = await SOURCE.fetch(again)
    assert [p.description for p in second] == [p.description for p in first]
    assert all(p.description for p in second)
    assert again.not_modified == len(visa_board) and again.fetched == 1
    for ident in visa_board:
        assert (
            site.hits(f"/v1/companies/Visa/postings/{ident}")[1].headers["If-None-Match"]
            == f'"{ident}"'
        )
    # detail validators live with their kept bodies, never in the ones the runner persists
    assert all("/postings/" not in url for url in http.validators)


async def test_a_challenge_on_a_detail_stops_the_source(site, fetch_ctx, visa_board):
    first, second = visa_board
    site.add(
        f"/v1/companies/Visa/postings/{first}", site.reply(503, "<title>Just a moment...</title>")
    )
    with pytest.raises(Blocked):
        await SOURCE.fetch(fetch_ctx("smartrecruiters", VISA))
    assert site.hits(f"/v1/companies/Visa/postings/{second}") == []


async def test_a_spent_budget_keeps_the_listed_postings(
    site, make_http, fetch_ctx, visa_board, scrape_settings
):
    # room for the list and one detail
    tight = scrape_settings.model_copy(update={"requests_per_host": 2})
    ctx = fetch_ctx("smartrecruiters", VISA, http=make_http(tight))
    postings = await SOURCE.fetch(ctx)
    assert [p.source_id for p in postings] == visa_board
    assert [bool(p.description) for p in postings] == [True, False]
    assert len(ctx.errors) == 1 and "budget" in ctx.errors[0]
    assert "1 postings kept without a description" in ctx.errors[0]


async def test_a_board_of_many_postings_gets_every_detail_one_request_at_a_time(
    site, fetch_ctx, payload
):
    listing = json.loads(payload("smartrecruiters_visa.json"))
    template = listing["content"][0]
    jobs = [dict(template, id=str(9000 + n)) for n in range(12)]
    for job in jobs:
        site.add(
            f"/v1/companies/Visa/postings/{job['id']}",
            site.reply(
                200,
                json.dumps(
                    {
                        "id": job["id"],
                        "jobAd": {
                            "sections": {
                                "jobDescription": {
                                    "title": "Job Description",
                                    "text": f"<p>Role {job['id']}</p>",
                                }
                            }
                        },
                    }
                ),
                delay_s=0.01,
            ),
        )
    site.add(
        "/v1/companies/Visa/postings",
        site.reply(200, json.dumps({"totalFound": len(jobs), "content": jobs})),
    )
    ctx = fetch_ctx("smartrecruiters", VISA)
    postings = await SOURCE.fetch(ctx)
    assert [p.description for p in postings] == [f"Role {job['id']}" for job in jobs]
    assert site.max_in_flight == 1  # the polite layer still sends one request at a time


async def test_a_detail_for_another_posting_is_refused(site, fetch_ctx, visa_board, payload):
    first, second = visa_board
    site.add(
        f"/v1/companies/Visa/postings/{first}",
        site.reply(200, payload(f"smartrecruiters_visa_{second}.json")),
    )
    ctx = fetch_ctx("smartrecruiters", VISA)
    postings = await SOURCE.fetch(ctx)
    assert [p.source_id for p in postings] == visa_board
    assert postings[0].description == "" and postings[1].description
    assert len(ctx.errors) == 1 and f"the detail is for posting {second}" in ctx.errors[0]
