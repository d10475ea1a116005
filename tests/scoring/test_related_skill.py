"""A related-skill reading pairs skills of one kind: version control is no monitoring tool."""

from __future__ import annotations

from scoring.reasons import build_reasons
from scoring.rubric import Requirement, Rubric
from scoring.taxonomy import load_taxonomy


def test_git_is_not_in_the_area_of_monitoring_or_containers() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.category("Git") != taxonomy.category("Prometheus")
    assert taxonomy.category("Git") != taxonomy.category("Docker")
    assert taxonomy.category("Docker") == taxonomy.category("Kubernetes")


def test_partial_evidence_of_another_kind_names_no_related_skill() -> None:
    evidence = "Git and GitHub, Docker and Kubernetes, Agile and Scrum"
    rubric = Rubric(
        must_haves=[
            Requirement(requirement="Prometheus", resume_evidence=evidence, strength="partial")
        ],
        score=3.0,
    )
    for lang, unrelated in (("en", "the related Git"), ("ru", "близкий навык Git")):
        strengths = build_reasons(rubric, "good", lang).strengths
        assert strengths and all(unrelated not in s for s in strengths), strengths


def test_advice_for_several_tools_speaks_of_each() -> None:
    from scoring.gaps import Gap, advice

    one = advice([Gap("tool", "Terraform")], "fit", "en")[0]
    several = advice([Gap("tool", "Terraform"), Gap("tool", "Go")], "fit", "en")[0]
    assert "name it" in one and "name it" not in several and "name each" in several
    assert "каждый" in advice([Gap("tool", "Terraform"), Gap("tool", "Go")], "fit", "ru")[0]
