"""The SSRF guard resolves each name once, at connect time, and aiohttp connects to the answer
it checked. DNS answers come from a resolver written against aiohttp's own resolver interface
(``AbstractResolver``), so no real DNS is asked and nothing is mocked."""

from __future__ import annotations

import socket

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from core.errors import ConfigError
from core.settings import ScrapeSettings
from scrapers.errors import FetchError, UnsafeURL
from scrapers.http import PoliteHttp, make_session
from scrapers.http_policy import GuardedResolver, PrivateAddress, check_url

GUARDED = ScrapeSettings(allow_private_hosts=False, min_gap_s=0.0, timeout_s=5.0)


class ScriptedDNS(AbstractResolver):
    """Answers each lookup of a name with the next address list in its script (the last one
    repeats) and records every lookup; an empty list is a name that does not exist."""

    def __init__(self, script: dict[str, list[list[str]]]) -> None:
        self.script = script
        self.lookups: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.lookups.append(host)
        answers = self.script.get(host, [[]])
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        if not addresses:
            raise OSError(socket.EAI_NONAME, f"{host}: name or service not known")
        return [
            ResolveResult(
                hostname=host,
                host=a,
                port=port,
                family=socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for a in addresses
        ]

    async def close(self) -> None:
        return None


@pytest.fixture
async def guarded(make_http):
    """PoliteHttp on a guarded session whose lookups go to a ScriptedDNS."""
    sessions: list[aiohttp.ClientSession] = []

    def build(dns: ScriptedDNS) -> PoliteHttp:
        session = make_session(GUARDED, resolver=dns)
        sessions.append(session)
        return make_http(GUARDED, session=session, max_attempts=3)

    yield build
    for session in sessions:
        await session.close()


async def test_a_name_is_looked_up_once_and_a_private_answer_is_refused(site, guarded):
    dns = ScriptedDNS({"jobs.example": [["127.0.0.1"]]})
    url = site.url.replace("127.0.0.1", "jobs.example") + "/jobs"
    with pytest.raises(UnsafeURL, match="private or loopback"):
        await guarded(dns).run().get(url)
    # one lookup in all: no separate check beforehand, and a refusal is not retried
    assert dns.lookups == ["jobs.example"] and site.requests == []


async def test_one_private_record_among_public_ones_is_refused(site, guarded):
    dns = ScriptedDNS({"jobs.example": [["93.184.216.34", "10.1.2.3"]]})
    with pytest.raises(UnsafeURL, match="private or loopback"):
        await guarded(dns).run().get(site.url.replace("127.0.0.1", "jobs.example") + "/jobs")
    assert dns.lookups == ["jobs.example"]


async def test_a_name_that_does_not_resolve_is_reported_once(site, guarded):
    dns = ScriptedDNS({})
    with pytest.raises(FetchError, match=r"cannot resolve nowhere\.example"):
        await guarded(dns).run().get("http://nowhere.example/jobs")
    assert dns.lookups == ["nowhere.example"]


async def test_aiohttp_gets_exactly_the_answer_that_was_checked():
    # A rebinding name: public for the first lookup, internal for the next. Each answer is
    # checked in the lookup that returns it, so there is no gap between check and connect.
    dns = ScriptedDNS({"rebind.example": [["93.184.216.34"], ["169.254.169.254"]]})
    guard = GuardedResolver(dns)
    first = await guard.resolve("rebind.example", 443)
    assert [r["host"] for r in first] == ["93.184.216.34"] and first[0]["port"] == 443
    with pytest.raises(PrivateAddress, match=r"rebind\.example resolves to a private"):
        await guard.resolve("rebind.example", 443)
    assert dns.lookups == ["rebind.example"] * 2


def test_ip_literals_are_checked_without_dns():
    check_url("http://93.184.216.34/jobs", allow_private=False)
    check_url("https://jobs.example/jobs", allow_private=False)  # a name: checked on connect
    for url in (
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest",
        "http://10.0.0.1/",
        "http://[fd00::1]/",
    ):
        with pytest.raises(UnsafeURL, match="private or loopback"):
            check_url(url, allow_private=False)
    check_url("http://127.0.0.1/", allow_private=True)


async def test_a_session_without_the_guard_is_refused():
    async with aiohttp.ClientSession() as plain:
        with pytest.raises(ConfigError, match="make_session"):
            PoliteHttp(GUARDED, plain)
        PoliteHttp(GUARDED.model_copy(update={"allow_private_hosts": True}), plain)
