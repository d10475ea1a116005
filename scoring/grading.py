"""Grading: the rubric for the top K (LLM cascade, bounded concurrency), the rules for the
rest, each match verified, blended and yielded the moment it is ready; cache hits at once.

:class:`Grading` is the half of :class:`scoring.matcher.Matcher` that runs after the first
list; it reads the matcher's LLM cascade, settings and match cache.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

from core.settings import LLMSettings, MatchSettings
from scoring.blend import blend, relaxed_threshold, tier
from scoring.errors import EmptyProfile
from scoring.features import resume_side
from scoring.llm import LLMCascade
from scoring.match import Match, resume_hash
from scoring.profile import Profile
from scoring.prompts import PROMPT_VERSION, RUBRIC_SYSTEM, rubric_user_message
from scoring.reasons import build_reasons
from scoring.resume_facts import ResumeFacts
from scoring.rubric import Rubric
from scoring.rubric_rules import apply_rules, rubric_facts
from scoring.rules_grader import grade_by_rules
from scoring.store import CacheKey, MatchCache
from scoring.verifier import VerifierReport, verify
from scoring.weights import graded_score

RULES_MODEL = "rules-v1"


class Grading:
    """Graded matches from first-list ones; no I/O until called."""

    cascade: LLMCascade
    settings: MatchSettings
    llm_settings: LLMSettings
    cache: MatchCache

    def graded_final(self, match: Match, llm_score: float) -> float:
        """The final score of ``match`` once its rubric gives ``llm_score`` (0–100)."""
        if self.settings.blend == "learned" and match.parts is not None:
            return graded_score(match.embed_score, match.parts, llm_score)
        return blend(match.embed_score, llm_score, self.settings.embed_weight)

    async def grade(
        self,
        resume_text: str,
        profile: Profile,
        matches: Sequence[Match],
        *,
        user_id: int | None = None,
        alerts: bool = False,
        facts: ResumeFacts | None = None,
    ) -> AsyncIterator[Match]:
        """Each match graded (LLM for the top K, rules for the rest): cache hits first (the
        cache is read once for all matches), then the others in completion order.
        ``facts``: the stored resume's, for the rules (found here when not given)."""
        if profile.is_empty:
            raise EmptyProfile()
        digest = resume_hash(resume_text)
        gate = asyncio.Semaphore(max(1, self.llm_settings.concurrency))
        use_llm = self.cascade.has_providers
        plan = [(match, use_llm and i < self.llm_settings.top_k) for i, match in enumerate(matches)]
        hits = await self.cache.get_many(
            [key for match, llm in plan for key in self._keys(digest, match, llm)]
        )
        ready, tasks, by_rules = [], [], []
        for match, llm in plan:
            row = next((hits[k] for k in self._keys(digest, match, llm) if k in hits), None)
            if row is not None:
                ready.append(
                    self._finish(
                        match,
                        Rubric.model_validate(row["rubric"]),
                        VerifierReport.model_validate(row["verifier"]),
                        row["provider"],
                        alerts,
                        cached=True,
                    )
                )
            elif llm:
                tasks.append(
                    asyncio.create_task(
                        self._grade_one(
                            resume_text, profile, match, digest, gate, llm, user_id, alerts
                        )
                    )
                )
            else:
                by_rules.append(match)
        try:
            for match in ready:
                yield match
            if by_rules:
                # The rules need no waiting: graded at once, cached with one write.
                found, rows = self.rules_matches(
                    resume_text, profile, by_rules, facts, alerts=alerts
                )
                await self.cache.put_many(rows)
                for match in found:
                    yield match
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()

    def _keys(self, digest: str, match: Match, use_llm: bool) -> list[CacheKey]:
        """Cache keys to look under, in the order they are preferred (the cascade's)."""
        models = self.cascade.models if use_llm else [RULES_MODEL]
        return [(digest, match.posting.id, model, PROMPT_VERSION) for model in models]

    async def _grade_one(
        self,
        resume_text: str,
        profile: Profile,
        match: Match,
        digest: str,
        gate: asyncio.Semaphore,
        use_llm: bool,
        user_id: int | None,
        alerts: bool,
    ) -> Match:
        answer, facts = None, None
        if use_llm:  # the rules' readings the LLM is told and held to
            facts = rubric_facts(resume_side(resume_text, profile), match.posting)
            async with gate:
                answer = await self.cascade.ask(
                    "rubric",
                    RUBRIC_SYSTEM,
                    rubric_user_message(resume_text, match.posting, facts),
                    Rubric,
                    user_id=user_id,
                )
        if answer is None:
            graded, key, row = self._by_rules(resume_text, profile, match, alerts)
        else:
            assert facts is not None
            verified, report = verify(apply_rules(answer.value, facts), resume_text, cap=True)
            graded = self._finish(match, verified, report, answer.provider, alerts, cached=False)
            key = (digest, match.posting.id, answer.model, PROMPT_VERSION)
            row = self._cache_row(graded)
        await self.cache.put(key, row)
        return graded

    def rules_matches(
        self,
        resume_text: str,
        profile: Profile,
        matches: Sequence[Match],
        facts: ResumeFacts | None = None,
        *,
        alerts: bool = False,
    ) -> tuple[list[Match], list[tuple[CacheKey, dict[str, Any]]]]:
        """The rule grades of ``matches`` and their cache rows, with no I/O: a caller grading
        many resumes (an alert round) writes all rows at once."""
        facts = facts or ResumeFacts.of(resume_text, profile)
        graded = [self._by_rules(resume_text, profile, m, alerts, facts) for m in matches]
        return [m for m, _, _ in graded], [(key, row) for _, key, row in graded]

    def _by_rules(
        self,
        resume_text: str,
        profile: Profile,
        match: Match,
        alerts: bool,
        facts: ResumeFacts | None = None,
    ) -> tuple[Match, CacheKey, dict[str, Any]]:
        """The rule-based grade, with its cache key and row (written by the caller)."""
        rubric = grade_by_rules(resume_text, profile, match.posting, facts)
        verified, report = verify(rubric, resume_text, cap=False)
        graded = self._finish(match, verified, report, "rules", alerts, cached=False)
        key = (resume_hash(resume_text), match.posting.id, RULES_MODEL, PROMPT_VERSION)
        return graded, key, self._cache_row(graded)

    @staticmethod
    def _cache_row(graded: Match) -> dict[str, Any]:
        assert graded.rubric is not None and graded.verifier is not None
        return {
            "embed_score": graded.embed_score,
            "llm_score": graded.llm_score,
            "final_score": graded.final_score,
            "tier": graded.tier,
            "provider": graded.provider,
            "rubric": graded.rubric.model_dump(mode="json"),
            "reasons": graded.reasons.model_dump(mode="json"),
            "verifier": graded.verifier.model_dump(mode="json"),
        }

    def _finish(
        self,
        match: Match,
        rubric: Rubric,
        report: VerifierReport,
        provider: str,
        alerts: bool,
        *,
        cached: bool,
    ) -> Match:
        final = self.graded_final(match, rubric.llm_score)
        level = tier(final, self.settings.thresholds)
        threshold = (
            relaxed_threshold([], self.settings.thresholds, 0, relax=False)
            if alerts
            else match.threshold
        )
        return match.model_copy(
            update={
                "llm_score": rubric.llm_score,
                "final_score": final,
                "tier": level,
                "provider": provider,
                "rubric": rubric,
                "verifier": report,
                "reasons": build_reasons(rubric, level),
                "threshold": threshold,
                "passes": final >= threshold,
                "cached": cached,
            }
        )
