"""A dev-side stress set for dedup: generated copies and hard negatives of dev postings only.

    python bench/dedup_stress.py --data PATH/TO/shared/data   # counts per kind

Set (a)'s dev half has no missed pair left, so it cannot show which rule class fails on
unseen data. This set is made, with a fixed seed (``SEED``), from postings that are in
neither set's test half: set (a)'s dev rows (one per labelled-gold group) and set (b)'s dev
originals. Nothing is copied into the repository; it reads ``--data``.

Each base posting gets one copy (the same opening, gold: the base's group), made of two or
three of the changes the issue names as classes of miss:

- ``cut``: the text cut at 40–70 % of its words (a board's teaser, maybe mid-sentence);
- ``boilerplate``: an about-us / EEO paragraph added, or the last paragraph removed;
- ``agency``: the company replaced by a staffing firm whose name does not say so
  (``AGENCY_NAMES``), or by no name; the text keeps the employer's name, or says
  "our client" for it, or drops it;
- ``title``: the title re-spelt without changing the level ("Senior" / "Sr.", "II" / "2"),
  with a place or "(Remote)" appended, or a specialism tag added (" - Python");
- ``location``: the place written differently ("Berlin, DE", "Berlin (Hybrid)", the city
  only, the city with its country's name).

and one hard negative (gold: its own group), as the labelling guide counts two openings:

- ``template``: the same text filled in by another employer (its own name where the base
  writes its employer's, in every form the text writes it: with or without "The" and the
  legal suffix, "&" or "and", a head of the name, its initials, its web domain; its own
  contact lines where the base gives its employer's; only bases whose text names it and
  that are no agency's copy), same title and place;
- ``level``: the same employer, place and text, with another level in the title;
- ``city``: the same employer, title and text in another city of the same country (only
  bases that name a city).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_glassdoor import glassdoor, glassdoor_rows, read_labels
from dedup_sets import Labelled, cross_source, make
from dedup_split import cross_source_side_of, glassdoor_side_of

from core.models import Posting
from search.dedup.copies import copy_source
from search.normalize import LEGAL_SUFFIXES, title_norm, word_list

SEED = 20261204
# Staffing firms whose names carry no agency word (the class the issue names).
AGENCY_NAMES = [
    "Northbridge Partners",
    "Cobalt Ridge Group",
    "Veritas Bay LLC",
    "Summit Line Inc",
    "Bluewave Associates",
    "Harbor & Finch",
    "Keystone Alliance",
    "Trident Works",
    "Sierra Pacific Talent",
    "Meridian Global Services",
    "Orion IT Solutions",
    "Pinnacle Tek",
]
EMPLOYERS = [
    "Halvorsen Analytics",
    "Brightmoor Health",
    "Quillon Bank",
    "Tessaro Foods",
    "Ardent Mobility",
    "Copperleaf Energy",
    "Lumina Retail Group",
    "Vantor Insurance",
]
BOILERPLATE = [
    "We are an equal opportunity employer and value diversity at our company. We do not "
    "discriminate on the basis of race, religion, color, national origin, gender, sexual "
    "orientation, age, marital status, veteran status, or disability status.",
    "About us: we are a fast-growing team that builds products used by millions of people. "
    "We offer competitive pay, health insurance, a retirement plan and flexible hours.",
]
LEVELS = [("Senior", "Sr."), ("Junior", "Jr."), (" II", " 2"), (" III", " 3")]
TAGS = [" - Python", " (Cloud)", ", Analytics", " - Remote", " - R48213"]
OTHER_LEVEL = ["Senior", "Junior", "Lead", "Principal"]
LEVEL_WORDS = frozenset(
    word_list("senior junior lead principal staff head chief director manager intern associate")
)
# Another employer's own contact lines (its template would not give the first one's).
CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}")
# Words a head of a name does not end on ("Bank of", "Harbor and").
HEAD_ENDS = frozenset(word_list("of and the for at in"))
CITIES = {
    "US": ["Austin, TX", "Denver, CO", "Boston, MA", "Seattle, WA", "Chicago, IL"],
    "DE": ["Hamburg, Germany", "Munich, Germany", "Cologne, Germany"],
    "GB": ["Manchester, UK", "Leeds, UK", "Bristol, UK"],
    "AM": ["Gyumri, Armenia", "Vanadzor, Armenia"],
}


def bases(data: Path) -> list[Posting]:
    """Dev postings of both sets: set (a) one row per labelled-gold group, set (b) originals."""
    rows = glassdoor_rows(data)
    a_side = glassdoor_side_of(rows)
    seen: set[str] = set()
    out = []
    for p, group in glassdoor(rows, read_labels(rows)):
        if a_side[p.id] == "dev" and group not in seen:
            seen.add(group)
            out.append(p)
    made = cross_source(data)
    b_side = cross_source_side_of(made)
    out += [p for p, g in made.labelled if p.id == g and b_side[p.id] == "dev"]
    return out


def name_core(company: str) -> list[str]:
    """The words of a company's name without a leading "The" and its legal suffixes."""
    words = re.sub(r"[,-]", " ", company).split()
    while len(words) > 1 and words[-1].lower().strip(".") in LEGAL_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0].lower() == "the":
        words.pop(0)
    return words


def name_pattern(company: str) -> re.Pattern[str]:
    """Every form in which a text writes its employer, so that renaming it leaves none: the
    whole name (any case, with or without "The" and its legal suffix, "&" or "and"), a head
    of it capitalized ("Rubius" for "Rubius Therapeutics", "Monte Rosa" for "Monte Rosa
    Therapeutics"), its initials ("PNNL") and its web domain ("agios.com")."""
    words = name_core(company)
    whole = r"[\s,-]+".join(
        "(?:&|and|\\+)" if w in ("&", "and", "+") else re.escape(w) for w in words
    )
    suffix = "|".join(re.escape(s) for s in LEGAL_SUFFIXES)
    forms = [rf"(?i:(?:the\s+)?{whole}(?:,?\s+(?:{suffix})\b)*)"]
    heads = [words[:k] for k in range(len(words) - 1, 0, -1) if len(words[k - 1]) >= 3]
    heads = [head for head in heads if head[-1].lower() not in HEAD_ENDS]
    # A head as a proper noun (each word capitalized, "Intesys" of "INTESYS CJSC"), not the
    # plain word it may also be ("applied" of "Applied Research Laboratories").
    forms += [
        r"[\s-]+".join(re.escape(w[0].upper()) + f"(?i:{re.escape(w[1:])})" for w in head)
        for head in heads
    ]
    initials = "".join(w[0] for w in words if w[0].isalpha()).upper()
    forms += [initials] if len(initials) >= 3 else []
    pattern = rf"\b(?:{'|'.join(forms)})\b"
    slugs = [s for s in (re.sub(r"\W", "", words[0]).lower(), initials.lower()) if len(s) >= 3]
    if slugs:
        tld = "com|org|net|io|co|ai|us|edu|gov"
        domain = rf"(?i:\b(?:{'|'.join(map(re.escape, slugs))})[\w-]*\.(?:{tld})\b)"
        pattern = rf"(?P<domain>{domain})|{pattern}"
    return re.compile(pattern)


def rename(text: str, company: str, name: str) -> str:
    """``text`` with every form of ``company``'s name replaced by ``name`` (its domain by a
    domain made of ``name``)."""
    if not company:
        return text
    domain = re.sub(r"\W", "", name).lower() + ".example"
    return name_pattern(company).sub(
        lambda m: domain if m.groupdict().get("domain") else name, text
    )


def cut(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    return " ".join(words[: int(len(words) * rng.uniform(0.40, 0.70))])


def boilerplate(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) > 3 and rng.random() < 0.5:
        return "\n\n".join(paragraphs[:-1])
    return f"{text}\n\n{rng.choice(BOILERPLATE)}"


def agency(job: Posting, text: str, rng: random.Random) -> tuple[str, str]:
    company = job.company or ""
    name = rng.choice([*AGENCY_NAMES, ""])
    how = rng.choice(["keep", "client", "drop"]) if company else "keep"
    if how == "client":
        text = rename(text, company, "our client")
    elif how == "drop":
        text = rename(text, company, "the company")
    return name, text


def retitle(title: str, location: str, rng: random.Random) -> str:
    for long, short in LEVELS:
        if re.search(rf"{re.escape(long)}\b", title) and rng.random() < 0.7:
            return re.sub(rf"{re.escape(long)}\b", short, title, count=1)
    city = location.split(",")[0].strip()
    placed = f"{title} - {city}" if city else f"{title} (Remote)"
    return rng.choice([placed, title + rng.choice(TAGS)])


def relocate(job: Posting, rng: random.Random) -> str:
    location = job.location or ""
    city = location.split(",")[0].strip()
    if not city:
        return location
    choices = [city, f"{city} (Hybrid)"]
    if job.country:
        choices.append(f"{city}, {job.country}")
    return rng.choice(choices)


def copy(job: Posting, rng: random.Random, n: int) -> tuple[Posting, str]:
    changes = ["cut", "boilerplate", "agency", "title", "location"]
    kinds = sorted(rng.sample(changes, k=rng.choice([2, 3])))
    text, title = job.description, job.title
    company, location = job.company or "", job.location or ""
    if "agency" in kinds:
        company, text = agency(job, text, rng)
    if "boilerplate" in kinds:
        text = boilerplate(text, rng)
    if "cut" in kinds:
        text = cut(text, rng)
    if "title" in kinds:
        title = retitle(title, location, rng)
    if "location" in kinds:
        location = relocate(job, rng)
    url = f"https://stress{n % 4}.example.net/jobs/{n}?utm_source=stress"
    return make(f"stress{n % 4}", None, title, company, location, text, url), "+".join(kinds)


def negative(job: Posting, rng: random.Random, n: int) -> tuple[Posting, str] | None:
    text, title = job.description, job.title
    company, location = job.company or "", job.location or ""
    kind = rng.choice(["template", "level", "city"])
    if kind == "template":
        # Only a text that names its employer: one naming nobody, next to the same text
        # naming an employer, reads as a copy that dropped the name (the guide's "same").
        # An agency's text is no employer's template: filled in by another name it is a copy.
        if not company or not name_pattern(company).search(text) or copy_source(job):
            return None
        other = rng.choice(EMPLOYERS)
        text = CONTACT.sub(f"jobs@{other.split()[0].lower()}.example", rename(text, company, other))
        company = other
    elif kind == "level":
        if set(title_norm(title).split()) & LEVEL_WORDS:
            return None
        title = f"{rng.choice(OTHER_LEVEL)} {title}"
    else:
        # Only a posting naming a city: a broader place next to a city is no other opening.
        cities = [c for c in CITIES.get(job.country or "", []) if c.split(",")[0] not in location]
        if not cities or not job.city:
            return None
        location = rng.choice(cities)
    return make("stressneg", str(n), title, company, location, text), kind


def stress_set(data: Path, seed: int = SEED) -> tuple[Labelled, dict[str, str]]:
    """The stress set with every generated posting's kind (copies and negatives)."""
    jobs = bases(data)
    out: Labelled = [(job, job.id) for job in jobs]
    kinds: dict[str, str] = {}
    for n, job in enumerate(jobs):
        rng = random.Random(f"{seed}:{job.source}:{job.source_id}")  # one stream per base
        made, kind = copy(job, rng, n)
        out.append((made, job.id))
        kinds[made.id] = f"copy {kind}"
        neg = negative(job, rng, n)
        if neg is not None:
            out.append((neg[0], f"stressneg-{n}"))
            kinds[neg[0].id] = f"negative {neg[1]}"
    return out, kinds


def report(labelled: Labelled, kinds: dict[str, str], clusters: dict[str, str], show: int) -> None:
    """Recall of each copy change and false merges of each negative kind (a dev-side set:
    its misses are printed)."""
    gold = {p.id: g for p, g in labelled}
    by_id = {p.id: p for p, _ in labelled}
    members: dict[str, list[str]] = {}
    for pid, cluster in clusters.items():
        members.setdefault(cluster, []).append(pid)
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    missed: list[tuple[str, str]] = []
    for pid, kind in sorted(kinds.items()):
        together = [o for o in members[clusters[pid]] if o != pid]
        if kind.startswith("copy"):
            ok = gold[pid] in {gold[o] for o in together}
            changes = kind.split()[1].split("+")
        else:
            ok = not together
            changes = [kind.split()[1]]
        for change in changes:
            name = f"{kind.split()[0]} {change}"
            totals[name] += 1
            hits[name] += ok
        if not ok:
            missed.append((kind, pid))
    print("    per change (copies: share merged with their base; negatives: share kept apart):")
    for name in sorted(totals):
        print(f"      {name:22s} {hits[name] / totals[name]:.3f} ({hits[name]}/{totals[name]})")
    for kind, pid in missed[:show]:
        base = by_id[gold[pid]] if kind.startswith("copy") else None
        p = by_id[pid]
        other = f" <- {base.title[:40]!r} @ {(base.company or '')[:22]!r}" if base else ""
        print(f"    {kind}: {p.title[:40]!r} @ {(p.company or '')[:22]!r} | {p.location}{other}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    labelled, kinds = stress_set(args.data)
    print(f"{len(labelled)} postings; generated by kind:")
    for kind, count in sorted(
        Counter(
            k.split()[0] + " " + c for k in kinds.values() for c in k.split()[1].split("+")
        ).items()
    ):
        print(f"  {kind:24s} {count}")


if __name__ == "__main__":
    main()
