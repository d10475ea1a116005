"""The companies file admins edit: the bundled starter list is valid and names only known
sources; a broken file is a clear configuration error."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from scrapers.companies import enabled, load_companies
from scrapers.registry import SOURCES


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
