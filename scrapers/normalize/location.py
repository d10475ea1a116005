"""Location strings to (country, city) and the remote/hybrid/onsite mode.

Structured fields win; text decides only when it is explicit ("Remote - USA",
"This is a fully remote role"). Unknown stays ``None`` / ``"unknown"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.models import Remote
from scrapers.normalize import gazetteer
from scrapers.normalize.postcode import fits_country, fits_state, postcodes

_SPLIT = re.compile(r"\s*(?:[,;|/()\[\]•·]|\s[-–—]\s|–|—|\bor\b)\s*")
_MORE = re.compile(r"\+\s?\d+\s?more.*$", re.I)
_NOT_CITY = re.compile(
    r"remote|hybrid|on-?site|anywhere|worldwide|global|office|campus|branch|\bhq\b|headquarters"
    r"|any city|multiple|locations?\b|region|work\b|\bhome(?:\b|office|based|working)|flexible"
    r"|various|^\d|temporary|area$"
    r"|americas|emea|apac|latam|europe|asia|africa|namer|timezone|^[A-Z]{1,3}$|centre|center",
    re.I,
)
# "MY-14-Kuala Lumpur": an ISO 3166-2 region code before the city.
_ISO_REGION = re.compile(r"^([A-Z]{2})-([A-Z\d]{1,3})-(.+)$")
_REMOTE = re.compile(r"\bremote\b|\bwfh\b|work from home|anywhere|worldwide|distributed", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\bon-?site\b|\bin[- ]office\b|\bin[- ]person\b", re.I)
_TEXT_REMOTE = re.compile(
    r"(?:this|the) (?:is an? )?(?:role|position|job|opportunity) is (?:a )?(?:fully |100% )?remote"
    r"|this is an? (?:fully |100% )?remote (?:role|position|job|opportunity)"
    r"|\b(?:fully|100\s?%|completely) remote\b|\bremote[- ]first\b|\bwork from anywhere\b",
    re.I,
)
_TEXT_HYBRID = re.compile(
    r"this is an? hybrid (?:role|position)|(?:role|position|job) is hybrid"
    r"|\bhybrid (?:work(?:ing)? )?(?:role|position|schedule|model|arrangement)\b",
    re.I,
)
_TEXT_ONSITE = re.compile(
    r"(?:role|position|job) is (?:fully |100% )?(?:on-?site|in[- ]office|in[- ]person)"
    r"|this is an? (?:fully )?(?:on-?site|in[- ]office) (?:role|position)"
    r"|\bno remote\b|\bnot (?:a )?remote\b",
    re.I,
)


@dataclass(frozen=True)
class Place:
    country: str | None
    city: str | None


def _parts(raw: str) -> tuple[list[str], list[str]]:
    """The place's parts, largest last as written, and the postcodes taken out of them."""
    text, codes = postcodes(_MORE.sub("", raw))
    parts: list[str] = []
    for part in _SPLIT.split(text):
        part = part.strip(" .-*")
        region = _ISO_REGION.match(part)
        if region and gazetteer.subdivision(region[2], region[1]):
            parts += [region[3], gazetteer.country_name(region[1]) or region[1]]
            continue
        pieces = re.split(r"(?<=\S)-(?=\S)", part)
        # "USA-WV-Heaters": dashes separate levels only when one piece is a known place level
        if len(pieces) > 1 and not any(_level(p) for p in pieces):
            pieces = [part]
        parts += [p.strip() for p in pieces if p.strip()]
    return parts, codes


def _level(part: str) -> str | None:
    return gazetteer.country_by_name(part) or gazetteer.state_country(part)


def _tidy_city(part: str) -> str:
    part = re.sub(r"\s+[A-Z]{2}$", "", part).strip()  # "Oakdale MN" -> "Oakdale"
    return part.title() if part.isupper() and len(part) > 3 else part


def parse_location(raw: str | None) -> Place:
    """Country (ISO alpha-2) and city of a free-text location; ``None`` where unsure."""
    if not raw or not raw.strip():
        return Place(None, None)
    parts, codes = _parts(raw)
    country: str | None = None
    region_country: str | None = None
    named: list[tuple[int, str]] = []
    named_countries: set[str] = set()
    for index, part in enumerate(parts):
        if index == len(parts) - 1 and len(part) == 2 and part.isupper():
            found = _trailing_code(parts, named, codes)
            if found:
                country = found
                continue
        found = gazetteer.country_by_name(part)
        region = gazetteer.state_country(part)
        if found is not None and region is not None and region == country:
            found = None  # "United States-Georgia-Atlanta": Georgia the state
        if found is not None and region_country in (None, found):
            named_countries.add(found)
            country = found  # the last country named wins: "Jamaica, NY, US"
            continue
        followed_by_state = index + 1 < len(parts) and gazetteer.state_country(parts[index + 1])
        if region is not None and not (followed_by_state and not part.isupper()):
            region_country = region_country or region
            continue  # "New York, NY": the first "New York" is the city
        alias = part.lower() in gazetteer.CITY_ALIASES
        if alias or (not _NOT_CITY.search(part) and re.search(r"[^\W\d_]", part)):
            named.append((index, part))
    if len(named_countries) > 1 and country in named_countries:
        return Place(None, None)  # "Germany, India, United States": a list, not a place
    country = country or region_country
    return Place(*_pick_city(parts, named, country))


def _trailing_code(parts: list[str], named: list[tuple[int, str]], codes: list[str]) -> str | None:
    """A final two-letter code that is both a country and a US state or Canadian province
    ("DE", "IN", "CA", "NL") is the region only where the rest of the string says so."""
    code = parts[-1]
    as_country, as_state = gazetteer.country_by_code(code), gazetteer.state_country(code)
    if as_country is None or as_state is None:
        return as_state or as_country
    before = parts[-2] if len(parts) > 1 else ""
    if before.isupper() and gazetteer.state_country(before):
        return as_country  # after a region's code: "Toronto, ON, CA", "Bogotá, DC, CO"
    for postcode in codes:  # "Kleinstadt, DE, 12345" is Germany, "Dover, DE 19901" Delaware
        zip_fits = fits_state(postcode, code) if as_state == "US" else fits_country(postcode, "CA")
        if zip_fits != fits_country(postcode, as_country):
            return as_state if zip_fits else as_country
    towns = [_tidy_city(part) for _, part in named]
    in_state = _best_town(towns, as_state, gazetteer.region_of_state(code))
    in_country = _best_town(towns, as_country, None)
    if max(in_state, in_country) > (0, 0):  # "Paris, IL" is in Illinois, "Kingston, CA" not
        return as_state if in_state >= in_country else as_country
    if before and gazetteer.subdivision(before, as_country):
        return as_country  # after a region of the country: "Vicente López, B, AR"
    # Nothing decides: US addresses name villages no gazetteer holds ("Chadds Ford, PA").
    return as_state


def _best_town(names: list[str], country: str, region: str | None) -> tuple[int, int]:
    """How well the best of ``names`` fits a town of ``country`` (and ``region``): a town's
    own name beats an alternate one ("Salem" is also Jerusalem), then population."""
    best = (0, 0)
    for name in names:
        town = gazetteer.town_in(name, country, region)
        if town:
            best = max(
                best, (1 + (gazetteer.fold(town.name) == gazetteer.fold(name)), town.population)
            )
    return best


def _known_town(name: str, country: str | None) -> gazetteer.Town | None:
    """A town of that name in ``country``; with no country stated, only a big town decides
    it (a village named "Dunkirk" somewhere must not place a bare word)."""
    if country:
        return gazetteer.town_in(name, country)
    hit = gazetteer.city(name)
    return hit if hit and hit.population >= gazetteer.BIG_TOWNS else None


def _pick_city(
    parts: list[str], named: list[tuple[int, str]], country: str | None
) -> tuple[str | None, str | None]:
    for _, part in named:
        hit = _known_town(_tidy_city(part), country)
        if hit:
            alias = gazetteer.CITY_ALIASES.get(part.lower())
            return country or hit.country, alias or _tidy_city(part)
    for index, part in named:
        if country and len(named) > 1 and gazetteer.subdivision(part, country):
            continue  # "Whitefield, Karnataka, IN": a state no town is named after
        after = parts[index + 1] if index + 1 < len(parts) else None
        follows = after is not None and (
            _level(after) is not None or bool(country and gazetteer.subdivision(after, country))
        )
        if follows or (country and len(named) == 1):
            return country, _tidy_city(part)
    return country, None


def remote_mode(
    *,
    flag: bool | None = None,
    workplace: str | None = None,
    location: str | None = None,
    title: str | None = None,
    text: str | None = None,
) -> Remote:
    """Structured fields first (``flag``, ``workplace``), then location and title words,
    then only explicit sentences of the description."""
    if workplace:
        mode = _mode_word(workplace)
        if mode:
            return mode
    if flag is True:
        return "remote"
    for field in (location, title):
        if field:
            mode = _mode_word(field)
            if mode:
                return mode
    lower = text[:20_000].lower() if text else ""
    if text and any(w in lower for w in ("remote", "hybrid", "site", "office", "anywhere")):
        head = text[:20_000]
        if _TEXT_HYBRID.search(head):
            return "hybrid"
        if _TEXT_REMOTE.search(head):
            return "remote"
        if _TEXT_ONSITE.search(head):
            return "onsite"
    return "onsite" if flag is False and workplace is None and location else "unknown"


def _mode_word(value: str) -> Remote | None:
    if _HYBRID.search(value):
        return "hybrid"
    if _ONSITE.search(value) or value.strip().lower() in ("office", "in office"):
        return "onsite"
    if _REMOTE.search(value):
        return "remote"
    return None
