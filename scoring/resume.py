"""Resume files in, clean text out: PDF, DOCX or plain text, recognised by content.

Everything happens in memory (nothing is written to disk). Limits keep hostile files
cheap: bytes, pages, text length, and for DOCX the zip's member count, total uncompressed
size and compression ratio are checked *before* anything is decompressed.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib

import pypdf
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import LxmlError  # type: ignore[import-untyped]
from pypdf.errors import PyPdfError

from scoring.errors import (
    NotAResume,
    NoTextFound,
    ResumeTooLarge,
    UnreadableResume,
    UnsupportedType,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20
MAX_CHARS = 60_000
MIN_CHARS = 80
# A DOCX resume is a few hundred kB of XML; far beyond that is a zip bomb, not a CV.
DOCX_MAX_UNCOMPRESSED = 30 * 1024 * 1024
DOCX_MAX_RATIO = 120
DOCX_MAX_MEMBERS = 400

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    struct.error,
    zlib.error,
    OverflowError,
    AssertionError,
)
_CUES = re.compile(
    r"\b(experience|employment|work history|education|skills|projects?|summary|objective|"
    r"qualifications|certifications?|curriculum vitae|resume|r[ée]sum[ée]|profile|"
    r"university|college|bachelor|master|degree|engineer|developer|manager|analyst|"
    r"responsibilities|achievements|languages|internship)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19[6-9]\d|20[0-4]\d)\b")


def read_resume(data: bytes, filename: str | None = None) -> str:
    """The resume's text, normalized; raises a ResumeError subclass with a user-facing reason.

    The type comes from the bytes, never from ``filename`` (kept only for messages).
    """
    if len(data) > MAX_BYTES:
        raise ResumeTooLarge()
    if not data.strip():
        raise NoTextFound("This file is empty. Please send your resume as PDF, DOCX or text.")
    head = data[:1024]
    if b"%PDF-" in head:
        text = _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        text = _docx_text(data)
    elif data.startswith(_IMAGE_MAGIC):
        raise NoTextFound(
            "This file is a picture, not a document, so I cannot read its text. "
            "Please send a PDF with selectable text, a DOCX, or paste the text here."
        )
    else:
        text = _plain_text(data)
    return _checked(normalize_text(text))


def read_pasted(text: str) -> str:
    """Text pasted into the chat, normalized and checked like a file's text."""
    if len(text) > MAX_CHARS * 2:
        raise ResumeTooLarge("This text is too long. Please paste at most 60,000 characters.")
    return _checked(normalize_text(text))


def normalize_text(text: str) -> str:
    """NFKC (folds ligatures and full-width forms), no control characters, tidy whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _checked(text: str) -> str:
    if not text:
        raise NoTextFound()
    if len(text) > MAX_CHARS:
        raise ResumeTooLarge(
            "This resume has far more text than a CV usually has (over 60,000 characters). "
            "Please send a shorter version."
        )
    if len(text) < MIN_CHARS:
        raise NotAResume("This is too short to be a resume. Please send your full CV.")
    cues = {m.group(0).lower() for m in _CUES.finditer(text)}
    if len(cues) + min(len(_YEAR.findall(text)), 2) < 3:
        raise NotAResume()
    return text


def _plain_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise UnsupportedType()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    # Lots of replacement characters means binary data, not a legacy-encoded text file.
    if text.count("\ufffd") > len(text) // 50:
        raise UnsupportedType()
    return text


def _pdf_text(data: bytes) -> str:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableResume(
                "This PDF is password-protected. Please remove the password and resend it."
            )
        if len(reader.pages) > MAX_PAGES:
            raise ResumeTooLarge()
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            part = page.extract_text() or ""
            parts.append(part)
            size += len(part)
            if size > MAX_CHARS * 2:
                break
    except _PDF_ERRORS as exc:
        raise UnreadableResume() from exc
    text = "\n".join(parts)
    if not text.strip():
        raise NoTextFound()
    return text


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_zip(archive)
        if "word/document.xml" not in archive.namelist():
            raise UnsupportedType()
        document = Document(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
        EOFError,
        zlib.error,
        LxmlError,
        PackageNotFoundError,
    ) as exc:
        raise UnreadableResume() from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise NoTextFound()
    return text


def _check_zip(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > DOCX_MAX_MEMBERS:
        raise ResumeTooLarge("This document has too many parts to be a resume.")
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > DOCX_MAX_UNCOMPRESSED or total / packed > DOCX_MAX_RATIO:
        raise ResumeTooLarge(
            "This document expands to far more data than a resume holds, so I did not open it."
        )
