"""Errors of the scoring package; ``str()`` of a ResumeError is a sentence for the user.

ScoringError
 ├── ResumeError            the resume cannot be used (shown to the user as is)
 │    ├── ResumeTooLarge    file, page count or text length past the limits
 │    ├── UnsupportedType   not a PDF, DOCX or plain-text file (checked by content)
 │    ├── UnreadableResume  malformed, truncated or encrypted file
 │    ├── NoTextFound       no text layer (a scanned or image-only document) or empty
 │    └── NotAResume        readable text that does not look like a resume
 ├── EmptyProfile           nothing to score from: no skills, titles or experience found
 └── ProviderError          one LLM provider failed (the cascade moves on; never reaches users)
"""

from __future__ import annotations

from core.errors import JobbotError


class ScoringError(JobbotError):
    """Base of every error the scoring package raises on purpose."""


class ResumeError(ScoringError):
    """The resume cannot be used; the message says why and what to do."""

    default = "I could not read this resume. Please send a PDF, DOCX or plain-text file."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default)


class ResumeTooLarge(ResumeError):
    default = "This resume is too large. Please send a file under 5 MB with at most 20 pages."


class UnsupportedType(ResumeError):
    default = (
        "I can read PDF, DOCX and plain-text resumes only. "
        "Please export your resume to one of these formats and send it again."
    )


class UnreadableResume(ResumeError):
    default = (
        "This file looks damaged or password-protected, so I could not read it. "
        "Please export it again (PDF or DOCX) and resend."
    )


class NoTextFound(ResumeError):
    default = (
        "I found no text in this file; it may be a scanned image. "
        "Please send a PDF with selectable text, a DOCX, or paste the text here."
    )


class NotAResume(ResumeError):
    default = (
        "This does not look like a resume: I found no work experience, skills or education. "
        "Please send your CV."
    )


class EmptyProfile(ScoringError):
    def __init__(self) -> None:
        super().__init__(
            "No skills, job titles or experience could be read from this resume, "
            "so there is nothing to match on. Please send a fuller resume."
        )


class ProviderError(ScoringError):
    """An LLM provider did not give a usable answer; ``outcome`` goes to the ledger."""

    def __init__(self, provider: str, outcome: str, detail: str) -> None:
        super().__init__(f"{provider} failed ({outcome}): {detail}")
        self.provider, self.outcome, self.detail = provider, outcome, detail
