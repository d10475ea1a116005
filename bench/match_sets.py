"""The resumes and posting pools of the graded match benchmark (issue 9, part 1).

    python bench/match_sets.py --data SHARED_DATA_ROOT   # rewrites labels/match_pools.tsv

``--data`` holds ``resumes/``, ``job_sources/`` and ``job_descriptions_bulk/``. Resumes are
drawn by dataset and occupation (``QUOTAS``) with ``SEED``; each gets a pool of postings
chosen from titles and metadata only (``match_families.py``), never from Jobbot's scores:
its own title family spread over levels, stacks and places, a few adjacent families and
2–3 unrelated postings. Dev/test is split by resume with ``SPLIT_SEED``, stratified by
tech/non-tech. ``load_resumes``/``load_pools`` re-load the committed set from ``--data``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from match_families import ADJACENT, BROAD, TECH, facet, family
from match_sources import all_postings, iter_resumes

from core.models import Posting

SEED = 20261203  # resume draw and pool sampling
SPLIT_SEED = 9  # dev/test by resume
POOL_SIZE, OWN_MAX, UNRELATED = 27, 18, 3
FINE_MIN = 15  # a pool with this many own-family postings is fine-grained
TSV = Path(__file__).resolve().parent / "labels" / "match_pools.tsv"

# (id prefix, the dataset's own occupation label as a regex, how many, occupation)
QUOTAS: list[tuple[str, str, int, str]] = [
    ("kaggle_resumes/", r"^Data Science$", 5, "data_science"),
    ("individual/", r"john_smith", 1, "data_science"),
    ("kaggle_resumes/", r"^(Python|Java|DotNet) Developer$", 6, "software"),
    ("structured_cvs/", r"(?i)java|php|ruby|software developer|unity", 5, "software"),
    ("individual/", r"bruce_wayne_fullstack|OmkarResume", 2, "software"),
    ("kaggle_resumes/", r"^Web Designing$", 2, "frontend_web"),
    ("individual/", r"barry_allen_fe", 1, "frontend_web"),
    ("kaggle_resumes/", r"^(Testing|Automation Testing)$", 3, "qa"),
    ("kaggle_resumes/", r"^(ETL Developer|Hadoop|Database)$", 3, "data_engineering"),
    ("kaggle_resumes/", r"^Business Analyst$", 3, "data_analysis"),
    ("individual/", r"aws-devops", 1, "devops"),
    ("livecareer/", r"^INFORMATION-TECHNOLOGY$", 1, "it_support"),
    ("individual/", r"alfred_pennyworth_pm", 1, "product_project"),
    ("livecareer/", r"^(ACCOUNTANT|FINANCE|BANKING)$", 3, "finance"),
    ("livecareer/", r"^(SALES|BUSINESS-DEVELOPMENT)$", 2, "sales"),
    ("livecareer/", r"^(DIGITAL-MEDIA|PUBLIC-RELATIONS)$", 2, "marketing"),
    ("livecareer/", r"^HR$", 1, "hr"),
    ("livecareer/", r"^TEACHER$", 1, "education"),
    ("livecareer/", r"^DESIGNER$", 1, "design"),
    ("livecareer/", r"^CHEF$", 1, "hospitality"),
    ("livecareer/", r"^ADVOCATE$", 1, "legal"),
    ("livecareer/", r"^HEALTHCARE$", 1, "healthcare"),
    ("livecareer/", r"^CONSULTANT$", 1, "consulting"),
]


def pick_resumes(data: Path, rng: random.Random) -> list[tuple[str, str, str]]:
    """(resume id, occupation, text) for every quota, drawn with ``rng``."""
    every = list(iter_resumes(data))
    out: list[tuple[str, str, str]] = []
    for prefix, label, count, occupation in QUOTAS:
        fits = [
            (rid, text)
            for rid, lab, text in every
            if rid.startswith(prefix) and re.search(label, lab) and rid not in {o[0] for o in out}
        ]
        if len(fits) < count:
            raise SystemExit(f"quota {prefix}{label}: {len(fits)} readable, {count} wanted")
        out += [(rid, occupation, text) for rid, text in rng.sample(fits, count)]
    return out


def spread(postings: list[tuple[str, Posting]], k: int, rng: random.Random) -> list[str]:
    """``k`` ids that cover as many (level, stack, place) facets as the family has: one
    posting from each facet bucket in turn, buckets and members in seeded order."""
    buckets: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for pid, posting in postings:
        buckets[facet(posting)].append(pid)
    queues = [rng.sample(ids, len(ids)) for _, ids in sorted(buckets.items())]
    rng.shuffle(queues)
    out: list[str] = []
    while len(out) < k and any(queues):
        for queue in queues:
            if queue and len(out) < k:
                out.append(queue.pop())
    return out


def _key(posting: Posting) -> tuple[str, str]:
    return posting.title.lower(), (posting.company or "").lower()


def _fresh(
    postings: list[tuple[str, Posting]], taken: list[str], every: dict[str, Posting]
) -> list[tuple[str, Posting]]:
    """``postings`` without a second copy of one title at one company (a board's reposts
    over the years), nor one already ``taken``: graders would only grade it twice."""
    seen = {_key(every[pid]) for pid in taken}
    out = []
    for pid, posting in postings:
        if _key(posting) not in seen:
            seen.add(_key(posting))
            out.append((pid, posting))
    return out


def build_pool(
    occupation: str, by_family: dict[str, list[tuple[str, Posting]]], rng: random.Random
) -> tuple[list[str], bool]:
    """A pool of ``POOL_SIZE`` posting ids for ``occupation`` and whether it is fine-grained."""
    every = {pid: p for members in by_family.values() for pid, p in members}
    own = spread(_fresh(by_family.get(occupation, []), [], every), OWN_MAX, rng)
    near = [f for f in ADJACENT.get(occupation, BROAD) if f != occupation]
    far = sorted(f for f in by_family if f != occupation and f not in near)
    unrelated = spread(_fresh([p for f in far for p in by_family[f]], own, every), UNRELATED, rng)
    room = POOL_SIZE - len(own) - len(unrelated)
    candidates = [p for f in near for p in by_family.get(f, [])]
    pool = own + spread(_fresh(candidates, own + unrelated, every), room, rng) + unrelated
    if len(pool) < POOL_SIZE:  # a rare occupation: fill from everything else
        rest = _fresh([p for f in far for p in by_family[f]], pool, every)
        pool += spread(rest, POOL_SIZE - len(pool), rng)
    return pool, len(own) >= FINE_MIN


def split(resumes: list[tuple[str, str, str]]) -> dict[str, str]:
    """Dev/test by resume: the tech resumes, then the others, each group shuffled, take
    dev and test in turn, so each half gets half of both groups (24 and 24 of 48)."""
    rng = random.Random(SPLIT_SEED)
    order: list[str] = []
    for tech in (True, False):
        ids = sorted(rid for rid, occ, _ in resumes if (occ in TECH) == tech)
        rng.shuffle(ids)
        order += ids
    return {rid: "dev" if n % 2 == 0 else "test" for n, rid in enumerate(order)}


def build(data: Path) -> list[tuple[str, str, str, str]]:
    """The rows of ``match_pools.tsv``: resume id, occupation, split, posting id."""
    rng = random.Random(SEED)
    resumes = pick_resumes(data, rng)
    by_family: dict[str, list[tuple[str, Posting]]] = defaultdict(list)
    for pid, posting in sorted(all_postings(data).items()):
        by_family[family(posting.title)].append((pid, posting))
    splits = split(resumes)
    rows, fine = [], 0
    for rid, occupation, _ in resumes:
        pool, is_fine = build_pool(occupation, by_family, rng)
        fine += is_fine
        rows += [(rid, occupation, splits[rid], pid) for pid in pool]
    print(
        f"{len(resumes)} resumes, {len({r[1] for r in rows})} occupations, {len(rows)} pairs, "
        f"{fine} fine-grained pools; postings by family: "
        f"{ {f: len(v) for f, v in sorted(by_family.items())} }"
    )
    return rows


def read_tsv(path: Path = TSV) -> list[tuple[str, str, str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines[1:] if line]  # type: ignore[misc]


def load_resumes(data: Path, path: Path = TSV) -> dict[str, str]:
    """The text of every resume in ``path``, by resume id, read from ``data`` again."""
    wanted = {row[0] for row in read_tsv(path)}
    found = {rid: text for rid, _, text in iter_resumes(data) if rid in wanted}
    if missing := wanted - found.keys():
        raise SystemExit(f"{len(missing)} resumes of {path.name} not readable, e.g. {min(missing)}")
    return found


def load_pools(data: Path, path: Path = TSV) -> dict[str, list[tuple[str, Posting]]]:
    """Each resume's pool as (posting id, Posting), in the file's order."""
    postings = all_postings(data)
    pools: dict[str, list[tuple[str, Posting]]] = defaultdict(list)
    for rid, _, _, pid in read_tsv(path):
        if pid not in postings:
            raise SystemExit(f"posting {pid} of {path.name} not found under {data}")
        pools[rid].append((pid, postings[pid]))
    return dict(pools)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data root")
    parser.add_argument("--out", type=Path, default=TSV)
    args = parser.parse_args()
    rows = build(args.data)
    header = "resume_id\toccupation\tsplit\tposting_id\n"
    args.out.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
