"""core.urls owns URL canonicalisation: the full URL postings keep and the dedup key."""

from __future__ import annotations

import pytest

from core.urls import canonical_url, key_of, url_key
from scrapers.build import RawJob, make_posting
from search.dedup import rules as dedup


@pytest.mark.parametrize(
    ("url", "full", "key"),
    [
        (
            "https://WWW.Example.com/jobs/1/?utm_source=x&b=2&a=1#apply",
            "https://www.example.com/jobs/1/?a=1&b=2",
            "example.com/jobs/1?a=1&b=2",
        ),
        (
            "http://example.com/jobs/1?gclid=abc&ref=feed",
            "http://example.com/jobs/1",
            "example.com/jobs/1",
        ),
        (
            "https://x.example/jobs/7?utm_source=li&gh_jid=7&gh_src=abc#apply",
            "https://x.example/jobs/7?gh_jid=7",
            "x.example/jobs/7?gh_jid=7",
        ),
        (
            "https://jobs.lever.co/acme/123?lever-source=linkedin",
            "https://jobs.lever.co/acme/123",
            "jobs.lever.co/acme/123",
        ),
        (  # one list of tracking parameters for the stored URL and the key
            "https://hh.example/vacancy/9?hhtmFrom=serp&campaign=x&li_fat_id=1&ref_src=tw&id=9",
            "https://hh.example/vacancy/9?id=9",
            "hh.example/vacancy/9?id=9",
        ),
    ],
)
def test_the_key_is_the_full_url_without_scheme_www_and_trailing_slash(
    url: str, full: str, key: str
) -> None:
    assert canonical_url(url) == full
    assert url_key(url) == key == key_of(full)


def test_what_is_not_a_web_url() -> None:
    assert canonical_url("javascript:alert(1)") is None and canonical_url(None) is None
    assert canonical_url("ftp://x.example/a") is None  # a posting links to a web page
    assert url_key("ftp://x.example/a/") == "x.example/a"  # a key is still a key
    assert url_key("not a url") == url_key(None) == url_key("http://[::1") == ""
    assert canonical_url("http://[::1") is None
    assert canonical_url("https://x.example:99999/") is None


def test_a_posting_with_an_unreadable_apply_link_keeps_its_own_link() -> None:
    posting = make_posting(
        RawJob(
            source="greenhouse",
            source_id="7",
            title="Engineer",
            url="https://x.example/jobs/7",
            apply_url="http://[::1/apply",
        )
    )
    assert posting is not None and posting.url == "https://x.example/jobs/7"
    assert posting.apply_url is None
    assert (
        make_posting(
            RawJob(
                source="greenhouse",
                source_id="8",
                title="Engineer",
                url="https://x.example:99999/jobs/8",
            )
        )
        is None
    )


def test_both_drop_the_same_tracking_parameters_and_the_key_counts_a_repeat_once() -> None:
    url = "https://x.example/j?trackingId=1&hhtmFrom=2&campaign=3&id=4&id=5"
    assert canonical_url(url) == "https://x.example/j?id=4&id=5"
    assert url_key(url) == "x.example/j?id=4"


def test_scrapers_and_dedup_use_this_module() -> None:
    posting = make_posting(
        RawJob(
            source="test",
            source_id="1",
            title="Engineer",
            company="Acme",
            url="https://acme.example/jobs/1?utm_source=x#top",
            text="Build things.",
        )
    )
    assert posting is not None and posting.url == "https://acme.example/jobs/1"
    assert dedup.url_key is url_key
